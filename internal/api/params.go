package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

var pageParams = []string{"limit", "offset", "sort"}

// pathID reads a positive integer path parameter.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, tms.Errorf(tms.CodeInvalid, "%s in the path must be a positive integer", name)
	}
	return id, nil
}

// pageRequest reads limit, offset and sort from the query.
func pageRequest(r *http.Request) (tms.PageRequest, error) {
	q := r.URL.Query()
	v := tms.Validation{}
	p := tms.PageRequest{Sort: q.Get("sort")}
	p.Limit = web.QueryInt(q.Get("limit"), v, "limit")
	p.Offset = web.QueryInt(q.Get("offset"), v, "offset")
	return p.Normalize(), v.Err()
}

// expectedVersion is the version the client last saw: If-Match ("3" or W/"3") or the body's
// version. 0 means the client sent none.
func expectedVersion(r *http.Request, body int) (int, error) {
	h := strings.Trim(strings.TrimPrefix(r.Header.Get("If-Match"), "W/"), `"`)
	if h == "" {
		return body, nil
	}
	n, err := strconv.Atoi(h)
	if err != nil {
		return 0, tms.Errorf(tms.CodeInvalid, "If-Match must be the record's version number")
	}
	return n, nil
}

// requireVersion is expectedVersion for a replace, which must say what it replaces: without
// a version (body or If-Match) it is refused with 428, so last writer never wins silently.
func requireVersion(r *http.Request, body int) (int, error) {
	v, err := expectedVersion(r, body)
	if err == nil && v <= 0 {
		return 0, &tms.Error{Code: tms.CodeVersionRequired, Message: "send the record's version (in the body or If-Match) to replace it",
			Fields: map[string]string{"version": "is required"}}
	}
	return v, err
}

// pathAndVersion reads the id of the path and the version the client saw, from If-Match or
// an optional {"version": n} body (0: none sent).
func pathAndVersion(r *http.Request) (int64, int, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, 0, err
	}
	var in versionInput
	if err := decodeOptionalJSON(r, &in); err != nil {
		return 0, 0, err
	}
	v, err := expectedVersion(r, in.Version)
	return id, v, err
}
