package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/anditms/tms/internal/tms"
)

// Form is a submitted (or prefilled) form with its errors, so a failed submission renders
// again with the user's input and a message next to each field.
type Form struct {
	Values  url.Values
	Errors  map[string]string // field name -> message, as tms.Error.Fields
	Message string            // about the whole form
}

func newForm(values url.Values) Form {
	if values == nil {
		values = url.Values{}
	}
	return Form{Values: values, Errors: map[string]string{}}
}

// Get returns a field's value.
func (f Form) Get(name string) string { return f.Values.Get(name) }

// Checked reports whether a checkbox was ticked.
func (f Form) Checked(name string) bool { return f.Values.Get(name) == "on" }

// Fail copies a correctable error (bad input, a conflict) into the form and returns the
// status to render it with; ok is false for any other error, which the caller returns.
// rename maps a store's field names to the form's ("password" -> "new_password").
func (f *Form) Fail(err error, rename ...string) (status int, ok bool) {
	var e *tms.Error
	if !errors.As(err, &e) {
		return 0, false
	}
	switch e.Code {
	case tms.CodeInvalid:
		status = http.StatusUnprocessableEntity
	case tms.CodeConflict:
		status = http.StatusConflict
	default:
		return 0, false
	}
	for k, v := range e.Fields {
		f.Errors[renamed(k, rename)] = v
	}
	if len(e.Fields) == 0 {
		f.Message = e.Message
	}
	return status, true
}

func renamed(field string, pairs []string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] == field {
			return pairs[i+1]
		}
	}
	return field
}

// Field describes one input for the "field" template.
type Field struct {
	Name, Label, Type, Autocomplete string
	Value, Error                    string
	Required                        bool
	Options                         []string // for the "select" template
}

// Input is a required input; passwords are never echoed back.
func (f Form) Input(name, label, typ, autocomplete string) Field {
	fd := Field{Name: name, Label: label, Type: typ, Autocomplete: autocomplete, Error: f.Errors[name], Required: true}
	if typ != "password" {
		fd.Value = f.Get(name)
	}
	return fd
}

// Optional is an input that may stay empty.
func (f Form) Optional(name, label, typ, autocomplete string) Field {
	fd := f.Input(name, label, typ, autocomplete)
	fd.Required = false
	return fd
}

// Select is a required choice among options.
func (f Form) Select(name, label string, options []string) Field {
	return Field{Name: name, Label: label, Value: f.Get(name), Error: f.Errors[name], Required: true, Options: options}
}

// pathID reads a positive integer path parameter; anything else is a page that does not exist.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, tms.Errorf(tms.CodeNotFound, "there is no page at this address")
	}
	return id, nil
}

// pathForm reads the id path parameter and the posted form of an action on one record.
func pathForm(r *http.Request) (int64, Form, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, Form{}, err
	}
	f, err := postedForm(r)
	return id, f, err
}

// postedForm reads a url-encoded form body.
func postedForm(r *http.Request) (Form, error) {
	if err := r.ParseForm(); err != nil {
		return Form{}, tms.Errorf(tms.CodeInvalid, "the form could not be read")
	}
	return newForm(r.PostForm), nil
}

// formDate reads a required YYYY-MM-DD field.
func formDate(f Form, name string, v tms.Validation) tms.Date {
	d, err := tms.ParseDate(trimmed(f, name))
	v.Check(err == nil, name, "must be a date")
	return d
}
