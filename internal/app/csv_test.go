package app_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/csvio"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// upload posts body as the multipart field "file".
func upload(t *testing.T, c *apitest.Client, base, path, body string) *apitest.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", "upload.csv")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(body))
	mw.Close()
	req, err := http.NewRequest("POST", base+path, &b)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Send(req)
}

func login(t *testing.T, srv *apitest.Server, email string, role tms.Role) *apitest.Client {
	u, pw := apitest.CreateUser(t, srv.App.Store, email, role)
	return srv.NewClient(t).Login(u.Email, pw)
}

const badCustomers = "name,billing_city,payment_terms_days\nAcme Foods,Dallas,30\nBolt Hardware,Houston,-5\nCrane Paper,Memphis,45\n"

func TestImportWithABadRowAnswers422AndImportsNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, srv *apitest.Server) {
		c := login(t, srv, "disp@example.com", tms.RoleDispatcher)
		p := upload(t, c, srv.URL, "/api/v1/import/customers", badCustomers).Want(http.StatusUnprocessableEntity).Problem()
		want := []any{map[string]any{"line": 3.0, "column": "payment_terms_days", "reason": "must be 0 to 365"}}
		if diff := cmp.Diff(want, p["extra"].(map[string]any)["errors"]); diff != "" {
			t.Errorf("extra.errors (-want +got):\n%s", diff)
		}
		var page tms.Page[tms.Customer]
		c.Do("GET", "/api/v1/customers", nil).Want(http.StatusOK).JSON(&page)
		if page.Total != 0 {
			t.Errorf("%d customers stored, want none", page.Total)
		}
		var rep csvio.Report
		upload(t, c, srv.URL, "/api/v1/import/customers?skip_invalid=true", badCustomers).Want(http.StatusOK).JSON(&rep)
		if rep.Imported != 2 || rep.Skipped != 1 || len(rep.Errors) != 1 {
			t.Errorf("skip_invalid report = %+v, want 2 imported and the bad row listed", rep)
		}
	})
}

func TestExportDownloadRoundTrips(t *testing.T) {
	eachBackend(t, func(t *testing.T, srv *apitest.Server) {
		c := login(t, srv, "disp@example.com", tms.RoleDispatcher)
		upload(t, c, srv.URL, "/api/v1/import/customers", strings.ReplaceAll(badCustomers, "-5", "15")).Want(http.StatusOK)
		viewer := login(t, srv, "viewer@example.com", tms.RoleViewer)
		r := viewer.Do("GET", "/api/v1/export/customers.csv", nil).Want(http.StatusOK)
		if ct, cd := r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"); ct != "text/csv; charset=utf-8" || cd != `attachment; filename="customers.csv"` {
			t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
		}
		other := apitest.Start(t, apitest.DefaultConfig(t), testenv.SQLite(t))
		c2 := login(t, other, "disp@example.com", tms.RoleDispatcher)
		var rep csvio.Report
		upload(t, c2, other.URL, "/api/v1/import/customers", string(r.Body)).Want(http.StatusOK).JSON(&rep)
		again := c2.Do("GET", "/api/v1/export/customers.csv", nil).Want(http.StatusOK)
		ids := regexp.MustCompile(`(?m)^\d+,`)
		if diff := cmp.Diff(ids.ReplaceAllString(string(r.Body), ""), ids.ReplaceAllString(string(again.Body), "")); rep.Imported != 3 || diff != "" {
			t.Errorf("imported %d of the download, want 3; export of the copy (-first +copy):\n%s", rep.Imported, diff)
		}
	})
}

func TestCSVRoutesRefuse(t *testing.T) {
	eachBackend(t, func(t *testing.T, srv *apitest.Server) {
		c := login(t, srv, "disp@example.com", tms.RoleDispatcher)
		viewer := login(t, srv, "viewer@example.com", tms.RoleViewer)
		driver := login(t, srv, "driver@example.com", tms.RoleDriver)
		upload(t, viewer, srv.URL, "/api/v1/import/customers", badCustomers).Want(http.StatusForbidden)
		driver.Do("GET", "/api/v1/export/loads.csv", nil).Want(http.StatusForbidden)
		upload(t, c, srv.URL, "/api/v1/import/widgets", badCustomers).Want(http.StatusNotFound)
		c.Do("GET", "/api/v1/export/customers.txt", nil).Want(http.StatusNotFound)
		c.Do("GET", "/api/v1/export/widgets.csv", nil).Want(http.StatusNotFound)
		upload(t, c, srv.URL, "/api/v1/import/customers?dry_run=perhaps", badCustomers).Want(http.StatusBadRequest)
		c.Do("POST", "/api/v1/import/customers", map[string]string{"name": "Acme"}).Want(http.StatusBadRequest)
	})
}

// The import route takes files far above the 1 MB limit of other requests, up to 20 MB.
func TestImportBodyLimit(t *testing.T) {
	srv := apitest.Start(t, apitest.DefaultConfig(t), testenv.SQLite(t))
	c := login(t, srv, "disp@example.com", tms.RoleDispatcher)
	var big strings.Builder
	big.WriteString("name\n")
	for i := 0; big.Len() < 2<<20; i++ {
		fmt.Fprintf(&big, "Customer number %06d\n", i)
	}
	var rep csvio.Report
	upload(t, c, srv.URL, "/api/v1/import/customers?dry_run=true", big.String()).Want(http.StatusOK).JSON(&rep)
	if !rep.DryRun || rep.Imported != rep.Total || rep.Total < 90000 {
		t.Errorf("dry run of a 2 MB file = %+v", rep)
	}
	p := upload(t, c, srv.URL, "/api/v1/import/customers", strings.Repeat(big.String(), 11)).Want(http.StatusBadRequest).Problem()
	if p["detail"] != "the file is larger than 20 MB" {
		t.Errorf("problem = %v, want the 20 MB limit named", p["detail"])
	}
}
