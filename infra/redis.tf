# Redis AUTH: every connection must present this token (over TLS); the app reads it from the
# Redis secret. Alphanumeric only: ElastiCache refuses some symbols and the token may travel in a URL.
resource "random_password" "redis" {
  length  = 48
  special = false
}

resource "aws_elasticache_subnet_group" "main" {
  name       = "${local.name_prefix}-redis"
  subnet_ids = module.vpc.private_subnets
}

resource "aws_security_group" "redis" {
  name        = "${local.name_prefix}-redis"
  description = "Redis: reachable from the API tasks only"
  vpc_id      = module.vpc.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "redis_from_tasks" {
  security_group_id            = aws_security_group.redis.id
  description                  = "Redis from the API tasks"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = aws_security_group.tasks.id
}

resource "aws_elasticache_replication_group" "main" {
  replication_group_id = "${local.name_prefix}-redis"
  description          = "Andi TMS sessions, rate limits, cache and pub/sub"

  engine               = "redis"
  engine_version       = "7.1"
  node_type            = "cache.t4g.micro"
  num_cache_clusters   = 1
  parameter_group_name = "default.redis7"
  port                 = 6379

  subnet_group_name  = aws_elasticache_subnet_group.main.name
  security_group_ids = [aws_security_group.redis.id]

  # One node: no replica to fail over to.
  automatic_failover_enabled = false
  multi_az_enabled           = false

  # TLS only (no plaintext port) and AUTH; the app verifies the node's certificate.
  transit_encryption_enabled = true
  transit_encryption_mode    = "required"
  auth_token                 = random_password.redis.result
  auth_token_update_strategy = "ROTATE"
  at_rest_encryption_enabled = true

  snapshot_retention_limit = 5
  snapshot_window          = "06:00-07:00"
  maintenance_window       = "sun:09:30-sun:10:30"
}
