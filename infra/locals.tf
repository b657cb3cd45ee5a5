locals {
  # Every resource name starts with this: andi-tms-prod-api, andi-tms-prod-db, ...
  name_prefix = "andi-tms-${var.environment}"

  common_tags = {
    Project     = "andi-tms"
    Environment = var.environment
    ManagedBy   = "terraform"
  }

  # HTTPS on the ALB only when a certificate is given; then port 80 redirects,
  # unless CloudFront (which reaches the ALB over HTTP) sits in front.
  https_enabled = var.certificate_arn != ""
  redirect_http = local.https_enabled && !var.enable_cloudfront

  # Browsers that may PUT/GET documents through presigned S3 URLs.
  app_origins = compact(concat(
    [var.app_origin, "http://${aws_lb.api.dns_name}"],
    [for d in aws_cloudfront_distribution.api : "https://${d.domain_name}"],
  ))

  alarm_actions = aws_sns_topic.alarms[*].arn

  # /metrics and pprof (METRICS_PORT): reachable from inside the VPC only, never through the ALB.
  metrics_port = 9090

  # Where the image keeps the RDS CA bundle (Dockerfile) that DATABASE_SSLROOTCERT points at.
  rds_ca_bundle = "/etc/ssl/certs/rds-global-bundle.pem"
}
