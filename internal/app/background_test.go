package app_test

import (
	"bytes"
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/app"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// Opening the App, as every CLI command does, starts no scheduled job. StartBackground (tms
// serve) runs each at once, and the purge removes an abandoned direct upload; Close stops them.
func TestBackgroundJobsRunOnlyWhenStarted(t *testing.T) {
	ctx := context.Background()
	a, err := app.Open(ctx, apitest.DefaultConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			a.Close()
		}
	}()
	d := abandonedUpload(t, a)
	a.Documents.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }

	time.Sleep(200 * time.Millisecond) // a job started by Open would have run its first pass by now
	if runs := jobRuns(t, a); len(runs) != 0 {
		t.Errorf("Open ran scheduled jobs: %v", runs)
	}
	if _, err := a.Store.Document(ctx, d.ID); err != nil {
		t.Errorf("the pending document is gone before StartBackground: %v", err)
	}

	a.StartBackground()
	want := map[string]float64{"position_retention/ok": 1, "pending_upload_purge/ok": 1, "idempotency_key_purge/ok": 1,
		"edi_status_214/ok": 1, "edi_invoice_210/ok": 1, "mail_outbox/ok": 1, "eta_late_notify/ok": 1,
		"webhook_deliveries/ok": 1, "webhook_positions/ok": 1}
	for deadline := time.Now().Add(10 * time.Second); !maps.Equal(jobRuns(t, a), want); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("job runs after StartBackground: %v, want %v", jobRuns(t, a), want)
		}
	}
	if _, err := a.Store.Document(ctx, d.ID); tms.ErrorCode(err) != tms.CodeNotFound {
		t.Errorf("the abandoned upload after the purge: %v, want not found", err)
	}
	if _, err := a.Documents.Blobs.Stat(ctx, d.StorageKey); tms.ErrorCode(err) != tms.CodeNotFound {
		t.Errorf("the abandoned upload's object after the purge: %v, want not found", err)
	}
	closed = true
	if err := a.Close(); err != nil { // stops the jobs and waits for them
		t.Errorf("Close: %v", err)
	}
}

// abandonedUpload stores a pending document with its object, as a direct upload that was
// PUT but never confirmed (local storage cannot presign, so straight into the stores).
func abandonedUpload(t *testing.T, a *app.App) tms.Document {
	t.Helper()
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "test", Role: tms.RoleAdmin})
	f := storetest.NewFixtures(t, a.Store)
	l := f.Load(f.MondayMorning)
	if err := a.Store.CreateLoad(ctx, &l); err != nil {
		t.Fatal(err)
	}
	data := []byte("%PDF-1.7 never confirmed")
	d := tms.Document{Type: tms.DocPOD, Filename: "pod.pdf", ContentType: "application/pdf", Size: int64(len(data)),
		SHA256: strings.Repeat("ab", 32), StorageKey: "load/1/pod/abandoned", Status: tms.DocumentPending}
	d.SetOwner(tms.Owner{Kind: tms.OwnerLoad, ID: l.ID})
	if _, err := a.Documents.Blobs.Put(ctx, d.StorageKey, bytes.NewReader(data), d.Size, d.ContentType); err != nil {
		t.Fatal(err)
	}
	if err := a.Store.CreateDocument(ctx, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// jobRuns reads tms_background_job_runs_total as "job/result" -> count.
func jobRuns(t *testing.T, a *app.App) map[string]float64 {
	t.Helper()
	families, err := a.Metrics.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	runs := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "tms_background_job_runs_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			runs[labels["job"]+"/"+labels["result"]] = m.GetCounter().GetValue()
		}
	}
	return runs
}
