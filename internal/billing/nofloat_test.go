package billing_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/tms"
)

// floatAllowed names the functions that may touch a float: they turn a distance into tenths
// of a mile, the last float before money. A call to one may pass it a float argument.
var floatAllowed = map[string]bool{"MilesTenths": true}

// tmsMoneyFiles are the files of internal/tms money is computed in.
var tmsMoneyFiles = []string{"invoice.go", "settlement.go", "fuel.go", "rating.go", "money.go", "money_units.go"}

func TestNoFloatInMoneyPaths(t *testing.T) {
	for _, pkg := range []struct {
		dir   string
		check func(name string) bool
	}{
		{".", func(string) bool { return true }},
		{"../tms", func(name string) bool { return slices.Contains(tmsMoneyFiles, name) }},
	} {
		fset, files, info := typeCheck(t, pkg.dir, nil)
		for _, f := range files {
			if name := filepath.Base(fset.Position(f.Pos()).Filename); pkg.check(name) {
				for _, use := range floatUses(fset, info, f) {
					t.Errorf("%s: float in a money path", use)
				}
			}
		}
	}
}

func TestNoFloatFieldsInMoneyTypes(t *testing.T) {
	for _, v := range []any{
		tms.Invoice{}, tms.InvoiceLine{}, tms.Payment{}, tms.Settlement{}, tms.SettlementLine{}, tms.Charge{},
		tms.FuelSchedule{}, tms.DieselPrice{}, tms.RateDefault{}, tms.Accessorial{}, tms.Deduction{},
	} {
		typ := reflect.TypeOf(v)
		if fields := floatFields(typ, typ.Name(), map[reflect.Type]bool{}); len(fields) > 0 {
			t.Errorf("float fields in a money type: %v", fields)
		}
	}
}

// TestFloatDetectors proves both checks above fail when a float slips in.
func TestFloatDetectors(t *testing.T) {
	other := "package p\ntype Load struct{ Miles float64 }\nfunc MilesTenths(m float64) int64 { return int64(m*10 + 0.5) }\n"
	tests := []struct {
		name, src string
		want      int
	}{
		{"integers only", "func pay(m, r int64) int64 { return m * r / 100 }", 0},
		{"float conversion", "func pay(m, r int64) int64 { return int64(float64(m) * float64(r)) }", 1},
		{"float field", "type Line struct{ Amount float32 }", 1},
		{"float constant", "const rate = 0.55", 1},
		{"float field read without naming a float", "func pay(l Load) int64 { return int64(l.Miles) }", 1},
		{"float passed to the allowlisted function", "func pay(l Load) int64 { return MilesTenths(l.Miles) * 550 }", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := map[string]string{"money.go": "package p\n" + tt.src + "\n", "other.go": other}
			fset, files, info := typeCheck(t, "", src)
			money := files[slices.IndexFunc(files, func(f *ast.File) bool { return strings.HasSuffix(fset.Position(f.Pos()).Filename, "money.go") })]
			if got := floatUses(fset, info, money); len(got) != tt.want {
				t.Errorf("floats found = %v, want %d", got, tt.want)
			}
		})
	}
	type nested struct{ Rates []map[string]*float64 }
	if got := floatFields(reflect.TypeFor[struct{ N nested }](), "T", map[reflect.Type]bool{}); len(got) != 1 {
		t.Errorf("float fields = %v, want the one nested in T.N.Rates", got)
	}
}

// typeCheck parses and type-checks the non-test Go files of dir, or the sources in src when
// dir is empty.
func typeCheck(t *testing.T, dir string, src map[string]string) (*token.FileSet, []*ast.File, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for name, text := range sources(t, dir, src) {
		f, err := parser.ParseFile(fset, name, text, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	conf := types.Config{}
	if dir != "" {
		conf.Importer = importer.ForCompiler(fset, "gc", exportData(t))
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	if _, err := conf.Check(files[0].Name.Name, fset, files, info); err != nil {
		t.Fatal(err)
	}
	return fset, files, info
}

// exportData finds the compiled export data of this package's dependencies with one go list,
// which is much faster than type-checking the standard library from source.
func exportData(t *testing.T) importer.Lookup {
	t.Helper()
	out, err := exec.Command("go", "list", "-export", "-deps", "-f", "{{.ImportPath}}={{.Export}}", ".").Output()
	if err != nil {
		t.Fatalf("go list -export: %v", err)
	}
	files := map[string]string{}
	for line := range strings.Lines(string(out)) {
		path, file, _ := strings.Cut(strings.TrimSpace(line), "=")
		files[path] = file
	}
	return func(path string) (io.ReadCloser, error) { return os.Open(files[path]) }
}

// sources maps file names to their text (nil text: read the file).
func sources(t *testing.T, dir string, src map[string]string) map[string]any {
	t.Helper()
	out := map[string]any{}
	for name, text := range src {
		out[name] = text
	}
	if dir == "" {
		return out
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if !strings.HasSuffix(name, "_test.go") {
			out[name] = nil
		}
	}
	return out
}

// floatUses lists where file has an expression or type of float kind, outside the allowed
// functions and the arguments of calls to them.
func floatUses(fset *token.FileSet, info *types.Info, file *ast.File) []string {
	var uses []string
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			return !floatAllowed[n.Name.Name]
		case *ast.CallExpr:
			if callsAllowed(n) {
				return false
			}
		}
		if e, ok := n.(ast.Expr); ok && isFloat(info.Types[e].Type) {
			uses = append(uses, fset.Position(e.Pos()).String())
			return false
		}
		return true
	})
	return uses
}

func callsAllowed(call *ast.CallExpr) bool {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return floatAllowed[fn.Name]
	case *ast.SelectorExpr:
		return floatAllowed[fn.Sel.Name]
	}
	return false
}

func isFloat(t types.Type) bool {
	b, ok := t.(*types.Basic)
	if t != nil && !ok {
		b, ok = t.Underlying().(*types.Basic)
	}
	return ok && b.Info()&types.IsFloat != 0
}

// floatFields lists the paths of float fields reachable from typ, through nested structs,
// pointers, slices, arrays and maps.
func floatFields(typ reflect.Type, path string, seen map[reflect.Type]bool) []string {
	if seen[typ] {
		return nil
	}
	seen[typ] = true
	switch typ.Kind() {
	case reflect.Float32, reflect.Float64:
		return []string{path}
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return floatFields(typ.Elem(), path, seen)
	case reflect.Struct:
		var out []string
		for f := range typ.Fields() {
			out = append(out, floatFields(f.Type, path+"."+f.Name, seen)...)
		}
		return out
	}
	return nil
}
