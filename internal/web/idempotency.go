package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"

	"github.com/anditms/tms/internal/tms"
)

// Idempotent makes a create safe to retry: a request with an Idempotency-Key runs once per
// user, method and full path (the same key on another invoice's payments is another request);
// a retry with the same key and body gets the first response again, byte for byte, and the
// same key with a different body is refused (422).
func Idempotent(store tms.IdempotencyStore, next Handler) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			return next(w, r)
		}
		if len(key) > 200 {
			return tms.Errorf(tms.CodeInvalid, "Idempotency-Key must be at most 200 characters")
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return jsonError(err)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		u, _ := CurrentUser(r.Context())
		scope := strconv.FormatInt(u.ID, 10) + " " + r.Method + " " + r.URL.EscapedPath()
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])
		prev, owned, err := store.ReserveIdempotencyKey(r.Context(), scope, key, hash)
		if err != nil {
			return err
		}
		if !owned {
			return replay(w, prev, hash)
		}
		return record(w, r, store, scope, key, next)
	}
}

func replay(w http.ResponseWriter, prev tms.StoredResponse, hash string) error {
	switch {
	case !prev.Done:
		return tms.Errorf(tms.CodeConflict, "a request with this Idempotency-Key is still in progress")
	case prev.RequestHash != hash:
		return tms.Errorf(tms.CodeUnprocessable, "this Idempotency-Key was used with a different request body")
	}
	w.Header().Set("Content-Type", prev.ContentType)
	w.Header().Set("Idempotent-Replayed", "true")
	w.WriteHeader(prev.Status)
	_, err := w.Write(prev.Body)
	return err
}

// record runs next, keeping its response for replay; a failed attempt frees the key.
func record(w http.ResponseWriter, r *http.Request, store tms.IdempotencyStore, scope, key string, next Handler) error {
	rec := &capture{ResponseWriter: w}
	err := next(rec, r)
	if err != nil || rec.status >= 400 || rec.status == 0 {
		_ = store.ReleaseIdempotencyKey(r.Context(), scope, key)
		return err
	}
	resp := tms.StoredResponse{Status: rec.status, ContentType: w.Header().Get("Content-Type"), Body: rec.body.Bytes()}
	return store.CompleteIdempotencyKey(r.Context(), scope, key, resp)
}

// capture passes a response through while keeping a copy of it.
type capture struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (c *capture) WriteHeader(status int) {
	c.status = status
	c.ResponseWriter.WriteHeader(status)
}

func (c *capture) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	c.body.Write(b)
	return c.ResponseWriter.Write(b)
}
