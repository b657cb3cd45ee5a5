package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// TestLoadPageBOLAndPreview: on both engines, a dispatcher's load page has the BOL button; it
// files the bill of lading, which the documents section previews in a frame and links for
// download; a viewer sees no button and is refused the action.
func TestLoadPageBOLAndPreview(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			srv := apitest.Start(t, apitest.DefaultConfig(t), store)
			fx := storetest.NewFixtures(t, store)
			l := fx.Load(fx.MondayMorning)
			if err := store.CreateLoad(t.Context(), &l); err != nil {
				t.Fatal(err)
			}
			path := fmt.Sprintf("/loads/%d", l.ID)
			dispatcher, pw := apitest.CreateUser(t, store, "dispatcher@example.com", tms.RoleDispatcher)
			p := newPage(t, srv)
			p.login(dispatcher.Email, pw)
			contains(t, p.get(path).Want(http.StatusOK), `action="`+path+`/bol"`, "Generate BOL", "No documents yet.")
			p.post(path+"/bol", url.Values{}).Want(http.StatusSeeOther)
			r := p.get(path).Want(http.StatusOK)
			contains(t, r, "Generated the bill of lading, version 1.", "BOL-"+l.Number+".pdf", `<iframe src="/api/v1/documents/`, `/download" target="_blank" rel="noopener" download>`)

			viewer, vpw := apitest.CreateUser(t, store, "viewer@example.com", tms.RoleViewer)
			v := newPage(t, srv)
			v.login(viewer.Email, vpw)
			if body := string(v.get(path).Want(http.StatusOK).Body); strings.Contains(body, "Generate BOL") {
				t.Error("a viewer sees the BOL button")
			}
			v.post(path+"/bol", url.Values{}).Want(http.StatusForbidden)
		})
	}
}
