package s3_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/blob/blobtest"
	tmss3 "github.com/anditms/tms/internal/s3"
	"github.com/anditms/tms/internal/s3/s3test"
	"github.com/anditms/tms/internal/tms"
)

// The S3 tests run against a real S3-compatible server (source .ci/s3.sh for versitygw):
// s3test.Bucket gives each test its own versioned bucket there and removes it afterwards.

func TestStore(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) blob.Store {
		endpoint, bucket := s3test.Bucket(t)
		return s3test.Open(t, endpoint, bucket)
	})
}

// slowReader hands out data in pieces with a pause, like a phone on a weak network.
type slowReader struct {
	r     io.Reader
	pause time.Duration
}

func (s slowReader) Read(p []byte) (int, error) {
	time.Sleep(s.pause)
	return s.r.Read(p[:min(len(p), 64<<10)])
}

// TestUploadCutMidway puts through a proxy that stops forwarding after 256 KiB of a 4 MiB
// upload (Put spools the slow reader first, so the cut hits the HTTP request itself), then
// kills the proxy or cancels the context: Put fails and the server keeps no object, not even
// a hidden version; Ping through the dead proxy fails while the server itself stays fine.
func TestUploadCutMidway(t *testing.T) {
	tests := []struct {
		name string
		cut  func(*proxy, context.CancelFunc)
	}{
		{"server killed", func(p *proxy, _ context.CancelFunc) { p.Close() }},
		{"context cancelled", func(_ *proxy, cancel context.CancelFunc) { cancel() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			endpoint, bucket := s3test.Bucket(t)
			direct := s3test.Open(t, endpoint, bucket)
			p := startProxy(t, hostOf(t, endpoint), 256<<10)
			proxied := s3test.Open(t, p.endpoint(), bucket)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			key := blob.Key("loads", "1", "pod.pdf")
			done := startPut(ctx, proxied, key, 4<<20)
			waitForCut(t, p, done)
			tt.cut(p, cancel)
			err := waitPut(t, done)
			if err == nil {
				t.Fatalf("Put through a cut connection: got nil error, want one")
			}
			t.Logf("Put failed as it should: %v", err)
			checkNoObject(t, direct, endpoint, bucket, key)
			p.Close()
			checkPing(t, proxied, p.endpoint(), false)
			checkPing(t, direct, endpoint, true)
		})
	}
}

func startPut(ctx context.Context, s *tmss3.Store, key string, size int64) <-chan error {
	done := make(chan error, 1)
	go func() {
		r := slowReader{bytes.NewReader(make([]byte, size)), time.Millisecond}
		_, err := s.Put(ctx, key, r, size, "application/pdf")
		done <- err
	}()
	return done
}

func waitForCut(t *testing.T, p *proxy, done <-chan error) {
	t.Helper()
	select {
	case <-p.reached:
	case err := <-done:
		t.Fatalf("Put ended before the proxy cut it: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the upload never reached the cut")
	}
}

func waitPut(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(60 * time.Second):
		t.Fatal("Put still running 60 s after its connection was cut")
		return nil
	}
}

// checkNoObject asks the server directly: no object, no listing, no version, no marker.
func checkNoObject(t *testing.T, s *tmss3.Store, endpoint, bucket, key string) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Stat(ctx, key); tms.ErrorCode(err) != tms.CodeNotFound {
		t.Errorf("Stat after the cut upload: got %v, want code %s", err, tms.CodeNotFound)
	}
	calls := 0
	if err := s.List(ctx, "", func(blob.ObjectInfo) error { calls++; return nil }); err != nil || calls != 0 {
		t.Errorf("List after the cut upload: got %d objects, error %v, want none", calls, err)
	}
	out, err := s3test.Client(t, endpoint).ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatalf("ListObjectVersions: %v", err)
	}
	if n := len(out.Versions) + len(out.DeleteMarkers); n != 0 {
		t.Errorf("after the cut upload the bucket holds %d versions and markers, want none", n)
	}
}

func checkPing(t *testing.T, s *tmss3.Store, endpoint string, wantOK bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Ping(ctx); (err == nil) != wantOK {
		t.Errorf("Ping through %s: got %v, want ok=%v", endpoint, err, wantOK)
	}
}

func hostOf(t *testing.T, endpoint string) string {
	t.Helper()
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		t.Fatalf("TMS_TEST_S3_ENDPOINT %q is not a URL with a host", endpoint)
	}
	return u.Host
}

// TestPutRequest checks on the wire that Put asks for encryption at rest and sends the
// checksum and the sha256 metadata (versitygw accepts SSE but does not report it back).
func TestPutRequest(t *testing.T) {
	endpoint, bucket := s3test.Bucket(t)
	p := startProxy(t, hostOf(t, endpoint), 1<<62)
	data := []byte("%PDF-1.7 a bill of lading")
	res, err := s3test.Open(t, p.endpoint(), bucket).Put(context.Background(), "bol.pdf", bytes.NewReader(data), int64(len(data)), "application/pdf")
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	sum := sha256.Sum256(data)
	req := strings.ToLower(p.recorded())
	for _, want := range []string{
		"put /" + bucket + "/bol.pdf",
		"x-amz-server-side-encryption: aes256",
		"x-amz-checksum-sha256: " + strings.ToLower(base64.StdEncoding.EncodeToString(sum[:])),
		"x-amz-meta-sha256: " + res.SHA256,
		"content-type: application/pdf",
	} {
		if !strings.Contains(req, want) {
			t.Errorf("the PutObject request lacks %q; it was:\n%s", want, req)
		}
	}
}
