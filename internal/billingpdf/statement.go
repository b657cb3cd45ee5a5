package billingpdf

import (
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// StatementData is everything a driver settlement statement prints.
type StatementData struct {
	Carrier    tms.CarrierSettings
	Driver     tms.Driver
	Settlement tms.Settlement
	// LoadNumbers names the loads of the settlement's lines by load ID.
	LoadNumbers map[int64]string
}

// statementSection is one table of a statement: its lines and their sum.
type statementSection struct {
	title string
	lines []tms.SettlementLine
	sum   tms.Cents
}

// RenderStatement lays out a driver's settlement statement: letterhead, pay period and
// driver, earnings, reimbursements and deductions (negative), gross, deductions and net pay.
func RenderStatement(d StatementData) ([]byte, error) {
	s := d.Settlement
	w := newWriter("Driver settlement " + s.Number).numberPages("")
	left := w.letterhead(d.Carrier)
	right := w.titleBlock("DRIVER SETTLEMENT", [][2]string{
		{"Statement #", s.Number},
		{"Pay period", joinNonEmpty(" \u2013 ", s.PeriodStart.String(), s.PeriodEnd.String())},
		{"Status", humanize(string(s.Status))},
		{"Driver", d.Driver.Name},
	})
	w.rule(max(left, right) + 1)
	earnings, reimbursements, deductions := splitLines(s.Lines)
	for _, sec := range []statementSection{earnings, reimbursements, deductions} {
		w.statementTable(sec, d.LoadNumbers)
	}
	w.Ln(gap)
	w.amountRow("Gross pay", earnings.sum+reimbursements.sum, "", 10)
	w.amountRow("Deductions", deductions.sum, "", 10)
	w.netPay(earnings.sum + reimbursements.sum + deductions.sum)
	w.note("NOTES", s.Notes)
	return w.bytes("settlement " + s.Number)
}

// splitLines sorts lines into earnings, reimbursements and deductions. Deductions are
// negative: a deduction line stored positive is shown (and summed) negated.
func splitLines(lines []tms.SettlementLine) (earnings, reimbursements, deductions statementSection) {
	earnings.title, reimbursements.title, deductions.title = "EARNINGS", "REIMBURSEMENTS", "DEDUCTIONS"
	for _, l := range lines {
		switch {
		case l.Kind == tms.LineDeduction || l.AmountCents < 0:
			if l.AmountCents > 0 {
				l.AmountCents = -l.AmountCents
			}
			deductions.add(l)
		case l.Kind == tms.LineReimbursement:
			reimbursements.add(l)
		default:
			earnings.add(l)
		}
	}
	return earnings, reimbursements, deductions
}

func (s *statementSection) add(l tms.SettlementLine) {
	s.lines = append(s.lines, l)
	s.sum += l.AmountCents
}

var statementColumns = []column{{"KIND", 32, "L"}, {"LOAD", 32, "L"}, {"DESCRIPTION", content - 99, "L"}, {"AMOUNT", 35, "R"}}

// statementTable prints a section's lines and subtotal; an empty section is left out.
func (w *writer) statementTable(sec statementSection, loads map[int64]string) {
	if len(sec.lines) == 0 {
		return
	}
	rows := make([][]string, len(sec.lines))
	for i, l := range sec.lines {
		rows[i] = []string{humanize(l.Kind), loads[l.LoadID], l.Description, l.AmountCents.String()}
	}
	w.heading(sec.title)
	w.table(statementColumns, rows)
	w.amountRow("Total "+strings.ToLower(sec.title), sec.sum, "B", 9)
	w.Ln(gap)
}

// netPay prints the net pay in a large, boxed row.
func (w *writer) netPay(net tms.Cents) {
	w.Ln(2)
	w.ensureSpace(12)
	x, y := margin+content-100, w.GetY()
	w.SetFillColor(230, 230, 230)
	w.Rect(x, y, 100, 11, "FD")
	w.SetXY(x, y+1.5)
	w.font("B", 14)
	w.CellFormat(62, 8, "NET PAY", "", 0, "R", false, 0, "")
	w.CellFormat(36, 8, net.String(), "", 1, "R", false, 0, "")
	w.SetXY(margin, y+11+gap)
}
