// Package web holds what the JSON API and the HTML UI share: the error boundary, middleware,
// sessions and authentication, health checks and the server's life cycle.
package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"syscall"

	"github.com/anditms/tms/internal/tms"
)

// Handler is an HTTP handler that returns its error to one boundary instead of writing it.
type Handler func(w http.ResponseWriter, r *http.Request) error

// statusOf maps application error codes to HTTP statuses.
var statusOf = map[tms.Code]int{
	tms.CodeInvalid:         http.StatusBadRequest,
	tms.CodeNotFound:        http.StatusNotFound,
	tms.CodeConflict:        http.StatusConflict,
	tms.CodeUnauthorized:    http.StatusUnauthorized,
	tms.CodeForbidden:       http.StatusForbidden,
	tms.CodeRateLimited:     http.StatusTooManyRequests,
	tms.CodeInternal:        http.StatusInternalServerError,
	tms.CodeUnavailable:     http.StatusServiceUnavailable,
	tms.CodeTooLarge:        http.StatusRequestEntityTooLarge,
	tms.CodeUnprocessable:   http.StatusUnprocessableEntity,
	tms.CodeVersionRequired: http.StatusPreconditionRequired,
}

// Status returns the HTTP status for err.
func Status(err error) int { return statusOf[tms.ErrorCode(Classify(err))] }

// Classify turns an internal error caused by a dependency that failed or timed out (a refused
// or cut connection, a deadline) into CodeUnavailable, so every handler answers it with 503
// and Retry-After instead of a bare 500; any other error comes back as it is.
func Classify(err error) error {
	if tms.ErrorCode(err) != tms.CodeInternal || !dependencyFailed(err) {
		return err
	}
	return tms.Unavailable("a service this request needs is not answering; try again in a few seconds", err)
}

// dependencyFailed reports network failures and expired deadlines anywhere in err's chain.
func dependencyFailed(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, net.ErrClosed) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// Problem is an RFC 7807 problem document with our extensions.
type Problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail"`
	Code      tms.Code          `json:"code"`
	Instance  string            `json:"instance,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
	Errors    map[string]string `json:"errors,omitempty"`
	Extra     map[string]any    `json:"extra,omitempty"`
}

// ServeHTTP runs the handler and renders a returned error as problem+json.
func (h Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h(w, r); err != nil {
		WriteProblem(w, r, err)
	}
}

// WriteProblem renders err. Internal errors are logged here, once, with the request ID, and
// the client sees only a generic message.
func WriteProblem(w http.ResponseWriter, r *http.Request, err error) {
	err = Classify(err)
	status := Status(err)
	p := Problem{
		Type: "about:blank", Title: http.StatusText(status), Status: status, Code: tms.ErrorCode(err),
		Detail: tms.ErrorMessage(err), Instance: r.URL.Path, RequestID: RequestID(r.Context()),
	}
	var e *tms.Error
	if errors.As(err, &e) {
		p.Errors, p.Extra = e.Fields, e.Detail
	}
	if status >= 500 {
		slog.ErrorContext(r.Context(), "request failed", "err", err, "request_id", p.RequestID, "path", r.URL.Path)
	}
	if ra, ok := p.Extra["retry_after_seconds"]; ok {
		w.Header().Set("Retry-After", jsonNumber(ra))
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}

func jsonNumber(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
