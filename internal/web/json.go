package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/anditms/tms/internal/tms"
)

// DecodeJSON reads a JSON object request body into v. Unknown fields, trailing data, a wrong
// content type, null, {} (nothing to write), NUL characters, invalid UTF-8 and values over the
// limits of CheckLimits are CodeInvalid errors that say what is wrong; a body over the
// server's limit is CodeTooLarge.
func DecodeJSON(r *http.Request, v any) error { return decodeJSON(r, v, false) }

// DecodeOptionalJSON is DecodeJSON for a body that may be left out or be {} (an action whose
// fields all have defaults).
func DecodeOptionalJSON(r *http.Request, v any) error { return decodeJSON(r, v, true) }

func decodeJSON(r *http.Request, v any, optional bool) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
			return tms.Errorf(tms.CodeInvalid, "Content-Type must be application/json")
		}
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return jsonError(err)
	}
	if err := CheckText(b); err != nil {
		return err
	}
	body := bytes.TrimSpace(b)
	switch {
	case len(body) == 0 && optional:
		return nil
	case len(body) == 0:
		return tms.Errorf(tms.CodeInvalid, "request body is empty")
	case string(body) == "null":
		return tms.Errorf(tms.CodeInvalid, "request body must be a JSON object, not null")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return tms.Errorf(tms.CodeInvalid, "request body must hold a single JSON value")
	}
	if !optional && emptyObject.Match(body) {
		return &tms.Error{Code: tms.CodeInvalid, Message: "request body is an empty object: send the record's fields", Fields: requiredFields(v)}
	}
	return CheckLimits(v)
}

var (
	emptyObject = regexp.MustCompile(`^\{\s*\}$`)
	escapedNUL  = regexp.MustCompile(`(?i)\\u0000`)
)

// CheckText refuses text that no column can store the same way on both engines: invalid
// UTF-8 and NUL characters, raw or escaped.
func CheckText(b []byte) error {
	switch {
	case !utf8.Valid(b):
		return tms.Errorf(tms.CodeInvalid, "text must be valid UTF-8")
	case bytes.IndexByte(b, 0) >= 0 || escapedNUL.Match(b):
		return tms.Errorf(tms.CodeInvalid, "text must not contain NUL characters")
	}
	return nil
}

func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, io.EOF):
		return tms.Errorf(tms.CodeInvalid, "request body is empty")
	case errors.As(err, &syntax):
		return tms.Errorf(tms.CodeInvalid, "malformed JSON at byte %d", syntax.Offset)
	case errors.As(err, &typeErr):
		return &tms.Error{Code: tms.CodeInvalid, Message: "validation failed",
			Fields: map[string]string{typeErr.Field: fmt.Sprintf("must be a %s", typeErr.Type)}}
	case errors.As(err, &tooBig):
		return tms.Errorf(tms.CodeTooLarge, "request body is larger than %d bytes", tooBig.Limit)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{field: "is not a known field"}}
	}
	return tms.Errorf(tms.CodeInvalid, "malformed JSON")
}

// WriteJSON writes v with status.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// WriteJSONBytes writes JSON already encoded (ending in a newline, as WriteJSON's) with status.
func WriteJSONBytes(w http.ResponseWriter, status int, b []byte) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err := w.Write(b)
	return err
}
