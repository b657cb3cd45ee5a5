package ui

import (
	"net/http"
	"slices"
	"strings"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

type settlementData struct {
	S        tms.Settlement
	Driver   string
	Lines    []settlementLineView
	Editable bool // a draft: lines can be added
	Moves    []settlementMove
	AddLine  []Control
	Problem  *actionProblem
}

// settlementLineView is a statement line with the number of the load it pays.
type settlementLineView struct {
	tms.SettlementLine
	LoadNumber string
}

// settlementMove is a status button.
type settlementMove struct {
	To     tms.SettlementStatus
	Label  string
	Danger bool
}

// settlementMoves are the buttons each status offers (the store enforces the machine).
var settlementMoves = map[tms.SettlementStatus][]settlementMove{
	tms.SettlementDraft: {{tms.SettlementApproved, "Approve", false}, {tms.SettlementVoid, "Void", true}},
	tms.SettlementApproved: {{tms.SettlementPaid, "Mark paid", false}, {tms.SettlementDraft, "Reopen", false},
		{tms.SettlementVoid, "Void", true}},
}

// manualLineKinds are the lines people add by hand; a deduction is stored negative.
var manualLineKinds = []string{tms.LineDeduction, tms.LineBonus, tms.LineReimbursement}

// settlementPage shows a settlement's lines and totals; a draft takes more lines.
func (u *UI) settlementPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.renderSettlement(w, r, http.StatusOK, id, nil)
}

func (u *UI) renderSettlement(w http.ResponseWriter, r *http.Request, status int, id int64, p *actionProblem) error {
	ctx := r.Context()
	st, err := u.store.Settlement(ctx, id)
	if err != nil {
		return err
	}
	driver, err := u.store.Driver(ctx, st.DriverID)
	if err != nil {
		return err
	}
	numbers := map[int64]string{}
	for _, lid := range st.LoadIDs {
		l, err := u.store.Load(ctx, lid)
		if err != nil {
			return err
		}
		numbers[lid] = l.Number
	}
	d := settlementData{S: st, Driver: driver.Name, Problem: p,
		Editable: st.Status == tms.SettlementDraft, Moves: settlementMoves[st.Status]}
	for _, l := range st.Lines {
		d.Lines = append(d.Lines, settlementLineView{SettlementLine: l, LoadNumber: numbers[l.LoadID]})
	}
	if d.Editable {
		f := newForm(nil)
		if p != nil && p.Action == "line" {
			f = p.Form
		}
		d.AddLine = []Control{
			control("l-", "kind", "Kind", "").choose("", stringOptions(manualLineKinds)).required().from(f),
			control("l-", "description", "Description", "text").required().hint("A fuel advance, a safety bonus, a toll receipt").from(f),
			control("l-", "amount", "Amount ($)", "text").required().hint("Positive: a deduction is taken off the pay.").from(f),
		}
	}
	return u.render(w, r, status, viewSettlement, "Settlement "+st.Number, d)
}

// addSettlementLine adds a deduction, bonus or reimbursement to a draft.
func (u *UI) addSettlementLine(w http.ResponseWriter, r *http.Request) error {
	return u.settlementAction(w, r, "line", func(id int64, f Form) (string, error) {
		line, err := manualLine(f)
		if err == nil {
			_, err = u.billing.AddSettlementLine(r.Context(), id, formInt(f, "version"), line)
		}
		return label(line.Kind) + " added.", err
	})
}

// manualLine reads the add-line form; amounts are typed positive.
func manualLine(f Form) (tms.SettlementLine, error) {
	v := tms.Validation{}
	line := tms.SettlementLine{Kind: f.Get("kind"), Description: trimmed(f, "description")}
	v.Check(slices.Contains(manualLineKinds, line.Kind), "kind", "choose a deduction, a bonus or a reimbursement")
	v.Check(line.Description != "", "description", "is required")
	cents, err := parseCents(trimmed(f, "amount"))
	v.Check(err == nil && cents > 0 && cents < 100_000_000, "amount", "must be an amount above zero such as 150.00")
	line.AmountCents = cents
	if line.Kind == tms.LineDeduction {
		line.AmountCents = -cents
	}
	return line, v.Err()
}

// moveSettlement approves, pays, reopens or voids a settlement.
func (u *UI) moveSettlement(w http.ResponseWriter, r *http.Request) error {
	return u.settlementAction(w, r, "status", func(id int64, f Form) (string, error) {
		to := tms.SettlementStatus(f.Get("status"))
		st, err := u.billing.MoveSettlement(r.Context(), id, formInt(f, "version"), to)
		return "Settlement " + st.Number + " is now " + strings.ToLower(label(to)) + ".", err
	})
}

// settlementAction runs an action on the settlement of the path: done, back to it with a
// notice; refused (bad input, a stale version, a locked settlement), the page again with why.
func (u *UI) settlementAction(w http.ResponseWriter, r *http.Request, action string, do func(int64, Form) (string, error)) error {
	return u.recordAction(w, r, action, settlementPath, u.renderSettlement, do)
}

// settlementPDF serves a settlement's statement to open in the browser.
func (u *UI) settlementPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.writeStatement(w, r, id)
}

func (u *UI) writeStatement(w http.ResponseWriter, r *http.Request, id int64) error {
	st, pdf, err := u.billing.StatementPDF(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WritePDF(w, "statement-"+st.Number+".pdf", pdf)
}
