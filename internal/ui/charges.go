package ui

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/anditms/tms/internal/tms"
)

// chargesSection is a load's charge lines and total, editable by billing staff and
// dispatchers until the load is invoiced.
type chargesSection struct {
	Lines    []tms.Charge
	Total    tms.Cents
	Editable bool
	Rows     []chargeFormRow
	Form     Form
	Problem  *actionProblem
	Action   string
}

func chargesOf(v loadView, p perms, prob *actionProblem) chargesSection {
	c := chargesSection{Lines: v.Charges, Total: v.TotalCents, Action: "/loads/" + strconv.FormatInt(v.ID, 10) + "/charges",
		Editable: p.Bill && v.Status != tms.StatusInvoiced && v.Status != tms.StatusPaid}
	if !c.Editable {
		return c
	}
	if prob != nil && prob.Action == "charges" {
		c.Form, c.Problem = prob.Form, prob
	} else {
		c.Form = newForm(nil)
		c.Form.Values.Set("version", strconv.Itoa(v.Version))
		rows := make([]row, len(v.Charges))
		for i, ch := range v.Charges {
			rows[i] = row{"kind": ch.Kind, "description": ch.Description, "amount": dollars(ch.AmountCents)}
		}
		writeRows(c.Form, "charges", chargeFields, rows)
	}
	c.Rows = chargeRows(c.Form)
	return c
}

// saveCharges replaces a load's charge lines; the add and remove buttons show the form again.
func (u *UI) saveCharges(w http.ResponseWriter, r *http.Request) error {
	id, f, err := pathForm(r)
	if err != nil {
		return err
	}
	if applyRowOp(f, f.Get("op")) {
		return u.renderLoad(w, r, http.StatusOK, id, &actionProblem{Action: "charges", Form: f})
	}
	return u.loadAction(w, r, "charges", func(id int64, f Form) (string, error) {
		v, idx := tms.Validation{}, indexMap{}
		charges := chargeInputs(f, idx, v)
		err := v.Err()
		if err == nil {
			_, err = u.dispatch.SetCharges(r.Context(), id, charges, formInt(f, "version"))
		}
		return "Charges saved.", remapFields(err, idx)
	})
}

// remapFields renames a refusal's field errors from submitted rows to form rows.
func remapFields(err error, idx indexMap) error {
	var e *tms.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = idx.formErrors(e.Fields)
	return &c
}
