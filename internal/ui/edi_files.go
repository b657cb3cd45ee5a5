package ui

import (
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/anditms/tms/internal/edi"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

type ediFilesData struct {
	Tabs       []navLink
	Rows       []ediFileRow
	Pager      Pager
	Filter     Form
	Directions []option
	Statuses   []option
	Problem    string
}

type ediFileRow struct {
	tms.EDIFile
	Partner  string
	CanRetry bool
}

var ediFileStatuses = []tms.EDIFileStatus{tms.EDIReceived, tms.EDIProcessed, tms.EDIFailed, tms.EDIPending, tms.EDISent, tms.EDIAccepted, tms.EDIRejected}

// ediFilesPage lists the file log, newest first, with the upload form.
func (u *UI) ediFilesPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderEDIFiles(w, r, http.StatusOK, "")
}

func (u *UI) renderEDIFiles(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	list, err := u.store.ListEDIFiles(r.Context(), tms.EDIFileFilter{Direction: tms.EDIDirection(q.Get("direction")),
		Status: tms.EDIFileStatus(q.Get("status")), Page: page})
	if err != nil {
		return err
	}
	names, err := u.partnerNames(r)
	if err != nil {
		return err
	}
	d := ediFilesData{Tabs: ediTabs("/edi/files"), Problem: problem,
		Directions: stringOptions([]tms.EDIDirection{tms.EDIInbound, tms.EDIOutbound}), Statuses: stringOptions(ediFileStatuses),
		Filter: newForm(url.Values{"direction": {q.Get("direction")}, "status": {q.Get("status")}}),
		Pager:  newPager(&url.URL{Path: "/edi/files", RawQuery: r.URL.RawQuery}, list.Total, list.Limit, list.Offset)}
	for _, f := range list.Items {
		row := ediFileRow{EDIFile: f, CanRetry: f.Status == tms.EDIFailed || f.Direction == tms.EDIOutbound && f.Status == tms.EDIRejected}
		if f.PartnerID != nil {
			row.Partner = names[*f.PartnerID]
		}
		d.Rows = append(d.Rows, row)
	}
	return u.render(w, r, status, viewEDIFiles, "EDI file log", d)
}

// uploadEDIFile reads an uploaded inbound file as if the partner had sent it.
func (u *UI) uploadEDIFile(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, edi.MaxFileBytes)
	file, header, err := r.FormFile("file")
	if err != nil {
		return u.renderEDIFiles(w, r, http.StatusBadRequest, "Choose an X12 file of at most 1 MB to upload.")
	}
	defer file.Close()
	payload, err := io.ReadAll(file)
	if err != nil || len(payload) == 0 {
		return u.renderEDIFiles(w, r, http.StatusBadRequest, "The file is empty or could not be read.")
	}
	f, err := u.edi.Receive(r.Context(), header.Filename, payload)
	if err != nil {
		return err
	}
	u.flash(r, fmt.Sprintf("%s read: %s.", header.Filename, f.Status))
	http.Redirect(w, r, "/edi/files", http.StatusSeeOther)
	return nil
}

func (u *UI) ediPayload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := u.store.EDIFile(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteEDI(w, f.DownloadName(), f.Payload, true)
}

func (u *UI) retryEDIFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := postedForm(r); err != nil {
		return err
	}
	f, err := u.edi.Retry(r.Context(), id)
	if tms.ErrorCode(err) == tms.CodeConflict {
		return u.renderEDIFiles(w, r, http.StatusConflict, err.Error())
	}
	if err != nil {
		return err
	}
	u.flash(r, fmt.Sprintf("File %d retried: %s.", f.ID, f.Status))
	http.Redirect(w, r, "/edi/files", http.StatusSeeOther)
	return nil
}
