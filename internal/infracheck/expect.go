package infracheck

import (
	"fmt"
	"slices"
	"strings"
)

// expectation says what the values at path in the block at addr must be, in any order.
// Values are rendered by Expr.Values: literals as their value, anything else as source text.
type expectation struct {
	addr string
	path string
	want []string
}

// check returns the problems of each expectation that m does not meet.
func check(m *Module, exps ...expectation) []string {
	var problems []string
	for _, e := range exps {
		if p := e.problem(m); p != "" {
			problems = append(problems, p)
		}
	}
	return problems
}

func (e expectation) problem(m *Module) string {
	b := m.Block(e.addr)
	if b == nil {
		return e.addr + ": missing"
	}
	got := values(b.Find(e.path))
	if !sameSet(got, e.want) {
		return fmt.Sprintf("%s: %s = %s, want %s", e.addr, e.path, show(got), show(e.want))
	}
	return ""
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
