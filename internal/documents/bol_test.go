package documents_test

import (
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

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
		file := filepath.Join(t.TempDir(), "bol.pdf")
		if err := os.WriteFile(file, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		checkRendered(t, file)
		text := pdfText(t, file)
		for _, want := range []string{e.mine.Number, "Acme DC Dallas", "Grocer Houston", "1 Main St", "Canned goods", "UN1993",
			"Class 3", "PG III", "PO-77", "BOL-1", "PU-5521", "Andi Trucking LLC", "Mon 2026-12-07 08:00-10:00 CST", "42000 lb",
			"SHIPPER", "CARRIER / DRIVER", "CONSIGNEE", "24-hour emergency response telephone"} {
			if !strings.Contains(text, want) {
				t.Errorf("the BOL's text lacks %q:\n%s", want, text)
			}
		}
	})
}

// poppler returns the path of a poppler tool; missing, it skips the test (fails under CI).
func poppler(t *testing.T, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing: .ci/pdf.sh installs poppler-utils", tool)
	}
	t.Skipf("%s is missing: run .ci/pdf.sh (apt-get install poppler-utils)", tool)
	return ""
}

// checkRendered draws the first page at 50 dpi and checks the PNG decodes and is not blank.
func checkRendered(t *testing.T, file string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "page")
	if msg, err := exec.Command(poppler(t, "pdftoppm"), "-png", "-r", "50", "-singlefile", file, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, msg)
	}
	f, err := os.Open(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the rendered page is not a PNG: %v", err)
	}
	b := img.Bounds()
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0x8000 {
				dark++
			}
		}
	}
	if b.Dx() < 400 || dark < b.Dx()*b.Dy()/200 {
		t.Errorf("rendered page %dx%d has %d dark pixels: blank or nearly so", b.Dx(), b.Dy(), dark)
	}
}

func pdfText(t *testing.T, file string) string {
	t.Helper()
	out, err := exec.Command(poppler(t, "pdftotext"), "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
