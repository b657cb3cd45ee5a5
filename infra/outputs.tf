output "alb_dns_name" {
  description = "Public DNS name of the load balancer (point your domain's CNAME here)."
  value       = aws_lb.api.dns_name
}

output "app_url" {
  description = "Where the app answers: CloudFront if enabled, else the ALB."
  value = (var.enable_cloudfront ? "https://${aws_cloudfront_distribution.api[0].domain_name}" :
  "${local.https_enabled ? "https" : "http"}://${aws_lb.api.dns_name}")
}

output "cloudfront_domain_name" {
  description = "CloudFront distribution domain name; empty when enable_cloudfront is false."
  value       = join("", aws_cloudfront_distribution.api[*].domain_name)
}

output "ecr_repository_url" {
  description = "ECR repository to push the tms image to."
  value       = aws_ecr_repository.api.repository_url
}

output "ecs_cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.main.name
}

output "ecs_service_name" {
  description = "ECS service name."
  value       = aws_ecs_service.api.name
}

output "task_definition_arn" {
  description = "Task definition revision this apply registered (the deploy workflow checks the service runs it)."
  value       = aws_ecs_task_definition.api.arn
}

output "image_digest" {
  description = "Digest of the image the task definition runs (the pull-request plan reuses it)."
  value       = var.image_digest
}

output "alb_logs_bucket_name" {
  description = "S3 bucket receiving the ALB access logs."
  value       = aws_s3_bucket.alb_logs.id
}

output "task_definition_family" {
  description = "Task definition family, for one-off `aws ecs run-task` commands."
  value       = aws_ecs_task_definition.api.family
}

output "private_subnet_ids" {
  description = "Private subnets, for one-off tasks."
  value       = module.vpc.private_subnets
}

output "tasks_security_group_id" {
  description = "Security group of the API tasks, for one-off tasks."
  value       = aws_security_group.tasks.id
}

output "log_group_name" {
  description = "CloudWatch log group of the API containers."
  value       = aws_cloudwatch_log_group.api.name
}

output "documents_bucket_name" {
  description = "S3 bucket holding documents."
  value       = aws_s3_bucket.documents.id
}

output "rds_endpoint" {
  description = "RDS PostgreSQL endpoint (host:port)."
  value       = aws_db_instance.main.endpoint
}

output "redis_endpoint" {
  description = "ElastiCache Redis primary endpoint address."
  value       = aws_elasticache_replication_group.main.primary_endpoint_address
}

output "database_secret_arn" {
  description = "Secrets Manager ARN of DATABASE_SECRET_JSON."
  value       = aws_secretsmanager_secret.db.arn
}

output "redis_secret_arn" {
  description = "Secrets Manager ARN of REDIS_SECRET_JSON."
  value       = aws_secretsmanager_secret.redis.arn
}

output "ses_dkim_tokens" {
  description = "With ses_smtp_enabled: publish each as a CNAME <token>._domainkey.<ses_domain> -> <token>.dkim.amazonses.com to verify the sending domain."
  value       = flatten([for d in aws_sesv2_email_identity.domain : d.dkim_signing_attributes[0].tokens])
}
