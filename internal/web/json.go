package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// DecodeJSON reads a JSON request body into v. Unknown fields, trailing data, a wrong
// content type or a body over the server's limit are CodeInvalid errors that say what is wrong.
func DecodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
			return tms.Errorf(tms.CodeInvalid, "Content-Type must be application/json")
		}
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return tms.Errorf(tms.CodeInvalid, "request body must hold a single JSON value")
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
		return tms.Errorf(tms.CodeInvalid, "request body is larger than %d bytes", tooBig.Limit)
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
