package blobtest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/tms"
)

// The failure tests: whatever goes wrong during a Put, no object (or the previous one) is left.

var errBoom = errors.New("boom")

// badBodies are readers that never deliver exactly size bytes.
func badBodies(size int) []struct {
	name     string
	r        func() io.Reader
	wantCode tms.Code // "" = any error
} {
	data := body(size, 3)
	return []struct {
		name     string
		r        func() io.Reader
		wantCode tms.Code
	}{
		{"reader fails after 1000 bytes", func() io.Reader {
			return io.MultiReader(bytes.NewReader(data[:1000]), iotest.ErrReader(errBoom))
		}, ""},
		{"short body", func() io.Reader { return bytes.NewReader(data[:size/2]) }, tms.CodeInvalid},
		{"long body", func() io.Reader { return io.MultiReader(bytes.NewReader(data), bytes.NewReader(data[:1])) }, tms.CodeInvalid},
		{"slow reader, one byte a read, fails", func() io.Reader {
			return io.MultiReader(iotest.OneByteReader(bytes.NewReader(data[:100])), iotest.ErrReader(errBoom))
		}, ""},
	}
}

func testBadBody(t *testing.T, s blob.Store) {
	const size = 256 << 10
	for _, tt := range badBodies(size) {
		t.Run(tt.name, func(t *testing.T) {
			key := blob.Key("bad", tt.name)
			_, err := s.Put(context.Background(), key, tt.r(), size, "application/pdf")
			checkPutFailed(t, err, tt.wantCode)
			wantGone(t, s, key)
		})
	}
}

func testBadBodyKeepsPrevious(t *testing.T, s blob.Store) {
	const size = 256 << 10
	key := blob.Key("bad", "previous")
	data := body(size, 1)
	res := put(t, s, key, data, "application/pdf")
	for _, tt := range badBodies(size) {
		_, err := s.Put(context.Background(), key, tt.r(), size, "image/png")
		checkPutFailed(t, err, tt.wantCode)
	}
	want := blob.ObjectInfo{Key: key, Size: size, ContentType: "application/pdf", SHA256: hexSum(data), VersionID: res.VersionID}
	checkStat(t, s, want)
	checkOpen(t, s, want, data)
}

func checkPutFailed(t *testing.T, err error, wantCode tms.Code) {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("Put: got nil error, want an error")
	case wantCode != "" && tms.ErrorCode(err) != wantCode:
		t.Errorf("Put: got %v, want code %s", err, wantCode)
	}
}

// cancelReader cancels its context after the first read and keeps delivering bytes.
type cancelReader struct {
	r      io.Reader
	cancel context.CancelFunc
}

func (c *cancelReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.cancel()
	return n, err
}

func testCancel(t *testing.T, s blob.Store) {
	const size = 1 << 20
	data := body(size, 4)
	tests := []struct {
		name string
		r    func(context.CancelFunc) io.Reader
	}{
		{"cancelled before Put", func(cancel context.CancelFunc) io.Reader {
			cancel()
			return bytes.NewReader(data)
		}},
		{"cancelled mid-body", func(cancel context.CancelFunc) io.Reader {
			return &cancelReader{bytes.NewReader(data), cancel}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			key := blob.Key("cancel", tt.name)
			if _, err := s.Put(ctx, key, tt.r(cancel), size, "application/pdf"); !errors.Is(err, context.Canceled) {
				t.Errorf("Put: got %v, want %v", err, context.Canceled)
			}
			wantGone(t, s, key)
		})
	}
}

func testUnsafeKeys(t *testing.T, s blob.Store) {
	ctx := context.Background()
	for _, key := range []string{"", "../escape", "/abs", "a/../../b", "a//b", "a/", ".meta", "a/.hidden", "loads/ü", "a\\b"} {
		if _, err := s.Put(ctx, key, bytes.NewReader(nil), 0, "text/plain"); tms.ErrorCode(err) != tms.CodeInvalid {
			t.Errorf("Put(%q): got %v, want code %s", key, err, tms.CodeInvalid)
		}
		if _, err := s.Stat(ctx, key); tms.ErrorCode(err) != tms.CodeInvalid {
			t.Errorf("Stat(%q): got %v, want code %s", key, err, tms.CodeInvalid)
		}
		if err := s.Delete(ctx, key); tms.ErrorCode(err) != tms.CodeInvalid {
			t.Errorf("Delete(%q): got %v, want code %s", key, err, tms.CodeInvalid)
		}
	}
	if err := s.List(ctx, "../", func(blob.ObjectInfo) error { return nil }); tms.ErrorCode(err) != tms.CodeInvalid {
		t.Errorf(`List("../"): got %v, want code %s`, err, tms.CodeInvalid)
	}
	if got := list(t, s, ""); len(got) != 0 {
		t.Errorf("after refused keys List(\"\") got %v, want nothing", got)
	}
}
