package documents

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/anditms/tms/internal/tms"
)

// Page geometry in millimetres (US Letter).
const (
	margin  = 12.0
	lineH   = 5.0
	gap     = 3.0
	content = 215.9 - 2*margin
)

// renderBOL lays the bill of lading out on one Letter page (more when a load has many stops).
func renderBOL(b bol) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	pdf.SetTitle("Bill of Lading "+b.Load.Number, true)
	pdf.SetCreator("Andi TMS", true)
	pdf.AddPage()
	w := &page{Fpdf: pdf, tr: pdf.UnicodeTranslatorFromDescriptor("")}
	w.header(b)
	w.parties(b)
	w.references(b.Load.References)
	w.stops(b.Stops)
	w.freight(b.Load, b.Equipment)
	if h := b.Load.Hazmat; h != nil {
		w.hazmat(*h, b.Load.Commodity)
	}
	w.signatures()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("documents: render BOL: %w", err)
	}
	return buf.Bytes(), nil
}

// page writes text through the code-page translator of fpdf's core fonts.
type page struct {
	*fpdf.Fpdf
	tr func(string) string
}

// block is a titled box of lines.
type block struct {
	title string
	lines []string
}

func (w *page) header(b bol) {
	w.SetFont("Helvetica", "B", 16)
	w.CellFormat(0, 8, "STRAIGHT BILL OF LADING - SHORT FORM", "", 1, "L", false, 0, "")
	w.SetFont("Helvetica", "", 8)
	w.CellFormat(0, 4, "Original - not negotiable", "", 1, "L", false, 0, "")
	w.Ln(gap)
	bolNumber := b.Load.References.BOL
	if bolNumber == "" {
		bolNumber = b.Load.Number
	}
	w.columns(
		block{"CARRIER", carrierLines(b.Carrier)},
		block{"LOAD", []string{b.Load.Number}},
		block{"BOL #", []string{bolNumber}},
		block{"DATE", []string{b.Printed.In(b.Shipper().Facility.Location()).Format("2006-01-02")}},
	)
}

// carrierLines are the carrier's name, address and numbers, without empty lines.
func carrierLines(c tms.CarrierSettings) []string {
	a := c.Address
	var lines []string
	for _, l := range []string{c.Name, a.Line1, a.Line2, strings.TrimSpace(strings.Trim(a.City+", "+a.State+" "+a.Zip, ", ")),
		labelled("MC# ", c.MCNumber), labelled("USDOT# ", c.DOTNumber)} {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

func labelled(label, value string) string {
	if value == "" {
		return ""
	}
	return label + value
}

func (w *page) parties(b bol) {
	party := func(title string, st bolStop) block {
		a := st.Facility.Address
		return block{title, []string{st.Facility.Name, a.Line1, a.Line2, fmt.Sprintf("%s, %s %s", a.City, a.State, a.Zip)}}
	}
	w.columns(party("SHIP FROM (SHIPPER)", b.Shipper()), party("SHIP TO (CONSIGNEE)", b.Consignee()))
}

// references prints the customer's numbers; the BOL number heads the page already.
func (w *page) references(r tms.References) {
	w.columns(
		block{"PO #", []string{r.PO}},
		block{"PICKUP #", []string{r.Pickup}},
		block{"CUSTOMER LOAD #", []string{r.CustomerLoad}},
	)
}

// stops prints one table row per stop with its appointment in the facility's time zone.
func (w *page) stops(stops []bolStop) {
	widths := []float64{8, 18, 50, 62, content - 138}
	w.row("B", widths, "#", "TYPE", "FACILITY", "ADDRESS", "APPOINTMENT (LOCAL TIME)")
	for _, st := range stops {
		w.row("", widths, strconv.Itoa(st.Seq), string(st.Kind), st.Facility.Name, st.Facility.Address.String(), st.Window())
	}
	w.Ln(gap)
}

func (w *page) row(style string, widths []float64, cells ...string) {
	w.SetFont("Helvetica", style, 8)
	for i, c := range cells {
		w.CellFormat(widths[i], 6, w.tr(c), "1", 0, "L", false, 0, "")
	}
	w.Ln(-1)
}

func (w *page) freight(l tms.Load, equipment string) {
	temp := ""
	if l.TempMinF != nil && l.TempMaxF != nil {
		temp = fmt.Sprintf("Keep at %d-%d F", *l.TempMinF, *l.TempMaxF)
	}
	w.columns(
		block{"COMMODITY", []string{l.Commodity}},
		block{"PIECES", []string{strconv.Itoa(l.Pieces)}},
		block{"WEIGHT", []string{fmt.Sprintf("%d lb", l.WeightLb)}},
		block{"EQUIPMENT", []string{equipment, temp}},
	)
}

// hazmat prints the shipping description and the emergency contact line 49 CFR 172.604 asks for.
func (w *page) hazmat(h tms.Hazmat, commodity string) {
	desc := fmt.Sprintf("%s, %s, Class %s", h.UNNumber, commodity, h.Class)
	if h.PackingGroup != "" {
		desc += ", PG " + h.PackingGroup
	}
	w.SetTextColor(180, 0, 0)
	w.columns(block{"HAZARDOUS MATERIALS", []string{
		desc,
		"UN number " + h.UNNumber + "   Hazard class " + h.Class + "   Packing group " + orDash(h.PackingGroup),
		"24-hour emergency response telephone: ______________________   Contact: ______________________",
	}})
	w.SetTextColor(0, 0, 0)
}

func (w *page) signatures() {
	lines := []string{"", "Signature ____________________", "", "Date ____________  Time ________"}
	w.columns(
		block{"SHIPPER", lines},
		block{"CARRIER / DRIVER", lines},
		block{"CONSIGNEE (RECEIVED IN GOOD ORDER)", lines},
	)
	w.SetFont("Helvetica", "", 7)
	w.MultiCell(0, 3.5, "Received, subject to the classifications and tariffs in effect on the date of issue of this bill of lading, "+
		"the property described above in apparent good order, except as noted.", "", "L", false)
}

// columns prints blocks side by side in equal widths, each boxed, and moves below the tallest.
func (w *page) columns(blocks ...block) {
	width := content / float64(len(blocks))
	top, bottom := w.GetY(), w.GetY()
	for i, b := range blocks {
		x := margin + float64(i)*width
		w.SetXY(x, top+1)
		w.SetFont("Helvetica", "B", 7)
		w.CellFormat(width, 4, w.tr(b.title), "", 2, "L", false, 0, "")
		w.SetFont("Helvetica", "", 10)
		for _, line := range b.lines {
			w.SetX(x)
			w.CellFormat(width, lineH, w.tr(line), "", 2, "L", false, 0, "")
		}
		bottom = max(bottom, w.GetY()+1)
	}
	for i := range blocks {
		w.Rect(margin+float64(i)*width, top, width, bottom-top, "D")
	}
	w.SetXY(margin, bottom+gap)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
