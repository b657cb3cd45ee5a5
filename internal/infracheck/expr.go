package infracheck

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Expr is an expression found in a block, with the source it can be quoted from and the
// module's literal locals to evaluate it with.
type Expr struct {
	hclsyntax.Expression
	src []byte
	ctx *hcl.EvalContext
}

// Find returns the expressions at a dotted path. Segments walk nested blocks
// ("health_check.path"), then an attribute, then keys of the objects it builds, through
// jsonencode(), concat(), for expressions and lists: "container_definitions.portMappings.containerPort".
func (b *Block) Find(path string) []Expr {
	var out []Expr
	ctx := b.m.evalContext()
	for _, e := range findInBody(b.body, strings.Split(path, ".")) {
		out = append(out, Expr{e, b.src, ctx})
	}
	return out
}

// Value renders what b holds at path as one string ("" when nothing is there).
func (b *Block) Value(path string) string {
	v := values(b.Find(path))
	if len(v) == 0 {
		return ""
	}
	return show(v)
}

func findInBody(body *hclsyntax.Body, segs []string) []hclsyntax.Expression {
	if attr, ok := body.Attributes[segs[0]]; ok {
		return findInExpr(attr.Expr, segs[1:])
	}
	var out []hclsyntax.Expression
	for _, nb := range body.Blocks {
		if nb.Type == segs[0] && len(segs) > 1 {
			out = append(out, findInBody(nb.Body, segs[1:])...)
		}
	}
	return out
}

func findInExpr(e hclsyntax.Expression, segs []string) []hclsyntax.Expression {
	if len(segs) == 0 {
		return []hclsyntax.Expression{e}
	}
	var out []hclsyntax.Expression
	for _, item := range objectItems(e) {
		if keyName(item.KeyExpr) == segs[0] {
			out = append(out, findInExpr(item.ValueExpr, segs[1:])...)
		}
	}
	return out
}

// objectItems returns the items of the objects e builds.
func objectItems(e hclsyntax.Expression) []hclsyntax.ObjectConsItem {
	var out []hclsyntax.ObjectConsItem
	for _, obj := range objectConses(e) {
		out = append(out, obj.Items...)
	}
	return out
}

// objectConses returns the objects e builds, looking through jsonencode() and concat(), into
// every element of a list and into the value of a for expression.
func objectConses(e hclsyntax.Expression) []*hclsyntax.ObjectConsExpr {
	switch e := e.(type) {
	case *hclsyntax.FunctionCallExpr:
		if e.Name != "jsonencode" && e.Name != "concat" {
			return nil
		}
		var out []*hclsyntax.ObjectConsExpr
		for _, arg := range e.Args {
			out = append(out, objectConses(arg)...)
		}
		return out
	case *hclsyntax.TupleConsExpr:
		var out []*hclsyntax.ObjectConsExpr
		for _, elem := range e.Exprs {
			out = append(out, objectConses(elem)...)
		}
		return out
	case *hclsyntax.ForExpr:
		return objectConses(e.ValExpr)
	case *hclsyntax.ObjectConsExpr:
		return []*hclsyntax.ObjectConsExpr{e}
	}
	return nil
}

// keyName is an object key as written: a bare name or a literal string.
func keyName(e hclsyntax.Expression) string {
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.Type().Equals(cty.String) || v.IsNull() {
		return ""
	}
	return v.AsString()
}

// Keys returns the keys of the object e builds (through jsonencode()).
func (e Expr) Keys() []string {
	var out []string
	for _, item := range objectItems(e.Expression) {
		out = append(out, keyName(item.KeyExpr))
	}
	return out
}

// Objects returns each object e builds as its rendered values by key: the environment list of a
// container definition gives one {name, value} per variable.
func (e Expr) Objects() []map[string]string {
	var out []map[string]string
	for _, obj := range objectConses(e.Expression) {
		fields := map[string]string{}
		for _, item := range obj.Items {
			fields[keyName(item.KeyExpr)] = show(Expr{item.ValueExpr, e.src, e.ctx}.Values())
		}
		out = append(out, fields)
	}
	return out
}

// Text is the expression's source as written.
func (e Expr) Text() string {
	r := e.Range()
	return string(r.SliceBytes(e.src))
}

// Values renders e as strings: a list (or a concat() of lists) gives one per element; a literal or a literal local its
// value ("true", "20", "AES256", local.metrics_port as "9090"); anything else (a reference to a
// resource, a template) its source text.
func (e Expr) Values() []string {
	switch x := e.Expression.(type) {
	case *hclsyntax.TupleConsExpr:
		out := make([]string, 0, len(x.Exprs))
		for _, elem := range x.Exprs {
			out = append(out, Expr{elem, e.src, e.ctx}.value())
		}
		return out
	case *hclsyntax.FunctionCallExpr:
		if x.Name == "concat" {
			var out []string
			for _, arg := range x.Args {
				out = append(out, Expr{arg, e.src, e.ctx}.Values()...)
			}
			return out
		}
	}
	return []string{e.value()}
}

func (e Expr) value() string {
	v, diags := e.Value(e.ctx)
	if diags.HasErrors() || !v.IsWhollyKnown() || !v.Type().IsPrimitiveType() || v.IsNull() {
		return e.Text()
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		return e.Text()
	}
	return s.AsString()
}

// values flattens Values over several expressions.
func values(exprs []Expr) []string {
	var out []string
	for _, e := range exprs {
		out = append(out, e.Values()...)
	}
	return out
}

// sameSet reports whether a and b hold the same strings, ignoring order.
func sameSet(a, b []string) bool {
	return slices.Equal(sorted(a), sorted(b))
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func show(s []string) string {
	if len(s) == 1 {
		return s[0]
	}
	return "[" + strings.Join(s, ", ") + "]"
}
