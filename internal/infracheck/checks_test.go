package infracheck

import (
	"os"
	"path/filepath"
	"testing"
)

const (
	infraDir  = "../../infra"
	deployDir = "../../infra/github-deploy"
)

func TestInfraHoldsEveryProperty(t *testing.T) {
	assertHolds(t, infraDir, Checks)
}

func TestDeployRolesHoldEveryProperty(t *testing.T) {
	assertHolds(t, deployDir, DeployChecks)
}

func assertHolds(t *testing.T, dir string, checks []Check) {
	t.Helper()
	m, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		t.Run(c.Name, func(t *testing.T) {
			for _, p := range c.Run(m) {
				t.Error(p)
			}
		})
	}
}

func TestLoadRejects(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"no tf files", map[string]string{"README.md": "# nothing"}},
		{"syntax error", map[string]string{"main.tf": `resource "aws_lb" "api" {`}},
		{"duplicate block", map[string]string{
			"a.tf": `resource "aws_lb" "api" {}`,
			"b.tf": `resource "aws_lb" "api" {}`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeDir(t, tt.files)
			if _, err := Load(dir); err == nil {
				t.Errorf("Load: got no error, want one")
			}
		})
	}
}

func TestFindThroughJSONAndBlocks(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.tf": `
resource "x" "y" {
  nested { leaf = 3 }
  doc = jsonencode([{ a = { b = ["p", var.q] } }, { a = { b = "r" } }])
  env = concat([{ name = "A", value = local.port }], [for k in var.ks : { name = k, value = "x" }])
  ids = concat(["s"], [var.t])
}
locals {
  port = 9090
}`})
	m, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	b := m.Block("x.y")
	if got := values(b.Find("nested.leaf")); !sameSet(got, []string{"3"}) {
		t.Errorf("nested.leaf: got %q, want [3]", got)
	}
	if got := values(b.Find("doc.a.b")); !sameSet(got, []string{"p", "var.q", "r"}) {
		t.Errorf("doc.a.b: got %q, want [p var.q r]", got)
	}
	if got := b.Find("doc")[0].Keys(); !sameSet(got, []string{"a", "a"}) {
		t.Errorf("doc keys: got %q, want [a a]", got)
	}
	if got := values(b.Find("env.value")); !sameSet(got, []string{"9090", "x"}) {
		t.Errorf("env.value through concat, a literal local and a for expression: got %q, want [9090 x]", got)
	}
	if got := values(b.Find("ids")); !sameSet(got, []string{"s", "var.t"}) {
		t.Errorf("ids through concat: got %q, want [s var.t]", got)
	}
}

// writeDir writes files into a new temporary directory and returns it.
func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
