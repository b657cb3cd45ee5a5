package infracheck

import (
	"fmt"
	"slices"
	"strings"
)

// ingressRule is one source let into one security group.
type ingressRule struct {
	group, protocol, ports, source string
}

// String renders a rule for comparison and messages:
// "aws_security_group.tasks tcp 8000-8000 from aws_security_group.alb".
func (r ingressRule) String() string {
	return fmt.Sprintf("%s %s %s from %s", r.group, r.protocol, r.ports, r.source)
}

// ruleShape names the attributes of one way of writing an ingress rule.
type ruleShape struct {
	protocol string
	sources  []string // attributes holding CIDRs, prefix lists or security group IDs
}

var (
	inlineShape = ruleShape{"protocol", []string{"cidr_blocks", "ipv6_cidr_blocks", "security_groups", "prefix_list_ids"}}
	legacyShape = ruleShape{"protocol", []string{"cidr_blocks", "ipv6_cidr_blocks", "source_security_group_id", "prefix_list_ids"}}
	vpcShape    = ruleShape{"ip_protocol", []string{"cidr_ipv4", "cidr_ipv6", "referenced_security_group_id", "prefix_list_id"}}
)

// ingressRules collects every ingress in m however it is written: ingress blocks inside
// aws_security_group, aws_security_group_rule of type "ingress", and
// aws_vpc_security_group_ingress_rule.
func ingressRules(m *Module) []ingressRule {
	var out []ingressRule
	for _, sg := range m.OfType("aws_security_group") {
		for _, in := range sg.Nested("ingress") {
			out = append(out, inlineShape.rules(in, sg.Addr)...)
		}
	}
	for _, r := range m.OfType("aws_security_group_rule") {
		if show(values(r.Find("type"))) == "ingress" {
			out = append(out, legacyShape.rules(r, groupOf(r))...)
		}
	}
	for _, r := range m.OfType("aws_vpc_security_group_ingress_rule") {
		out = append(out, vpcShape.rules(r, groupOf(r))...)
	}
	return out
}

// rules reads the rule written in b as one ingressRule per source.
func (s ruleShape) rules(b *Block, group string) []ingressRule {
	base := ingressRule{group: group, protocol: show(values(b.Find(s.protocol)))}
	base.ports = show(values(b.Find("from_port"))) + "-" + show(values(b.Find("to_port")))
	if base.protocol == "-1" || base.protocol == "all" {
		base.ports = "all"
	}
	var sources []string
	for _, attr := range s.sources {
		sources = append(sources, values(b.Find(attr))...)
	}
	if show(values(b.Find("self"))) == "true" {
		sources = append(sources, group)
	}
	out := make([]ingressRule, 0, len(sources))
	for _, src := range sources {
		r := base
		r.source = strings.TrimSuffix(src, ".id")
		out = append(out, r)
	}
	return out
}

// groupOf is the security group a standalone rule belongs to.
func groupOf(rule *Block) string {
	return strings.TrimSuffix(show(values(rule.Find("security_group_id"))), ".id")
}

// OpenIngress reports every ingress from 0.0.0.0/0 or ::/0 other than the ALB's 80 and 443
// (the only open rules of wantIngress).
func OpenIngress(m *Module) []string {
	var problems []string
	for _, r := range ingressRules(m) {
		open := r.source == "0.0.0.0/0" || r.source == "::/0"
		if open && !slices.Contains(wantIngress, r.String()) {
			problems = append(problems, r.String()+": open to the internet")
		}
	}
	return problems
}

// wantIngress is every ingress the overview allows, and no other.
var wantIngress = []string{
	"aws_security_group.alb tcp 80-80 from 0.0.0.0/0",
	"aws_security_group.alb tcp 443-443 from 0.0.0.0/0",
	"aws_security_group.tasks tcp 8000-8000 from aws_security_group.alb",
	"aws_security_group.rds tcp 5432-5432 from aws_security_group.tasks",
	"aws_security_group.redis tcp 6379-6379 from aws_security_group.tasks",
}

// IngressRules reports each ingress of wantIngress that is missing and each other one.
func IngressRules(m *Module) []string {
	var got []string
	for _, r := range ingressRules(m) {
		got = append(got, r.String())
	}
	var problems []string
	for _, r := range wantIngress {
		if !slices.Contains(got, r) {
			problems = append(problems, r+": missing")
		}
	}
	for _, r := range got {
		if !slices.Contains(wantIngress, r) {
			problems = append(problems, r+": not allowed by the overview")
		}
	}
	return problems
}
