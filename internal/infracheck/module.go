// Package infracheck reads the Terraform in infra/ without any provider or network and checks
// the properties the infrastructure overview promises: encryption, backups, exposure, alarms,
// sizes, and that the secrets carry exactly the keys internal/config parses.
//
// Each check is a function from a loaded Module to the problems it finds; none means pass.
package infracheck

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// Module is the top-level blocks of one Terraform directory, by address: "aws_lb.api" for a
// resource, "data.aws_iam_policy_document.x", "module.vpc", "var.environment", "output.x".
// Unlabelled blocks (terraform) and provider blocks are not kept; locals whose value is a
// literal are, so that local.metrics_port reads as 9090.
type Module struct {
	blocks map[string]*Block
	locals map[string]cty.Value
}

// Block is one HCL block, the source of the file it came from and its module.
type Block struct {
	Addr string
	body *hclsyntax.Body
	src  []byte
	m    *Module
}

// Load parses every *.tf file in dir.
func Load(dir string) (*Module, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("infracheck: no .tf files in %s", dir)
	}
	m := &Module{blocks: map[string]*Block{}, locals: map[string]cty.Value{}}
	parser := hclparse.NewParser()
	for _, path := range paths {
		if err := m.addFile(parser, path); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *Module) addFile(parser *hclparse.Parser, path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	file, diags := parser.ParseHCL(src, path)
	if diags.HasErrors() {
		return fmt.Errorf("infracheck: %w", diags)
	}
	for _, b := range file.Body.(*hclsyntax.Body).Blocks {
		if b.Type == "locals" {
			m.addLiteralLocals(b.Body)
			continue
		}
		addr := address(b)
		if addr == "" {
			continue
		}
		if _, dup := m.blocks[addr]; dup {
			return fmt.Errorf("infracheck: %s: %s declared twice", path, addr)
		}
		m.blocks[addr] = &Block{Addr: addr, body: b.Body, src: src, m: m}
	}
	return nil
}

// addLiteralLocals keeps the locals whose value needs nothing else to compute.
func (m *Module) addLiteralLocals(body *hclsyntax.Body) {
	for name, attr := range body.Attributes {
		if v, diags := attr.Expr.Value(nil); !diags.HasErrors() && v.IsWhollyKnown() {
			m.locals[name] = v
		}
	}
}

// evalContext lets expressions read the literal locals.
func (m *Module) evalContext() *hcl.EvalContext {
	return &hcl.EvalContext{
		Variables: map[string]cty.Value{"local": cty.ObjectVal(m.locals)},
		Functions: map[string]function.Function{"tostring": stdlib.MakeToFunc(cty.String)},
	}
}

// address names a top-level block the way Terraform references it.
func address(b *hclsyntax.Block) string {
	prefix := map[string]string{"resource": "", "data": "data.", "module": "module.", "variable": "var.", "output": "output."}
	p, ok := prefix[b.Type]
	if !ok || len(b.Labels) == 0 {
		return ""
	}
	return p + strings.Join(b.Labels, ".")
}

// Block returns the block at addr, or nil.
func (m *Module) Block(addr string) *Block { return m.blocks[addr] }

// OfType returns the resources of one type ("aws_security_group"), sorted by address.
func (m *Module) OfType(typ string) []*Block {
	var out []*Block
	for addr, b := range m.blocks {
		if strings.HasPrefix(addr, typ+".") {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b *Block) int { return strings.Compare(a.Addr, b.Addr) })
	return out
}

// Nested returns the blocks of one type directly inside b ("ingress", "rule").
func (b *Block) Nested(typ string) []*Block {
	var out []*Block
	for _, nb := range b.body.Blocks {
		if nb.Type == typ {
			out = append(out, &Block{Addr: b.Addr + "." + typ, body: nb.Body, src: b.src, m: b.m})
		}
	}
	return out
}
