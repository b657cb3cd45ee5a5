package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/s3/s3test"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

type directUpload struct {
	Document tms.Document `json:"document"`
	Upload   struct {
		Method  string            `json:"method"`
		URL     string            `json:"url"`
		Headers map[string]string `json:"headers"`
	} `json:"upload"`
}

func uploadURLBody(l tms.Load, data []byte) map[string]any {
	sum := sha256.Sum256(data)
	return map[string]any{"type": "pod", "stop_id": l.Stops[1].ID, "filename": "pod.pdf", "content_type": "application/pdf",
		"size": len(data), "sha256": base64.StdEncoding.EncodeToString(sum[:])}
}

// The direct-to-S3 flow through the API with a plain HTTP client for the S3 requests; on
// local storage the upload URL is refused with the way to upload instead.
func TestDirectUploadThroughTheAPI(t *testing.T) {
	eachStorage(t, func(t *testing.T, e docEnv) {
		data := pdf(200 << 10)
		path := fmt.Sprintf("/api/v1/loads/%d/documents/upload-url", e.mine.ID)
		if e.dir != "" {
			p := e.driver.Do("POST", path, uploadURLBody(e.mine, data)).Want(http.StatusBadRequest).Problem()
			if !strings.Contains(fmt.Sprint(p["detail"]), "multipart/form-data") {
				t.Errorf("local upload-url problem = %v, want the multipart hint", p)
			}
			e.wantNothingStored(t)
			return
		}
		var up directUpload
		e.driver.Do("POST", path, uploadURLBody(e.mine, data)).Want(http.StatusCreated).JSON(&up)
		put(t, up, data)
		var d tms.Document
		e.driver.Do("POST", fmt.Sprintf("/api/v1/documents/%d/confirm", up.Document.ID), nil).Want(http.StatusOK).JSON(&d)
		if d.Status != tms.DocumentActive || d.Version != 1 {
			t.Errorf("confirmed = %+v", d)
		}
		if got := e.fetch(t, e.driver, d.ID); !bytes.Equal(got, data) {
			t.Errorf("downloaded %d bytes, want the %d uploaded", len(got), len(data))
		}
		noFollow := *e.driver.HTTP
		noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := noFollow.Get(fmt.Sprintf("%s/api/v1/documents/%d/download", e.srv.URL, d.ID))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound || !strings.Contains(resp.Header.Get("Location"), "X-Amz-Signature=") {
			t.Errorf("download answered %d to %q, want 302 to a presigned URL", resp.StatusCode, resp.Header.Get("Location"))
		}

		e.driver.Do("POST", path, uploadURLBody(e.mine, data)).Want(http.StatusCreated).JSON(&up)
		p := e.driver.Do("POST", fmt.Sprintf("/api/v1/documents/%d/confirm", up.Document.ID), nil).Want(http.StatusConflict).Problem()
		if !strings.Contains(fmt.Sprint(p["detail"]), "no file was uploaded") {
			t.Errorf("confirm without an upload: problem %v", p)
		}
		e.driver.Do("GET", fmt.Sprintf("/api/v1/documents/%d", up.Document.ID), nil).Want(http.StatusNotFound)
	})
}

// put sends the presigned PUT exactly as given, with a plain client and none of our cookies.
func put(t *testing.T, up directUpload, data []byte) {
	t.Helper()
	req, err := http.NewRequest(up.Upload.Method, up.Upload.URL, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range up.Upload.Headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if body, _ := io.ReadAll(resp.Body); resp.StatusCode != http.StatusOK {
		t.Fatalf("presigned PUT: %d %s", resp.StatusCode, body)
	}
}

// Versions, soft delete in the audit log, admin restore, the generated BOL, and the billing
// gate that wants a POD before invoicing.
func TestDocumentLifecycleThroughTheAPI(t *testing.T) {
	eachStorage(t, func(t *testing.T, e docEnv) {
		load := fmt.Sprintf("/api/v1/loads/%d", e.mine.ID)
		deliver(t, e)
		p := e.dispatcher.Do("POST", load+"/status", map[string]any{"status": "invoiced"}).Want(http.StatusConflict).Problem()
		if p["detail"] != "missing documents: pod" {
			t.Errorf("invoicing without a POD: problem %v, want detail \"missing documents: pod\"", p)
		}
		var v1, v2, bol tms.Document
		uploadPOD(e.driver, e.mine, pdf(1000)).Want(http.StatusCreated).JSON(&v1)
		uploadPOD(e.driver, e.mine, pdf(2000)).Want(http.StatusCreated).JSON(&v2)
		e.dispatcher.Do("POST", load+"/bol", nil).Want(http.StatusCreated).JSON(&bol)
		if v2.Version != 2 || bol.Type != tms.DocBOL || bol.ContentType != "application/pdf" {
			t.Errorf("second POD version %d, BOL %+v", v2.Version, bol)
		}
		var versions []tms.Document
		e.viewer.Do("GET", fmt.Sprintf("/api/v1/documents/%d/versions", v1.ID), nil).Want(http.StatusOK).JSON(&versions)
		if len(versions) != 2 || versions[0].ID != v2.ID {
			t.Errorf("versions = %+v, want v2 then v1", versions)
		}
		if got := e.fetch(t, e.viewer, bol.ID); !bytes.HasPrefix(got, []byte("%PDF-")) {
			t.Errorf("the BOL downloads as %.20q, want a PDF", got)
		}

		e.dispatcher.Do("DELETE", fmt.Sprintf("/api/v1/documents/%d", v1.ID), nil).Want(http.StatusOK)
		e.dispatcher.Do("DELETE", fmt.Sprintf("/api/v1/documents/%d", v2.ID), nil).Want(http.StatusOK)
		p = e.dispatcher.Do("POST", load+"/status", map[string]any{"status": "invoiced"}).Want(http.StatusConflict).Problem()
		if p["detail"] != "missing documents: pod" {
			t.Errorf("invoicing with the PODs deleted: problem %v", p)
		}
		e.viewer.Do("GET", fmt.Sprintf("/api/v1/documents/%d", v2.ID), nil).Want(http.StatusNotFound)
		e.dispatcher.Do("POST", fmt.Sprintf("/api/v1/documents/%d/restore", v2.ID), nil).Want(http.StatusForbidden)
		e.admin.Do("POST", fmt.Sprintf("/api/v1/documents/%d/restore", v2.ID), nil).Want(http.StatusOK)
		var audit tms.Page[tms.AuditEntry]
		e.admin.Do("GET", fmt.Sprintf("/api/v1/audit?entity=document&id=%d", v2.ID), nil).Want(http.StatusOK).JSON(&audit)
		if len(audit.Items) != 3 || audit.Items[0].Action != "restore" || audit.Items[1].Action != "delete" || audit.Items[1].ActorEmail != "dispatcher@example.com" {
			t.Errorf("audit of document %d = %+v, want restore, delete by the dispatcher, create", v2.ID, audit.Items)
		}
		e.billing.Do("POST", "/api/v1/invoices", map[string]any{"load_ids": []int64{e.mine.ID}}).Want(http.StatusCreated)
	})
}

// deliver dispatches the mine load (overriding its driver's missing hazmat endorsement) and
// marks it delivered with its delivery stop's times.
func deliver(t *testing.T, e docEnv) {
	t.Helper()
	load := fmt.Sprintf("/api/v1/loads/%d", e.mine.ID)
	e.dispatcher.Do("POST", load+"/assign", map[string]any{"driver_id": e.f.Driver.ID, "truck_id": e.f.Truck.ID,
		"trailer_id": e.f.Trailer.ID, "override": true, "reason": "endorsement renewed, card in the mail"}).Want(http.StatusOK)
	now := time.Now()
	e.dispatcher.Do("POST", load+"/deliver", map[string]any{"arrived_at": now, "departed_at": now}).Want(http.StatusOK)
}

// Killing the S3 server in the middle of an upload: the upload fails with 503, no row is written,
// nothing is stored, and /health/ready names storage as failing.
func TestS3KilledMidUpload(t *testing.T) {
	endpoint, bucket := s3test.Bucket(t)
	proxy := testenv.NewProxy(t, strings.TrimPrefix(endpoint, "http://"))
	cfg := apitest.DefaultConfig(t)
	cfg.S3Endpoint, cfg.S3Bucket, cfg.AWSRegion = "http://"+proxy.Addr(), bucket, os.Getenv("AWS_REGION")
	e := newDocEnv(t, cfg, testenv.SQLite(t))
	var ready struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
	}
	e.srv.NewClient(t).Do("GET", "/health/ready", nil).Want(http.StatusOK).JSON(&ready)
	if ready.Checks["storage"] != "ok" {
		t.Fatalf("ready checks = %v, want storage ok", ready.Checks)
	}

	proxy.StopAfter(1 << 20) // S3 dies after the first MB of the 8 MB PUT
	r := uploadPOD(e.driver, e.mine, pdf(8<<20)).Want(http.StatusServiceUnavailable)
	if p := r.Problem(); p["code"] != "unavailable" || r.Header.Get("Retry-After") == "" {
		t.Errorf("problem = %v, Retry-After %q: want code unavailable and a Retry-After", p, r.Header.Get("Retry-After"))
	}
	if docs, err := e.srv.App.Store.AllDocuments(context.Background(), 0, 10); err != nil || len(docs) != 0 {
		t.Errorf("document rows after the failed upload: %+v (%v), want none", docs, err)
	}
	var left []string
	err := s3test.Open(t, endpoint, bucket).List(context.Background(), "", func(o blob.ObjectInfo) error {
		left = append(left, o.Key)
		return nil
	})
	if err != nil || len(left) != 0 {
		t.Errorf("objects in the bucket: %v (%v), want none", left, err)
	}
	e.srv.NewClient(t).Do("GET", "/health/ready", nil).Want(http.StatusServiceUnavailable).JSON(&ready)
	if !strings.HasPrefix(ready.Checks["storage"], "fail") || ready.Checks["database"] != "ok" {
		t.Errorf("ready checks with S3 down = %v, want storage failing and database ok", ready.Checks)
	}
}
