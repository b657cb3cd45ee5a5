package documents_test

import (
	"strings"
	"testing"

	"github.com/anditms/tms/internal/pdftest"
	"github.com/anditms/tms/internal/tms"
)

// TestGenerateBOL renders a hazmat load's BOL, then opens the stored PDF with poppler:
// pdftoppm must draw a page that is not blank and pdftotext must find the load's data, the
// carrier's address and MC/DOT numbers from its settings, the equipment in words with the
// trailer's length, and the BOL number box once.
func TestGenerateBOL(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		_, err := e.store.UpdateCarrierSettings(e.admin, func(c *tms.CarrierSettings) error {
			c.Name, c.MCNumber, c.DOTNumber = "Lone Star Freight", "MC-123456", "3398127"
			c.Address = tms.Address{Line1: "500 Commerce St", City: "Fort Worth", State: "TX", Zip: "76102"}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.store.UpdateLoad(e.dispatcher, e.mine.ID, func(_ tms.LoadTx, l *tms.Load) error { l.TrailerID = &e.f.Trailer.ID; return nil })
		if err != nil {
			t.Fatal(err)
		}
		d, err := e.svc.GenerateBOL(e.dispatcher, e.mine.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Type != tms.DocBOL || d.ContentType != "application/pdf" || d.Version != 1 || d.Filename != "BOL-"+e.mine.Number+".pdf" {
			t.Errorf("BOL document = %+v", d)
		}
		again, err := e.svc.GenerateBOL(e.dispatcher, e.mine.ID)
		if err != nil || again.Version != 2 {
			t.Errorf("second BOL: version %d, %v; want version 2", again.Version, err)
		}
		_, err = e.svc.GenerateBOL(e.viewer, e.mine.ID)
		wantCode(t, err, tms.CodeForbidden)

		pdf, _ := e.download(t, e.viewer, d.ID)
		file := pdftest.WriteFile(t, pdf)
		pdftest.CheckPage(t, file, 1)
		text := pdftest.Text(t, file, 0, 0)
		for _, want := range []string{e.mine.Number, "Acme DC Dallas", "Grocer Houston", "1 Main St", "Canned goods", "UN1993",
			"Class 3", "PG III", "PO-77", "BOL-1", "PU-5521", "Lone Star Freight", "500 Commerce St", "Fort Worth, TX 76102", "MC# MC-123456", "USDOT# 3398127",
			"Dry van 53'", "Mon 2026-12-07 08:00-10:00 CST", "42000 lb",
			"SHIPPER", "CARRIER / DRIVER", "CONSIGNEE", "24-hour emergency response telephone"} {
			if !strings.Contains(text, want) {
				t.Errorf("the BOL's text lacks %q:\n%s", want, text)
			}
		}
		if n := strings.Count(text, "BOL #"); n != 1 || strings.Contains(text, "dry_van") {
			t.Errorf("the BOL shows the BOL number box %d times (want once) or a raw equipment code:\n%s", n, text)
		}
	})
}
