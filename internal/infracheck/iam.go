package infracheck

import (
	"strings"
)

// IAMWildcards: no Allow statement grants "*" or a whole service ("s3:*"), and a statement on
// every resource ("*") either only describes or lists (never Get: GetSecretValue and GetObject
// read data) or is narrowed by a condition.
// Deny statements may use wildcards: they only take away.
func IAMWildcards(m *Module) []string {
	var problems []string
	for _, doc := range m.OfType("data.aws_iam_policy_document") {
		for _, st := range doc.Nested("statement") {
			if !isDeny(st) {
				problems = append(problems, allowWildcards(doc.Addr, st)...)
			}
		}
	}
	return problems
}

func allowWildcards(addr string, st *Block) []string {
	var problems []string
	actions := values(st.Find("actions"))
	for _, a := range actions {
		if a == "*" || strings.HasSuffix(a, ":*") {
			problems = append(problems, addr+": action "+a)
		}
	}
	for _, r := range values(st.Find("resources")) {
		if r == "*" && len(st.Nested("condition")) == 0 && !describeOnly(actions) {
			problems = append(problems, addr+`: resource "*" for actions that change things, without a condition`)
		}
	}
	return problems
}

// describeOnly reports whether every action only describes or lists.
func describeOnly(actions []string) bool {
	for _, a := range actions {
		_, verb, _ := strings.Cut(a, ":")
		if !strings.HasPrefix(verb, "Describe") && !strings.HasPrefix(verb, "List") {
			return false
		}
	}
	return true
}

// broadManagedPolicies are AWS managed policies no role of this stack may hold.
var broadManagedPolicies = []string{"AdministratorAccess", "PowerUserAccess", "IAMFullAccess"}

// NoAdminPolicies: no role holds an administrator-like AWS managed policy.
func NoAdminPolicies(m *Module) []string {
	var problems []string
	for _, typ := range []string{"aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_user_policy_attachment"} {
		for _, att := range m.OfType(typ) {
			problems = append(problems, broadPolicies(att.Addr, values(att.Find("policy_arn")))...)
		}
	}
	for _, role := range m.OfType("aws_iam_role") {
		problems = append(problems, broadPolicies(role.Addr, values(role.Find("managed_policy_arns")))...)
	}
	return problems
}

func broadPolicies(addr string, arns []string) []string {
	var problems []string
	for _, arn := range arns {
		for _, p := range broadManagedPolicies {
			if strings.HasSuffix(strings.Trim(arn, `"`), "policy/"+p) {
				problems = append(problems, addr+": attaches "+p)
			}
		}
	}
	return problems
}
