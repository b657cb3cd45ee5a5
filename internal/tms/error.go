// Package tms is the domain of Andi TMS: its types, status machines, validation, money and
// distance rules, error codes, and the Store interfaces that every backend implements.
// It imports nothing of ours.
package tms

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code classifies an application error; the HTTP boundary maps each code to one status.
type Code string

// Error codes. Anything that is not an *Error is treated as CodeInternal at the boundary.
const (
	CodeInvalid      Code = "invalid"
	CodeNotFound     Code = "not_found"
	CodeConflict     Code = "conflict"
	CodeUnauthorized Code = "unauthorized"
	CodeForbidden    Code = "forbidden"
	CodeRateLimited  Code = "rate_limited"
	CodeInternal     Code = "internal"
	// CodeUnavailable: a dependency (database, Redis, S3) failed or did not answer in time;
	// the same request may succeed a few seconds later.
	CodeUnavailable Code = "unavailable"
	// CodeTooLarge: the request body is over the limit.
	CodeTooLarge Code = "too_large"
	// CodeUnprocessable: well-formed, but it contradicts what the key or record says (an
	// Idempotency-Key reused with another body).
	CodeUnprocessable Code = "unprocessable"
	// CodeVersionRequired: a replace sent without the version it replaces.
	CodeVersionRequired Code = "version_required"
)

// Error is the one application error type. Message is safe to show to a user; Fields holds
// per-field validation messages keyed by the JSON field name; Detail carries structured data
// (e.g. the allowed transitions or the current version) for the client.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
	Detail  map[string]any
	Err     error // wrapped cause, never shown to users
}

func (e *Error) Error() string {
	msg := string(e.Code) + ": " + e.Message
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + e.Fields[k]
		}
		msg += " (" + strings.Join(parts, "; ") + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error with a formatted user-facing message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFound reports that the named entity with the given id does not exist.
func NotFound(entity string, id any) *Error {
	return Errorf(CodeNotFound, "%s %v not found", entity, id)
}

// RetryAfterSeconds is the wait an unavailable dependency asks of clients.
const RetryAfterSeconds = 5

// Unavailable reports that a dependency failed: the message is for users, err the cause.
func Unavailable(message string, err error) *Error {
	return &Error{Code: CodeUnavailable, Message: message, Detail: map[string]any{"retry_after_seconds": RetryAfterSeconds}, Err: err}
}

// ErrorCode returns the code of err, CodeInternal for foreign errors and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the user-facing message of err; foreign errors get a generic text
// so a driver error never reaches a client.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// Validation collects field errors and turns into one CodeInvalid error.
type Validation map[string]string

// Check records msg for field when ok is false; the first message per field wins.
func (v Validation) Check(ok bool, field, msg string) {
	if !ok {
		if _, dup := v[field]; !dup {
			v[field] = msg
		}
	}
}

// Err returns nil when nothing failed, else an *Error with every field message.
func (v Validation) Err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: "validation failed", Fields: map[string]string(v)}
}
