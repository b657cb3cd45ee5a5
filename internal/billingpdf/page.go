// Package billingpdf lays out the billing documents a carrier sends: the customer invoice (or
// credit memo), the driver settlement statement, and the invoice packet that carries the
// proofs of delivery behind the invoice.
//
// Text goes through fpdf's core fonts with the cp1252 translator, so accented names and
// dashes print; characters outside cp1252 print as ".". Rendering never panics on empty
// strings, zero dates or missing optional values: they print blank or "-".
package billingpdf

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/anditms/tms/internal/tms"
)

// Page geometry in millimetres (US Letter portrait).
const (
	pageW   = 215.9
	pageH   = 279.4
	margin  = 12.0
	footerH = 14.0 // room kept at the bottom of each page for the footer
	lineH   = 4.5
	gap     = 3.0
	content = pageW - 2*margin
)

// writer is an fpdf document whose text passes through the code-page translator.
type writer struct {
	*fpdf.Fpdf
	tr func(string) string
}

// newWriter starts a Letter document on its first page.
func newWriter(title string) *writer {
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin+footerH)
	pdf.SetTitle(title, true)
	pdf.SetCreator("Andi TMS", true)
	pdf.AliasNbPages("")
	pdf.AddPage()
	return &writer{Fpdf: pdf, tr: pdf.UnicodeTranslatorFromDescriptor("")}
}

// numberPages ends every page with footer (may be empty) and "Page n of m".
func (w *writer) numberPages(footer string) *writer {
	w.SetFooterFunc(func() { w.footer(footer) })
	return w
}

// bytes finishes the document.
func (w *writer) bytes(what string) ([]byte, error) {
	var buf bytes.Buffer
	if err := w.Output(&buf); err != nil {
		return nil, fmt.Errorf("billingpdf: render %s: %w", what, err)
	}
	return buf.Bytes(), nil
}

func (w *writer) footer(text string) {
	w.SetY(-(margin + footerH - 2))
	w.SetTextColor(90, 90, 90)
	w.font("I", 8)
	if text = strings.TrimSpace(text); text != "" {
		w.MultiCell(0, 3.5, w.tr(text), "", "C", false)
	}
	w.SetY(-(margin + 4))
	w.CellFormat(0, 4, fmt.Sprintf("Page %d of {nb}", w.PageNo()), "", 0, "R", false, 0, "")
	w.SetTextColor(0, 0, 0)
}

func (w *writer) font(style string, size float64) { w.SetFont("Helvetica", style, size) }

// text prints one line of width wd at the current position and moves below it.
func (w *writer) text(wd, h float64, align, s string) {
	w.CellFormat(wd, h, w.tr(s), "", 2, align, false, 0, "")
}

// letterhead prints the carrier's name, address and numbers at the top left and returns the
// y below them.
func (w *writer) letterhead(c tms.CarrierSettings) float64 {
	const wd = content * 0.55
	w.SetXY(margin, margin)
	w.font("B", 14)
	w.text(wd, 7, "L", c.Name)
	w.font("", 9)
	lines := addressLines(c.Address)
	lines = append(lines, joinNonEmpty("   ", labelled("Phone", c.Phone), labelled("Email", c.Email)))
	lines = append(lines, joinNonEmpty("   ", labelled("MC#", c.MCNumber), labelled("USDOT#", c.DOTNumber)))
	for _, l := range lines {
		if l != "" {
			w.text(wd, lineH, "L", l)
		}
	}
	return w.GetY()
}

// titleBlock prints a document title and label/value rows at the top right and returns the
// y below them.
func (w *writer) titleBlock(title string, rows [][2]string) float64 {
	const wd, labelW = 80.0, 34.0
	x := margin + content - wd
	w.SetXY(x, margin)
	w.font("B", 18)
	w.text(wd, 9, "R", title)
	for _, r := range rows {
		w.SetX(x)
		w.font("B", 8)
		w.CellFormat(labelW, lineH+0.5, w.tr(r[0]), "", 0, "R", false, 0, "")
		w.font("", 10)
		w.CellFormat(wd-labelW, lineH+0.5, w.tr(orDash(r[1])), "", 2, "R", false, 0, "")
		w.SetX(x)
	}
	return w.GetY()
}

// rule draws a horizontal line across the page at y and moves below it.
func (w *writer) rule(y float64) {
	w.SetDrawColor(120, 120, 120)
	w.Line(margin, y, margin+content, y)
	w.SetDrawColor(0, 0, 0)
	w.SetXY(margin, y+gap)
}

// heading prints a section title.
func (w *writer) heading(s string) {
	w.ensureSpace(3 * lineH)
	w.font("B", 11)
	w.text(content, 6, "L", s)
}

// block is a titled box of lines.
type block struct {
	title string
	lines []string
}

// columns prints blocks side by side in equal widths, each boxed, and moves below the tallest.
func (w *writer) columns(blocks ...block) {
	width := content / float64(len(blocks))
	most := 0
	for _, b := range blocks {
		most = max(most, len(b.lines))
	}
	w.ensureSpace(float64(most)*lineH + 6)
	top, bottom := w.GetY(), w.GetY()
	for i, b := range blocks {
		x := margin + float64(i)*width
		w.SetXY(x+1, top+1)
		w.font("B", 7)
		w.text(width-2, 4, "L", b.title)
		w.font("", 10)
		for _, line := range b.lines {
			w.SetX(x + 1)
			w.text(width-2, lineH+0.5, "L", line)
		}
		bottom = max(bottom, w.GetY()+1)
	}
	for i := range blocks {
		w.Rect(margin+float64(i)*width, top, width, bottom-top, "D")
	}
	w.SetXY(margin, bottom+gap)
}

// ensureSpace starts a new page when h more millimetres do not fit above the footer, and
// reports whether it did.
func (w *writer) ensureSpace(h float64) bool {
	if w.GetY()+h <= pageH-margin-footerH {
		return false
	}
	w.AddPage()
	return true
}

// column is one column of a table.
type column struct {
	title string
	width float64
	align string // "L" or "R"
}

// table prints a header row and the rows, wrapping long cells, and repeats the header on
// every page the table continues on.
func (w *writer) table(cols []column, rows [][]string) {
	w.ensureSpace(2 * 6)
	w.tableHeader(cols)
	for _, r := range rows {
		w.tableRow(cols, r)
	}
}

func (w *writer) tableHeader(cols []column) {
	w.font("B", 8)
	w.SetFillColor(230, 230, 230)
	for _, c := range cols {
		w.CellFormat(c.width, 6, w.tr(c.title), "1", 0, c.align, true, 0, "")
	}
	w.Ln(-1)
}

func (w *writer) tableRow(cols []column, cells []string) {
	w.font("", 8)
	split := make([][][]byte, len(cols))
	n := 1
	for i, c := range cols {
		if i < len(cells) {
			split[i] = w.SplitLines([]byte(w.tr(cells[i])), c.width)
		}
		n = max(n, len(split[i]))
	}
	h := float64(n)*4 + 1.5
	if w.ensureSpace(h) {
		w.tableHeader(cols)
		w.font("", 8)
	}
	x, y := w.GetX(), w.GetY()
	for i, c := range cols {
		for j, line := range split[i] {
			w.SetXY(x, y+0.75+float64(j)*4)
			w.CellFormat(c.width, 4, string(line), "", 0, c.align, false, 0, "")
		}
		w.Rect(x, y, c.width, h, "D")
		x += c.width
	}
	w.SetXY(margin, y+h)
}

// amountRow prints a label and an amount right-aligned under a table.
func (w *writer) amountRow(label string, amount tms.Cents, style string, size float64) {
	w.ensureSpace(size / 2)
	w.font(style, size)
	w.SetX(margin + content - 100)
	w.CellFormat(70, size/2, w.tr(label), "", 0, "R", false, 0, "")
	w.CellFormat(30, size/2, amount.String(), "", 1, "R", false, 0, "")
}

// note prints a labelled paragraph when s is not empty.
func (w *writer) note(label, s string) {
	if s = strings.TrimSpace(s); s == "" {
		return
	}
	w.Ln(gap)
	w.font("B", 8)
	w.text(content, lineH, "L", label)
	w.font("", 9)
	w.MultiCell(content, lineH, w.tr(s), "", "L", false)
}
