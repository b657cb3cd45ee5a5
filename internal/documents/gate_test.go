package documents_test

import (
	"strings"
	"testing"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

func TestBillingGate(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		d := &dispatch.Service{Store: e.store, Router: tms.GreatCircleRouter{}, Gates: []dispatch.Gate{e.svc.BillingGate}}
		deliver(t, e, e.mine.ID)
		_, err := d.SetStatus(e.billing, e.mine.ID, tms.StatusInvoiced, "", 0)
		wantCode(t, err, tms.CodeConflict)
		if !strings.Contains(err.Error(), "missing documents: pod") {
			t.Errorf("error %q does not name the missing pod", err)
		}
		e.upload(t, e.driver, e.podOwner(e.mine), tms.DocPOD, "pod.jpg", jpegFile(2000))
		if l, err := d.SetStatus(e.billing, e.mine.ID, tms.StatusInvoiced, "", 0); err != nil || l.Status != tms.StatusInvoiced {
			t.Fatalf("invoicing with a POD: %s, %v", l.Status, err)
		}

		// A customer's own list replaces the default; a refused move keeps its own message.
		_, err = e.store.UpdateCustomer(e.admin, e.f.Customer.ID, func(c *tms.Customer) error {
			c.RequiredDocuments = []string{"pod", "lumper_receipt", "scale_ticket"}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		e.upload(t, e.driver2, e.podOwner(e.other), tms.DocPOD, "pod.pdf", pdfFile(2000))
		_, err = d.SetStatus(e.billing, e.other.ID, tms.StatusInvoiced, "", 0)
		if tms.ErrorCode(err) != tms.CodeConflict || !strings.Contains(err.Error(), "a booked load cannot become invoiced") {
			t.Errorf("invoicing a booked load: %v, want the status machine's refusal", err)
		}
		deliver(t, e, e.other.ID)
		_, err = d.SetStatus(e.billing, e.other.ID, tms.StatusInvoiced, "", 0)
		if !strings.Contains(err.Error(), "missing documents: lumper_receipt, scale_ticket") {
			t.Errorf("error %v does not name the lumper receipt and the scale ticket", err)
		}
	})
}

// deliver moves a load straight to delivered (the stop events that do it in life are dispatch's).
func deliver(t *testing.T, e env, id int64) {
	t.Helper()
	_, err := e.store.UpdateLoad(e.dispatcher, id, func(_ tms.LoadTx, l *tms.Load) error {
		l.Status = tms.StatusDelivered
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
