package infracheck

import (
	"fmt"
	"strings"
)

// containerEnv is the environment of a task definition's containers, by name.
func containerEnv(task *Block) map[string]string {
	env := map[string]string{}
	for _, e := range task.Find("container_definitions.environment") {
		for _, v := range e.Objects() {
			env[strings.Trim(v["name"], `"`)] = strings.Trim(v["value"], `"`)
		}
	}
	return env
}

// Fargate waits at most 120 s between SIGTERM and SIGKILL; the app needs up to 10 s to drain.
const (
	appDrainSeconds = 10
	maxStopTimeout  = 120
)

// GracefulStop: every container has a stopTimeout longer than the app's drain and within
// Fargate's limit; every target group drains for a bounded time and checks liveness on /health.
func GracefulStop(m *Module) []string {
	var problems []string
	for _, task := range m.OfType("aws_ecs_task_definition") {
		for _, s := range task.Find("container_definitions.stopTimeout") {
			if n := literalInt(s.value()); n <= appDrainSeconds || n > maxStopTimeout {
				problems = append(problems, fmt.Sprintf("%s: stopTimeout = %s, want %d < stopTimeout <= %d", task.Addr, s.value(), appDrainSeconds, maxStopTimeout))
			}
		}
		if len(task.Find("container_definitions.stopTimeout")) == 0 {
			problems = append(problems, task.Addr+": no stopTimeout (ECS would kill the app after 30 s by default, without saying so)")
		}
	}
	for _, tg := range m.OfType("aws_lb_target_group") {
		if n := literalInt(tg.Value("deregistration_delay")); n <= appDrainSeconds || n > maxStopTimeout {
			problems = append(problems, fmt.Sprintf("%s: deregistration_delay = %s, want %d < delay <= %d", tg.Addr, tg.Value("deregistration_delay"), appDrainSeconds, maxStopTimeout))
		}
		if path := tg.Value("health_check.path"); path != "/health" {
			problems = append(problems, tg.Addr+": health_check.path = "+path+", want the liveness check /health")
		}
	}
	return problems
}

// ImageByDigest: every container runs an image named by its digest, never by a tag.
func ImageByDigest(m *Module) []string {
	var problems []string
	for _, task := range m.OfType("aws_ecs_task_definition") {
		for _, img := range values(task.Find("container_definitions.image")) {
			if !strings.Contains(img, "@sha256:") && !strings.Contains(img, "@${var.image_digest}") {
				problems = append(problems, task.Addr+": image "+img+" is not pinned by digest")
			}
		}
	}
	return problems
}

// AccessLogs: every internet-facing load balancer writes access logs to a bucket that expires
// them, and every log group has a retention.
func AccessLogs(m *Module) []string {
	var problems []string
	for _, lb := range m.OfType("aws_lb") {
		if lb.Value("internal") == "true" {
			continue
		}
		if lb.Value("access_logs.enabled") != "true" {
			problems = append(problems, lb.Addr+": access logs not enabled")
			continue
		}
		if bucket := refAddr(lb.Value("access_logs.bucket")); !expires(m, bucket) {
			problems = append(problems, lb.Addr+": access log bucket "+bucket+" has no expiration")
		}
	}
	for _, lg := range m.OfType("aws_cloudwatch_log_group") {
		if literalInt(lg.Value("retention_in_days")) <= 0 {
			problems = append(problems, lg.Addr+": logs kept forever")
		}
	}
	return problems
}

func expires(m *Module, bucket string) bool {
	for _, lc := range attached(m, "aws_s3_bucket_lifecycle_configuration", "bucket", bucket) {
		if lc.Value("rule.status") == "Enabled" && lc.Value("rule.expiration.days") != "" {
			return true
		}
	}
	return false
}

// S3Endpoint: S3 traffic from the private subnets goes through a gateway endpoint, not the NAT.
func S3Endpoint(m *Module) []string {
	for _, ep := range m.OfType("aws_vpc_endpoint") {
		gateway := ep.Value("vpc_endpoint_type") == "Gateway" && strings.HasSuffix(strings.Trim(ep.Value("service_name"), `"`), ".s3")
		if gateway && ep.Value("route_table_ids") == "module.vpc.private_route_table_ids" {
			return nil
		}
	}
	return []string{"no S3 gateway endpoint on the private route tables"}
}
