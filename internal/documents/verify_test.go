package documents_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/tms"
)

func TestVerify(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		ctx := context.Background()
		good := e.upload(t, e.dispatcher, e.loadOwner(e.mine), tms.DocBOL, "bol.pdf", pdfFile(5000))
		lost := e.upload(t, e.dispatcher, e.loadOwner(e.mine), tms.DocPOD, "pod.pdf", pdfFile(6000))
		changed := e.upload(t, e.dispatcher, e.loadOwner(e.other), tms.DocPOD, "pod.pdf", pdfFile(7000))
		if err := e.svc.Blobs.Delete(ctx, lost.StorageKey); err != nil {
			t.Fatal(err)
		}
		put(t, e.svc.Blobs, changed.StorageKey, pngFile(7000))
		orphan := blob.Key("load", "1", "pod", "left-behind")
		put(t, e.svc.Blobs, orphan, pdfFile(100))

		rep, err := e.svc.Verify(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Problems() != 2 || len(rep.Orphans) != 0 {
			t.Errorf("right after the upload: %d problems, orphans %v; want 2 and the fresh object not yet an orphan", rep.Problems(), rep.Orphans)
		}

		e.svc.Now = func() time.Time { return time.Now().Add(time.Hour) }
		var calls, total int
		rep, err = e.svc.Verify(ctx, func(done, n int) { calls, total = done, n })
		if err != nil {
			t.Fatal(err)
		}
		if calls != 3 || total != 3 || rep.Documents != 3 || rep.Objects != 3 {
			t.Errorf("progress %d/%d, checked %d rows and %d objects; want 3/3, 3 and 3", calls, total, rep.Documents, rep.Objects)
		}
		if len(rep.Orphans) != 1 || rep.Orphans[0].Key != orphan {
			t.Errorf("orphans = %+v, want %s", rep.Orphans, orphan)
		}
		if len(rep.Missing) != 1 || rep.Missing[0].ID != lost.ID {
			t.Errorf("missing = %+v, want document %d", rep.Missing, lost.ID)
		}
		if len(rep.Mismatches) != 1 || rep.Mismatches[0].Document.ID != changed.ID || rep.Mismatches[0].SHA256 == changed.SHA256 {
			t.Errorf("mismatches = %+v, want document %d with another checksum", rep.Mismatches, changed.ID)
		}
		if rep.Problems() != 3 {
			t.Errorf("Problems() = %d, want 3 (good document %d is fine)", rep.Problems(), good.ID)
		}
	})
}

func put(t *testing.T, s blob.Store, key string, data []byte) {
	t.Helper()
	if _, err := s.Put(context.Background(), key, bytes.NewReader(data), int64(len(data)), "application/pdf"); err != nil {
		t.Fatal(err)
	}
}
