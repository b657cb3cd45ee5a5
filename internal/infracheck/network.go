package infracheck

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// sgRule is one peer let into (ingress) or out of (egress) one security group.
type sgRule struct {
	group, protocol, ports, peer string
	fromPort, toPort             int // -1 when not a literal
}

// String renders a rule for messages: "aws_security_group.tasks tcp 8000-8000 aws_security_group.alb".
func (r sgRule) String() string {
	return fmt.Sprintf("%s %s %s %s", r.group, r.protocol, r.ports, r.peer)
}

// allPorts reports whether the rule opens every protocol.
func (r sgRule) allPorts() bool { return r.protocol == "-1" || r.protocol == "all" }

// covers reports whether the rule lets port through.
func (r sgRule) covers(port int) bool {
	return r.allPorts() || (r.fromPort <= port && port <= r.toPort)
}

// anywhere reports whether the peer is the whole internet, or a value only known at plan
// time (each.value, a variable), which counts as anywhere.
func (r sgRule) anywhere() bool {
	return r.peer == "0.0.0.0/0" || r.peer == "::/0" || strings.HasPrefix(r.peer, "each.") || strings.HasPrefix(r.peer, "var.")
}

// private reports whether the peer is a security group, a prefix list, the VPC's own CIDR or
// a private (RFC 1918) range.
func (r sgRule) private() bool {
	if strings.HasPrefix(r.peer, "aws_security_group.") || strings.Contains(r.peer, "prefix_list_id") ||
		r.peer == "module.vpc.vpc_cidr_block" {
		return true
	}
	p, err := netip.ParsePrefix(r.peer)
	return err == nil && p.Addr().IsPrivate()
}

// ruleShape names the attributes of one way of writing a security group rule.
type ruleShape struct {
	protocol string
	peers    []string // attributes holding CIDRs, prefix lists or security group IDs
}

var (
	inlineShape = ruleShape{"protocol", []string{"cidr_blocks", "ipv6_cidr_blocks", "security_groups", "prefix_list_ids"}}
	legacyShape = ruleShape{"protocol", []string{"cidr_blocks", "ipv6_cidr_blocks", "source_security_group_id", "prefix_list_ids"}}
	vpcShape    = ruleShape{"ip_protocol", []string{"cidr_ipv4", "cidr_ipv6", "referenced_security_group_id", "prefix_list_id"}}
)

// rulesOf collects every rule of one direction ("ingress" or "egress") in m however it is
// written: blocks inside aws_security_group, aws_security_group_rule of that type, and
// aws_vpc_security_group_<direction>_rule.
func rulesOf(m *Module, direction string) []sgRule {
	var out []sgRule
	for _, sg := range m.OfType("aws_security_group") {
		for _, in := range sg.Nested(direction) {
			out = append(out, inlineShape.rules(in, sg.Addr)...)
		}
	}
	for _, r := range m.OfType("aws_security_group_rule") {
		if r.Value("type") == direction {
			out = append(out, legacyShape.rules(r, refAddr(r.Value("security_group_id")))...)
		}
	}
	for _, r := range m.OfType("aws_vpc_security_group_" + direction + "_rule") {
		out = append(out, vpcShape.rules(r, refAddr(r.Value("security_group_id")))...)
	}
	return out
}

// rules reads the rule written in b as one sgRule per peer.
func (s ruleShape) rules(b *Block, group string) []sgRule {
	base := sgRule{group: group, protocol: b.Value(s.protocol)}
	from, to := b.Value("from_port"), b.Value("to_port")
	base.ports = from + "-" + to
	base.fromPort, base.toPort = literalInt(from), literalInt(to)
	if base.allPorts() {
		base.ports = "all"
	}
	var peers []string
	for _, attr := range s.peers {
		peers = append(peers, values(b.Find(attr))...)
	}
	if b.Value("self") == "true" {
		peers = append(peers, group)
	}
	out := make([]sgRule, 0, len(peers))
	for _, peer := range peers {
		r := base
		r.peer = refAddr(peer)
		out = append(out, r)
	}
	return out
}

func literalInt(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// refAddr turns a reference to an attribute into the address of its block:
// aws_security_group.tasks.id and aws_security_group.endpoints[0].id give the group.
func refAddr(ref string) string {
	for _, attr := range []string{".id", ".arn", ".json", ".bucket", ".name"} {
		ref = strings.TrimSuffix(ref, attr)
	}
	return ref
}

// publicLBGroups is the security groups of every internet-facing load balancer.
func publicLBGroups(m *Module) []string {
	var out []string
	for _, lb := range m.OfType("aws_lb") {
		if lb.Value("internal") != "true" {
			for _, g := range values(lb.Find("security_groups")) {
				out = append(out, refAddr(g))
			}
		}
	}
	return out
}

// serviceGroups is the security groups the ECS services' tasks run in.
func serviceGroups(m *Module) []string {
	var out []string
	for _, svc := range m.OfType("aws_ecs_service") {
		for _, g := range values(svc.Find("network_configuration.security_groups")) {
			out = append(out, refAddr(g))
		}
	}
	return out
}

// OpenIngress: only an internet-facing load balancer takes connections from anywhere, and only
// HTTP and HTTPS.
func OpenIngress(m *Module) []string {
	lbGroups := publicLBGroups(m)
	var problems []string
	for _, r := range rulesOf(m, "ingress") {
		web := r.protocol == "tcp" && (r.ports == "80-80" || r.ports == "443-443")
		if r.anywhere() && !(web && slices.Contains(lbGroups, r.group)) {
			problems = append(problems, r.String()+": open to the internet")
		}
	}
	return problems
}

// PrivateIngress: every other ingress comes from inside the VPC, and the data stores (the
// groups of RDS and ElastiCache) take connections from the API tasks only.
func PrivateIngress(m *Module) []string {
	tasks := serviceGroups(m)
	stores := storeGroups(m)
	var problems []string
	for _, r := range rulesOf(m, "ingress") {
		switch {
		case r.anywhere():
			// OpenIngress judges these.
		case !r.private():
			problems = append(problems, r.String()+": from outside the VPC")
		case slices.Contains(stores, r.group) && !slices.Contains(tasks, r.peer):
			problems = append(problems, r.String()+": a data store reachable from something other than the API tasks")
		}
	}
	return problems
}

// storeGroups is the security groups of every database and Redis.
func storeGroups(m *Module) []string {
	var out []string
	for _, db := range m.OfType("aws_db_instance") {
		for _, g := range values(db.Find("vpc_security_group_ids")) {
			out = append(out, refAddr(g))
		}
	}
	for _, rg := range m.OfType("aws_elasticache_replication_group") {
		for _, g := range values(rg.Find("security_group_ids")) {
			out = append(out, refAddr(g))
		}
	}
	return out
}

// OpenEgress: nothing may send anywhere on every protocol or port; traffic to the internet (or
// to addresses only known at plan time) is HTTPS only.
func OpenEgress(m *Module) []string {
	var problems []string
	for _, r := range rulesOf(m, "egress") {
		if r.anywhere() && !(r.protocol == "tcp" && r.ports == "443-443") {
			problems = append(problems, r.String()+": egress to the internet beyond HTTPS")
		}
	}
	return problems
}

// PrivateMetrics: the task sets METRICS_PORT, no load balancer forwards to it, and only peers
// inside the VPC may reach it.
func PrivateMetrics(m *Module) []string {
	var problems []string
	for _, task := range m.OfType("aws_ecs_task_definition") {
		port := literalInt(containerEnv(task)["METRICS_PORT"])
		if port <= 0 {
			problems = append(problems, task.Addr+": METRICS_PORT not set to a port number")
			continue
		}
		problems = append(problems, metricsExposure(m, port)...)
	}
	return problems
}

func metricsExposure(m *Module, port int) []string {
	var problems []string
	for _, tg := range m.OfType("aws_lb_target_group") {
		if literalInt(tg.Value("port")) == port {
			problems = append(problems, fmt.Sprintf("%s: forwards to the metrics port %d", tg.Addr, port))
		}
	}
	for _, svc := range m.OfType("aws_ecs_service") {
		if literalInt(svc.Value("load_balancer.container_port")) == port {
			problems = append(problems, fmt.Sprintf("%s: load balancer on the metrics port %d", svc.Addr, port))
		}
	}
	lbGroups, tasks := publicLBGroups(m), serviceGroups(m)
	for _, r := range rulesOf(m, "ingress") {
		if !slices.Contains(tasks, r.group) || !r.covers(port) {
			continue
		}
		if !r.private() || slices.Contains(lbGroups, r.peer) {
			problems = append(problems, fmt.Sprintf("%s: metrics port %d reachable from outside the VPC or through the load balancer", r, port))
		}
	}
	return problems
}
