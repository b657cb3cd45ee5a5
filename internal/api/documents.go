package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"path"
	"slices"
	"strconv"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// documentOwners are the records documents attach to, by their path segment.
var documentOwners = []struct {
	path string
	kind tms.OwnerKind
}{{"loads", tms.OwnerLoad}, {"drivers", tms.OwnerDriver}, {"trucks", tms.OwnerTruck}, {"trailers", tms.OwnerTrailer}}

// multipartOverhead is what a multipart body may carry beyond the file: boundaries, part
// headers and the small fields.
const multipartOverhead = 1 << 20

// UploadPatterns are the multipart upload paths (path.Match patterns): the global 1 MB body
// limit exempts them and LimitUploads sets theirs.
func UploadPatterns() []string {
	patterns := make([]string, len(documentOwners))
	for i, o := range documentOwners {
		patterns[i] = "/api/v1/" + o.path + "/*/documents"
	}
	return patterns
}

// LimitUploads caps the bodies of the upload routes, which the global 1 MB limit exempts,
// at maxFile plus the multipart overhead before any middleware or handler reads them.
func LimitUploads(maxFile int64, next http.Handler) http.Handler {
	limit := maxFile + multipartOverhead
	patterns := UploadPatterns()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isUpload(patterns, r.URL.Path) {
			if r.ContentLength > limit {
				web.WriteProblem(w, r, uploadTooLarge(maxFile))
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

func isUpload(patterns []string, urlPath string) bool {
	return slices.ContainsFunc(patterns, func(p string) bool {
		ok, _ := path.Match(p, urlPath)
		return ok
	})
}

func uploadTooLarge(maxFile int64) error {
	return &tms.Error{Code: tms.CodeTooLarge, Message: fmt.Sprintf("the upload is larger than the %d MB limit", maxFile>>20),
		Detail: map[string]any{"max_bytes": maxFile}}
}

// documentRoutes: everyone reads what the documents service lets them see; office staff and
// drivers (their loads' dock paperwork) upload; dispatchers delete; admins restore.
func (a *API) documentRoutes() []Route {
	var routes []Route
	for _, o := range documentOwners {
		base := "/api/v1/" + o.path + "/{id}/documents"
		routes = append(routes,
			Route{"GET " + base, authz.LoadsRead, a.listDocuments(o.kind), Doc{Summary: "List the " + string(o.kind) + "'s documents, every version, newest first",
				Tag: "documents", Out: []tms.Document{}, Query: []string{"include_deleted"}}},
			Route{"POST " + base, authz.DocumentsUpload, a.uploadDocument(o.kind), Doc{Summary: "Upload a document as multipart/form-data: " +
				"fields type, stop_id (optional, loads) and file (PDF, JPEG, PNG, HEIC or TIFF)", Tag: "documents", Out: tms.Document{}, Status: 201, Upload: "multipart/form-data"}},
			Route{"POST " + base + "/upload-url", authz.DocumentsUpload, a.createUploadURL(o.kind), Doc{Summary: "Presign a direct upload to S3 (15 minutes); " +
				"confirm it afterwards", Tag: "documents", In: uploadURLInput{}, Out: directUploadView{}, Status: 201}},
		)
	}
	return append(routes,
		Route{"POST /api/v1/documents/{id}/confirm", authz.DocumentsUpload, oneDocument(a.Documents.Confirm), Doc{Summary: "Check a direct upload arrived as declared and make it visible", Tag: "documents", Out: tms.Document{}}},
		Route{"GET /api/v1/documents/{id}", authz.LoadsRead, oneDocument(a.Documents.Get), Doc{Summary: "A document's metadata", Tag: "documents", Out: tms.Document{}}},
		Route{"GET /api/v1/documents/{id}/download", authz.LoadsRead, a.downloadDocument, Doc{Summary: "302 to a presigned download (S3, 5 minutes) or the file itself", Tag: "documents"}},
		Route{"GET /api/v1/documents/{id}/preview", authz.LoadsRead, a.previewDocument, Doc{Summary: "The file itself to show in the page " +
			"(Content-Disposition inline; PDF, JPEG and PNG only, 409 for others)", Tag: "documents"}},
		Route{"GET /api/v1/documents/{id}/versions", authz.LoadsRead, a.documentVersions, Doc{Summary: "Every version of the document, newest first", Tag: "documents", Out: []tms.Document{}}},
		Route{"DELETE /api/v1/documents/{id}", authz.Dispatch, oneDocument(a.Documents.Delete), Doc{Summary: "Soft-delete a document (audited; admins can restore it)", Tag: "documents", Out: tms.Document{}}},
		Route{"POST /api/v1/documents/{id}/restore", authz.Administer, oneDocument(a.Documents.Restore), Doc{Summary: "Restore a deleted document", Tag: "documents", Out: tms.Document{}}},
		Route{"POST /api/v1/loads/{id}/bol", authz.Dispatch, a.generateBOL, Doc{Summary: "Generate the load's bill of lading PDF as its next bol document", Tag: "documents", Out: tms.Document{}, Status: 201}},
	)
}

func (a *API) listDocuments(kind tms.OwnerKind) web.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		v := tms.Validation{}
		deleted := queryBool(r, "include_deleted", v)
		if err := v.Err(); err != nil {
			return err
		}
		docs, err := a.Documents.List(r.Context(), tms.Owner{Kind: kind, ID: id}, deleted)
		if err != nil {
			return err
		}
		return web.WriteJSON(w, http.StatusOK, docs)
	}
}

func (a *API) uploadDocument(kind tms.OwnerKind) web.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		form, err := a.multipartForm(r)
		if err != nil {
			return err
		}
		defer form.RemoveAll()
		up, err := uploadOf(form, tms.Owner{Kind: kind, ID: id})
		if err != nil {
			return err
		}
		defer up.file.Close()
		d, err := a.Documents.Upload(r.Context(), up.owner, up.typ, up.filename, up.file)
		if err != nil {
			return err
		}
		return writeDocument(w, http.StatusCreated, d)
	}
}

// multipartForm parses the upload body, limited by LimitUploads (files over 1 MB spool to
// temporary files), saying what is wrong with a bad one.
func (a *API) multipartForm(r *http.Request) (*multipart.Form, error) {
	err := r.ParseMultipartForm(1 << 20)
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return r.MultipartForm, nil
	case errors.As(err, &tooBig):
		return nil, uploadTooLarge(a.Documents.Limit())
	case errors.Is(err, http.ErrNotMultipart), errors.Is(err, http.ErrMissingBoundary):
		return nil, tms.Errorf(tms.CodeInvalid, "send multipart/form-data with the fields type, stop_id (optional) and file")
	}
	return nil, &tms.Error{Code: tms.CodeInvalid, Message: "the multipart body is malformed", Err: err}
}

// upload is what a multipart form asks to store.
type upload struct {
	owner    tms.Owner
	typ      tms.DocumentType
	filename string
	file     multipart.File
}

func uploadOf(form *multipart.Form, o tms.Owner) (upload, error) {
	v := tms.Validation{}
	up := upload{owner: o, typ: tms.DocumentType(formValue(form, "type"))}
	if s := formValue(form, "stop_id"); s != "" {
		stop, err := strconv.ParseInt(s, 10, 64)
		v.Check(err == nil && stop > 0, "stop_id", "must be a positive integer")
		up.owner.StopID = stop
	}
	files := form.File["file"]
	v.Check(len(files) == 1, "file", "send exactly one file")
	if err := v.Err(); err != nil {
		return up, err
	}
	f, err := files[0].Open()
	if err != nil {
		return up, err
	}
	up.file, up.filename = f, files[0].Filename
	return up, nil
}

func formValue(form *multipart.Form, name string) string {
	if vs := form.Value[name]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

func writeDocument(w http.ResponseWriter, status int, d tms.Document) error {
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/documents/"+strconv.FormatInt(d.ID, 10))
	}
	return web.WriteJSON(w, status, d)
}

// oneDocument serves a route that acts on one document and answers with it.
func oneDocument(fn func(context.Context, int64) (tms.Document, error)) web.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		d, err := fn(r.Context(), id)
		if err != nil {
			return err
		}
		return writeDocument(w, http.StatusOK, d)
	}
}

func (a *API) documentVersions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	docs, err := a.Documents.Versions(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, docs)
}

// downloadDocument redirects to a presigned URL (S3) or streams the file (local storage).
func (a *API) downloadDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	dl, err := a.Documents.Download(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	if dl.URL != "" {
		http.Redirect(w, r, dl.URL, http.StatusFound)
		return nil
	}
	defer dl.Body.Close()
	h := w.Header()
	h.Set("Content-Type", dl.Document.ContentType)
	h.Set("Content-Disposition", blob.ContentDisposition(dl.Document.Filename))
	h.Set("Content-Length", strconv.FormatInt(dl.Document.Size, 10))
	if _, err := io.Copy(w, dl.Body); err != nil {
		slog.WarnContext(r.Context(), "document download cut short", "document", id, "err", err, "request_id", web.RequestID(r.Context()))
	}
	return nil
}

// previewDocument streams a PDF or image to show inline, in a frame of our own pages only.
func (a *API) previewDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := a.Documents.Preview(r.Context(), id)
	if err != nil {
		return err
	}
	defer p.Body.Close()
	web.ServeInline(w, p.Document.ContentType, blob.SafeFilename(p.Document.Filename), p.Document.Size, p.Body)
	return nil
}

func (a *API) generateBOL(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := a.Documents.GenerateBOL(r.Context(), id)
	if err != nil {
		return err
	}
	return writeDocument(w, http.StatusCreated, d)
}
