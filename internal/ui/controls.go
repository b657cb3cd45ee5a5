package ui

// Control is one labelled form control as the "control" template draws it: an input of
// any type, a select, a textarea or a checkbox, with its hint and error. ID is unique on
// the page (a board card's assign form, fetched when opened, has the card's prefix); Name is
// what the form submits.
type Control struct {
	ID, Name, Label, Type string
	Value, Error, Hint    string
	Required, Checked     bool
	Options               []option // select
	Blank                 string   // select: the label of an empty first choice ("" = none)
	Step, Min, Max        string   // number and date inputs
	Autocomplete          string
	Accept, Capture       string // file inputs
	Describe              string // the id of another element that describes the control
}

// control builds a control whose ID is prefix + name.
func control(prefix, name, label, typ string) Control {
	return Control{ID: prefix + name, Name: name, Label: label, Type: typ}
}

// from fills the value and error of c from a form.
func (c Control) from(f Form) Control {
	c.Value, c.Error = f.Get(c.Name), f.Errors[c.Name]
	if c.Type == "checkbox" {
		c.Checked = f.Checked(c.Name)
	}
	return c
}

func (c Control) required() Control { c.Required = true; return c }

func (c Control) hint(h string) Control { c.Hint = h; return c }

func (c Control) choose(blank string, opts []option) Control {
	c.Type, c.Blank, c.Options = "select", blank, opts
	return c
}

// stringOptions makes options whose value is the enum value and whose label is its words.
func stringOptions[S ~string](values []S) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{Value: string(v), Label: label(v)}
	}
	return out
}

// Shown is the control's value as people read it: a choice's label, yes or no, or "—".
func (c Control) Shown() string {
	switch c.Type {
	case "checkbox":
		if c.Checked {
			return "Yes"
		}
		return "No"
	case "select":
		for _, o := range c.Options {
			if o.Value == c.Value {
				return o.Label
			}
		}
	}
	if c.Value == "" {
		return "—"
	}
	return c.Value
}
