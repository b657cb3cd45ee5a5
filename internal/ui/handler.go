package ui

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// Handler is a page or an action. A returned error goes to one boundary, which renders an
// error page (or an htmx fragment); handlers render their own form errors.
type Handler func(w http.ResponseWriter, r *http.Request) error

// serve wraps a route's handler: an upload's own body limit, the CSRF check on unsafe
// methods, then the role check, inside the HTML error boundary.
func (u *UI) serve(rt route) http.Handler {
	h := rt.handler
	if !rt.action.IsPublic() {
		h = Handler(web.Require(rt.action, web.Handler(h)))
	}
	h = u.checkCSRF(checkFormText(h))
	if n := u.bodyLimit(rt.pattern); n > 0 {
		h = limitMultipart(n, h)
	}
	return u.boundary(h)
}

// boundary renders a handler's error: 401 sends the browser to the login page, anything
// else becomes an error page with the status of the error's code. Internal errors are
// logged once, here, and shown only as a generic message with the request ID.
func (u *UI) boundary(h Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		switch {
		case err == nil:
		case tms.ErrorCode(err) == tms.CodeUnauthorized:
			toLogin(w, r)
		default:
			u.renderError(w, r, err)
		}
	})
}

// errorData is what the error view shows.
type errorData struct {
	Status    int
	Message   string
	RequestID string
}

// RenderError renders err as the error page (or fragment) outside a route: the session
// middleware's failures.
func (u *UI) RenderError(w http.ResponseWriter, r *http.Request, err error) { u.renderError(w, r, err) }

func (u *UI) renderError(w http.ResponseWriter, r *http.Request, err error) {
	err = web.Classify(err)
	status := web.Status(err)
	data := errorData{Status: status, Message: tms.ErrorMessage(err), RequestID: web.RequestID(r.Context())}
	if status >= 500 {
		slog.ErrorContext(r.Context(), "request failed", "err", err, "request_id", data.RequestID, "path", r.URL.Path)
	}
	if secs, ok := retryAfter(err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	title := errorTitle(status)
	var rerr error
	if isHTMX(r) {
		rerr = u.renderFragment(w, r, status, viewError, "error-fragment", data)
	} else {
		rerr = u.render(w, r, status, viewError, title, data)
	}
	if rerr != nil {
		slog.ErrorContext(r.Context(), "render error page", "err", rerr, "request_id", data.RequestID)
		http.Error(w, title, status)
	}
}

func errorTitle(status int) string {
	switch status {
	case http.StatusForbidden:
		return "Not allowed"
	case http.StatusNotFound:
		return "Page not found"
	case http.StatusInternalServerError:
		return "Something went wrong"
	case http.StatusServiceUnavailable:
		return "Temporarily unavailable"
	}
	return http.StatusText(status)
}

// retryAfter returns the seconds a rate-limited caller must wait.
func retryAfter(err error) (int, bool) {
	var e *tms.Error
	if !errors.As(err, &e) {
		return 0, false
	}
	secs, ok := e.Detail["retry_after_seconds"].(int)
	return secs, ok
}

// toLogin sends an anonymous caller to the login page, coming back to the page it asked for.
// An htmx request gets HX-Redirect so the whole page changes, not a fragment.
func toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	if isHTMX(r) {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// notFound answers every path no other route claims.
func (u *UI) notFound(http.ResponseWriter, *http.Request) error {
	return tms.Errorf(tms.CodeNotFound, "there is no page at this address")
}
