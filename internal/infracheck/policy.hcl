# The properties infra/ must hold, written like the Terraform they check.
#
#   expect "<check>" "<address>" ["<address>" ...] { <path> = <want> }
#
# Each attribute compares what the block at each <address> holds at that path with <want>:
# literals by value (true, 20, "AES256"), references and templates by their text
# (var.multi_az, "/ecs/${local.name_prefix}-api"), a list as "exactly these, in any order".
# A nested block or an object descends: health_check { path = "/health" } checks
# health_check.path; container_definitions = { portMappings = { containerPort = 8000 } }
# looks inside the jsonencode()d container definitions.
#
# What a table cannot say (no open ingress, exact security group rules, secret keys equal to
# the config parser's, no IAM wildcards, optional blocks behind count) is Go: see the *.go files.

# ---------------------------------------------------------------- network

# One VPC, two AZs, two public and two private subnets, one NAT gateway.
expect "network" "module.vpc" {
  source             = "terraform-aws-modules/vpc/aws"
  version            = "~> 5.0"
  cidr               = "10.0.0.0/16"
  azs                = slice(data.aws_availability_zones.available.names, 0, 2)
  public_subnets     = ["10.0.1.0/24", "10.0.2.0/24"]
  private_subnets    = ["10.0.11.0/24", "10.0.12.0/24"]
  enable_nat_gateway = true
  single_nat_gateway = true
}

# ---------------------------------------------------------------- RDS

# PostgreSQL 15 on db.t4g.micro, 20 GB gp3 growing to 40 GB, encrypted, private,
# 7-day backups, single-AZ unless var.multi_az.
expect "rds" "aws_db_instance.main" {
  engine                  = "postgres"
  engine_version          = "15"
  instance_class          = "db.t4g.micro"
  allocated_storage       = 20
  max_allocated_storage   = 40
  storage_type            = "gp3"
  storage_encrypted       = true
  publicly_accessible     = false
  backup_retention_period = 7
  multi_az                = var.multi_az
  db_subnet_group_name    = aws_db_subnet_group.main.name
  parameter_group_name    = aws_db_parameter_group.main.name
}

expect "rds" "var.multi_az" {
  default = false
}

expect "rds" "aws_db_subnet_group.main" {
  subnet_ids = module.vpc.private_subnets
}

expect "rds" "aws_db_parameter_group.main" {
  family = "postgres15"
}

# ---------------------------------------------------------------- Redis

# Redis 7 on one cache.t4g.micro node, TLS in transit, encrypted at rest, 5-day snapshots.
expect "redis" "aws_elasticache_replication_group.main" {
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.t4g.micro"
  num_cache_clusters         = 1
  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
  snapshot_retention_limit   = 5
  subnet_group_name          = aws_elasticache_subnet_group.main.name
}

expect "redis" "aws_elasticache_subnet_group.main" {
  subnet_ids = module.vpc.private_subnets
}

# ---------------------------------------------------------------- S3

# The documents bucket: versioned, AES256, never public, noncurrent versions kept 90 days,
# presigned GET and PUT allowed from the app's origins.
expect "s3" "aws_s3_bucket_versioning.documents" {
  versioning_configuration {
    status = "Enabled"
  }
}

expect "s3" "aws_s3_bucket_server_side_encryption_configuration.documents" {
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

expect "s3" "aws_s3_bucket_public_access_block.documents" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

expect "s3" "aws_s3_bucket_lifecycle_configuration.documents" {
  rule {
    status = "Enabled"
    noncurrent_version_expiration {
      noncurrent_days = 90
    }
  }
}

expect "s3" "aws_s3_bucket_cors_configuration.documents" {
  cors_rule {
    allowed_methods = ["GET", "PUT", "HEAD"]
    allowed_origins = local.app_origins
  }
}

# ---------------------------------------------------------------- ECR

# Images scanned on push; only the last 10 kept.
expect "ecr" "aws_ecr_repository.api" {
  image_scanning_configuration {
    scan_on_push = true
  }
}

expect "ecr" "aws_ecr_lifecycle_policy.api" {
  policy = { rules = { selection = { countType = "imageCountMoreThan", countNumber = 10 } } }
}

# ---------------------------------------------------------------- ECS and ALB

expect "ecs and alb" "aws_ecs_cluster.main" {
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

expect "ecs and alb" "aws_cloudwatch_log_group.api" {
  name              = "/ecs/${local.name_prefix}-api"
  retention_in_days = 14
}

# Fargate, 256 CPU / 512 MB, port 8000, the overview's environment and secrets.
expect "ecs and alb" "aws_ecs_task_definition.api" {
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  container_definitions = {
    portMappings = { containerPort = 8000 }
    environment  = { name = ["ENV", "PORT", "AWS_REGION", "S3_BUCKET"] }
    secrets = {
      name      = ["DATABASE_SECRET_JSON", "REDIS_SECRET_JSON"]
      valueFrom = [aws_secretsmanager_secret.db.arn, aws_secretsmanager_secret.redis.arn]
    }
    logConfiguration = { options = { awslogs-group = aws_cloudwatch_log_group.api.name } }
  }
}

# One task in the private subnets, behind the ALB, rolled back when a deployment fails.
expect "ecs and alb" "aws_ecs_service.api" {
  desired_count = 1
  launch_type   = "FARGATE"

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = module.vpc.private_subnets
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    container_port = 8000
  }
}

expect "ecs and alb" "aws_lb.api" {
  internal        = false
  subnets         = module.vpc.public_subnets
  security_groups = [aws_security_group.alb.id]
}

expect "ecs and alb" "aws_lb_target_group.api" {
  port        = 8000
  target_type = "ip"
  health_check {
    path = "/health"
  }
}

expect "ecs and alb" "aws_lb_listener.http" {
  port = 80
}

expect "ecs and alb" "aws_lb_listener.https" {
  port            = 443
  certificate_arn = var.certificate_arn
}

# The data stores sit behind their own security groups (whose rules the Go checks read).
expect "ecs and alb" "aws_db_instance.main" {
  vpc_security_group_ids = [aws_security_group.rds.id]
}

expect "ecs and alb" "aws_elasticache_replication_group.main" {
  security_group_ids = [aws_security_group.redis.id]
}

# ---------------------------------------------------------------- alarms

# Every alarm looks at 5-minute periods and notifies the alarm topic, when there is one.
expect "alarms" "aws_cloudwatch_metric_alarm.alb_5xx" "aws_cloudwatch_metric_alarm.rds_storage" "aws_cloudwatch_metric_alarm.ecs_cpu" "aws_cloudwatch_metric_alarm.ecs_memory" "aws_cloudwatch_metric_alarm.rds_cpu" {
  period        = 300
  alarm_actions = local.alarm_actions
}

# ALB: more than 20 target 5xx responses in one period.
expect "alarms" "aws_cloudwatch_metric_alarm.alb_5xx" {
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  statistic           = "Sum"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 20
  evaluation_periods  = 1
}

# RDS: less than 2 GB (2 x 1024^3 bytes) free storage in one period.
expect "alarms" "aws_cloudwatch_metric_alarm.rds_storage" {
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  statistic           = "Minimum"
  comparison_operator = "LessThanThreshold"
  threshold           = 2147483648
  evaluation_periods  = 1
}

# ECS CPU, ECS memory and RDS CPU: above 80 % for two periods (10 minutes).
expect "alarms" "aws_cloudwatch_metric_alarm.ecs_cpu" "aws_cloudwatch_metric_alarm.ecs_memory" "aws_cloudwatch_metric_alarm.rds_cpu" {
  statistic           = "Average"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  evaluation_periods  = 2
}

expect "alarms" "aws_cloudwatch_metric_alarm.ecs_cpu" {
  namespace   = "AWS/ECS"
  metric_name = "CPUUtilization"
}

expect "alarms" "aws_cloudwatch_metric_alarm.ecs_memory" {
  namespace   = "AWS/ECS"
  metric_name = "MemoryUtilization"
}

expect "alarms" "aws_cloudwatch_metric_alarm.rds_cpu" {
  namespace   = "AWS/RDS"
  metric_name = "CPUUtilization"
}

# ---------------------------------------------------------------- IAM

# The execution role: ECS's managed policy plus reading exactly the two app secrets.
expect "iam" "aws_iam_role_policy_attachment.execution" {
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

expect "iam" "data.aws_iam_policy_document.execution_secrets" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.db.arn, aws_secretsmanager_secret.redis.arn]
  }
}

expect "iam" "aws_iam_role_policy.execution_secrets" {
  role = aws_iam_role.execution.id
}

# The task role: objects in the documents bucket, and listing it; nothing else.
expect "iam" "data.aws_iam_policy_document.task_documents" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListBucket"]
    resources = ["${aws_s3_bucket.documents.arn}/*", aws_s3_bucket.documents.arn]
  }
}

expect "iam" "aws_iam_role_policy.task_documents" {
  role = aws_iam_role.task.id
}

# ---------------------------------------------------------------- optional features

# The overview's next steps and HTTPS are all off by default.
expect "optional features" "var.enable_autoscaling" {
  default = false
}

expect "optional features" "var.enable_waf" {
  default = false
}

expect "optional features" "var.enable_cloudfront" {
  default = false
}

expect "optional features" "var.alarm_email" {
  default = ""
}

expect "optional features" "var.certificate_arn" {
  default = ""
}
