package infracheck

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Expr is an expression found in a block, with the source it can be quoted from.
type Expr struct {
	hclsyntax.Expression
	src []byte
}

// Find returns the expressions at a dotted path. Segments walk nested blocks
// ("health_check.path"), then an attribute, then keys of the objects it builds, through
// jsonencode() and lists: "container_definitions.portMappings.containerPort".
func (b *Block) Find(path string) []Expr {
	var out []Expr
	for _, e := range findInBody(b.body, strings.Split(path, ".")) {
		out = append(out, Expr{e, b.src})
	}
	return out
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

// objectItems returns the items of the objects e builds, looking through jsonencode() and
// into every element of a list.
func objectItems(e hclsyntax.Expression) []hclsyntax.ObjectConsItem {
	switch e := e.(type) {
	case *hclsyntax.FunctionCallExpr:
		if e.Name == "jsonencode" && len(e.Args) == 1 {
			return objectItems(e.Args[0])
		}
	case *hclsyntax.TupleConsExpr:
		var out []hclsyntax.ObjectConsItem
		for _, elem := range e.Exprs {
			out = append(out, objectItems(elem)...)
		}
		return out
	case *hclsyntax.ObjectConsExpr:
		return e.Items
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

// Text is the expression's source as written.
func (e Expr) Text() string {
	r := e.Range()
	return string(r.SliceBytes(e.src))
}

// Values renders e as strings: a list gives one per element; a literal its value
// ("true", "20", "AES256"); anything else (a reference, a template) its source text.
func (e Expr) Values() []string {
	if list, ok := e.Expression.(*hclsyntax.TupleConsExpr); ok {
		out := make([]string, 0, len(list.Exprs))
		for _, elem := range list.Exprs {
			out = append(out, Expr{elem, e.src}.value())
		}
		return out
	}
	return []string{e.value()}
}

func (e Expr) value() string {
	v, diags := e.Value(nil)
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
