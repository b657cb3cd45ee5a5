// Package blobtest is the conformance suite every blob.Store backend runs: the local directory
// always, S3 against a real S3-compatible server when one is configured.
package blobtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/tms"
)

// Run runs every conformance test, each on a fresh store from newStore.
func Run(t *testing.T, newStore func(t *testing.T) blob.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, blob.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"Overwrite", testOverwrite},
		{"Delete", testDelete},
		{"List", testList},
		{"ListStops", testListStops},
		{"NotFound", testNotFound},
		{"BadBodyLeavesNothing", testBadBody},
		{"BadBodyKeepsPrevious", testBadBodyKeepsPrevious},
		{"CancelLeavesNothing", testCancel},
		{"UnsafeKeysRefused", testUnsafeKeys},
		{"HostileNamesRoundTrip", testHostileNames},
		{"PresignPut", testPresignPut},
		{"PresignGet", testPresignGet},
		{"Ping", testPing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newStore(t)) })
	}
	t.Run("Key", testKey)
	t.Run("SafeFilename", testSafeFilename)
	t.Run("ContentDisposition", testContentDisposition)
}

func testRoundTrip(t *testing.T, s blob.Store) {
	tests := []struct {
		name, key, contentType, wantType string
		size                             int
	}{
		{"pdf", blob.Key("loads", "42", "bol.pdf"), "application/pdf", "application/pdf", 300 << 10},
		{"empty body, no type", blob.Key("loads", "42", "empty"), "", blob.DefaultContentType, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := body(tt.size, 1)
			res := put(t, s, tt.key, data, tt.contentType)
			want := blob.ObjectInfo{Key: tt.key, Size: int64(tt.size), ContentType: tt.wantType, SHA256: hexSum(data), VersionID: res.VersionID}
			if diff := cmp.Diff(blob.PutResult{VersionID: res.VersionID, SHA256: want.SHA256, Size: want.Size}, res); diff != "" {
				t.Errorf("Put result mismatch (-want +got):\n%s", diff)
			}
			checkStat(t, s, want)
			checkOpen(t, s, want, data)
		})
	}
}

func testOverwrite(t *testing.T, s blob.Store) {
	key := blob.Key("loads", "7", "pod.pdf")
	first := put(t, s, key, body(1000, 1), "application/pdf")
	data := body(2000, 2)
	second := put(t, s, key, data, "image/jpeg")
	want := blob.ObjectInfo{Key: key, Size: 2000, ContentType: "image/jpeg", SHA256: hexSum(data), VersionID: second.VersionID}
	checkStat(t, s, want)
	checkOpen(t, s, want, data)
	if first.VersionID == "" {
		t.Logf("unversioned store: no version ids to compare")
		return
	}
	if second.VersionID == first.VersionID {
		t.Errorf("overwrite got version id %q again, want a new one", second.VersionID)
	}
}

func testDelete(t *testing.T, s blob.Store) {
	ctx := context.Background()
	key := blob.Key("loads", "9", "bol.pdf")
	put(t, s, key, body(10, 1), "application/pdf")
	for i := range 2 {
		if err := s.Delete(ctx, key); err != nil {
			t.Fatalf("Delete #%d: got %v, want nil", i+1, err)
		}
		wantGone(t, s, key)
	}
	if err := s.Delete(ctx, blob.Key("never", "stored")); err != nil {
		t.Errorf("Delete of a missing key: got %v, want nil", err)
	}
}

func testList(t *testing.T, s blob.Store) {
	keys := []string{"drivers/1/cdl.pdf", "loads/1/bol.pdf", "loads/1/pod.pdf", "loads/12/bol.pdf", "loads/2/inv.pdf"}
	for i, k := range keys {
		put(t, s, k, body(i+1, byte(i)), "application/pdf")
	}
	tests := []struct {
		prefix string
		want   []string
	}{
		{"", keys},
		{"loads/1/", keys[1:3]},
		{"loads/1", keys[1:4]},
		{"loads/12/bol.pdf", keys[3:4]},
		{"loads/3/", nil},
		{"nothing", nil},
	}
	for _, tt := range tests {
		t.Run("prefix="+tt.prefix, func(t *testing.T) {
			got := list(t, s, tt.prefix)
			var want []blob.ObjectInfo
			for _, k := range tt.want {
				i := indexOf(keys, k)
				want = append(want, blob.ObjectInfo{Key: k, Size: int64(i + 1)})
			}
			opt := cmpopts.IgnoreFields(blob.ObjectInfo{}, "ContentType", "SHA256", "VersionID", "ModTime")
			if diff := cmp.Diff(want, got, opt); diff != "" {
				t.Errorf("List(%q) mismatch (-want +got):\n%s", tt.prefix, diff)
			}
		})
	}
}

func testListStops(t *testing.T, s blob.Store) {
	for i := range 3 {
		put(t, s, blob.Key("stop", string(rune('a'+i))), body(1, 0), "text/plain")
	}
	errStop := errors.New("stop")
	calls := 0
	err := s.List(context.Background(), "stop/", func(blob.ObjectInfo) error {
		calls++
		return errStop
	})
	if !errors.Is(err, errStop) || calls != 1 {
		t.Errorf("List with a failing callback: got %v after %d calls, want %v after 1", err, calls, errStop)
	}
}

func testNotFound(t *testing.T, s blob.Store) {
	ctx := context.Background()
	put(t, s, "file", body(1, 0), "text/plain")
	put(t, s, "dir/object", body(1, 0), "text/plain")
	for _, key := range []string{"missing", "file/below", "dir", "missing/deeper/key"} {
		if _, err := s.Stat(ctx, key); tms.ErrorCode(err) != tms.CodeNotFound {
			t.Errorf("Stat(%q): got %v, want code %s", key, err, tms.CodeNotFound)
		}
		rc, _, err := s.Open(ctx, key)
		if tms.ErrorCode(err) != tms.CodeNotFound {
			t.Errorf("Open(%q): got %v, want code %s", key, err, tms.CodeNotFound)
		}
		if rc != nil {
			rc.Close()
		}
	}
}

// testHostileNames stores under keys built from hostile user input and finds them again.
func testHostileNames(t *testing.T, s blob.Store) {
	names := []string{"../../etc/passwd", "a/b", "Rechnung März.pdf", "..", ".meta", "x\x00y"}
	var want []string
	for i, name := range names {
		key := blob.Key("loads", "5", name)
		put(t, s, key, body(i, 0), "application/pdf")
		want = append(want, key)
	}
	sort.Strings(want)
	var got []string
	for _, info := range list(t, s, "loads/5/") {
		got = append(got, info.Key)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("keys from hostile names mismatch (-want +got):\n%s", diff)
	}
}

func testPing(t *testing.T, s blob.Store) {
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("Ping: got %v, want nil", err)
	}
}

// checkStat compares Stat with want; ModTime must be within a minute of now.
func checkStat(t *testing.T, s blob.Store, want blob.ObjectInfo) {
	t.Helper()
	got, err := s.Stat(context.Background(), want.Key)
	if err != nil {
		t.Fatalf("Stat(%q): %v", want.Key, err)
	}
	compareInfo(t, "Stat", want, got)
}

func checkOpen(t *testing.T, s blob.Store, want blob.ObjectInfo, data []byte) {
	t.Helper()
	rc, got, err := s.Open(context.Background(), want.Key)
	if err != nil {
		t.Fatalf("Open(%q): %v", want.Key, err)
	}
	defer rc.Close()
	compareInfo(t, "Open", want, got)
	read, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("reading %q: %v", want.Key, err)
	}
	if !bytes.Equal(read, data) {
		t.Errorf("Open(%q) got %d bytes (sha %s), want %d bytes (sha %s)", want.Key, len(read), hexSum(read), len(data), hexSum(data))
	}
}

func compareInfo(t *testing.T, op string, want, got blob.ObjectInfo) {
	t.Helper()
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(blob.ObjectInfo{}, "ModTime")); diff != "" {
		t.Errorf("%s(%q) mismatch (-want +got):\n%s", op, want.Key, diff)
	}
	if age := time.Since(got.ModTime); age < -time.Minute || age > time.Minute {
		t.Errorf("%s(%q) got ModTime %v, want within a minute of now", op, want.Key, got.ModTime)
	}
}

// wantGone checks that key is neither found by Stat nor listed.
func wantGone(t *testing.T, s blob.Store, key string) {
	t.Helper()
	if info, err := s.Stat(context.Background(), key); tms.ErrorCode(err) != tms.CodeNotFound {
		t.Errorf("Stat(%q): got %+v, %v, want code %s", key, info, err, tms.CodeNotFound)
	}
	if got := list(t, s, key); len(got) != 0 {
		t.Errorf("List(%q) got %+v, want nothing", key, got)
	}
}

func put(t *testing.T, s blob.Store, key string, data []byte, contentType string) blob.PutResult {
	t.Helper()
	res, err := s.Put(context.Background(), key, bytes.NewReader(data), int64(len(data)), contentType)
	if err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
	return res
}

// list returns what List reports under prefix, sorted by key.
func list(t *testing.T, s blob.Store, prefix string) []blob.ObjectInfo {
	t.Helper()
	var got []blob.ObjectInfo
	err := s.List(context.Background(), prefix, func(info blob.ObjectInfo) error {
		got = append(got, info)
		return nil
	})
	if err != nil {
		t.Fatalf("List(%q): %v", prefix, err)
	}
	sort.Slice(got, func(i, j int) bool { return got[i].Key < got[j].Key })
	return got
}

// body returns n deterministic bytes; another seed gives other bytes of the same length.
func body(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*31+i>>8) + seed
	}
	return b
}

func hexSum(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func indexOf(keys []string, k string) int {
	for i, key := range keys {
		if key == k {
			return i
		}
	}
	return -1
}
