package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/anditms/tms/internal/tms"
)

func testEDI(t *testing.T, newStore NewStore) {
	t.Run("Partners", func(t *testing.T) { testEDIPartners(t, newStore(t)) })
	t.Run("ControlNumbersPerPartner", func(t *testing.T) { testEDIControlNumbers(t, newStore(t)) })
	t.Run("Outbox", func(t *testing.T) { testEDIOutbox(t, newStore(t)) })
	t.Run("Tenders", func(t *testing.T) { testEDITenders(t, newStore(t)) })
	t.Run("Cursor", func(t *testing.T) { testEDICursor(t, newStore(t)) })
}

func mustPartner(t testing.TB, s tms.Store, name, isaID string, customerID *int64) tms.TradingPartner {
	t.Helper()
	p := tms.TradingPartner{Name: name, CustomerID: customerID, ISAQualifier: "ZZ", ISAID: isaID, OurISAQualifier: "02", OurISAID: "ANDI",
		SCAC: "ANDI", Transactions: []string{"204", "990", "214", "210", "997"}, Active: true}
	must(t, s.CreateTradingPartner(ctxAs(0), &p))
	return p
}

func testEDIPartners(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	p := mustPartner(t, s, "Acme EDI", "ACMEEDI", &f.Customer.ID)
	if p.Version != 1 || p.GSID != "ACMEEDI" || p.SegmentTerminator != "~" || p.X12Version != "004010" {
		t.Errorf("defaults not filled: %+v", p)
	}
	dup := p
	dup.ID, dup.Name = 0, "Copy"
	wantCode(t, s.CreateTradingPartner(ctx, &dup), tms.CodeConflict)
	bad := tms.TradingPartner{Name: "Bad", ISAQualifier: "Z", ISAID: "X", OurISAQualifier: "02", OurISAID: "ANDI", SCAC: "andi", ElementSeparator: "~"}
	wantCode(t, s.CreateTradingPartner(ctx, &bad), tms.CodeInvalid)

	got, err := s.PartnerByCustomer(ctx, f.Customer.ID)
	if err != nil || got.ID != p.ID {
		t.Fatalf("PartnerByCustomer = %v, %v; want partner %d", got.ID, err, p.ID)
	}
	if got, err := s.PartnerBySender(ctx, "ZZ", "ACMEEDI"); err != nil || got.ID != p.ID {
		t.Fatalf("PartnerBySender = %v, %v", got.ID, err)
	}
	if _, err := s.UpdateTradingPartner(ctx, p.ID, func(tp *tms.TradingPartner) error { tp.Active = false; return nil }); err != nil {
		t.Fatal(err)
	}
	_, err = s.PartnerByCustomer(ctx, f.Customer.ID)
	wantCode(t, err, tms.CodeNotFound)
	page, err := s.ListTradingPartners(ctx, tms.MasterFilter{Text: "acme"})
	if err != nil || page.Total != 1 {
		t.Errorf("ListTradingPartners = %d, %v; want 1", page.Total, err)
	}
}

// renderControl is a Render that writes the control number as the payload.
func renderControl(control int64) ([]byte, string, error) {
	return []byte(fmt.Sprintf("ISA %09d", control)), fmt.Sprint(control), nil
}

func queue(t testing.TB, s tms.Store, f tms.EDIFile) tms.EDIFile {
	t.Helper()
	must(t, s.QueueEDIFile(ctxAs(0), &f, renderControl))
	return f
}

func testEDIControlNumbers(t *testing.T, s tms.Store) {
	a := mustPartner(t, s, "A", "AAA", nil)
	b := mustPartner(t, s, "B", "BBB", nil)
	var got []string
	for _, p := range []tms.TradingPartner{a, a, b, a} {
		f := queue(t, s, tms.EDIFile{PartnerID: &p.ID, Transaction: "214"})
		got = append(got, f.Control)
		if string(f.Payload) != "ISA "+f.Control || f.Status != tms.EDIPending || f.Direction != tms.EDIOutbound {
			t.Errorf("queued file %+v", f)
		}
	}
	if want := []string{"000000001", "000000002", "000000001", "000000003"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("controls %v, want %v (one sequence per partner)", got, want)
	}
	failing := tms.EDIFile{PartnerID: &a.ID, Transaction: "214"}
	err := s.QueueEDIFile(ctxAs(0), &failing, func(int64) ([]byte, string, error) { return nil, "", errors.New("cannot render") })
	if err == nil {
		t.Fatal("a failed render queued a file")
	}
	if f := queue(t, s, tms.EDIFile{PartnerID: &a.ID, Transaction: "214"}); f.Control != "000000004" {
		t.Errorf("after a failed render the next control is %s, want 000000004 (the draw rolled back)", f.Control)
	}
}

func testEDIOutbox(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	p := mustPartner(t, s, "A", "AAA", nil)
	event := int64(42)
	first := queue(t, s, tms.EDIFile{PartnerID: &p.ID, Transaction: "214", SourceEventID: &event})
	dup := tms.EDIFile{PartnerID: &p.ID, Transaction: "214", SourceEventID: &event}
	wantCode(t, s.QueueEDIFile(ctx, &dup, renderControl), tms.CodeConflict)
	second := queue(t, s, tms.EDIFile{PartnerID: &p.ID, Transaction: "210"})

	calls := 0
	n, err := s.SendEDIFiles(ctx, p.ID, 10, func(f tms.EDIFile) error {
		calls++
		if f.ID == second.ID {
			return errors.New("partner host down")
		}
		return nil
	})
	if err != nil || n != 1 || calls != 2 {
		t.Fatalf("SendEDIFiles = %d, %v after %d calls; want 1 sent of 2", n, err, calls)
	}
	sent, _ := s.EDIFile(ctx, first.ID)
	kept, _ := s.EDIFile(ctx, second.ID)
	if sent.Status != tms.EDISent || kept.Status != tms.EDIPending || kept.Attempts != 1 || len(kept.Errors) != 1 {
		t.Errorf("after send: first %s, second %s attempts %d errors %v", sent.Status, kept.Status, kept.Attempts, kept.Errors)
	}
	for range tms.EDIMaxSendAttempts - 1 {
		if _, err := s.SendEDIFiles(ctx, p.ID, 10, func(tms.EDIFile) error { return errors.New("still down") }); err != nil {
			t.Fatal(err)
		}
	}
	if gaveUp, _ := s.EDIFile(ctx, second.ID); gaveUp.Status != tms.EDIFailed || gaveUp.Attempts != tms.EDIMaxSendAttempts {
		t.Errorf("after %d failed sends: %s, %d attempts; want failed", tms.EDIMaxSendAttempts, gaveUp.Status, gaveUp.Attempts)
	}
	if _, err := s.UpdateEDIFile(ctx, second.ID, func(f *tms.EDIFile) error { f.Status = tms.EDIPending; return nil }); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.SendEDIFiles(ctx, p.ID, 10, func(tms.EDIFile) error { return nil }); n != 1 {
		t.Errorf("after the retry sent %d, want only the file put back", n)
	}
	found, err := s.OutboundByGroupControl(ctx, p.ID, second.GroupControl)
	if err != nil || found.ID != second.ID {
		t.Errorf("OutboundByGroupControl = %d, %v; want %d", found.ID, err, second.ID)
	}
	in := tms.EDIFile{PartnerID: &p.ID, Direction: tms.EDIInbound, Status: tms.EDIReceived, Transaction: "997", Payload: []byte("ISA...")}
	must(t, s.LogEDIFile(ctx, &in))
	page, err := s.ListEDIFiles(ctx, tms.EDIFileFilter{PartnerID: p.ID, Direction: tms.EDIOutbound})
	if err != nil || page.Total != 2 || page.Items[0].ID != second.ID || page.Items[0].Payload != nil {
		t.Errorf("ListEDIFiles = %+v, %v; want the 2 outbound files newest first without payloads", page, err)
	}
	got, _ := s.EDIFile(ctx, in.ID)
	if string(got.Payload) != "ISA..." || got.Size != 6 {
		t.Errorf("inbound payload %q size %d", got.Payload, got.Size)
	}
}

func testEDITenders(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	p := mustPartner(t, s, "Acme EDI", "ACMEEDI", &f.Customer.ID)
	in := tms.EDIFile{PartnerID: &p.ID, Direction: tms.EDIInbound, Status: tms.EDIReceived, Transaction: "204", Payload: []byte("ISA")}
	must(t, s.LogEDIFile(ctx, &in))
	tender := tms.EDITender{PartnerID: p.ID, ShipmentID: "SH-1", Purpose: "00", FileID: in.ID, Detail: json.RawMessage(`{"rate_cents":1}`)}
	must(t, s.SaveEDITender(ctx, &tender))
	change := tms.EDITender{PartnerID: p.ID, ShipmentID: "SH-1", Purpose: "04", FileID: in.ID, Detail: json.RawMessage(`{"rate_cents":2}`)}
	must(t, s.SaveEDITender(ctx, &change))
	if change.ID != tender.ID || change.Purpose != "04" || change.Version != 2 || change.Status != tms.TenderPending {
		t.Errorf("a change did not update the same tender: %+v", change)
	}

	load := f.Load(f.MondayMorning)
	var rendered string
	decided, err := s.DecideEDITender(ctx, tender.ID, tms.TenderDecision{
		Version: change.Version, Status: tms.TenderAccepted, Load: &load,
		Response: &tms.EDIFile{Transaction: "990"},
		Render: func(t tms.EDITender, l *tms.Load, control int64) ([]byte, string, error) {
			rendered = fmt.Sprintf("990 %s %s", t.ShipmentID, l.Number)
			return []byte(rendered), "1", nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := s.Load(ctx, *decided.LoadID)
	if err != nil || decided.Status != tms.TenderAccepted || len(stored.Stops) != 2 || rendered != "990 SH-1 "+stored.Number {
		t.Fatalf("accepted tender %+v load %+v rendered %q: %v", decided, stored, rendered, err)
	}
	files, _ := s.ListEDIFiles(ctx, tms.EDIFileFilter{Transaction: "990"})
	if files.Total != 1 || *files.Items[0].TenderID != tender.ID || *files.Items[0].LoadID != stored.ID {
		t.Errorf("990 queued: %+v", files.Items)
	}
	_, err = s.DecideEDITender(ctx, tender.ID, tms.TenderDecision{Version: decided.Version, Status: tms.TenderDeclined, Response: &tms.EDIFile{}})
	wantCode(t, err, tms.CodeConflict)
	late := tms.EDITender{PartnerID: p.ID, ShipmentID: "SH-1", Purpose: "04", FileID: in.ID, Detail: json.RawMessage(`{}`)}
	wantCode(t, s.SaveEDITender(ctx, &late), tms.CodeConflict)

	cancelled := tms.EDITender{PartnerID: p.ID, ShipmentID: "SH-2", Purpose: "01", FileID: in.ID, Detail: json.RawMessage(`{}`)}
	must(t, s.SaveEDITender(ctx, &cancelled))
	pending, _ := s.ListEDITenders(ctx, tms.EDITenderFilter{Status: tms.TenderPending})
	if cancelled.Status != tms.TenderCancelled || pending.Total != 0 {
		t.Errorf("cancel: %s, pending %d", cancelled.Status, pending.Total)
	}
}

func testEDICursor(t *testing.T, s tms.Store) {
	ctx := context.Background()
	p := mustPartner(t, s, "A", "AAA", nil)
	if cur, err := s.EDICursor(ctx, "214"); err != nil || cur != 0 {
		t.Fatalf("fresh cursor = %d, %v", cur, err)
	}
	f := tms.EDIFile{PartnerID: &p.ID, Transaction: "214"}
	must(t, s.QueueEDIFileAt(ctxAs(0), "214", 5, &f, renderControl))
	must(t, s.QueueEDIFileAt(ctxAs(0), "214", 7, nil, nil))
	again := tms.EDIFile{PartnerID: &p.ID, Transaction: "214"}
	must(t, s.QueueEDIFileAt(ctxAs(0), "214", 6, &again, renderControl)) // a slower worker: already past
	if cur, _ := s.EDICursor(ctx, "214"); cur != 7 || again.ID != 0 {
		t.Errorf("cursor %d, late file id %d; want 7 and nothing queued", cur, again.ID)
	}
}
