// Package pdftest checks generated PDFs in tests with poppler's command-line tools: text,
// page count, and a page rendered to PNG.
package pdftest

import (
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// Tool returns the path of a poppler tool; missing, it skips the test, or fails it under
// CI=true (.ci/pdf.sh installs poppler-utils).
func Tool(t testing.TB, tool string) string {
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

// WriteFile stores data in a temporary file for the poppler tools.
func WriteFile(t testing.TB, data []byte) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// Text extracts the text of pages first to last (0, 0: all pages).
func Text(t testing.TB, file string, first, last int) string {
	t.Helper()
	args := []string{"-layout"}
	if first > 0 {
		args = append(args, "-f", strconv.Itoa(first), "-l", strconv.Itoa(last))
	}
	out, err := exec.Command(Tool(t, "pdftotext"), append(args, file, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

var pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// Pages reads the number of pages with pdfinfo.
func Pages(t testing.TB, file string) int {
	t.Helper()
	out, err := exec.Command(Tool(t, "pdfinfo"), file).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	m := pagesLine.FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo printed no page count:\n%s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// CheckPage draws a page at 50 dpi and checks it decodes as a PNG of Letter proportions
// that is not blank.
func CheckPage(t testing.TB, file string, page int) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "page")
	n := strconv.Itoa(page)
	if msg, err := exec.Command(Tool(t, "pdftoppm"), "-png", "-r", "50", "-f", n, "-l", n, "-singlefile", file, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, msg)
	}
	f, err := os.Open(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("page %d did not render to a PNG: %v", page, err)
	}
	b := img.Bounds()
	if ratio := float64(b.Dy()) / float64(b.Dx()); b.Dx() < 400 || math.Abs(ratio-11/8.5) > 0.02 {
		t.Errorf("page %d renders %dx%d at 50 dpi, want about 425x550 (US Letter)", page, b.Dx(), b.Dy())
	}
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0x8000 {
				dark++
			}
		}
	}
	if dark < b.Dx()*b.Dy()/400 {
		t.Errorf("page %d has %d dark pixels of %d: blank or nearly so", page, dark, b.Dx()*b.Dy())
	}
}
