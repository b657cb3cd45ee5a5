package faults

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/s3/s3test"
	"github.com/anditms/tms/internal/tms"
)

// The limits of the issue: a dependency that does not answer costs a request at most this.
const (
	databaseLimit = 5 * time.Second
	storageLimit  = 10 * time.Second
)

func TestPostgresDown(t *testing.T) {
	t.Parallel()
	for _, fault := range []string{"blackholed", "refused"} {
		t.Run(fault, func(t *testing.T) {
			r := start(t)
			if a := get(t, r.bearer, r.url, "/api/v1/loads"); a.status != http.StatusOK {
				t.Fatalf("before the fault: %d %s", a.status, a.body)
			}
			if fault == "blackholed" {
				r.pg.Blackhole()
			} else {
				r.pg.Refuse()
			}
			wantUnavailable(t, "API", get(t, r.bearer, r.url, "/api/v1/loads"), databaseLimit, problemJSON)
			wantUnavailable(t, "UI page", get(t, r.browser, r.url, "/"), databaseLimit, html)
			wantUnavailable(t, "OsmAnd", get(t, r.bearer, r.url, "/osmand?"+fix(1)), databaseLimit, problemJSON)
			ready(t, r, "database")
			restore(t, r.pg)
			recovers(t, "API", r.bearer, r.url, "/api/v1/loads")
			recovers(t, "UI page", r.browser, r.url, "/")
		})
	}
}

func TestRedisDown(t *testing.T) {
	t.Parallel()
	for _, fault := range []string{"refused", "blackholed"} {
		t.Run(fault, func(t *testing.T) {
			r := start(t)
			if fault == "blackholed" {
				r.redis.Blackhole()
			} else {
				r.redis.Refuse()
			}
			anonymous := apitest.NewClient(t, r.url)
			if a := get(t, anonymous, r.url, "/login"); a.status != http.StatusOK || a.elapsed > databaseLimit {
				t.Errorf("login page: %d after %v, want 200 within %v: %.300s", a.status, a.elapsed, databaseLimit, a.body)
			}
			if a := get(t, r.bearer, r.url, "/api/v1/loads"); a.status != http.StatusOK {
				t.Errorf("bearer-token API: %d, want 200: %.300s", a.status, a.body)
			}
			if a := get(t, anonymous, r.url, "/osmand?"+fix(2)); a.status != http.StatusOK {
				t.Errorf("OsmAnd: %d, want 200: %.300s", a.status, a.body)
			}
			page := get(t, r.browser, r.url, "/")
			wantUnavailable(t, "logged-in page", page, databaseLimit, html)
			if !strings.Contains(page.body, "Sessions are unavailable") {
				t.Errorf("logged-in page does not say sessions are unavailable: %.600s", page.body)
			}
			wantUnavailable(t, "API with a session cookie", get(t, r.browser, r.url, "/api/v1/me"), databaseLimit, problemJSON)
			ready(t, r, "redis")
			restore(t, r.redis)
			recovers(t, "logged-in page", r.browser, r.url, "/") // the session survived in Redis
		})
	}
}

func TestS3Blackholed(t *testing.T) {
	t.Parallel()
	r := start(t)
	path := fmt.Sprintf("/api/v1/trucks/%d/documents", r.truck.ID)
	if a := upload(t, r, path); a.status != http.StatusCreated {
		t.Fatalf("upload before the fault: %d %s", a.status, a.body)
	}
	before := stored(t, r)

	r.s3.Blackhole()
	wantUnavailable(t, "upload", upload(t, r, path), storageLimit, problemJSON)
	restore(t, r.s3)
	if after := stored(t, r); after != before {
		t.Errorf("after the failed upload: %+v, want %+v (nothing half stored)", after, before)
	}
	if a := upload(t, r, path); a.status != http.StatusCreated {
		t.Errorf("upload after S3 came back: %d %s", a.status, a.body)
	}
}

// ready checks that /health/ready answers 503 naming the failed dependency, within its 2 s probe timeout.
func ready(t *testing.T, r *rig, failed string) {
	t.Helper()
	a := get(t, apitest.NewClient(t, r.url), r.url, "/health/ready")
	if a.status != http.StatusServiceUnavailable || !strings.Contains(a.body, `"`+failed+`":"fail`) || a.elapsed > 3*time.Second {
		t.Errorf("ready: %d after %v: %s, want 503 naming %s", a.status, a.elapsed, a.body, failed)
	}
}

// holdings counts document rows and objects.
type holdings struct{ rows, objects int }

func stored(t *testing.T, r *rig) holdings {
	t.Helper()
	ctx := context.Background()
	docs, err := r.app.Store.ListDocuments(ctx, tms.DocumentFilter{Owner: tms.Owner{Kind: tms.OwnerTruck, ID: r.truck.ID}, IncludeDeleted: true})
	if err != nil {
		t.Fatal(err)
	}
	out, err := s3test.Client(t, r.s3Endpoint).ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(r.bucket)})
	if err != nil {
		t.Fatal(err)
	}
	return holdings{len(docs), int(aws.ToInt32(out.KeyCount))}
}

// upload posts a small registration scan as the bearer client.
func upload(t *testing.T, r *rig, path string) answer {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("type", "registration")
	part, _ := mw.CreateFormFile("file", "registration.png")
	_, _ = part.Write(append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 64<<10)...))
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req := mustRequest(t, "POST", r.url+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return send(t, r.bearer, req)
}

func fix(n int) string {
	return fmt.Sprintf("id=f-1&lat=32.7767&lon=-96.797&timestamp=%d&speed=20", time.Now().Add(-time.Hour).Unix()+int64(n))
}
