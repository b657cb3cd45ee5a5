package ui

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/csvio"
	"github.com/anditms/tms/internal/tms"
)

// masterSections are the master-data pages, for the navigation and the tabs.
var masterSections = []string{"/customers", "/facilities", "/drivers", "/trucks", "/trailers", "/devices", "/edi/partners"}

// masterKind is one kind of master data as the UI lists and edits it: the pages are
// written once here, each kind describes itself in its own file (customers.go, ...).
type masterKind[T any] struct {
	path, title, singular string
	csv                   csvio.Kind // "" = no CSV import or export
	statuses              []string   // the list's status filter
	columns               []string
	cells                 func(ctx context.Context, items []T) ([][]string, error) // the list's cells, row by row
	warn                  func(v *T) []string                                      // shown on the row and the form (drivers' expiring documents)
	fields                func(ctx context.Context) ([]fieldSpec[T], error)
	rename                []string // domain field -> form field pairs, for Form.Fail
	name                  func(v *T) string
	blank                 func() T
	meta                  func(v *T) *tms.Meta
	create                func(context.Context, *T) error
	get                   func(context.Context, int64) (T, error)
	list                  func(context.Context, tms.MasterFilter) (tms.Page[T], error)
	update                func(context.Context, int64, func(*T) error) (T, error)
	// extra is more for the form page (the facility's map picker, the driver's login); nil = nothing.
	extra func(ctx context.Context, v *T) (any, error)
	// summary is what a stored record's page shows below the form (the customer's loads and
	// receivables); nil = nothing.
	summary func(ctx context.Context, id int64) (any, error)
	// phoneSetup shows above the list how to track a truck with a phone (the devices page).
	phoneSetup bool
}

// masterInfo is what the templates know of a kind.
type masterInfo struct {
	Path, Title, Singular string
	CSV                   string
}

func (k *masterKind[T]) info() masterInfo {
	return masterInfo{Path: k.path, Title: k.title, Singular: k.singular, CSV: string(k.csv)}
}

// routes: office staff read; dispatchers and admins create, edit and import.
func (k *masterKind[T]) routes(u *UI) []route {
	rs := []route{
		{"GET " + k.path, authz.OfficeRead, k.listPage(u)},
		{"GET " + k.path + "/new", authz.Dispatch, k.newPage(u)},
		{"POST " + k.path + "/new", authz.Dispatch, k.createRecord(u)},
		{"GET " + k.path + "/{id}", authz.OfficeRead, k.editPage(u)},
		{"POST " + k.path + "/{id}", authz.Dispatch, k.updateRecord(u)},
	}
	if k.csv != "" {
		rs = append(rs, route{"POST " + k.path + "/import", authz.Dispatch, k.importFile(u)})
	}
	return rs
}

type masterFormData struct {
	Kind     masterInfo
	ID       int64 // 0 for a new record
	Name     string
	Form     Form
	Controls []Control
	Warnings []string
	Perms    perms
	Extra    any
	Summary  any
	Other    map[string]string // errors of fields the form has no input for
}

func (k *masterKind[T]) newPage(u *UI) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		v := k.blank()
		return k.renderForm(w, r, u, http.StatusOK, 0, &v, newForm(k.values(r.Context(), &v)))
	}
}

func (k *masterKind[T]) editPage(u *UI) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		v, err := k.get(r.Context(), id)
		if err != nil {
			return err
		}
		f := newForm(k.values(r.Context(), &v))
		f.Values.Set("version", strconv.Itoa(k.meta(&v).Version))
		return k.renderForm(w, r, u, http.StatusOK, id, &v, f)
	}
}

// values fills a form from a record.
func (k *masterKind[T]) values(ctx context.Context, v *T) url.Values {
	q := url.Values{}
	specs, _ := k.fields(ctx)
	for _, s := range specs {
		if val := s.get(v); val != "" {
			q.Set(s.ctl.Name, val)
		}
	}
	return q
}

func (k *masterKind[T]) renderForm(w http.ResponseWriter, r *http.Request, u *UI, status int, id int64, v *T, f Form) error {
	specs, err := k.fields(r.Context())
	if err != nil {
		return err
	}
	d := masterFormData{Kind: k.info(), ID: id, Form: f, Perms: permsOf(r)}
	d.Other = map[string]string{}
	for k, msg := range f.Errors {
		d.Other[k] = msg
	}
	for _, s := range specs {
		d.Controls = append(d.Controls, s.ctl.from(f))
		delete(d.Other, s.ctl.Name)
	}
	title := "New " + k.singular
	if id != 0 {
		d.Name = k.name(v)
		title = d.Name
	}
	if k.warn != nil && id != 0 {
		d.Warnings = k.warn(v)
	}
	if k.extra != nil {
		if d.Extra, err = k.extra(r.Context(), v); err != nil {
			return err
		}
	}
	if k.summary != nil && id != 0 {
		if d.Summary, err = k.summary(r.Context(), id); err != nil {
			return err
		}
	}
	return u.render(w, r, status, viewMasterForm, title, d)
}

// apply writes the form onto v; the error lists the fields that are not even readable.
func (k *masterKind[T]) apply(ctx context.Context, f Form, v *T) error {
	specs, err := k.fields(ctx)
	if err != nil {
		return err
	}
	val := tms.Validation{}
	for _, s := range specs {
		if err := s.set(v, strings.TrimSpace(f.Get(s.ctl.Name))); err != nil {
			val.Check(false, s.ctl.Name, err.Error())
		}
	}
	if len(val) > 0 {
		// Say what else is wrong too, so one submission shows every problem.
		var e *tms.Error
		if r, ok := any(v).(interface{ Validate() error }); ok && errors.As(r.Validate(), &e) {
			for field, msg := range e.Fields {
				val.Check(false, renamed(field, k.rename), msg)
			}
		}
	}
	return val.Err()
}

func (k *masterKind[T]) createRecord(u *UI) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, err := postedForm(r)
		if err != nil {
			return err
		}
		v := k.blank()
		err = k.apply(r.Context(), f, &v)
		if err == nil {
			err = k.create(r.Context(), &v)
		}
		return k.saved(w, r, u, 0, &v, f, err)
	}
}

// updateRecord saves the form over the record unless someone changed it since the form
// was read (its version).
func (k *masterKind[T]) updateRecord(u *UI) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, f, err := pathForm(r)
		if err != nil {
			return err
		}
		v, err := k.update(r.Context(), id, func(cur *T) error {
			if current := k.meta(cur).Version; f.Get("version") != strconv.Itoa(current) {
				return &tms.Error{Code: tms.CodeConflict, Detail: map[string]any{"current_version": current},
					Message: "someone changed this " + k.singular + " after you opened the page; reload it and apply your change again"}
			}
			return k.apply(r.Context(), f, cur)
		})
		if tms.ErrorCode(err) == tms.CodeNotFound {
			return err
		}
		return k.saved(w, r, u, id, &v, f, err)
	}
}

// saved goes back to the list after a save, or shows the form with what is wrong.
func (k *masterKind[T]) saved(w http.ResponseWriter, r *http.Request, u *UI, id int64, v *T, f Form, err error) error {
	if err == nil {
		u.flash(r, "Saved "+k.name(v)+".")
		http.Redirect(w, r, k.path, http.StatusSeeOther)
		return nil
	}
	status, ok := f.Fail(err, k.rename...)
	if !ok {
		return err
	}
	if id != 0 {
		if cur, err := k.get(r.Context(), id); err == nil {
			v = &cur
		}
	}
	return k.renderForm(w, r, u, status, id, v, f)
}
