package osmand

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/tms"
)

// sharedTestdata returns the path of a file under the repository's testdata folder, found
// from this file's location. A missing file fails.
func sharedTestdata(t testing.TB, elem ...string) string {
	t.Helper()
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("runtime.Caller failed: cannot locate the test data")
	}
	p := filepath.Join(append([]string{filepath.Dir(self), "..", "..", "testdata"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("test data missing: %v", err)
	}
	return p
}

func readShared(t testing.TB, elem ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(sharedTestdata(t, elem...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// queryRequest is one line of query_requests.txt: Traccar's expectation and a request target.
type queryRequest struct {
	line   int
	expect string // position, no-position or any
	target string
}

func readQueryRequests(t testing.TB) []queryRequest {
	t.Helper()
	f, err := os.Open(sharedTestdata(t, "osmand", "query_requests.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var reqs []queryRequest
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		expect, target, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			t.Fatalf("query_requests.txt line %d: got %q, want \"<expectation> <target>\"", n, sc.Text())
		}
		reqs = append(reqs, queryRequest{line: n, expect: expect, target: target})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(reqs) == 0 {
		t.Fatal("query_requests.txt holds no requests")
	}
	return reqs
}

// sharedJSONFiles are the Traccar Client bodies of the shared test data.
var sharedJSONFiles = []string{"json_1.json", "json_2.json", "json_3.json", "json_4.json"}

// checkInvalid fails unless err is a CodeInvalid *tms.Error whose message starts with param.
func checkInvalid(t testing.TB, err error, param string) {
	t.Helper()
	var e *tms.Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v (%T), want a *tms.Error", err, err)
	}
	if e.Code != tms.CodeInvalid {
		t.Errorf("got code %q, want %q", e.Code, tms.CodeInvalid)
	}
	if !strings.HasPrefix(e.Message, param+":") {
		t.Errorf("got message %q, want it to start with %q", e.Message, param+":")
	}
}

func ptr[T any](v T) *T { return &v }
