package ui

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/anditms/tms/internal/tms"
)

// DemoData is the demo data set of the installation: whether it is loaded, and removing it
// with the demo logins (internal/seed, wired by internal/app).
type DemoData interface {
	Loaded(ctx context.Context) (bool, error)
	// Remove returns CodeConflict with the reason when the demo data cannot go.
	Remove(ctx context.Context) error
}

// demoLoaded reports whether the banner about the demo data shows; a failed check hides it.
func (u *UI) demoLoaded(ctx context.Context) bool {
	if u.demo == nil {
		return false
	}
	loaded, err := u.demo.Loaded(ctx)
	if err != nil {
		slog.WarnContext(ctx, "demo data check", "err", err)
	}
	return loaded
}

// demoPageData is the page that explains what removing the demo data deletes.
type demoPageData struct {
	Loaded  bool
	Problem string // why the demo data could not be removed
}

func (u *UI) demoPage(w http.ResponseWriter, r *http.Request) error {
	return u.render(w, r, http.StatusOK, viewDemo, "Demo data", demoPageData{Loaded: u.demoLoaded(r.Context())})
}

// removeDemo deletes the demo data and the demo logins; a refusal is shown on the page.
func (u *UI) removeDemo(w http.ResponseWriter, r *http.Request) error {
	err := u.demo.Remove(r.Context())
	if tms.ErrorCode(err) == tms.CodeConflict {
		return u.render(w, r, http.StatusConflict, viewDemo, "Demo data", demoPageData{Loaded: u.demoLoaded(r.Context()), Problem: tms.ErrorMessage(err)})
	}
	if err != nil {
		return err
	}
	u.flash(r, "The demo data and the demo logins were removed.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
