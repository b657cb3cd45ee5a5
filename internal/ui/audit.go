package ui

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

type auditData struct {
	Entries []tms.AuditEntry
	Pager   Pager
	Form    Form // the filter
}

// auditPage lists the audit log, newest first, filtered by entity and entity id.
func (u *UI) auditPage(w http.ResponseWriter, r *http.Request) error {
	p, err := pageRequest(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := tms.AuditFilter{Entity: strings.TrimSpace(q.Get("entity")), EntityID: strings.TrimSpace(q.Get("id")), Page: p}
	page, err := u.store.ListAudit(r.Context(), f)
	if err != nil {
		return err
	}
	return u.render(w, r, http.StatusOK, viewAudit, "Audit log", auditData{
		Entries: page.Items,
		Pager:   newPager(r.URL, page.Total, page.Limit, page.Offset),
		Form:    newForm(url.Values{"entity": {f.Entity}, "id": {f.EntityID}}),
	})
}

// indentJSON formats a record snapshot for reading; "" when there is none.
func indentJSON(raw json.RawMessage) string {
	var buf bytes.Buffer
	if len(raw) == 0 || json.Indent(&buf, raw, "", "  ") != nil {
		return string(raw)
	}
	return buf.String()
}
