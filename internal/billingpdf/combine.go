package billingpdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // flatten decodes JPEG
	"image/png"
	"io"
	"mime"
	"strings"
	"sync"

	"github.com/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Attachment is a document sent behind the invoice, typically a proof of delivery.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Combine returns one PDF: the invoice followed by each attachment in order. A PDF
// attachment adds its pages; a JPEG or PNG is placed on its own Letter page, scaled to fit,
// captioned with its name; any other type gets a page saying it is attached separately. An
// attachment that claims to be a PDF or an image but cannot be read is an error naming it:
// it is never dropped silently.
func Combine(invoicePDF []byte, attachments []Attachment) ([]byte, error) {
	parts := [][]byte{invoicePDF}
	if err := checkPDF(invoicePDF); err != nil {
		return nil, fmt.Errorf("billingpdf: the invoice is not a readable PDF: %w", err)
	}
	for i, a := range attachments {
		part, err := attachmentPDF(a)
		if err != nil {
			return nil, fmt.Errorf("billingpdf: attachment %d %q: %w", i+1, a.Name, err)
		}
		parts = append(parts, part)
	}
	if len(parts) == 1 {
		return invoicePDF, nil
	}
	return merge(parts)
}

// attachmentPDF turns one attachment into PDF pages.
func attachmentPDF(a Attachment) ([]byte, error) {
	switch typ := mediaType(a.ContentType); typ {
	case "application/pdf":
		if err := checkPDF(a.Data); err != nil {
			return nil, fmt.Errorf("not a readable PDF: %w", err)
		}
		return a.Data, nil
	case "image/jpeg", "image/jpg", "image/png":
		return imagePage(a, typ)
	default:
		return noticePage(a)
	}
}

// mediaType is the lower-case type of a Content-Type value, without parameters.
func mediaType(contentType string) string {
	typ, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(contentType))
	}
	return typ
}

// imagePage places an image on a Letter page. An image fpdf cannot embed as it is (an
// interlaced PNG, bytes that do not match the declared type) is decoded and embedded as a
// plain PNG instead.
func imagePage(a Attachment, typ string) ([]byte, error) {
	if len(a.Data) == 0 {
		return nil, errors.New("the image is empty")
	}
	imgType := "JPG"
	if typ == "image/png" {
		imgType = "PNG"
	}
	out, err := placeImage(a.Name, a.Data, imgType)
	if err == nil {
		return out, nil
	}
	flat, ferr := flatten(a.Data)
	if ferr != nil {
		return nil, fmt.Errorf("not a readable %s image: %w", imgType, err)
	}
	return placeImage(a.Name, flat, "PNG")
}

// placeImage scales an image to fit inside the margins above a caption with its name.
func placeImage(name string, data []byte, imgType string) ([]byte, error) {
	w := newWriter(name)
	opt := fpdf.ImageOptions{ImageType: imgType}
	info := w.RegisterImageOptionsReader("attachment", opt, bytes.NewReader(data))
	if err := w.Error(); err != nil || info == nil {
		return nil, fmt.Errorf("fpdf: %w", err)
	}
	iw, ih := info.Extent()
	if iw <= 0 || ih <= 0 {
		return nil, errors.New("the image has no size")
	}
	const captionH = 8
	boxW, boxH := content, pageH-2*margin-footerH-captionH
	scale := min(boxW/iw, boxH/ih)
	wd, ht := iw*scale, ih*scale
	w.ImageOptions("attachment", margin+(boxW-wd)/2, margin, wd, ht, false, opt, 0, "")
	w.SetXY(margin, margin+ht+2)
	w.font("", 9)
	w.text(content, 5, "C", name)
	return w.bytes("attachment " + name)
}

// flatten decodes a JPEG or PNG and encodes it again as an 8-bit PNG.
func flatten(data []byte) ([]byte, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	rgba := image.NewNRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, rgba); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// noticePage is a page saying an attachment could not be embedded.
func noticePage(a Attachment) ([]byte, error) {
	w := newWriter(a.Name)
	w.SetY(margin + 40)
	w.font("B", 14)
	w.MultiCell(content, 7, w.tr(fmt.Sprintf("%s (%s) is attached separately; it cannot be embedded",
		orDash(a.Name), orDash(a.ContentType))), "", "C", false)
	return w.bytes("attachment notice " + a.Name)
}

// disableConfigDir keeps pdfcpu from creating its configuration directory under the user's
// home (read-only in a container); it then uses its built-in defaults. The setting is
// process-wide, and we use no user fonts.
var disableConfigDir = sync.OnceFunc(api.DisableConfigDir)

// conf returns a fresh pdfcpu configuration: pdfcpu's calls modify the one they are given.
func conf() *model.Configuration {
	disableConfigDir()
	return model.NewDefaultConfiguration()
}

// checkPDF reads and validates a PDF, turning any failure (even a panic in the parser) into
// an error.
func checkPDF(data []byte) (err error) {
	if len(data) == 0 {
		return errors.New("the file is empty")
	}
	defer recoverTo(&err)
	_, err = api.ReadAndValidate(bytes.NewReader(data), conf())
	return err
}

// merge concatenates PDFs.
func merge(parts [][]byte) (out []byte, err error) {
	defer recoverTo(&err)
	rs := make([]io.ReadSeeker, len(parts))
	for i, p := range parts {
		rs[i] = bytes.NewReader(p)
	}
	var buf bytes.Buffer
	if err := api.MergeRaw(rs, &buf, false, conf()); err != nil {
		return nil, fmt.Errorf("billingpdf: merge: %w", err)
	}
	return buf.Bytes(), nil
}

// recoverTo turns a panic into an error: parsers of untrusted files may panic.
func recoverTo(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("unreadable PDF: %v", r)
	}
}
