package ui

import "net/http"

// formAction runs do on the posted form of a settlement or settings page. Done, it keeps
// do's notice for the next page and sends the browser to next; refused (bad input, a stale
// version, a locked record), again shows the page with the form, its errors and the status.
// rename maps the domain's field names to the form's.
func (u *UI) formAction(w http.ResponseWriter, r *http.Request, next string, do func(Form) (string, error),
	again func(status int, f Form) error, rename ...string) error {
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	done, err := do(f)
	if err == nil {
		u.flash(r, done)
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	status, ok := f.Fail(err, rename...)
	if !ok {
		return err
	}
	return again(status, f)
}

// problem is a refused form as the page shows it next to the form of action.
func problem(action string, f Form) *actionProblem {
	return &actionProblem{Action: action, Message: f.Message, Form: f}
}
