package edi_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/anditms/tms/internal/edi"
	"github.com/anditms/tms/internal/sftp"
	"github.com/anditms/tms/internal/sftp/sftptest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/x12"
)

// A partner's 204 waiting on their SFTP server (a real one, in process) is fetched, read into
// the inbox and removed there; the 997 it caused is put in their outbound directory and
// logged as sent; a second pass moves nothing.
func TestExchangeOverSFTP(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) { exchangeOverSFTP(t, f.Open(t)) })
	}
}

func exchangeOverSFTP(t *testing.T, s tms.Store) {
	ctx := context.Background()
	sc := newScene(t, s)
	srv := sftptest.Start(t)
	_, err := s.UpdateTradingPartner(ctx, sc.partner.ID, func(p *tms.TradingPartner) error { p.SFTP = srv.Endpoint(); return nil })
	must(t, err)
	sample, err := os.ReadFile("../../testdata/edi/204_jbhunt_tractorsupply_unresolvedrepo.edi")
	must(t, err)
	must(t, os.WriteFile(filepath.Join(srv.Endpoint().InboundDir, "tender1.edi"), sample, 0o644))
	dial := func(ctx context.Context, e tms.SFTPEndpoint) (edi.Mailbox, error) {
		return sftp.Dial(ctx, e, srv.Client, 10*time.Second)
	}

	moved, err := sc.svc.Exchange(ctx, dial)
	if err != nil || moved != 2 {
		t.Fatalf("Exchange = %d, %v; want the 204 in and the 997 out", moved, err)
	}
	if left, _ := os.ReadDir(srv.Endpoint().InboundDir); len(left) != 0 {
		t.Errorf("%d files left on the server after fetching", len(left))
	}
	ack := sc.onlyOutbound("997")
	if ack.Status != tms.EDISent {
		t.Errorf("997 is %s, want sent", ack.Status)
	}
	put, err := os.ReadFile(filepath.Join(srv.Endpoint().OutboundDir, ack.Filename))
	must(t, err)
	if doc := x12.Read(put); len(doc.Issues) > 0 || doc.Interchanges[0].Groups[0].Sets[0].ID != "997" {
		t.Errorf("the 997 on the server: %v", doc.Issues)
	}
	tenders, _ := s.ListEDITenders(ctx, tms.EDITenderFilter{Status: tms.TenderPending})
	if tenders.Total != 1 {
		t.Errorf("%d pending tenders, want the fetched one", tenders.Total)
	}
	if moved, err := sc.svc.Exchange(ctx, dial); moved != 0 || err != nil {
		t.Errorf("a second pass moved %d (%v), want nothing", moved, err)
	}
}
