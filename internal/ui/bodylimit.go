package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/anditms/tms/internal/csvio"
	"github.com/anditms/tms/internal/tms"
)

// Uploads (documents, CSV imports) are larger than the server's 1 MB body limit. Their
// paths are exempt from it (LargeBodies, for the application's middleware) and limited
// here instead, before the CSRF check reads the form.

// multipartOverhead is what a multipart body carries beyond the file.
const multipartOverhead = 1 << 20

// LargeBodies are the UI paths, as path.Match patterns, that take file uploads (a test
// checks that they cover every route bodyLimit gives a limit).
func LargeBodies() []string {
	return []string{"/loads/*/documents", "/driver/loads/*/documents",
		"/customers/import", "/facilities/import", "/drivers/import", "/trucks/import", "/trailers/import",
		"/settings/fuel/import"}
}

// bodyLimit is the largest body the route takes, 0 for the server's default.
func (u *UI) bodyLimit(pattern string) int64 {
	switch {
	case !strings.HasPrefix(pattern, "POST "):
		return 0
	case strings.HasSuffix(pattern, "/documents") && u.documents != nil:
		return u.documents.Limit() + multipartOverhead
	case strings.HasSuffix(pattern, "/import"):
		return csvio.MaxImportBytes + multipartOverhead
	}
	return 0
}

// limitMultipart caps the body at n bytes and reads the multipart form, files over 1 MB
// spooling to temporary files that are removed after the request.
func limitMultipart(n int64, next Handler) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if r.ContentLength > n {
			return tooLarge(n)
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
		err := r.ParseMultipartForm(1 << 20)
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
		var big *http.MaxBytesError
		switch {
		case errors.As(err, &big):
			return tooLarge(n)
		case err != nil && !errors.Is(err, http.ErrNotMultipart):
			return tms.Errorf(tms.CodeInvalid, "the upload could not be read; try again")
		}
		return next(w, r)
	}
}

func tooLarge(n int64) error {
	return tms.Errorf(tms.CodeInvalid, "the file is too large: at most %s", fmt.Sprintf("%d MB", (n-multipartOverhead)>>20))
}
