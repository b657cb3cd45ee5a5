package storetest_test

import (
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/postgres"
	"github.com/anditms/tms/internal/sqlite"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

func TestConformance(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			storetest.Run(t, func(t testing.TB) tms.Store { return f.Open(t) })
		})
	}
}

func TestMigrationNumbersMatch(t *testing.T) {
	names := func(fsys fs.FS) []string {
		files, err := fs.Glob(fsys, "*.sql")
		if err != nil || len(files) == 0 {
			t.Fatalf("no migrations: %v", err)
		}
		nums := make([]string, len(files))
		for i, f := range files {
			nums[i] = f[:5]
		}
		return nums
	}
	if diff := cmp.Diff(names(sqlite.Migrations()), names(postgres.Migrations())); diff != "" {
		t.Errorf("migration numbers differ between sqlite and postgres (-sqlite +postgres):\n%s", diff)
	}
}
