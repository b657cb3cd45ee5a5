package documents_test

import (
	"strings"
	"testing"

	"github.com/anditms/tms/internal/pdftest"
	"github.com/anditms/tms/internal/tms"
)

// TestGenerateBOL renders a hazmat load's BOL, then opens the stored PDF with poppler:
// pdftoppm must draw a page that is not blank and pdftotext must find the load's data.
func TestGenerateBOL(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
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
			"Class 3", "PG III", "PO-77", "BOL-1", "PU-5521", "Andi Trucking LLC", "Mon 2026-12-07 08:00-10:00 CST", "42000 lb",
			"SHIPPER", "CARRIER / DRIVER", "CONSIGNEE", "24-hour emergency response telephone"} {
			if !strings.Contains(text, want) {
				t.Errorf("the BOL's text lacks %q:\n%s", want, text)
			}
		}
	})
}
