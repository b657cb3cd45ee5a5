package infracheck

import (
	"maps"
	"slices"
	"strings"
)

// Check is one named group of properties of the infrastructure.
type Check struct {
	Name string
	Run  func(*Module) []string
}

// Checks is every property infra/ must hold. Each reads the parsed Terraform for what it
// promises (every bucket, every ingress rule, every policy statement), never for one value
// copied from infra/, so a change that keeps the property needs no change here.
var Checks = []Check{
	{"required blocks", RequiredBlocks},
	{"optional blocks", OptionalBlocks},
	{"open ingress", OpenIngress},
	{"private ingress", PrivateIngress},
	{"open egress", OpenEgress},
	{"private metrics", PrivateMetrics},
	{"iam wildcards", IAMWildcards},
	{"no admin policies", NoAdminPolicies},
	{"encrypted at rest", EncryptedAtRest},
	{"tls in transit", TLSInTransit},
	{"public exposure", PublicExposure},
	{"access logs", AccessLogs},
	{"s3 endpoint", S3Endpoint},
	{"graceful stop", GracefulStop},
	{"image by digest", ImageByDigest},
	{"backups", Backups},
	{"secret keys", SecretKeys},
}

// required is every block the infrastructure overview names.
var required = []string{
	"module.vpc",
	"aws_ecr_repository.api", "aws_ecr_lifecycle_policy.api",
	"random_password.db", "aws_db_subnet_group.main", "aws_db_parameter_group.main", "aws_db_instance.main",
	"aws_elasticache_subnet_group.main", "aws_elasticache_replication_group.main",
	"aws_s3_bucket.documents", "aws_s3_bucket_versioning.documents",
	"aws_s3_bucket_server_side_encryption_configuration.documents",
	"aws_s3_bucket_public_access_block.documents", "aws_s3_bucket_lifecycle_configuration.documents",
	"aws_s3_bucket_cors_configuration.documents", "aws_s3_bucket_policy.documents",
	"aws_s3_bucket.alb_logs", "aws_s3_bucket_policy.alb_logs", "aws_vpc_endpoint.s3",
	"aws_secretsmanager_secret.db", "aws_secretsmanager_secret_version.db",
	"aws_secretsmanager_secret.redis", "aws_secretsmanager_secret_version.redis",
	"aws_cloudwatch_log_group.api", "aws_ecs_cluster.main", "aws_ecs_task_definition.api", "aws_ecs_service.api",
	"aws_lb.api", "aws_lb_target_group.api", "aws_lb_listener.http",
	"aws_security_group.alb", "aws_security_group.tasks", "aws_security_group.rds", "aws_security_group.redis",
	"aws_iam_role.execution", "aws_iam_role_policy_attachment.execution", "aws_iam_role_policy.execution_secrets",
	"aws_iam_role.task", "aws_iam_role_policy.task_documents",
	"aws_cloudwatch_metric_alarm.alb_5xx", "aws_cloudwatch_metric_alarm.ecs_cpu",
	"aws_cloudwatch_metric_alarm.ecs_memory", "aws_cloudwatch_metric_alarm.rds_storage",
	"aws_cloudwatch_metric_alarm.rds_cpu",
	"output.alb_dns_name", "output.ecr_repository_url", "output.ecs_cluster_name", "output.ecs_service_name",
	"output.documents_bucket_name", "output.rds_endpoint", "output.redis_endpoint",
	"output.database_secret_arn", "output.redis_secret_arn",
}

// optional is each block created only on request, and what its count must depend on.
var optional = map[string]string{
	"aws_lb_listener.https":                  "local.https_enabled",
	"aws_appautoscaling_target.api":          "var.enable_autoscaling",
	"aws_appautoscaling_policy.api_cpu":      "var.enable_autoscaling",
	"aws_sns_topic.alarms":                   "var.alarm_email",
	"aws_sns_topic_subscription.alarm_email": "var.alarm_email",
	"aws_wafv2_web_acl.api":                  "var.enable_waf",
	"aws_wafv2_web_acl_association.api":      "var.enable_waf",
	"aws_cloudfront_distribution.api":        "var.enable_cloudfront",
	"aws_cloudfront_cache_policy.static":     "var.enable_cloudfront",
	"aws_vpc_endpoint.interface":             "var.enable_interface_endpoints",
	"aws_security_group.endpoints":           "var.enable_interface_endpoints",
	"aws_secretsmanager_secret.optional":     "var.optional_secrets",
}

// RequiredBlocks reports every required or optional block that is missing.
func RequiredBlocks(m *Module) []string {
	var problems []string
	for _, addr := range slices.Concat(required, slices.Sorted(maps.Keys(optional))) {
		if m.Block(addr) == nil {
			problems = append(problems, addr+": missing")
		}
	}
	return problems
}

// OptionalBlocks reports each optional block whose count or for_each does not depend on its variable.
func OptionalBlocks(m *Module) []string {
	var problems []string
	for _, addr := range slices.Sorted(maps.Keys(optional)) {
		b := m.Block(addr)
		if b == nil {
			continue // RequiredBlocks reports it
		}
		if count := b.Value("count") + b.Value("for_each"); !strings.Contains(count, optional[addr]) {
			problems = append(problems, addr+": count = "+count+", want it to depend on "+optional[addr])
		}
	}
	return problems
}
