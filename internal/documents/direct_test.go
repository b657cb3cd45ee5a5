package documents_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/tms"
)

func uploadRequest(data []byte, contentType string) documents.UploadRequest {
	sum := sha256.Sum256(data)
	return documents.UploadRequest{Type: tms.DocPOD, Filename: "../pod photo.jpg", ContentType: contentType,
		Size: int64(len(data)), SHA256: base64.StdEncoding.EncodeToString(sum[:])}
}

// The direct flow as a phone does it: ask for a URL, PUT the bytes with a plain HTTP client,
// confirm; the document appears only then, and downloads through a presigned GET.
func TestDirectUpload(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		data := jpegFile(300 << 10)
		up, err := e.svc.CreateUploadURL(e.driver, e.podOwner(e.mine), uploadRequest(data, "image/jpeg"))
		if e.dir != "" {
			wantCode(t, err, tms.CodeInvalid)
			if !strings.Contains(err.Error(), "multipart/form-data") {
				t.Errorf("local refusal %q does not say how to upload instead", err)
			}
			e.wantNothingStored(t)
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if up.Document.Status != tms.DocumentPending || up.Document.Filename != "pod photo.jpg" || up.Upload.Method != "PUT" {
			t.Fatalf("CreateUploadURL = %+v", up)
		}
		if list, _ := e.svc.List(e.dispatcher, e.loadOwner(e.mine), true); len(list) != 0 {
			t.Errorf("a pending document is listed: %+v", list)
		}
		httpDo(t, up.Upload.Method, up.Upload.URL, up.Upload.Header, data, 200)
		d, err := e.svc.Confirm(e.driver, up.Document.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != tms.DocumentActive || d.S3VersionID == "" || d.Version != 1 {
			t.Errorf("confirmed = %+v, want active with an S3 version id", d)
		}
		if again, err := e.svc.Confirm(e.driver, d.ID); err != nil || again.Status != tms.DocumentActive {
			t.Errorf("second Confirm = %+v, %v; want the active document", again, err)
		}
		got, header := e.download(t, e.driver, d.ID)
		if !bytes.Equal(got, data) || !strings.Contains(header.Get("Content-Disposition"), `filename="pod photo.jpg"`) {
			t.Errorf("download = %d bytes, Content-Disposition %q", len(got), header.Get("Content-Disposition"))
		}
	})
}

// A confirm for bytes that never arrived, or for other bytes than declared, removes the
// pending document and whatever was stored.
func TestConfirmRefused(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		if e.dir != "" {
			t.Skip("the local store has no direct uploads")
		}
		data := pdfFile(8 << 10)
		up, err := e.svc.CreateUploadURL(e.dispatcher, e.podOwner(e.mine), uploadRequest(data, "application/pdf"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Confirm(e.dispatcher, up.Document.ID)
		wantCode(t, err, tms.CodeConflict)
		if !strings.Contains(err.Error(), "no file was uploaded") {
			t.Errorf("error %q does not say that nothing was uploaded", err)
		}
		e.wantNothingStored(t)

		up, err = e.svc.CreateUploadURL(e.dispatcher, e.podOwner(e.mine), uploadRequest(data, "application/pdf"))
		if err != nil {
			t.Fatal(err)
		}
		other := sample("MZ", len(data))
		if _, err := e.svc.Blobs.Put(context.Background(), up.Document.StorageKey, bytes.NewReader(other), int64(len(other)), "application/pdf"); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Confirm(e.dispatcher, up.Document.ID)
		wantCode(t, err, tms.CodeInvalid)
		e.wantNothingStored(t)
	})
}

func TestCreateUploadURLValidates(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		good := uploadRequest(pdfFile(100), "application/pdf")
		tests := map[string]func(*documents.UploadRequest){
			"exe content type": func(r *documents.UploadRequest) { r.ContentType = "application/x-msdownload" },
			"too large":        func(r *documents.UploadRequest) { r.Size = 30 << 20 },
			"empty":            func(r *documents.UploadRequest) { r.Size = 0 },
			"bad checksum":     func(r *documents.UploadRequest) { r.SHA256 = "abc" },
			"unknown type":     func(r *documents.UploadRequest) { r.Type = "selfie" },
		}
		for name, change := range tests {
			t.Run(name, func(t *testing.T) {
				req := good
				change(&req)
				_, err := e.svc.CreateUploadURL(e.dispatcher, e.podOwner(e.mine), req)
				wantCode(t, err, tms.CodeInvalid)
				e.wantNothingStored(t)
			})
		}
	})
}
