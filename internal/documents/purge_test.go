package documents_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/tms"
)

// A direct upload never confirmed is purged once it is older than the cutoff: its row and the
// object the client PUT, if any. A fresh one and active documents stay; tms docs verify
// reports pending documents the purge should have removed by then.
func TestPurgePending(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		ctx := context.Background()
		active := e.upload(t, e.dispatcher, e.loadOwner(e.mine), tms.DocBOL, "bol.pdf", pdfFile(5000))
		sent := e.pending(t, pdfFile(4000), true)
		unsent := e.pending(t, pdfFile(3000), false)
		time.Sleep(5 * time.Millisecond)
		cutoff := time.Now()
		time.Sleep(5 * time.Millisecond)
		fresh := e.pending(t, pdfFile(2000), true)

		e.wantAbandoned(t, time.Now())
		e.wantAbandoned(t, time.Now().Add(documents.PendingMaxAge+documents.PurgeEvery+time.Minute), sent.ID, unsent.ID, fresh.ID)

		n, err := e.svc.PurgePending(ctx, cutoff)
		if err != nil || n != 2 {
			t.Fatalf("PurgePending = %d, %v; want 2 removed", n, err)
		}
		for _, d := range []tms.Document{sent, unsent} {
			_, err := e.store.Document(ctx, d.ID)
			wantCode(t, err, tms.CodeNotFound)
			_, err = e.svc.Blobs.Stat(ctx, d.StorageKey)
			wantCode(t, err, tms.CodeNotFound)
		}
		for _, d := range []tms.Document{fresh, active} {
			if got, err := e.store.Document(ctx, d.ID); err != nil || got.Status != d.Status {
				t.Errorf("document %d after the purge: %+v, %v; want it %s", d.ID, got, err, d.Status)
			}
			if _, err := e.svc.Blobs.Stat(ctx, d.StorageKey); err != nil {
				t.Errorf("object of document %d after the purge: %v", d.ID, err)
			}
		}
		if n, err := e.svc.PurgePending(ctx, cutoff); err != nil || n != 0 {
			t.Errorf("second PurgePending = %d, %v; want 0", n, err)
		}
		if _, err := e.svc.Confirm(e.dispatcher, sent.ID); tms.ErrorCode(err) != tms.CodeNotFound {
			t.Errorf("Confirm of a purged upload: %v, want not found", err)
		}
	})
}

// pending records a direct upload that was never confirmed, its bytes PUT when sent is set:
// on S3 the way a phone does it, on local storage (no presigned PUT) straight in the stores.
func (e env) pending(t *testing.T, data []byte, sent bool) tms.Document {
	t.Helper()
	req := uploadRequest(data, "application/pdf")
	if e.dir == "" {
		up, err := e.svc.CreateUploadURL(e.dispatcher, e.podOwner(e.mine), req)
		if err != nil {
			t.Fatal(err)
		}
		if sent {
			httpDo(t, up.Upload.Method, up.Upload.URL, up.Upload.Header, data, 200)
		}
		return up.Document
	}
	sum := sha256.Sum256(data)
	d := tms.Document{Type: req.Type, Filename: "pod.pdf", ContentType: req.ContentType, Size: req.Size,
		SHA256: hex.EncodeToString(sum[:]), StorageKey: blob.Key("load", "pending", strconv.Itoa(len(data))), Status: tms.DocumentPending}
	d.SetOwner(e.podOwner(e.mine))
	if err := e.store.CreateDocument(e.dispatcher, &d); err != nil {
		t.Fatal(err)
	}
	if sent {
		put(t, e.svc.Blobs, d.StorageKey, data)
	}
	return d
}

// wantAbandoned runs Verify as if it were now and wants it to report exactly the ids.
func (e env) wantAbandoned(t *testing.T, now time.Time, ids ...int64) {
	t.Helper()
	e.svc.Now = func() time.Time { return now }
	defer func() { e.svc.Now = nil }()
	rep, err := e.svc.Verify(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := []int64{}
	for _, d := range rep.Abandoned {
		got = append(got, d.ID)
	}
	if diff := cmp.Diff(append([]int64{}, ids...), got); diff != "" || rep.Problems() != len(ids) {
		t.Errorf("Verify at %s: %d problems, abandoned uploads (-want +got):\n%s", now.Format(time.TimeOnly), rep.Problems(), diff)
	}
}
