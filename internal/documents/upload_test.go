package documents_test

import (
	"bytes"
	"context"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/tms"
)

func TestUploadVersionsAndDownload(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		pod := e.podOwner(e.mine)
		first := pdfFile(40 << 10)
		second := jpegFile(70 << 10)
		v1 := e.upload(t, e.driver, pod, tms.DocPOD, "pod.pdf", first)
		v2 := e.upload(t, e.dispatcher, pod, tms.DocPOD, "POD März.jpg", second)
		bol := e.upload(t, e.dispatcher, e.loadOwner(e.mine), tms.DocBOL, "bol.pdf", first)
		if v1.Version != 1 || v2.Version != 2 || bol.Version != 1 {
			t.Errorf("versions = %d, %d, bol %d; want 1, 2, 1", v1.Version, v2.Version, bol.Version)
		}
		if v1.ContentType != "application/pdf" || v2.ContentType != "image/jpeg" || v2.Size != int64(len(second)) || v2.Filename != "POD März.jpg" {
			t.Errorf("second version = %+v", v2)
		}
		list, err := e.svc.List(e.viewer, e.loadOwner(e.mine), false)
		if err != nil {
			t.Fatal(err)
		}
		if got := docIDs(list); !cmp.Equal(got, []int64{bol.ID, v2.ID, v1.ID}) {
			t.Errorf("List ids = %v, want %v (newest first)", got, []int64{bol.ID, v2.ID, v1.ID})
		}
		versions, err := e.svc.Versions(e.driver, v1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := docIDs(versions); !cmp.Equal(got, []int64{v2.ID, v1.ID}) {
			t.Errorf("Versions ids = %v, want %v", got, []int64{v2.ID, v1.ID})
		}
		for _, tt := range []struct {
			d    tms.Document
			data []byte
		}{{v1, first}, {v2, second}} {
			got, header := e.download(t, e.driver, tt.d.ID)
			if !bytes.Equal(got, tt.data) {
				t.Errorf("version %d downloaded %d bytes, want the %d uploaded", tt.d.Version, len(got), len(tt.data))
			}
			if cd := header.Get("Content-Disposition"); cd != blob.ContentDisposition(tt.d.Filename) {
				t.Errorf("Content-Disposition = %q, want %q", cd, blob.ContentDisposition(tt.d.Filename))
			}
		}
	})
}

func docIDs(docs []tms.Document) []int64 {
	ids := []int64{}
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	return ids
}

// Refused uploads say why and leave nothing behind, neither a row nor an object nor a file.
func TestUploadRefused(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		tests := []struct {
			name, filename string
			data           []byte
			want           string
		}{
			{"30 MB file", "big.pdf", pdfFile(30 << 20), "larger than the 25 MB limit"},
			{"exe renamed pdf", "invoice.pdf", sample("MZ\x90\x00\x03\x00\x00\x00\x04\x00", 4096), "only PDF, JPEG, PNG, HEIC and TIFF"},
			{"html renamed png", "pod.png", []byte("<html><script>alert(1)</script></html>"), "only PDF, JPEG, PNG, HEIC and TIFF"},
			{"zero bytes", "empty.pdf", nil, "empty"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := e.svc.Upload(e.dispatcher, e.podOwner(e.mine), tms.DocPOD, tt.filename, bytes.NewReader(tt.data))
				wantCode(t, err, tms.CodeInvalid)
				if !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error %q does not say %q", err, tt.want)
				}
				e.wantNothingStored(t)
			})
		}
	})
}

// A filename with path segments is only a display name: the key is ours and the file lands
// inside the documents directory.
func TestUploadPathTraversal(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		d := e.upload(t, e.dispatcher, e.loadOwner(e.mine), tms.DocOther, "../../etc/passwd", pngFile(2048))
		if d.Filename != "passwd" {
			t.Errorf("filename = %q, want passwd", d.Filename)
		}
		if strings.Contains(d.StorageKey, "..") || strings.Contains(d.StorageKey, "passwd") || blob.CheckKey(d.StorageKey) != nil {
			t.Errorf("storage key %q carries the user's path", d.StorageKey)
		}
		prefix := "load/" + strings.Split(d.StorageKey, "/")[1] + "/other/"
		if !strings.HasPrefix(d.StorageKey, prefix) {
			t.Errorf("storage key %q, want owner kind, owner id, type and a random id", d.StorageKey)
		}
		if e.dir != "" {
			wantOnlyFile(t, e.dir, d.StorageKey)
		}
	})
}

// TestFailedInsertRemovesTheObject: when the row cannot be written (here: the owner vanished
// between the lookup and the insert), the bytes already stored are removed again.
func TestFailedInsertRemovesTheObject(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		e.svc.Store = vanishingLoads{e.store}
		_, err := e.svc.Upload(e.dispatcher, tms.Owner{Kind: tms.OwnerLoad, ID: 99999}, tms.DocPOD, "pod.pdf", bytes.NewReader(pdfFile(1000)))
		wantCode(t, err, tms.CodeInvalid)
		e.wantNothingStored(t)
	})
}

// vanishingLoads finds every load, so the upload goes ahead and its insert meets the
// foreign key of a load that does not exist.
type vanishingLoads struct{ tms.Store }

func (vanishingLoads) Load(_ context.Context, id int64) (tms.Load, error) {
	return tms.Load{Meta: tms.Meta{ID: id}}, nil
}

// wantOnlyFile checks that dir holds the object of key and its sidecar, nothing else.
func wantOnlyFile(t *testing.T, dir, key string) {
	t.Helper()
	var got []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{path.Dir(key) + "/." + path.Base(key) + ".meta", key}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files in the documents directory (-want +got):\n%s", diff)
	}
}
