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
	db      = "aws_db_instance.main"
	redis   = "aws_elasticache_replication_group.main"
	task    = "aws_ecs_task_definition.api"
	service = "aws_ecs_service.api"
	pab     = "aws_s3_bucket_public_access_block.documents"
	alarm   = "aws_cloudwatch_metric_alarm."
	openTCP = `null` + "\n" + `cidr_ipv4 = "0.0.0.0/0"`
)

// mutations break the properties the issue names, and each Go check, one at a time: the
// check named must then report a problem containing want. TestEveryPolicyValueCanFail
// covers the rest of policy.hcl.
var mutations = []struct {
	name  string
	check string // a Check.Name
	edit  edit
	want  string
}{
	{"waf acl removed", "required blocks", rename("aws_wafv2_web_acl.api", "aws_wafv2_web_acl.gone"), "aws_wafv2_web_acl.api: missing"},
	{"rds alarm removed", "required blocks", rename(alarm+"rds_cpu", alarm+"gone"), "rds_cpu: missing"},
	{"output removed", "required blocks", rename("output.rds_endpoint", "output.db"), "output.rds_endpoint: missing"},

	{"nat per az", "network", set("module.vpc", "single_nat_gateway", "true", "false"), "single_nat_gateway"},
	{"three private subnets", "network", set("module.vpc", "private_subnets", `["10.0.11.0/24",`, `["10.0.13.0/24", "10.0.11.0/24",`), "private_subnets"},

	{"rds unencrypted", "rds", set(db, "storage_encrypted", "true", "false"), "storage_encrypted"},
	{"rds public", "rds", set(db, "publicly_accessible", "false", "true"), "publicly_accessible"},
	{"rds 1-day backups", "rds", set(db, "backup_retention_period", "7", "1"), "backup_retention_period"},
	{"rds postgres 16", "rds", set(db, "engine_version", `"15"`, `"16"`), "engine_version"},
	{"rds bigger class", "rds", set(db, "instance_class", `"db.t4g.micro"`, `"db.m7g.large"`), "instance_class"},
	{"rds 100 GB", "rds", set(db, "allocated_storage", "20", "100"), "allocated_storage"},
	{"rds grows to 1 TB", "rds", set(db, "max_allocated_storage", "40", "1000"), "max_allocated_storage"},
	{"rds multi-az by default", "rds", set("var.multi_az", "default", "false", "true"), "var.multi_az"},

	{"redis plaintext", "redis", set(redis, "transit_encryption_enabled", "true", "false"), "transit_encryption_enabled"},
	{"redis unencrypted at rest", "redis", set(redis, "at_rest_encryption_enabled", "true", "false"), "at_rest_encryption_enabled"},
	{"redis no snapshots", "redis", set(redis, "snapshot_retention_limit", "5", "0"), "snapshot_retention_limit"},

	{"s3 versioning suspended", "s3", set("aws_s3_bucket_versioning.documents", "status", `"Enabled"`, `"Suspended"`), "versioning_configuration.status"},
	{"s3 kms", "s3", set("aws_s3_bucket_server_side_encryption_configuration.documents", "sse_algorithm", `"AES256"`, `"aws:kms"`), "sse_algorithm"},
	{"s3 public acls", "s3", set(pab, "block_public_acls", "true", "false"), "block_public_acls"},
	{"s3 public policy", "s3", set(pab, "block_public_policy", "true", "false"), "block_public_policy"},
	{"s3 acls honoured", "s3", set(pab, "ignore_public_acls", "true", "false"), "ignore_public_acls"},
	{"s3 public buckets", "s3", set(pab, "restrict_public_buckets", "true", "false"), "restrict_public_buckets"},
	{"s3 noncurrent 30 days", "s3", set("aws_s3_bucket_lifecycle_configuration.documents", "noncurrent_days", "90", "30"), "noncurrent_days"},

	{"logs kept forever", "ecs and alb", set("aws_cloudwatch_log_group.api", "retention_in_days", "14", "0"), "retention_in_days"},
	{"task 512 cpu", "ecs and alb", set(task, "cpu", "256", "512"), "cpu"},
	{"task 1 GB", "ecs and alb", set(task, "memory", "512", "1024"), "memory"},
	{"container port 8080", "ecs and alb", set(task, "containerPort", "8000", "8080"), "containerPort"},
	{"health check on /", "ecs and alb", set("aws_lb_target_group.api", "path", `"/health"`, `"/"`), "health_check.path"},
	{"two tasks", "ecs and alb", set(service, "desired_count", "1", "2"), "desired_count"},
	{"no rollback", "ecs and alb", set(service, "rollback", "true", "false"), "rollback"},

	{"5xx threshold 50", "alarms", set(alarm+"alb_5xx", "threshold", "20", "50"), "alb_5xx: threshold"},
	{"5xx over 10 min", "alarms", set(alarm+"alb_5xx", "period", "300", "600"), "alb_5xx: period"},
	{"ecs cpu 15 min", "alarms", set(alarm+"ecs_cpu", "evaluation_periods", "2", "3"), "ecs_cpu: evaluation_periods"},
	{"ecs memory 90", "alarms", set(alarm+"ecs_memory", "threshold", "80", "90"), "ecs_memory: threshold"},
	{"rds storage 1 GB", "alarms", set(alarm+"rds_storage", "threshold", "2147483648", "1073741824"), "rds_storage: threshold"},
	{"rds cpu inverted", "alarms", set(alarm+"rds_cpu", "comparison_operator", `"GreaterThanThreshold"`, `"LessThanThreshold"`), "rds_cpu: comparison_operator"},

	{"tasks open to the world", "open ingress", set("aws_vpc_security_group_ingress_rule.tasks_from_alb", "referenced_security_group_id", "aws_security_group.alb.id", openTCP), "aws_security_group.tasks tcp 8000-8000 from 0.0.0.0/0"},
	{"ssh on the alb", "open ingress", set("aws_vpc_security_group_ingress_rule.alb_http", "from_port", "80", "22"), "aws_security_group.alb tcp 22-80 from 0.0.0.0/0"},
	{"every protocol on the alb", "open ingress", set("aws_vpc_security_group_ingress_rule.alb_https", "ip_protocol", `"tcp"`, `"-1"`), "aws_security_group.alb -1 all from 0.0.0.0/0"},
	{"inline ingress on rds", "open ingress", insert("aws_security_group.rds", `ingress {
  protocol    = "tcp"
  from_port   = 5432
  to_port     = 5432
  cidr_blocks = ["10.0.0.0/16", "0.0.0.0/0"]
}`), "aws_security_group.rds tcp 5432-5432 from 0.0.0.0/0"},
	{"legacy rule from ipv6 anywhere", "open ingress", addFile(`resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.tasks.id
  protocol          = "tcp"
  from_port         = 22
  to_port           = 22
  ipv6_cidr_blocks  = ["::/0"]
}`), "aws_security_group.tasks tcp 22-22 from ::/0"},

	{"tasks not from the alb", "ingress rules", set("aws_vpc_security_group_ingress_rule.tasks_from_alb", "referenced_security_group_id", "aws_security_group.alb.id", openTCP), "aws_security_group.tasks tcp 8000-8000 from aws_security_group.alb: missing"},
	{"rds from the alb", "ingress rules", set("aws_vpc_security_group_ingress_rule.rds_from_tasks", "referenced_security_group_id", "aws_security_group.tasks.id", "aws_security_group.alb.id"), "aws_security_group.rds tcp 5432-5432 from aws_security_group.alb: not allowed"},
	{"redis other port", "ingress rules", set("aws_vpc_security_group_ingress_rule.redis_from_tasks", "to_port", "6379", "6380"), "6379-6380"},
	{"self-referencing group", "ingress rules", insert("aws_security_group.redis", "ingress {\nprotocol = \"tcp\"\nfrom_port = 0\nto_port = 65535\nself = true\n}"), "aws_security_group.redis tcp 0-65535 from aws_security_group.redis"},

	{"every secret readable", "iam wildcards", set("data.aws_iam_policy_document.execution_secrets", "resources", "[aws_secretsmanager_secret.db.arn,", `["*", aws_secretsmanager_secret.db.arn,`), `resource "*"`},
	{"all of s3", "iam wildcards", set("data.aws_iam_policy_document.task_documents", "actions", `["s3:ListBucket"]`, `["s3:*"]`), "action s3:*"},

	{"db secret extra key", "secret keys", set("aws_secretsmanager_secret_version.db", "dbname", "aws_db_instance.main.db_name", "aws_db_instance.main.db_name\nsslmode = \"require\""), "secret_string keys"},
	{"db secret key renamed", "secret keys", edit{"aws_secretsmanager_secret_version.db", `\bdbname\s*=`, "database ="}, "secret_string keys"},
	{"redis secret extra key", "secret keys", set("aws_secretsmanager_secret_version.redis", "redis_port", "aws_elasticache_replication_group.main.port", "6379\nredis_password = \"\""), "secret_string keys"},
	{"redis url without tls", "secret keys", set("aws_secretsmanager_secret_version.redis", "redis_url", `"rediss://`, `"redis://`), "rediss://"},

	{"waf on by default", "optional features", set("var.enable_waf", "default", "false", "true"), "var.enable_waf"},
	{"cloudfront always", "optional blocks", set("aws_cloudfront_distribution.api", "count", "var.enable_cloudfront ? 1 : 0", "1"), "aws_cloudfront_distribution.api: count"},
	{"https listener always", "optional blocks", set("aws_lb_listener.https", "count", "local.https_enabled ? 1 : 0", "1"), "aws_lb_listener.https: count"},
}

func TestEachCheckFailsOnBrokenInfra(t *testing.T) {
	files := readInfra(t)
	for _, mu := range mutations {
		t.Run(mu.name, func(t *testing.T) {
			assertReports(t, checkNamed(t, mu.check), mu.edit.apply(t, files), mu.want)
		})
	}
}

// TestEveryPolicyValueCanFail replaces, one at a time, each value policy.hcl reads in infra/
// by a string no policy wants, and expects its check to name that address and path.
func TestEveryPolicyValueCanFail(t *testing.T) {
	files := readInfra(t)
	m, err := Load(infraDir)
	if err != nil {
		t.Fatal(err)
	}
	policy, err := parsePolicy(policySrc)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range policy {
		for _, e := range p.exps {
			t.Run(e.addr+" "+e.path, func(t *testing.T) {
				b := m.Block(e.addr)
				if b == nil {
					t.Fatalf("%s: missing", e.addr)
				}
				found := b.Find(e.path)
				if len(found) == 0 {
					t.Fatalf("%s: %s not found", e.addr, e.path)
				}
				mutated := replaceExpr(files, found[0], `"infracheck-mutated"`)
				assertReports(t, p.check().Run, mutated, e.addr+": "+e.path+" = ")
			})
		}
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

func checkNamed(t *testing.T, name string) func(*Module) []string {
	t.Helper()
	for _, c := range Checks {
		if c.Name == name {
			return c.Run
		}
	}
	t.Fatalf("no check named %q", name)
	return nil
}

// replaceExpr returns a copy of files with the source of e replaced by text.
func replaceExpr(files map[string]string, e Expr, text string) map[string]string {
	out := maps.Clone(files)
	r := e.Range()
	name := filepath.Base(r.Filename)
	out[name] = files[name][:r.Start.Byte] + text + files[name][r.End.Byte:]
	return out
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
func readInfra(t *testing.T) map[string]string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(infraDir, "*.tf"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no .tf files in %s: %v", infraDir, err)
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
