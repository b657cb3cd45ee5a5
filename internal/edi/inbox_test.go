package edi_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/edi"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// A change (04) replaces the pending tender's detail, a decline queues a 990 with the reason,
// a cancel (01) of a declined tender fails the file, a file from an unknown sender is logged
// as failed and retried once its partner exists.
func TestInboxRules(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) { inboxRules(t, f.Open(t)) })
	}
}

func inboxRules(t *testing.T, s tms.Store) {
	ctx := context.Background()
	sc := newScene(t, s)
	raw, err := os.ReadFile("../../testdata/edi/204_jbhunt_tractorsupply_unresolvedrepo.edi")
	must(t, err)
	original := string(raw)
	changed := strings.Replace(strings.Replace(original, "B2A*00~", "B2A*04~", 1), "L3*13652.01*L*******", "L3*13652.01*L***250000****", 1)

	_, err = sc.svc.Receive(ctx, "204.edi", []byte(original))
	must(t, err)
	in, err := sc.svc.Receive(ctx, "204-change.edi", []byte(changed))
	if err != nil || in.Status != tms.EDIProcessed {
		t.Fatalf("change: %+v %v", in, err)
	}
	tenders, _ := s.ListEDITenders(ctx, tms.EDITenderFilter{})
	var detail edi.Tender
	must(t, json.Unmarshal(tenders.Items[0].Detail, &detail))
	if tenders.Total != 1 || tenders.Items[0].Purpose != "04" || detail.RateCents != 250000 {
		t.Fatalf("after the change: %d tenders, first %s", tenders.Total, tenders.Items[0].Detail)
	}

	declined, err := sc.svc.Decline(ctx, tenders.Items[0].ID, tenders.Items[0].Version, "No capacity in the lane")
	if err != nil || declined.Status != tms.TenderDeclined || declined.LoadID != nil {
		t.Fatalf("Decline: %+v %v", declined, err)
	}
	resp, err := edi.ParseResponse(sc.readSet(sc.onlyOutbound("990")))
	if err != nil || resp.Action != edi.ActionDecline || resp.Reason != "No capacity in the lane" {
		t.Errorf("990 for the decline: %+v %v", resp, err)
	}

	cancel := strings.Replace(original, "B2A*00~", "B2A*01~", 1)
	in, err = sc.svc.Receive(ctx, "204-cancel.edi", []byte(cancel))
	if err != nil || in.Status != tms.EDIFailed || len(in.Errors) != 1 || !strings.Contains(in.Errors[0], "already declined") {
		t.Errorf("cancel of a declined tender: %+v %v", in, err)
	}
	acks := sc.outbound("997")
	if len(acks) != 3 || sc.readAck(acks[0]).Status != edi.AckRejected {
		t.Errorf("%d 997s, the newest should reject the cancel it could not apply", len(acks))
	}

	stranger := strings.Replace(original, "*08*6120930002     *", "*ZZ*STRANGER       *", 1)
	in, err = sc.svc.Receive(ctx, "stranger.edi", []byte(stranger))
	if err != nil || in.Status != tms.EDIFailed || in.PartnerID != nil {
		t.Fatalf("unknown sender: %+v %v", in, err)
	}
	p := tms.TradingPartner{Name: "Stranger", CustomerID: sc.partner.CustomerID, ISAQualifier: "ZZ", ISAID: "STRANGER",
		OurISAQualifier: "02", OurISAID: "ANDI", SCAC: "ANDI", Transactions: []string{"204"}, Active: true}
	must(t, s.CreateTradingPartner(ctx, &p))
	again, err := sc.svc.Retry(ctx, in.ID)
	if err != nil || again.Status != tms.EDIProcessed || again.PartnerID == nil || *again.PartnerID != p.ID || again.Attempts != 1 {
		t.Errorf("retry after adding the partner: %+v %v", again, err)
	}
	if _, err := sc.svc.Retry(ctx, in.ID); tms.ErrorCode(err) != tms.CodeConflict {
		t.Errorf("retrying a processed file: %v, want conflict", err)
	}
}
