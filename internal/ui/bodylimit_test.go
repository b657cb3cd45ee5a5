package ui

import (
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/alexedwards/scs/v2"

	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/testenv"
)

// TestLargeBodiesCoverUploadRoutes: every route with its own body limit must be exempt from
// the server's 1 MB limit, or its uploads would be cut off before reaching it.
func TestLargeBodiesCoverUploadRoutes(t *testing.T) {
	u, err := New(Deps{Store: testenv.SQLite(t), Sessions: scs.New(), Documents: &documents.Service{}})
	if err != nil {
		t.Fatal(err)
	}
	limited := 0
	for _, rt := range u.routes() {
		if u.bodyLimit(rt.pattern) == 0 {
			continue
		}
		limited++
		example := strings.ReplaceAll(strings.ReplaceAll(strings.TrimPrefix(rt.pattern, "POST "), "{id}", "7"), "{stop}", "8")
		if !slices.ContainsFunc(LargeBodies(), func(p string) bool { ok, _ := path.Match(p, example); return ok }) {
			t.Errorf("%s has its own body limit but LargeBodies does not exempt %s", rt.pattern, example)
		}
	}
	if limited < 7 {
		t.Errorf("only %d routes take uploads, want the document and CSV import routes", limited)
	}
}
