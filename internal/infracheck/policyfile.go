package infracheck

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// policySrc holds the table-like properties in `expect "<check>" "<address>" ... {}` blocks.
//
//go:embed policy.hcl
var policySrc []byte

// policyCheck is one check name of the policy file and everything it expects.
type policyCheck struct {
	name string
	exps []expectation
}

func (p policyCheck) check() Check {
	return Check{p.name, func(m *Module) []string { return check(m, p.exps...) }}
}

// parsePolicy reads a policy file into one policyCheck per check name, in the order the
// names first appear.
func parsePolicy(src []byte) ([]policyCheck, error) {
	file, diags := hclsyntax.ParseConfig(src, "policy.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("infracheck: %w", diags)
	}
	var out []policyCheck
	index := map[string]int{}
	for _, b := range file.Body.(*hclsyntax.Body).Blocks {
		if b.Type != "expect" || len(b.Labels) < 2 {
			return nil, fmt.Errorf("infracheck: policy.hcl:%d: want expect \"<check>\" \"<address>\" ...", b.DefRange().Start.Line)
		}
		name := b.Labels[0]
		if _, seen := index[name]; !seen {
			index[name] = len(out)
			out = append(out, policyCheck{name: name})
		}
		for _, addr := range b.Labels[1:] {
			out[index[name]].exps = append(out[index[name]].exps, expectations(addr, "", b.Body, src)...)
		}
	}
	return out, nil
}

// mustPolicyChecks is the checks of the embedded policy.hcl.
func mustPolicyChecks() []Check {
	parsed, err := parsePolicy(policySrc)
	if err != nil {
		panic(err)
	}
	checks := make([]Check, 0, len(parsed))
	for _, p := range parsed {
		checks = append(checks, p.check())
	}
	return checks
}

// expectations turns a policy body into one expectation per leaf attribute; nested blocks
// and objects extend the path.
func expectations(addr, prefix string, body *hclsyntax.Body, src []byte) []expectation {
	attrs := slices.SortedFunc(maps.Values(body.Attributes), func(a, b *hclsyntax.Attribute) int {
		return a.SrcRange.Start.Byte - b.SrcRange.Start.Byte
	})
	var out []expectation
	for _, a := range attrs {
		out = append(out, leaves(addr, prefix+a.Name, a.Expr, src)...)
	}
	for _, b := range body.Blocks {
		out = append(out, expectations(addr, prefix+b.Type+".", b.Body, src)...)
	}
	return out
}

func leaves(addr, path string, e hclsyntax.Expression, src []byte) []expectation {
	obj, ok := e.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return []expectation{{addr: addr, path: path, want: Expr{e, src}.Values()}}
	}
	var out []expectation
	for _, item := range obj.Items {
		out = append(out, leaves(addr, path+"."+keyName(item.KeyExpr), item.ValueExpr, src)...)
	}
	return out
}
