package s3

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/tms"
)

// These tests need no server: presigning is local, and so is reading a HEAD answer.

func offlineStore(t *testing.T) *Store {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDOFFLINE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "offline-secret")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_REGION", "us-east-1")
	s, err := New(context.Background(), Options{Bucket: "docs", Region: "us-east-1", Endpoint: "http://127.0.0.1:9", PathStyle: true})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

func TestPresignPutSignsEverything(t *testing.T) {
	s := offlineStore(t)
	sum := sha256.Sum256([]byte("pod"))
	b64 := base64.StdEncoding.EncodeToString(sum[:])
	p, ok, err := s.PresignPut(context.Background(), "loads/1/pod.pdf", "application/pdf", 1234, b64, 15*time.Minute)
	if err != nil || !ok {
		t.Fatalf("PresignPut: got ok=%v, %v, want ok", ok, err)
	}
	q := query(t, p.URL)
	wantSigned := "content-length;content-type;host;x-amz-checksum-sha256;x-amz-meta-sha256;x-amz-server-side-encryption"
	if got := q.Get("X-Amz-SignedHeaders"); got != wantSigned {
		t.Errorf("signed headers = %q, want %q", got, wantSigned)
	}
	if got := q.Get("X-Amz-Expires"); got != "900" {
		t.Errorf("X-Amz-Expires = %q, want 900", got)
	}
	want := http.Header{
		"Content-Length":               {"1234"},
		"Content-Type":                 {"application/pdf"},
		"X-Amz-Checksum-Sha256":        {b64},
		"X-Amz-Meta-Sha256":            {hex.EncodeToString(sum[:])},
		"X-Amz-Server-Side-Encryption": {"AES256"},
	}
	if diff := cmp.Diff(want, p.Header); diff != "" {
		t.Errorf("presigned headers mismatch (-want +got):\n%s", diff)
	}
}

func TestPresignGetSignsDisposition(t *testing.T) {
	s := offlineStore(t)
	p, ok, err := s.PresignGet(context.Background(), "loads/1/pod.pdf", "../März POD.pdf", time.Minute)
	if err != nil || !ok {
		t.Fatalf("PresignGet: got ok=%v, %v, want ok", ok, err)
	}
	if got, want := query(t, p.URL).Get("response-content-disposition"), blob.ContentDisposition("März POD.pdf"); got != want {
		t.Errorf("response-content-disposition = %q, want %q", got, want)
	}
}

func TestPresignPutRefusesBadInput(t *testing.T) {
	s := offlineStore(t)
	good := base64.StdEncoding.EncodeToString(make([]byte, sha256.Size))
	tests := []struct {
		name, key, sum string
		size           int64
	}{
		{"not base64", "a", "%%%", 1},
		{"not 32 bytes", "a", base64.StdEncoding.EncodeToString([]byte("short")), 1},
		{"negative size", "a", good, -1},
		{"unsafe key", "../a", good, 1},
	}
	for _, tt := range tests {
		_, ok, err := s.PresignPut(context.Background(), tt.key, "application/pdf", tt.size, tt.sum, time.Minute)
		if ok || tms.ErrorCode(err) != tms.CodeInvalid {
			t.Errorf("%s: got ok=%v, %v, want code %s", tt.name, ok, err, tms.CodeInvalid)
		}
	}
}

func TestHeadSHA256(t *testing.T) {
	sum := sha256.Sum256([]byte("x"))
	hexSum := hex.EncodeToString(sum[:])
	tests := []struct {
		name     string
		checksum *string
		meta     map[string]string
		want     string
	}{
		{"server checksum", aws.String(base64.StdEncoding.EncodeToString(sum[:])), nil, hexSum},
		{"checksum wins over metadata", aws.String(base64.StdEncoding.EncodeToString(sum[:])), map[string]string{"sha256": "other"}, hexSum},
		{"no checksum: metadata", nil, map[string]string{"sha256": hexSum}, hexSum},
		{"multipart checksum: metadata", aws.String("AAAA-2"), map[string]string{"sha256": hexSum}, hexSum},
		{"neither", nil, nil, ""},
	}
	for _, tt := range tests {
		if got := (head{checksum: tt.checksum, meta: tt.meta}).sha256(); got != tt.want {
			t.Errorf("%s: sha256() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func query(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("presigned URL: %v", err)
	}
	return u.Query()
}
