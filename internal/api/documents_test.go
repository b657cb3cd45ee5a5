package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/config"
	"github.com/anditms/tms/internal/s3/s3test"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// docEnv is a running server with the fixtures, two assigned loads and a client per role.
type docEnv struct {
	srv         *apitest.Server
	f           storetest.Fixtures
	mine, other tms.Load // assigned to f.Driver and f.Driver2
	dir         string   // the documents directory on local storage; "" on S3
	// one logged-in client per role; driver is f.Driver's account, driver2 f.Driver2's
	admin, dispatcher, billing, viewer, driver, driver2 *apitest.Client
}

// storages configure an instance's document storage: the default local directory, or a
// fresh bucket on the S3-compatible server of TMS_TEST_S3_ENDPOINT.
var storages = []struct {
	name      string
	configure func(t *testing.T, cfg *config.Config)
}{
	{"local", func(*testing.T, *config.Config) {}},
	{"s3", func(t *testing.T, cfg *config.Config) {
		cfg.S3Endpoint, cfg.S3Bucket = s3test.Bucket(t)
		cfg.AWSRegion = os.Getenv("AWS_REGION")
	}},
}

func eachStorage(t *testing.T, fn func(t *testing.T, e docEnv)) {
	for _, st := range storages {
		for _, f := range testenv.Factories(t) {
			t.Run(st.name+"/"+f.Name, func(t *testing.T) {
				cfg := apitest.DefaultConfig(t)
				st.configure(t, &cfg)
				fn(t, newDocEnv(t, cfg, f.Open(t)))
			})
		}
	}
}

func newDocEnv(t *testing.T, cfg config.Config, store tms.Store) docEnv {
	srv := apitest.Start(t, cfg, store)
	e := docEnv{srv: srv, f: storetest.NewFixtures(t, store)}
	if cfg.S3Bucket == "" {
		e.dir = cfg.DocumentsDir()
	}
	e.mine = assignedLoad(t, store, e.f, e.f.Driver.ID, 0)
	e.other = assignedLoad(t, store, e.f, e.f.Driver2.ID, 72*time.Hour)
	e.admin = login(t, srv, "admin@example.com", tms.RoleAdmin, 0)
	e.dispatcher = login(t, srv, "dispatcher@example.com", tms.RoleDispatcher, 0)
	e.billing = login(t, srv, "billing@example.com", tms.RoleBilling, 0)
	e.viewer = login(t, srv, "viewer@example.com", tms.RoleViewer, 0)
	e.driver = login(t, srv, "dana@example.com", tms.RoleDriver, e.f.Driver.ID)
	e.driver2 = login(t, srv, "sam@example.com", tms.RoleDriver, e.f.Driver2.ID)
	return e
}

func assignedLoad(t *testing.T, s tms.Store, f storetest.Fixtures, driverID int64, later time.Duration) tms.Load {
	l := f.Load(f.MondayMorning.Add(later))
	l.DriverID = &driverID
	l.Hazmat = &tms.Hazmat{UNNumber: "UN1203", Class: "3", PackingGroup: "II"}
	if err := s.CreateLoad(context.Background(), &l); err != nil {
		t.Fatal(err)
	}
	return l
}

// login creates a user (linked to driverID when not 0) and returns a logged-in client.
func login(t testing.TB, srv *apitest.Server, email string, role tms.Role, driverID int64) *apitest.Client {
	u, pw := apitest.CreateUser(t, srv.App.Store, email, role)
	if driverID != 0 {
		_, err := srv.App.Store.UpdateUser(context.Background(), u.ID, func(u *tms.User) error {
			u.DriverID = &driverID
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return srv.NewClient(t).Login(email, pw)
}

func uploadPOD(c *apitest.Client, l tms.Load, data []byte) *apitest.Response {
	stop := fmt.Sprint(l.Stops[len(l.Stops)-1].ID)
	return c.Upload(fmt.Sprintf("/api/v1/loads/%d/documents", l.ID), map[string]string{"type": "pod", "stop_id": stop}, "pod.pdf", data)
}

// wantNothingStored checks that no document row and no stored object exist.
func (e docEnv) wantNothingStored(t *testing.T) {
	t.Helper()
	if docs, err := e.srv.App.Store.AllDocuments(context.Background(), 0, 10); err != nil || len(docs) != 0 {
		t.Errorf("document rows: %+v (%v), want none", docs, err)
	}
	var keys []string
	err := e.srv.App.Documents.Blobs.List(context.Background(), "", func(o blob.ObjectInfo) error {
		keys = append(keys, o.Key)
		return nil
	})
	if err != nil || len(keys) != 0 {
		t.Errorf("stored objects: %v (%v), want none", keys, err)
	}
	if e.dir == "" {
		return
	}
	filepath.WalkDir(e.dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			t.Errorf("file left in the documents directory: %s", p)
		}
		return err
	})
}

func pdf(n int) []byte {
	b := bytes.Repeat([]byte("0123456789abcdef"), n/16+1)[:n]
	copy(b, "%PDF-1.7\n")
	return b
}

// Refused uploads: each answers a problem that says what is wrong, and leaves no row, no
// object and no file.
func TestDocumentUploadRefused(t *testing.T) {
	eachStorage(t, func(t *testing.T, e docEnv) {
		path := fmt.Sprintf("/api/v1/loads/%d/documents", e.mine.ID)
		pod := map[string]string{"type": "pod"}
		tests := []struct {
			name     string
			fields   map[string]string
			filename string
			data     []byte
			want     string // in the problem's detail or field errors
		}{
			{"exe renamed pdf", pod, "invoice.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), pdf(4096)...), "only PDF, JPEG, PNG, HEIC and TIFF"},
			{"zero-byte file", pod, "empty.pdf", nil, "file:is empty"},
			{"no file", pod, "", nil, "file:send exactly one file"},
			{"unknown type", map[string]string{"type": "selfie"}, "scan.pdf", pdf(100), "type:must be one of"},
			{"stop of another load", map[string]string{"type": "pod", "stop_id": fmt.Sprint(e.other.Stops[0].ID)}, "scan.pdf", pdf(100), "stop_id:is not a stop of load"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := e.dispatcher.Upload(path, tt.fields, tt.filename, tt.data).Want(http.StatusBadRequest).Problem()
				if !strings.Contains(fmt.Sprint(p["detail"], p["errors"]), tt.want) || p["code"] != "invalid" {
					t.Errorf("problem = %v, want code invalid saying %q", p, tt.want)
				}
				e.wantNothingStored(t)
			})
		}
		p := e.dispatcher.Upload(path, pod, "scan.pdf", pdf(30<<20)).Want(http.StatusRequestEntityTooLarge).Problem()
		if !strings.Contains(fmt.Sprint(p["detail"]), "larger than the 25 MB limit") || p["code"] != "too_large" {
			t.Errorf("30 MB file: problem = %v, want code too_large saying the limit", p)
		}
		e.wantNothingStored(t)
		p = e.dispatcher.Do("POST", path, map[string]string{"type": "pod"}).Want(http.StatusBadRequest).Problem()
		if !strings.Contains(fmt.Sprint(p["detail"]), "multipart/form-data") {
			t.Errorf("a JSON body: problem %v, want a hint at multipart/form-data", p)
		}
		e.dispatcher.Do("POST", fmt.Sprintf("/api/v1/loads/%d/documents/upload-url", e.mine.ID), strings.Repeat("x", 2<<20)).Want(http.StatusRequestEntityTooLarge)
	})
}

// A filename that tries to climb out is stored under our own key and shown as its last segment.
func TestDocumentUploadPathTraversal(t *testing.T) {
	eachStorage(t, func(t *testing.T, e docEnv) {
		var d tms.Document
		e.dispatcher.Upload(fmt.Sprintf("/api/v1/trucks/%d/documents", e.f.Truck.ID), map[string]string{"type": "registration"},
			"../../etc/passwd", append([]byte("\x89PNG\r\n\x1a\n"), pdf(500)...)).Want(http.StatusCreated).JSON(&d)
		if d.Filename != "passwd" || d.ContentType != "image/png" || strings.Contains(d.StorageKey, "..") || strings.Contains(d.StorageKey, "passwd") {
			t.Errorf("stored %+v, want filename passwd, a PNG and a key of ours", d)
		}
		if e.dir == "" {
			return
		}
		if _, err := os.Stat(filepath.Join(e.dir, filepath.FromSlash(d.StorageKey))); err != nil {
			t.Errorf("the object is not inside the documents directory: %v", err)
		}
		if _, err := os.Stat(filepath.Join(e.dir, "..", "..", "etc", "passwd")); err == nil {
			t.Errorf("a file appeared outside the documents directory")
		}
	})
}

// A driver sees the documents of their own loads only; a viewer reads but does not upload.
func TestDocumentAccessThroughTheAPI(t *testing.T) {
	eachStorage(t, func(t *testing.T, e docEnv) {
		var mine, theirs tms.Document
		uploadPOD(e.driver, e.mine, pdf(3000)).Want(http.StatusCreated).JSON(&mine)
		uploadPOD(e.driver2, e.other, pdf(4000)).Want(http.StatusCreated).JSON(&theirs)

		e.driver.Do("GET", fmt.Sprintf("/api/v1/documents/%d/download", theirs.ID), nil).Want(http.StatusForbidden).Problem()
		e.driver.Do("GET", fmt.Sprintf("/api/v1/documents/%d", theirs.ID), nil).Want(http.StatusForbidden)
		e.driver.Do("GET", fmt.Sprintf("/api/v1/loads/%d/documents", e.other.ID), nil).Want(http.StatusForbidden)
		uploadPOD(e.driver, e.other, pdf(100)).Want(http.StatusForbidden)
		if got := e.fetch(t, e.driver, mine.ID); !bytes.Equal(got, pdf(3000)) {
			t.Errorf("driver downloaded %d bytes of their own POD, want 3000", len(got))
		}

		var list []tms.Document
		e.viewer.Do("GET", fmt.Sprintf("/api/v1/loads/%d/documents", e.other.ID), nil).Want(http.StatusOK).JSON(&list)
		if len(list) != 1 || list[0].ID != theirs.ID {
			t.Errorf("viewer's list = %+v, want the POD", list)
		}
		if got := e.fetch(t, e.viewer, theirs.ID); !bytes.Equal(got, pdf(4000)) {
			t.Errorf("viewer downloaded %d bytes, want 4000", len(got))
		}
		p := uploadPOD(e.viewer, e.mine, pdf(100)).Want(http.StatusForbidden).Problem()
		if p["code"] != "forbidden" {
			t.Errorf("viewer upload problem = %v", p)
		}
		e.viewer.Do("DELETE", fmt.Sprintf("/api/v1/documents/%d", theirs.ID), nil).Want(http.StatusForbidden)
		e.viewer.Do("POST", fmt.Sprintf("/api/v1/loads/%d/bol", e.mine.ID), nil).Want(http.StatusForbidden)
	})
}

// fetch downloads a document like a browser: follow the redirect to the presigned S3 URL,
// or take the streamed file.
func (e docEnv) fetch(t *testing.T, c *apitest.Client, id int64) []byte {
	t.Helper()
	resp, err := c.HTTP.Get(fmt.Sprintf("%s/api/v1/documents/%d/download", e.srv.URL, id))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("download %d: status %d, %v", id, resp.StatusCode, err)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") {
		t.Errorf("Content-Disposition = %q, want an attachment", cd)
	}
	return data
}
