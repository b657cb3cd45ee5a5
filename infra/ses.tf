# Amazon SES SMTP (var.ses_smtp_enabled): the sending domain, an IAM user allowed to send
# from it only, and SMTP_SECRET_JSON with the SMTP endpoint and credentials (the keys of
# config.SMTPSecretKeys). The SMTP password is derived from the user's access key, so it is in
# the Terraform state like the database password.

locals {
  ses_enabled = var.ses_smtp_enabled && var.ses_domain != ""
}

resource "aws_sesv2_email_identity" "domain" {
  count = local.ses_enabled ? 1 : 0

  email_identity = var.ses_domain
}

resource "aws_iam_user" "ses_smtp" {
  count = local.ses_enabled ? 1 : 0

  name = "${local.name_prefix}-ses-smtp"
}

data "aws_iam_policy_document" "ses_send" {
  count = local.ses_enabled ? 1 : 0

  statement {
    actions   = ["ses:SendRawEmail"]
    resources = [aws_sesv2_email_identity.domain[0].arn]
  }
}

resource "aws_iam_user_policy" "ses_send" {
  count = local.ses_enabled ? 1 : 0

  name   = "send-from-${var.ses_domain}"
  user   = aws_iam_user.ses_smtp[0].name
  policy = data.aws_iam_policy_document.ses_send[0].json
}

resource "aws_iam_access_key" "ses_smtp" {
  count = local.ses_enabled ? 1 : 0

  user = aws_iam_user.ses_smtp[0].name
}

resource "aws_secretsmanager_secret" "smtp" {
  count = local.ses_enabled ? 1 : 0

  name                    = "${local.name_prefix}/smtp"
  description             = "Amazon SES SMTP endpoint and credentials for Andi TMS (SMTP_SECRET_JSON)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "smtp" {
  count = local.ses_enabled ? 1 : 0

  secret_id = aws_secretsmanager_secret.smtp[0].id
  secret_string = jsonencode({
    host     = "email-smtp.${var.aws_region}.amazonaws.com"
    port     = 587
    username = aws_iam_access_key.ses_smtp[0].id
    password = aws_iam_access_key.ses_smtp[0].ses_smtp_password_v4
  })
}

# SMTP submission (STARTTLS on 587) reaches SES through its VPC interface endpoint: the
# tasks send nothing but HTTPS to the internet.
resource "aws_security_group" "ses_smtp" {
  count = local.ses_enabled ? 1 : 0

  name        = "${local.name_prefix}-ses-smtp"
  description = "Amazon SES SMTP interface endpoint"
  vpc_id      = module.vpc.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "ses_smtp_from_tasks" {
  count = local.ses_enabled ? 1 : 0

  security_group_id            = aws_security_group.ses_smtp[0].id
  description                  = "SMTP submission from the app tasks"
  ip_protocol                  = "tcp"
  from_port                    = 587
  to_port                      = 587
  referenced_security_group_id = aws_security_group.tasks.id
}

resource "aws_vpc_security_group_egress_rule" "tasks_smtp" {
  count = local.ses_enabled ? 1 : 0

  security_group_id            = aws_security_group.tasks.id
  description                  = "SMTP submission to the Amazon SES endpoint"
  ip_protocol                  = "tcp"
  from_port                    = 587
  to_port                      = 587
  referenced_security_group_id = aws_security_group.ses_smtp[0].id
}

resource "aws_vpc_endpoint" "ses_smtp" {
  count = local.ses_enabled ? 1 : 0

  vpc_id              = module.vpc.vpc_id
  service_name        = "com.amazonaws.${var.aws_region}.email-smtp"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = module.vpc.private_subnets
  security_group_ids  = [aws_security_group.ses_smtp[0].id]
  private_dns_enabled = true
}
