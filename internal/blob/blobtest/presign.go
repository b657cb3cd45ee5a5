package blobtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/anditms/tms/internal/blob"
)

// client is what a browser or a driver's phone does with a presigned request: plain HTTP,
// none of our credentials.
var client = &http.Client{Timeout: 30 * time.Second}

type request struct {
	name       string
	url        string
	header     http.Header
	body       []byte
	wantStatus int // 0 = any status >= 400
}

func testPresignPut(t *testing.T, s blob.Store) {
	data, other := body(64<<10, 5), body(64<<10, 6)
	key := blob.Key("uploads", "1", "pod.pdf")
	p, ok, err := s.PresignPut(context.Background(), key, "application/pdf", int64(len(data)), b64Sum(data), 5*time.Minute)
	if err != nil || !ok {
		requirePresigned(t, err)
	}
	checkPresigned(t, p, http.MethodPut, 5*time.Minute)
	name := headerWithValue(t, p.Header, b64Sum(data))
	rejected := []request{
		// The length and the checksum header are signed: changing them breaks the signature.
		{"longer body", p.URL, p.Header, append(bytes.Clone(data), 0), http.StatusForbidden},
		{"shorter body", p.URL, p.Header, data[:len(data)-1], http.StatusForbidden},
		{"checksum header of other bytes", p.URL, withHeader(p.Header, name, b64Sum(other)), other, http.StatusForbidden},
		{"tampered signature", tamper(t, p.URL), p.Header, data, http.StatusForbidden},
		// Signed as is, but the server checks the bytes against the checksum (BadDigest).
		{"same length, other bytes", p.URL, p.Header, other, http.StatusBadRequest},
	}
	for _, r := range rejected {
		t.Run(r.name, func(t *testing.T) {
			do(t, p.Method, r)
			wantGone(t, s, key)
		})
	}
	do(t, p.Method, request{"as signed", p.URL, p.Header, data, http.StatusOK})
	got, err := s.Stat(context.Background(), key)
	if err != nil {
		t.Fatalf("Stat after presigned PUT: %v", err)
	}
	compareInfo(t, "Stat", blob.ObjectInfo{Key: key, Size: int64(len(data)), ContentType: "application/pdf", SHA256: hexSum(data), VersionID: got.VersionID}, got)
}

func testPresignGet(t *testing.T, s blob.Store) {
	data := body(10<<10, 7)
	key := blob.Key("loads", "3", "pod.pdf")
	put(t, s, key, data, "application/pdf")
	const filename = "../März POD.pdf"
	p, ok, err := s.PresignGet(context.Background(), key, filename, 5*time.Minute)
	if err != nil || !ok {
		requirePresigned(t, err)
	}
	checkPresigned(t, p, http.MethodGet, 5*time.Minute)
	resp, got := do(t, p.Method, request{"as signed", p.URL, p.Header, nil, http.StatusOK})
	if !bytes.Equal(got, data) {
		t.Errorf("presigned GET got %d bytes (sha %s), want %d bytes (sha %s)", len(got), hexSum(got), len(data), hexSum(data))
	}
	if got, want := resp.Header.Get("Content-Disposition"), blob.ContentDisposition(filename); got != want {
		t.Errorf("presigned GET Content-Disposition = %q, want %q", got, want)
	}
	do(t, p.Method, request{"tampered signature", tamper(t, p.URL), p.Header, nil, http.StatusForbidden})
	short, _, err := s.PresignGet(context.Background(), key, filename, time.Second)
	if err != nil {
		t.Fatalf("PresignGet: %v", err)
	}
	time.Sleep(2100 * time.Millisecond)
	do(t, short.Method, request{"expired", short.URL, short.Header, nil, http.StatusForbidden})
}

// requirePresigned fails the test on a presign error and skips it when the store has none.
func requirePresigned(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("presign: %v", err)
	}
	t.Skip("the store has no presigned requests (ok=false)")
}

func checkPresigned(t *testing.T, p blob.Presigned, method string, expiry time.Duration) {
	t.Helper()
	if p.Method != method || p.URL == "" {
		t.Errorf("presigned got method %q URL %q, want method %q and a URL", p.Method, p.URL, method)
	}
	if d := time.Until(p.Expires) - expiry; d < -time.Minute || d > time.Minute {
		t.Errorf("presigned Expires = %v, want about %v from now", p.Expires, expiry)
	}
}

// do sends r with a plain client and checks its status: r.wantStatus, or >= 400 when 0.
func do(t *testing.T, method string, r request) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, r.url, bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("%s: %v", r.name, err)
	}
	req.Header = r.header.Clone()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", r.name, err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s: reading the response: %v", r.name, err)
	}
	if r.wantStatus == 0 && resp.StatusCode < 400 || r.wantStatus != 0 && resp.StatusCode != r.wantStatus {
		t.Errorf("%s: %s got status %d (%.300s), want %s", r.name, method, resp.StatusCode, got, statusText(r.wantStatus))
	}
	return resp, got
}

func statusText(status int) string {
	if status == 0 {
		return ">= 400"
	}
	return http.StatusText(status)
}

// headerWithValue names the header that carries value; a presigned upload must bind its checksum.
func headerWithValue(t *testing.T, h http.Header, value string) string {
	t.Helper()
	for name, vs := range h {
		if len(vs) == 1 && vs[0] == value {
			return name
		}
	}
	t.Fatalf("presigned headers %v carry no header with the checksum %q", h, value)
	return ""
}

func withHeader(h http.Header, name, value string) http.Header {
	h = h.Clone()
	h.Set(name, value)
	return h
}

// tamper changes one character of the URL's SigV4 signature.
func tamper(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("presigned URL: %v", err)
	}
	q := u.Query()
	sig := q.Get("X-Amz-Signature")
	if sig == "" {
		t.Fatalf("presigned URL %s has no X-Amz-Signature", raw)
	}
	last := "0"
	if sig[len(sig)-1] == '0' {
		last = "1"
	}
	q.Set("X-Amz-Signature", sig[:len(sig)-1]+last)
	u.RawQuery = q.Encode()
	return u.String()
}

func b64Sum(b []byte) string {
	sum := sha256.Sum256(b)
	return base64.StdEncoding.EncodeToString(sum[:])
}
