package osrm

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// APIError is an OSRM answer whose code is not "Ok". Callers reach it with errors.As.
type APIError struct {
	Status  int    // HTTP status of the answer
	Code    string // OSRM's code: NoRoute, NoSegment, NoTable, TooBig, InvalidQuery ...
	Message string // OSRM's human-readable message, may be empty
}

func (e *APIError) Error() string {
	return fmt.Sprintf("osrm %s (HTTP %d): %s", e.Code, e.Status, e.Message)
}

// envelope is the part every OSRM answer shares.
type envelope struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// userMessages are the codes that say something about the caller's points rather than about
// this client or the server; they become CodeInvalid with a message a dispatcher understands.
var userMessages = map[string]string{
	"NoRoute":   "no road route between the points",
	"NoTable":   "no road route between the points",
	"NoSegment": "a point is too far from any road",
	"TooBig":    "too many points for the router",
}

// apiError turns a non-Ok envelope into an error: CodeInvalid for the codes above, an
// internal error for the rest (a malformed request is this client's fault).
func apiError(service string, status int, env envelope) error {
	e := &APIError{Status: status, Code: env.Code, Message: env.Message}
	if msg, ok := userMessages[env.Code]; ok {
		if env.Message != "" {
			msg += ": " + env.Message
		}
		return &tms.Error{Code: tms.CodeInvalid, Message: msg, Err: e}
	}
	return fmt.Errorf("osrm %s: %w", service, e)
}

// statusError explains a non-200 answer, with OSRM's code and message when the body has them.
func statusError(service string, status int, body []byte) error {
	var env envelope
	if json.Unmarshal(body, &env) == nil && env.Code != "" && env.Code != "Ok" {
		return apiError(service, status, env)
	}
	return fmt.Errorf("osrm %s: HTTP %d: %s", service, status, snippet(body))
}

// snippet shows the start of a body in an error message.
func snippet(body []byte) string {
	const max = 200
	s := strings.TrimSpace(string(body))
	if len(s) > max {
		s = s[:max] + "..."
	}
	return fmt.Sprintf("%q", s)
}
