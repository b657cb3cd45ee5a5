package infracheck

import (
	"slices"
	"strings"
)

// DeployChecks are the properties of infra/github-deploy, the roles GitHub Actions assumes.
var DeployChecks = []Check{
	{"iam wildcards", IAMWildcards},
	{"no admin policies", NoAdminPolicies},
	{"deploy trust", DeployTrust},
}

// DeployTrust: every role GitHub's OIDC tokens may assume checks the audience and names the
// exact repository and ref, pull request or environment (no wildcard), and the apply role is
// only for jobs of a GitHub environment, where reviewers approve the plan first.
func DeployTrust(m *Module) []string {
	var problems []string
	for _, role := range m.OfType("aws_iam_role") {
		doc := m.Block(refAddr(role.Value("assume_role_policy")))
		if doc == nil {
			problems = append(problems, role.Addr+": assume_role_policy is not a policy document of this module")
			continue
		}
		for _, st := range doc.Nested("statement") {
			if slices.Contains(values(st.Find("actions")), "sts:AssumeRoleWithWebIdentity") {
				problems = append(problems, oidcTrust(role.Addr, st)...)
			}
		}
	}
	if apply := m.Block("aws_iam_role.apply"); apply != nil {
		for _, sub := range oidcSubjects(m.Block(refAddr(apply.Value("assume_role_policy")))) {
			if !strings.Contains(sub, ":environment:") {
				problems = append(problems, "aws_iam_role.apply: assumable by "+sub+", want only a GitHub environment's jobs")
			}
		}
	}
	return problems
}

func oidcTrust(role string, st *Block) []string {
	var problems []string
	var aud, sub bool
	for _, c := range st.Nested("condition") {
		v := c.Value("variable")
		aud = aud || strings.HasSuffix(v, ":aud")
		if strings.HasSuffix(v, ":sub") {
			sub = true
			for _, s := range values(c.Find("values")) {
				if strings.Contains(s, "*") {
					problems = append(problems, role+": trusts the subject "+s)
				}
			}
		}
	}
	if !aud || !sub {
		problems = append(problems, role+": OIDC trust without both an audience and a subject condition")
	}
	return problems
}

func oidcSubjects(doc *Block) []string {
	if doc == nil {
		return nil
	}
	var out []string
	for _, st := range doc.Nested("statement") {
		for _, c := range st.Nested("condition") {
			if strings.HasSuffix(c.Value("variable"), ":sub") {
				out = append(out, values(c.Find("values"))...)
			}
		}
	}
	return out
}
