package billingpdf_test

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/anditms/tms/internal/billingpdf"
	"github.com/anditms/tms/internal/pdftest"
)

// podPDF is a one-page PDF reading "PROOF OF DELIVERY".
func podPDF(t *testing.T) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 20)
	pdf.Cell(0, 10, "PROOF OF DELIVERY")
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// photo is a 300x200 picture of a dark rectangle on white, encoded by enc.
func photo(t *testing.T, enc func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 300, 200))
	for y := range 200 {
		for x := range 300 {
			c := color.RGBA{255, 255, 255, 255}
			if x > 30 && x < 270 && y > 30 && y < 170 {
				c = color.RGBA{20, 40, 90, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := enc(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngPhoto(t *testing.T) []byte {
	return photo(t, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) })
}

func jpegPhoto(t *testing.T) []byte {
	return photo(t, func(b *bytes.Buffer, i image.Image) error { return jpeg.Encode(b, i, nil) })
}

func invoicePDF(t *testing.T) []byte {
	t.Helper()
	pdf, err := billingpdf.RenderInvoice(sampleInvoice())
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

// TestCombine appends attachments behind the invoice and checks each page with poppler.
func TestCombine(t *testing.T) {
	heic := append([]byte("\x00\x00\x00\x18ftypheic"), make([]byte, 64)...)
	tests := []struct {
		name        string
		attachments []billingpdf.Attachment
		pages       []string // a text each page must show, in order
	}{{
		name: "pdf, png and heic",
		attachments: []billingpdf.Attachment{
			{Name: "pod-signed.pdf", ContentType: "application/pdf", Data: podPDF(t)},
			{Name: "pod-photo.png", ContentType: "image/png", Data: pngPhoto(t)},
			{Name: "pod.heic", ContentType: "image/heic", Data: heic},
		},
		pages: []string{"INV-000123", "PROOF OF DELIVERY", "pod-photo.png", "pod.heic (image/heic) is attached separately; it cannot be embedded"},
	}, {
		name: "jpeg with parameters in its type, tiff",
		attachments: []billingpdf.Attachment{
			{Name: "dock photo.jpg", ContentType: "IMAGE/JPEG; name=x", Data: jpegPhoto(t)},
			{Name: "scan.tiff", ContentType: "image/tiff", Data: []byte("II*\x00")},
		},
		pages: []string{"INV-000123", "dock photo.jpg", "scan.tiff (image/tiff) is attached separately"},
	}, {
		name: "16-bit png; png sent as jpeg (decoded and embedded as png)",
		attachments: []billingpdf.Attachment{
			{Name: "deep.png", ContentType: "image/png", Data: photo(t, func(b *bytes.Buffer, i image.Image) error {
				deep := image.NewRGBA64(i.Bounds())
				draw.Draw(deep, deep.Bounds(), i, image.Point{}, draw.Src)
				return png.Encode(b, deep)
			})},
			{Name: "mislabelled.jpg", ContentType: "image/jpeg", Data: pngPhoto(t)},
		},
		pages: []string{"INV-000123", "deep.png", "mislabelled.jpg"},
	}, {
		name:  "no attachments",
		pages: []string{"INV-000123"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := billingpdf.Combine(invoicePDF(t), tt.attachments)
			if err != nil {
				t.Fatal(err)
			}
			file := pdftest.WriteFile(t, out)
			if got := pdftest.Pages(t, file); got != len(tt.pages) {
				t.Fatalf("got %d pages, want %d", got, len(tt.pages))
			}
			for i, want := range tt.pages {
				if text := pdftest.Text(t, file, i+1, i+1); !strings.Contains(text, want) {
					t.Errorf("page %d lacks %q:\n%s", i+1, want, text)
				}
				pdftest.CheckPage(t, file, i+1)
				if text := pdftest.Text(t, file, i+1, i+1); i > 0 && strings.Contains(text, "Page 1 of") {
					t.Errorf("attachment page %d carries the invoice's page number:\n%s", i+1, text)
				}
			}
		})
	}
}

// TestCombineBadAttachment refuses attachments that claim a type they cannot be read as.
func TestCombineBadAttachment(t *testing.T) {
	pod := podPDF(t)
	tests := []struct {
		name string
		a    billingpdf.Attachment
	}{
		{"garbage pdf", billingpdf.Attachment{Name: "pod.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.7\nthis is not a pdf at all\n%%EOF")}},
		{"truncated pdf", billingpdf.Attachment{Name: "pod.pdf", ContentType: "application/pdf", Data: pod[:len(pod)/2]}},
		{"empty pdf", billingpdf.Attachment{Name: "pod.pdf", ContentType: "application/pdf"}},
		{"corrupt png", billingpdf.Attachment{Name: "pod.png", ContentType: "image/png", Data: []byte("\x89PNG\r\n\x1a\nnope")}},
		{"empty jpeg", billingpdf.Attachment{Name: "pod.jpg", ContentType: "image/jpeg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := billingpdf.Combine(invoicePDF(t), []billingpdf.Attachment{tt.a})
			if err == nil {
				t.Fatalf("got a %d-byte PDF, want an error", len(out))
			}
			if !strings.Contains(err.Error(), tt.a.Name) {
				t.Errorf("got error %q, want it to name %q", err, tt.a.Name)
			}
		})
	}
	if _, err := billingpdf.Combine([]byte("not a pdf"), nil); err == nil {
		t.Error("Combine with a broken invoice: got no error, want one")
	}
}
