package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/csvio"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// csvRoutes import and export master data and loads as CSV files (docs/CSV.md).
func (a *API) csvRoutes() []Route {
	return []Route{
		{"POST /api/v1/import/{kind}", authz.Dispatch, a.importCSV, Doc{Summary: "Import a CSV file sent as multipart field file; " +
			"422 lists every bad row when nothing was imported", Tag: "csv", Out: csvio.Report{}, Query: []string{"dry_run", "skip_invalid"}, Upload: "multipart/form-data"}},
		{"GET /api/v1/export/{file}", authz.OfficeRead, a.exportCSV, Doc{Summary: "Download every record of a kind as CSV: " +
			"customers.csv, facilities.csv, drivers.csv, trucks.csv, trailers.csv or loads.csv", Tag: "csv", Produces: "text/csv"}},
	}
}

func (a *API) importCSV(w http.ResponseWriter, r *http.Request) error {
	kind, err := csvio.ParseKind(r.PathValue("kind"))
	if err != nil {
		return err
	}
	opts, err := importOptions(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, csvio.MaxImportBytes)
	f, err := uploadedFile(r)
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := csvio.ImportFile(r.Context(), csvio.Deps{Store: a.Store, Dispatch: a.Dispatch}, kind, f, opts, nil)
	if err != nil {
		return err
	}
	if rep.Refused() {
		return writeRefused(w, r, rep)
	}
	return web.WriteJSON(w, http.StatusOK, rep)
}

func importOptions(r *http.Request) (csvio.Options, error) {
	v := tms.Validation{}
	opts := csvio.Options{DryRun: queryBool(r, "dry_run", v), SkipInvalid: queryBool(r, "skip_invalid", v)}
	return opts, v.Err()
}

func queryBool(r *http.Request, name string, v tms.Validation) bool {
	s := r.URL.Query().Get(name)
	if s == "" {
		return false
	}
	b, err := strconv.ParseBool(s)
	v.Check(err == nil, name, "must be true or false")
	return b
}

// uploadedFile opens the multipart field "file", saying what is wrong with a bad upload.
func uploadedFile(r *http.Request) (multipart.File, error) {
	f, _, err := r.FormFile("file")
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return f, nil
	case errors.As(err, &tooBig):
		return nil, tms.Errorf(tms.CodeInvalid, "the file is larger than %d MB", csvio.MaxImportBytes>>20)
	case errors.Is(err, http.ErrMissingFile):
		return nil, &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{"file": "is required"}}
	}
	return nil, tms.Errorf(tms.CodeInvalid, "send the CSV file as multipart/form-data in the field file")
}

// writeRefused answers 422 with every bad row in extra.errors.
func writeRefused(w http.ResponseWriter, r *http.Request, rep csvio.Report) error {
	status := http.StatusUnprocessableEntity
	p := web.Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Code: tms.CodeInvalid,
		Detail:   fmt.Sprintf("nothing was imported from %d rows; extra.errors lists every problem", rep.Total),
		Instance: r.URL.Path, RequestID: web.RequestID(r.Context()),
		Extra: map[string]any{"errors": rep.Errors, "total": rep.Total, "dry_run": rep.DryRun}}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(p)
}

// exportCSV streams the file. A failure after the first bytes went out aborts the response,
// so a client never mistakes a cut-off file for a whole one.
func (a *API) exportCSV(w http.ResponseWriter, r *http.Request) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".csv")
	if !ok {
		return tms.Errorf(tms.CodeNotFound, "exports are named KIND.csv, such as customers.csv")
	}
	kind, err := csvio.ParseKind(name)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	sw := &sentWriter{ResponseWriter: w}
	if err := csvio.Export(r.Context(), a.Store, kind, sw); err != nil {
		if sw.sent {
			panic(http.ErrAbortHandler)
		}
		w.Header().Del("Content-Disposition")
		return err
	}
	return nil
}

// sentWriter remembers whether anything reached the client.
type sentWriter struct {
	http.ResponseWriter
	sent bool
}

func (s *sentWriter) Write(b []byte) (int, error) {
	s.sent = true
	return s.ResponseWriter.Write(b)
}
