package infracheck

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// edit changes a copy of infra/: inside the top-level block at addr, the first match of the
// regexp old becomes new. An empty addr adds new as a file of its own.
type edit struct {
	addr, old, new string
}

// set rewrites `attr = from` (any alignment) as `attr = to`.
func set(addr, attr, from, to string) edit {
	return edit{addr, `\b` + attr + `\s*=\s*` + regexp.QuoteMeta(from), attr + " = " + to}
}

// rename moves the block to another address, as if the original were deleted.
func rename(addr, to string) edit {
	return edit{addr, regexp.QuoteMeta(header(addr)), header(to)}
}

// insert adds text as the first lines of the block's body.
func insert(addr, text string) edit {
	return edit{addr, `\{\n`, "{\n" + text + "\n"}
}

// addFile adds a file holding text.
func addFile(text string) edit {
	return edit{"", "", text}
}

// header is how the block at addr starts: `resource "aws_lb" "api"`, `variable "x"`.
func header(addr string) string {
	parts := strings.Split(addr, ".")
	switch parts[0] {
	case "var":
		return `variable "` + parts[1] + `"`
	case "output", "module":
		return parts[0] + ` "` + parts[1] + `"`
	case "data":
		return `data "` + parts[1] + `" "` + parts[2] + `"`
	}
	return `resource "` + parts[0] + `" "` + parts[1] + `"`
}

const (
	db        = "aws_db_instance.main"
	redis     = "aws_elasticache_replication_group.main"
	task      = "aws_ecs_task_definition.api"
	service   = "aws_ecs_service.api"
	pab       = "aws_s3_bucket_public_access_block.documents"
	tlsOnly   = "data.aws_iam_policy_document.documents_tls_only"
	alarm     = "aws_cloudwatch_metric_alarm."
	metrics   = "aws_vpc_security_group_ingress_rule.tasks_metrics"
	redisRule = "aws_vpc_security_group_ingress_rule.redis_from_tasks"
	openTCP   = `null` + "\n" + `cidr_ipv4 = "0.0.0.0/0"`
)

// mutations break each property on purpose, one at a time: the check named must then report
// a problem containing want.
var mutations = []struct {
	name  string
	check string // a Check.Name
	edit  edit
	want  string
}{
	{"waf acl removed", "required blocks", rename("aws_wafv2_web_acl.api", "aws_wafv2_web_acl.gone"), "aws_wafv2_web_acl.api: missing"},
	{"rds alarm removed", "required blocks", rename(alarm+"rds_cpu", alarm+"gone"), "rds_cpu: missing"},
	{"output removed", "required blocks", rename("output.rds_endpoint", "output.db"), "output.rds_endpoint: missing"},
	{"cloudfront always", "optional blocks", set("aws_cloudfront_distribution.api", "count", "var.enable_cloudfront ? 1 : 0", "1"), "aws_cloudfront_distribution.api: count"},
	{"https listener always", "optional blocks", set("aws_lb_listener.https", "count", "local.https_enabled ? 1 : 0", "1"), "aws_lb_listener.https: count"},
	{"interface endpoints always", "optional blocks", set("aws_vpc_endpoint.interface", "for_each", "var.enable_interface_endpoints ?", "true ?"), "aws_vpc_endpoint.interface: count"},

	{"tasks open to the world", "open ingress", set("aws_vpc_security_group_ingress_rule.tasks_from_alb", "referenced_security_group_id", "aws_security_group.alb.id", openTCP), "aws_security_group.tasks tcp 8000-8000 0.0.0.0/0: open"},
	{"ssh on the alb", "open ingress", set("aws_vpc_security_group_ingress_rule.alb_http", "from_port", "80", "22"), "aws_security_group.alb tcp 22-80 0.0.0.0/0"},
	{"every protocol on the alb", "open ingress", set("aws_vpc_security_group_ingress_rule.alb_https", "ip_protocol", `"tcp"`, `"-1"`), "aws_security_group.alb -1 all 0.0.0.0/0"},
	{"alb made internal", "open ingress", set("aws_lb.api", "internal", "false", "true"), "aws_security_group.alb tcp 443-443 0.0.0.0/0: open"},
	{"inline ingress on rds", "open ingress", insert("aws_security_group.rds", `ingress {
  protocol    = "tcp"
  from_port   = 5432
  to_port     = 5432
  cidr_blocks = ["10.0.0.0/16", "0.0.0.0/0"]
}`), "aws_security_group.rds tcp 5432-5432 0.0.0.0/0"},
	{"legacy rule from ipv6 anywhere", "open ingress", addFile(`resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.tasks.id
  protocol          = "tcp"
  from_port         = 22
  to_port           = 22
  ipv6_cidr_blocks  = ["::/0"]
}`), "aws_security_group.tasks tcp 22-22 ::/0"},

	{"rds from the alb", "private ingress", set("aws_vpc_security_group_ingress_rule.rds_from_tasks", "referenced_security_group_id", "aws_security_group.tasks.id", "aws_security_group.alb.id"), "aws_security_group.rds tcp 5432-5432 aws_security_group.alb: a data store"},
	{"redis from a public range", "private ingress", set(redisRule, "referenced_security_group_id", "aws_security_group.tasks.id", `null`+"\n"+`cidr_ipv4 = "203.0.113.0/24"`), "from outside the VPC"},
	{"redis from itself", "private ingress", insert("aws_security_group.redis", "ingress {\nprotocol = \"tcp\"\nfrom_port = 0\nto_port = 65535\nself = true\n}"), "aws_security_group.redis tcp 0-65535 aws_security_group.redis: a data store"},

	{"tasks send anything", "open egress", set("aws_vpc_security_group_egress_rule.tasks_https", "ip_protocol", `"tcp"`, `"-1"`), "aws_security_group.tasks -1 all each.value: egress"},
	{"tasks send on every port", "open egress", set("aws_vpc_security_group_egress_rule.tasks_https", "from_port", "443", "0"), "aws_security_group.tasks tcp 0-443 each.value: egress"},
	{"inline egress from rds", "open egress", insert("aws_security_group.rds", "egress {\nprotocol = \"-1\"\nfrom_port = 0\nto_port = 0\ncidr_blocks = [\"0.0.0.0/0\"]\n}"), "aws_security_group.rds -1 all 0.0.0.0/0: egress"},

	{"metrics open to the world", "private metrics", set(metrics, "cidr_ipv4", "module.vpc.vpc_cidr_block", `"0.0.0.0/0"`), "metrics port 9090 reachable"},
	{"metrics from the alb", "private metrics", set(metrics, "cidr_ipv4", "module.vpc.vpc_cidr_block", "null\nreferenced_security_group_id = aws_security_group.alb.id"), "metrics port 9090 reachable"},
	{"every port from the alb", "private metrics", set("aws_vpc_security_group_ingress_rule.tasks_from_alb", "ip_protocol", `"tcp"`, `"-1"`), "metrics port 9090 reachable"},
	{"target group on metrics", "private metrics", set("aws_lb_target_group.api", "port", "8000", "9090"), "forwards to the metrics port 9090"},
	{"metrics port unset", "private metrics", set(task, "name", `"METRICS_PORT"`, `"METRICS_PORT_OFF"`), "METRICS_PORT not set"},

	{"every secret readable", "iam wildcards", set("data.aws_iam_policy_document.execution_secrets", "resources", "concat(", `concat(["*"], `), `resource "*"`},
	{"all of s3", "iam wildcards", set("data.aws_iam_policy_document.task_documents", "actions", `["s3:ListBucket"]`, `["s3:*"]`), "action s3:*"},
	{"everything", "iam wildcards", set("data.aws_iam_policy_document.task_documents", "actions", `["s3:ListBucket"]`, `["*"]`), "action *"},
	{"writes anywhere", "iam wildcards", set("data.aws_iam_policy_document.task_documents", "resources", `["${aws_s3_bucket.documents.arn}/*"]`, `["*"]`), `resource "*"`},
	{"administrator", "no admin policies", addFile(`resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.task.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}`), "aws_iam_role_policy_attachment.admin: attaches AdministratorAccess"},
	{"power user role", "no admin policies", insert("aws_iam_role.task", `managed_policy_arns = ["arn:aws:iam::aws:policy/PowerUserAccess"]`), "aws_iam_role.task: attaches PowerUserAccess"},

	{"rds unencrypted", "encrypted at rest", set(db, "storage_encrypted", "true", "false"), "storage_encrypted"},
	{"redis unencrypted", "encrypted at rest", set(redis, "at_rest_encryption_enabled", "true", "false"), "at_rest_encryption_enabled"},
	{"log bucket unencrypted", "encrypted at rest", set("aws_s3_bucket_server_side_encryption_configuration.alb_logs", "bucket", "aws_s3_bucket.alb_logs.id", "aws_s3_bucket.documents.id"), "aws_s3_bucket.alb_logs: no server-side encryption"},
	{"new bucket unencrypted", "encrypted at rest", addFile(`resource "aws_s3_bucket" "exports" {
  bucket = "exports"
}`), "aws_s3_bucket.exports: no server-side encryption"},

	{"redis plaintext", "tls in transit", set(redis, "transit_encryption_enabled", "true", "false"), "transit_encryption_enabled"},
	{"redis plaintext too", "tls in transit", set(redis, "transit_encryption_mode", `"required"`, `"preferred"`), "transit_encryption_mode"},
	{"redis without auth", "tls in transit", edit{redis, `\bauth_token\s*=\s*random_password\.redis\.result`, ""}, "no auth_token"},
	{"redis url without tls", "tls in transit", set("aws_secretsmanager_secret_version.redis", "redis_url", `"rediss://`, `"redis://`), "rediss://"},
	{"rds takes plaintext", "tls in transit", set("aws_db_parameter_group.main", "value", `"1"`, `"0"`), "rds.force_ssl"},
	{"app does not verify rds", "tls in transit", set(task, "value", `"verify-full"`, `"require"`), "DATABASE_SSLMODE = require"},
	{"app without the rds ca", "tls in transit", set(task, "name", `"DATABASE_SSLROOTCERT"`, `"UNUSED"`), "DATABASE_SSLROOTCERT"},
	{"documents over http", "tls in transit", set(tlsOnly, "values", `["false"]`, `["true"]`), "aws_s3_bucket.documents: no bucket policy denying"},
	{"log bucket policy elsewhere", "tls in transit", set("aws_s3_bucket_policy.alb_logs", "bucket", "aws_s3_bucket.alb_logs.id", "aws_s3_bucket.documents.id"), "aws_s3_bucket.alb_logs: no bucket policy denying"},
	{"alb tls 1.0", "tls in transit", set("aws_lb_listener.https", "ssl_policy", `"ELBSecurityPolicy-TLS13-1-2-2021-06"`, `"ELBSecurityPolicy-2016-08"`), "below 1.2"},

	{"s3 public acls", "public exposure", set(pab, "block_public_acls", "true", "false"), "block_public_acls"},
	{"s3 public policy", "public exposure", set(pab, "block_public_policy", "true", "false"), "block_public_policy"},
	{"s3 acls honoured", "public exposure", set(pab, "ignore_public_acls", "true", "false"), "ignore_public_acls"},
	{"s3 public buckets", "public exposure", set(pab, "restrict_public_buckets", "true", "false"), "restrict_public_buckets"},
	{"log bucket public", "public exposure", set("aws_s3_bucket_public_access_block.alb_logs", "block_public_policy", "true", "false"), "aws_s3_bucket.alb_logs: block_public_policy"},
	{"no public access block", "public exposure", set(pab, "bucket", "aws_s3_bucket.documents.id", "aws_s3_bucket.alb_logs.id"), "aws_s3_bucket.documents: no public access block"},
	{"public-read acl", "public exposure", addFile(`resource "aws_s3_bucket_acl" "documents" {
  bucket = aws_s3_bucket.documents.id
  acl    = "public-read"
}`), "aws_s3_bucket.documents: acl public-read"},
	{"policy allows everyone", "public exposure", set(tlsOnly, "effect", `"Deny"`, `"Allow"`), "aws_s3_bucket.documents: its policy allows everyone"},
	{"rds public", "public exposure", set(db, "publicly_accessible", "false", "true"), "publicly_accessible"},
	{"tasks with public ip", "public exposure", set(service, "assign_public_ip", "false", "true"), "public IP"},

	{"alb logs off", "access logs", set("aws_lb.api", "enabled", "true", "false"), "access logs not enabled"},
	{"alb logs kept forever", "access logs", set("aws_s3_bucket_lifecycle_configuration.alb_logs", "status", `"Enabled"`, `"Disabled"`), "no expiration"},
	{"app logs kept forever", "access logs", set("aws_cloudwatch_log_group.api", "retention_in_days", "14", "0"), "kept forever"},

	{"s3 through an interface", "s3 endpoint", set("aws_vpc_endpoint.s3", "vpc_endpoint_type", `"Gateway"`, `"Interface"`), "no S3 gateway endpoint"},
	{"s3 endpoint on public subnets", "s3 endpoint", set("aws_vpc_endpoint.s3", "route_table_ids", "module.vpc.private_route_table_ids", "module.vpc.public_route_table_ids"), "no S3 gateway endpoint"},

	{"stop timeout 5 s", "graceful stop", set(task, "stopTimeout", "30", "5"), "stopTimeout = 5"},
	{"stop timeout removed", "graceful stop", edit{task, `\bstopTimeout\s*=\s*30`, ""}, "no stopTimeout"},
	{"draining 5 minutes", "graceful stop", set("aws_lb_target_group.api", "deregistration_delay", "30", "300"), "deregistration_delay = 300"},
	{"health check on /", "graceful stop", set("aws_lb_target_group.api", "path", `"/health"`, `"/"`), "health_check.path"},

	{"image by tag", "image by digest", set(task, "image", `"${aws_ecr_repository.api.repository_url}@${var.image_digest}"`, `"${aws_ecr_repository.api.repository_url}:latest"`), "not pinned by digest"},

	{"rds 1-day backups", "backups", set(db, "backup_retention_period", "7", "1"), "backup_retention_period"},
	{"rds no final snapshot", "backups", set(db, "skip_final_snapshot", "false", "true"), "skip_final_snapshot"},
	{"redis no snapshots", "backups", set(redis, "snapshot_retention_limit", "5", "0"), "no snapshots"},
	{"s3 versioning suspended", "backups", set("aws_s3_bucket_versioning.documents", "status", `"Enabled"`, `"Suspended"`), "versioning"},

	{"db secret extra key", "secret keys", set("aws_secretsmanager_secret_version.db", "dbname", "aws_db_instance.main.db_name", "aws_db_instance.main.db_name\nsslmode = \"require\""), "secret_string keys"},
	{"db secret key renamed", "secret keys", edit{"aws_secretsmanager_secret_version.db", `\bdbname\s*=`, "database ="}, "secret_string keys"},
	{"redis secret extra key", "secret keys", set("aws_secretsmanager_secret_version.redis", "redis_port", "aws_elasticache_replication_group.main.port", "6379\nredis_password = \"\""), "secret_string keys"},
	{"redis token key renamed", "secret keys", edit{"aws_secretsmanager_secret_version.redis", `\bredis_auth_token\s*=`, "auth_token ="}, "secret_string keys"},
}

func TestEachCheckFailsOnBrokenInfra(t *testing.T) {
	files := readInfra(t)
	for _, mu := range mutations {
		t.Run(mu.name, func(t *testing.T) {
			assertReports(t, checkNamed(t, Checks, mu.check), mu.edit.apply(t, files), mu.want)
		})
	}
}

const apply = "data.aws_iam_policy_document.apply"

// deployMutations break the deploy roles' properties, one at a time.
var deployMutations = []struct {
	name  string
	check string
	edit  edit
	want  string
}{
	{"apply from any branch", "deploy trust", set("data.aws_iam_policy_document.trust_apply", "values", `["repo:${var.github_repository}:environment:${var.github_environment}"]`, `["repo:${var.github_repository}:ref:refs/heads/main"]`), "want only a GitHub environment's jobs"},
	{"plan from any repository", "deploy trust", set("data.aws_iam_policy_document.trust_plan", "values", `["repo:${var.github_repository}:pull_request",`, `["repo:*",`), "trusts the subject repo:*"},
	{"no audience check", "deploy trust", set("data.aws_iam_policy_document.trust_build", "variable", `"${local.oidc}:aud"`, `"${local.oidc}:iss"`), "without both an audience and a subject"},
	{"administrator apply", "no admin policies", set("aws_iam_role_policy_attachment.apply_read", "policy_arn", `"arn:aws:iam::aws:policy/ReadOnlyAccess"`, `"arn:aws:iam::aws:policy/AdministratorAccess"`), "attaches AdministratorAccess"},
	{"all of ec2", "iam wildcards", set(apply, "actions", `["ec2:Delete*",`, `["ec2:*",`), "action ec2:*"},
	{"network changes untagged", "iam wildcards", edit{apply, `condition \{\s*test\s*=\s*"StringEquals"\s*variable\s*=\s*"aws:ResourceTag/Project"\s*values\s*=\s*\["andi-tms"\]\s*\}`, ""}, `resource "*"`},
}

func TestEachDeployCheckFailsOnBrokenRoles(t *testing.T) {
	files := readDir(t, deployDir)
	for _, mu := range deployMutations {
		t.Run(mu.name, func(t *testing.T) {
			assertReports(t, checkNamed(t, DeployChecks, mu.check), mu.edit.apply(t, files), mu.want)
		})
	}
}

// assertReports loads files and fails unless run reports a problem containing want.
func assertReports(t *testing.T, run func(*Module) []string, files map[string]string, want string) {
	t.Helper()
	m, err := Load(writeDir(t, files))
	if err != nil {
		t.Fatal(err)
	}
	problems := run(m)
	for _, p := range problems {
		if strings.Contains(p, want) {
			return
		}
	}
	t.Errorf("got problems %q, want one containing %q", problems, want)
}

func checkNamed(t *testing.T, checks []Check, name string) func(*Module) []string {
	t.Helper()
	for _, c := range checks {
		if c.Name == name {
			return c.Run
		}
	}
	t.Fatalf("no check named %q", name)
	return nil
}

// apply returns a copy of files with the edit made; it fails the test if the edit matches
// nothing, so that no mutation passes by changing nothing.
func (e edit) apply(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	out := maps.Clone(files)
	if e.addr == "" {
		out["mutation.tf"] = e.new
		return out
	}
	for name, text := range files {
		start := strings.Index(text, header(e.addr)+" {")
		if start < 0 {
			continue
		}
		end := start + strings.Index(text[start:], "\n}\n")
		loc := regexp.MustCompile(e.old).FindStringIndex(text[start:end])
		if loc == nil {
			t.Fatalf("%s: %q not found in %s", name, e.old, e.addr)
		}
		out[name] = text[:start+loc[0]] + e.new + text[start+loc[1]:]
		return out
	}
	t.Fatalf("%s not found in infra/", e.addr)
	return nil
}

// readInfra returns infra/*.tf by file name.
func readInfra(t *testing.T) map[string]string { return readDir(t, infraDir) }

// readDir returns dir/*.tf by file name.
func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no .tf files in %s: %v", dir, err)
	}
	files := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = string(b)
	}
	return files
}

// TestCompliantAdditionNeedsNoCheckChange adds a second bucket that keeps every property: the
// checks must pass it unchanged, because they state properties, not copies of infra/ values.
func TestCompliantAdditionNeedsNoCheckChange(t *testing.T) {
	files := addFile(`resource "aws_s3_bucket" "exports" {
  bucket = "exports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket                  = aws_s3_bucket.exports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = data.aws_iam_policy_document.exports.json
}

data "aws_iam_policy_document" "exports" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["${aws_s3_bucket.exports.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}`).apply(t, readInfra(t))
	m, err := Load(writeDir(t, files))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range Checks {
		for _, p := range c.Run(m) {
			t.Errorf("%s: %s", c.Name, p)
		}
	}
}
