package billingpdf

import (
	"strconv"

	"github.com/anditms/tms/internal/tms"
)

// InvoiceData is everything an invoice or credit memo prints.
type InvoiceData struct {
	Carrier  tms.CarrierSettings
	Customer tms.Customer
	Invoice  tms.Invoice
	Loads    []LoadDetail
	// AppliesToNumber is the number of the invoice a credit memo credits.
	AppliesToNumber string
}

// LoadDetail is one billed load with its stops' facilities.
type LoadDetail struct {
	Load  tms.Load
	Stops []StopDetail
}

// StopDetail is a stop and the facility it is at; times print in the facility's time zone.
type StopDetail struct {
	Stop     tms.Stop
	Facility tms.Facility
}

// RenderInvoice lays out an invoice (or credit memo) on US Letter pages: letterhead, bill-to
// and remit-to, each load's references and stops, the lines, the totals and the footer.
func RenderInvoice(d InvoiceData) ([]byte, error) {
	inv := d.Invoice
	title := "INVOICE"
	if inv.Kind == tms.KindCreditMemo {
		title = "CREDIT MEMO"
	}
	w := newWriter(title + " " + inv.Number).numberPages(d.Carrier.InvoiceFooter)
	w.invoiceHeader(d, title)
	w.parties(d)
	for _, l := range d.Loads {
		w.loadSection(l)
	}
	w.invoiceLines(d)
	w.invoiceTotals(inv)
	w.note("NOTES", inv.Notes)
	return w.bytes("invoice " + inv.Number)
}

func (w *writer) invoiceHeader(d InvoiceData, title string) {
	inv := d.Invoice
	left := w.letterhead(d.Carrier)
	var rows [][2]string
	if inv.Kind == tms.KindCreditMemo {
		rows = [][2]string{
			{"Credit memo #", inv.Number},
			{"Date", inv.IssueDate.String()},
			{"Applies to invoice", d.AppliesToNumber},
		}
	} else {
		rows = [][2]string{
			{"Invoice #", inv.Number},
			{"Issue date", inv.IssueDate.String()},
			{"Terms", terms(inv.TermsDays)},
			{"Due date", dueDate(inv).String()},
		}
	}
	right := w.titleBlock(title, rows)
	if inv.Status == tms.InvoiceVoid {
		right = w.voidMark(inv.VoidReason)
	}
	w.rule(max(left, right) + 1)
}

// dueDate is the invoice's due date, computed from the issue date and terms when not stored.
func dueDate(inv tms.Invoice) tms.Date {
	if !inv.DueDate.IsZero() || inv.IssueDate.IsZero() {
		return inv.DueDate
	}
	return tms.DateOf(inv.IssueDate.Time().AddDate(0, 0, inv.TermsDays))
}

// voidMark prints "VOID" and the reason in red under the title block.
func (w *writer) voidMark(reason string) float64 {
	w.SetX(margin + content - 80)
	w.SetTextColor(180, 0, 0)
	w.font("B", 14)
	w.text(80, 7, "R", "VOID")
	if reason != "" {
		w.SetX(margin + content - 80)
		w.font("", 8)
		w.text(80, 4, "R", reason)
	}
	w.SetTextColor(0, 0, 0)
	return w.GetY()
}

// parties prints bill-to and remit-to side by side; remit-to falls back to the carrier.
func (w *writer) parties(d InvoiceData) {
	c := d.Carrier
	remitName, remitAddr := c.RemitToName, c.RemitTo
	if remitName == "" {
		remitName = c.Name
	}
	if emptyAddress(remitAddr) {
		remitAddr = c.Address
	}
	w.columns(
		block{"BILL TO", append([]string{d.Customer.Name}, addressLines(d.Customer.BillingAddress)...)},
		block{"REMIT TO", append([]string{remitName}, addressLines(remitAddr)...)},
	)
}

// stopColumns are the columns of a load's stop table.
var stopColumns = []column{
	{"#", 6, "L"}, {"TYPE", 14, "L"}, {"FACILITY", 32, "L"}, {"CITY, STATE", 26, "L"},
	{"APPOINTMENT (LOCAL TIME)", 48, "L"}, {"ARRIVED", 32.95, "L"}, {"DEPARTED", 32.95, "L"},
}

// loadSection prints a load's number, references, stops and freight.
func (w *writer) loadSection(l LoadDetail) {
	w.heading("LOAD " + orDash(l.Load.Number))
	r := l.Load.References
	w.font("", 9)
	if refs := joinNonEmpty("    ", labelled("BOL #", r.BOL), labelled("PO #", r.PO),
		labelled("Pickup #", r.Pickup), labelled("Customer load #", r.CustomerLoad)); refs != "" {
		w.text(content, lineH, "L", refs)
	}
	if len(l.Stops) > 0 {
		rows := make([][]string, len(l.Stops))
		for i, s := range l.Stops {
			rows[i] = stopRow(i, s)
		}
		w.table(stopColumns, rows)
	}
	w.font("", 9)
	w.text(content, lineH+1, "L", freight(l.Load))
	w.Ln(gap)
}

func stopRow(i int, s StopDetail) []string {
	loc := zone(s.Facility)
	seq := s.Stop.Seq
	if seq == 0 {
		seq = i + 1
	}
	return []string{
		strconv.Itoa(seq), humanize(string(s.Stop.Kind)), orDash(s.Facility.Name), cityState(s.Facility.Address),
		window(s.Stop.AppointmentStart, s.Stop.AppointmentEnd, loc), moment(s.Stop.ArrivedAt, loc), moment(s.Stop.DepartedAt, loc),
	}
}

// freight describes what was hauled: "Commodity: Canned goods   Weight: 42,000 lb   Pieces: 20".
func freight(l tms.Load) string {
	weight, pieces := "", ""
	if l.WeightLb > 0 {
		weight = thousands(l.WeightLb) + " lb"
	}
	if l.Pieces > 0 {
		pieces = strconv.Itoa(l.Pieces)
	}
	return joinNonEmpty("   ", labelled("Commodity:", l.Commodity), labelled("Weight:", weight), labelled("Pieces:", pieces))
}

// lineColumns are the columns of the invoice lines table.
var lineColumns = []column{{"DESCRIPTION", content - 75, "L"}, {"LOAD", 40, "L"}, {"AMOUNT", 35, "R"}}

func (w *writer) invoiceLines(d InvoiceData) {
	numbers := map[int64]string{}
	for _, l := range d.Loads {
		numbers[l.Load.ID] = l.Load.Number
	}
	rows := make([][]string, len(d.Invoice.Lines))
	for i, l := range d.Invoice.Lines {
		desc := l.Description
		if desc == "" {
			desc = humanize(l.Kind)
		}
		rows[i] = []string{desc, numbers[l.LoadID], l.AmountCents.String()}
	}
	w.Ln(gap)
	w.heading("CHARGES")
	w.table(lineColumns, rows)
	w.Ln(2)
}

// invoiceTotals prints the total and, when anything was applied, what was paid or credited
// and the balance due. A credit memo prints its total credit.
func (w *writer) invoiceTotals(inv tms.Invoice) {
	total := inv.Total()
	if inv.Kind == tms.KindCreditMemo {
		w.amountRow("TOTAL CREDIT", total, "B", 12)
		return
	}
	w.amountRow("TOTAL", total, "B", 12)
	if inv.PaidCents != 0 {
		w.amountRow("Amount paid", -inv.PaidCents, "", 10)
	}
	if inv.CreditedCents != 0 {
		w.amountRow("Credits applied", -inv.CreditedCents, "", 10)
	}
	if inv.PaidCents != 0 || inv.CreditedCents != 0 {
		w.amountRow("BALANCE DUE", total-inv.PaidCents-inv.CreditedCents, "B", 12)
	}
}
