# The two JSON documents the app reads from DATABASE_SECRET_JSON and REDIS_SECRET_JSON.
# Their keys must stay exactly those of config.DatabaseSecretKeys and config.RedisSecretKeys
# (internal/infracheck checks both).

resource "aws_secretsmanager_secret" "db" {
  name                    = "${local.name_prefix}/database"
  description             = "RDS PostgreSQL connection for Andi TMS (DATABASE_SECRET_JSON)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = aws_db_instance.main.username
    password = random_password.db.result
    host     = aws_db_instance.main.address
    port     = aws_db_instance.main.port
    dbname   = aws_db_instance.main.db_name
  })
}

resource "aws_secretsmanager_secret" "redis" {
  name                    = "${local.name_prefix}/redis"
  description             = "ElastiCache Redis connection for Andi TMS (REDIS_SECRET_JSON)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "redis" {
  secret_id = aws_secretsmanager_secret.redis.id
  secret_string = jsonencode({
    # rediss://: the replication group only accepts TLS connections, with this AUTH token.
    redis_url        = "rediss://${aws_elasticache_replication_group.main.primary_endpoint_address}:${aws_elasticache_replication_group.main.port}"
    redis_host       = aws_elasticache_replication_group.main.primary_endpoint_address
    redis_port       = aws_elasticache_replication_group.main.port
    redis_auth_token = random_password.redis.result
  })
}

# Optional secrets (var.optional_secrets): Terraform creates only the empty secret, so the value
# never enters the Terraform state or GitHub; put it with `aws secretsmanager put-secret-value`
# (docs/README_DEPLOY.md) before the task that reads it starts.
resource "aws_secretsmanager_secret" "optional" {
  for_each = var.optional_secrets

  name                    = "${local.name_prefix}/${lower(replace(each.key, "_", "-"))}"
  description             = "${each.key} for Andi TMS, set by hand"
  recovery_window_in_days = 7
}
