package documents_test

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/s3/s3test"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// The service tests run the same cases on every blob backend (a local directory, and a real
// S3-compatible server when TMS_TEST_S3_ENDPOINT is set) over every store backend.

type env struct {
	svc   *documents.Service
	store tms.Store
	f     storetest.Fixtures
	mine  tms.Load // assigned to f.Driver
	other tms.Load // assigned to f.Driver2
	dir   string   // the local store's directory; "" on S3
	// users acting in the tests, by role; driver is f.Driver's account, driver2 f.Driver2's.
	admin, dispatcher, billing, viewer, driver, driver2 context.Context
}

// blobBackend opens a fresh, empty blob store and names its directory when it has one.
type blobBackend struct {
	name string
	open func(t *testing.T) (blob.Store, string)
}

var blobBackends = []blobBackend{
	{"local", func(t *testing.T) (blob.Store, string) {
		dir := t.TempDir()
		s, err := blob.NewLocal(dir)
		if err != nil {
			t.Fatal(err)
		}
		return s, dir
	}},
	{"s3", func(t *testing.T) (blob.Store, string) {
		endpoint, bucket := s3test.Bucket(t)
		return s3test.Open(t, endpoint, bucket), ""
	}},
}

// eachBackend runs fn on every blob backend over every store backend.
func eachBackend(t *testing.T, fn func(t *testing.T, e env)) {
	for _, b := range blobBackends {
		for _, f := range testenv.Factories(t) {
			t.Run(b.name+"/"+f.Name, func(t *testing.T) {
				blobs, dir := b.open(t)
				fn(t, newEnv(t, f.Open(t), blobs, dir))
			})
		}
	}
}

func newEnv(t *testing.T, store tms.Store, blobs blob.Store, dir string) env {
	f := storetest.NewFixtures(t, store)
	e := env{svc: &documents.Service{Store: store, Blobs: blobs}, store: store, f: f, dir: dir}
	e.mine = createLoad(t, store, f, f.Driver.ID, 0)
	e.other = createLoad(t, store, f, f.Driver2.ID, 48*time.Hour)
	e.admin = as(tms.RoleAdmin, 0)
	e.dispatcher = as(tms.RoleDispatcher, 0)
	e.billing = as(tms.RoleBilling, 0)
	e.viewer = as(tms.RoleViewer, 0)
	e.driver = as(tms.RoleDriver, f.Driver.ID)
	e.driver2 = as(tms.RoleDriver, f.Driver2.ID)
	return e
}

// createLoad books a hazmat load for the fixtures' customer, assigned to driverID.
func createLoad(t *testing.T, s tms.Store, f storetest.Fixtures, driverID int64, later time.Duration) tms.Load {
	l := f.Load(f.MondayMorning.Add(later))
	l.DriverID = &driverID
	l.References.Pickup = "PU-5521"
	l.Hazmat = &tms.Hazmat{UNNumber: "UN1993", Class: "3", PackingGroup: "III"}
	if err := s.CreateLoad(as(tms.RoleDispatcher, 0), &l); err != nil {
		t.Fatal(err)
	}
	return l
}

func as(role tms.Role, driverID int64) context.Context {
	return tms.WithActor(context.Background(), tms.Actor{Email: string(role) + "@example.com", Role: role, DriverID: driverID})
}

func (e env) loadOwner(l tms.Load) tms.Owner { return tms.Owner{Kind: tms.OwnerLoad, ID: l.ID} }

func (e env) podOwner(l tms.Load) tms.Owner {
	return tms.Owner{Kind: tms.OwnerLoad, ID: l.ID, StopID: l.Stops[len(l.Stops)-1].ID}
}

// upload stores data as a document and fails the test when that does not work.
func (e env) upload(t *testing.T, ctx context.Context, o tms.Owner, typ tms.DocumentType, name string, data []byte) tms.Document {
	t.Helper()
	d, err := e.svc.Upload(ctx, o, typ, name, bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Upload(%s, %s, %q): %v", o, typ, name, err)
	}
	return d
}

// download fetches a document's bytes the way a client does: through the presigned URL
// with a plain HTTP client, or from the stream of the local store.
func (e env) download(t *testing.T, ctx context.Context, id int64) ([]byte, http.Header) {
	t.Helper()
	dl, err := e.svc.Download(ctx, id)
	if err != nil {
		t.Fatalf("Download(%d): %v", id, err)
	}
	if dl.URL == "" {
		defer dl.Body.Close()
		data, err := io.ReadAll(dl.Body)
		if err != nil {
			t.Fatal(err)
		}
		return data, http.Header{"Content-Disposition": {blob.ContentDisposition(dl.Document.Filename)}}
	}
	return httpDo(t, "GET", dl.URL, nil, nil, http.StatusOK)
}

func httpDo(t *testing.T, method, url string, header http.Header, body []byte, want int) ([]byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header.Clone()
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != want {
		t.Fatalf("%s presigned URL: status %d (%.300s), want %d", method, resp.StatusCode, data, want)
	}
	return data, resp.Header
}

// wantNothingStored checks that neither the database nor the storage holds any document.
func (e env) wantNothingStored(t *testing.T) {
	t.Helper()
	docs, err := e.store.AllDocuments(context.Background(), 0, 100)
	if err != nil || len(docs) != 0 {
		t.Errorf("documents in the database: %+v (%v), want none", docs, err)
	}
	var keys []string
	err = e.svc.Blobs.List(context.Background(), "", func(o blob.ObjectInfo) error {
		keys = append(keys, o.Key)
		return nil
	})
	if err != nil || len(keys) != 0 {
		t.Errorf("objects in storage: %v (%v), want none", keys, err)
	}
	if e.dir != "" {
		e.wantDirEmpty(t)
	}
}

// wantDirEmpty checks that the local directory holds no file at all (no temp file either).
func (e env) wantDirEmpty(t *testing.T) {
	t.Helper()
	filepath.WalkDir(e.dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			t.Errorf("file left in the documents directory: %s", p)
		}
		return err
	})
}

func wantCode(t *testing.T, err error, want tms.Code) {
	t.Helper()
	if got := tms.ErrorCode(err); got != want {
		t.Fatalf("got error %v (code %q), want code %q", err, got, want)
	}
}

// Sample files: only their first bytes matter to the sniffer; the rest is filler.
func pdfFile(n int) []byte  { return sample("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", n) }
func pngFile(n int) []byte  { return sample("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", n) }
func jpegFile(n int) []byte { return sample("\xff\xd8\xff\xe0\x00\x10JFIF\x00", n) }

func sample(magic string, n int) []byte {
	b := make([]byte, n)
	copy(b, magic)
	for i := len(magic); i < n; i++ {
		b[i] = byte(i*7 + i>>9)
	}
	return b
}
