package layers

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/anditms/tms/"

// web is the HTTP edge: nothing below it may depend on it.
var web = []string{"internal/web", "internal/api", "internal/ui"}

// aboveWeb may depend on the edge: the wiring and the test harness that starts whole servers.
var aboveWeb = []string{"internal/app", "internal/apitest"}

// stores implement the tms interfaces and may import nothing else of ours but each other.
var stores = []string{"internal/sqlite", "internal/postgres", "internal/sqlstore"}

// deps maps every package of the module (cmd and internal, tests excluded) to its transitive
// dependencies within the module, as `go list -deps` computes them.
func deps(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	all := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		var own []string
		for _, d := range fields[1:] {
			if rel, ok := strings.CutPrefix(d, module); ok {
				own = append(own, rel)
			}
		}
		all[strings.TrimPrefix(fields[0], module)] = own
	}
	return all
}

func TestLayers(t *testing.T) {
	all := deps(t)
	if len(all) < 10 || all["internal/tracking"] == nil {
		t.Fatalf("go list found %d packages; want the module's", len(all))
	}
	for pkg, ds := range all {
		edge := slices.Contains(web, pkg) || slices.Contains(aboveWeb, pkg) || strings.HasPrefix(pkg, "cmd/")
		for _, d := range ds {
			if !edge && slices.Contains(web, d) {
				t.Errorf("%s depends on %s: HTTP belongs at the edge (api, ui, web), rules below it", pkg, d)
			}
			if pkg == "internal/ui" && d == "internal/api" {
				t.Errorf("internal/ui depends on internal/api: what both need belongs in a capability package")
			}
			if slices.Contains(stores, pkg) && d != "internal/tms" && !slices.Contains(stores, d) {
				t.Errorf("store package %s depends on %s: stores import internal/tms only", pkg, d)
			}
		}
	}
}
