variable "aws_region" {
  description = "AWS region for every resource."
  type        = string
  default     = "us-east-1"
}

variable "environment" {
  description = "Deployment name, also the app's ENV: dev, staging or prod."
  type        = string
  default     = "prod"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "image_digest" {
  description = "Digest (sha256:...) of the image in the ECR repository that the ECS service runs: the deploy workflow passes the digest it pushed, so a moved tag never changes what runs."
  type        = string

  validation {
    condition     = can(regex("^sha256:[0-9a-f]{64}$", var.image_digest))
    error_message = "image_digest must be sha256: followed by 64 hex digits."
  }
}

variable "certificate_arn" {
  description = "ACM certificate ARN (same region) for HTTPS on the ALB. Empty = HTTP only."
  type        = string
  default     = ""
}

variable "app_origin" {
  description = "Origin users open the app at, e.g. https://tms.example.com, allowed by the documents bucket's CORS. The ALB's own http:// origin is always allowed."
  type        = string
  default     = ""
}

variable "multi_az" {
  description = "Run RDS with a standby in a second AZ (doubles the RDS instance price)."
  type        = bool
  default     = false
}

variable "db_name" {
  description = "Name of the PostgreSQL database the app uses."
  type        = string
  default     = "tms"
}

variable "db_username" {
  description = "RDS master user name; its password is generated and kept in Secrets Manager."
  type        = string
  default     = "tms"
}

variable "db_deletion_protection" {
  description = "Refuse to delete the RDS instance (turn off only to tear an environment down)."
  type        = bool
  default     = true
}

variable "enable_autoscaling" {
  description = "Scale the ECS service between 1 and autoscaling_max_count tasks on average CPU."
  type        = bool
  default     = false
}

variable "autoscaling_max_count" {
  description = "Most tasks the autoscaler may run when enable_autoscaling is true."
  type        = number
  default     = 4
}

variable "alarm_email" {
  description = "Email address that receives the CloudWatch alarms through SNS. Empty = no notifications."
  type        = string
  default     = ""
}

variable "enable_waf" {
  description = "Attach an AWS WAF web ACL with the AWS managed common rule set to the ALB."
  type        = bool
  default     = false
}

variable "enable_cloudfront" {
  description = "Put a CloudFront distribution (HTTPS on its *.cloudfront.net name) in front of the ALB."
  type        = bool
  default     = false
}

variable "optional_secrets" {
  description = "App variables kept in their own Secrets Manager secret, created empty (set the value by hand): any of EIA_API_KEY, SMTP_URL."
  type        = set(string)
  default     = []

  validation {
    condition     = length(setsubtract(var.optional_secrets, ["EIA_API_KEY", "SMTP_URL"])) == 0
    error_message = "optional_secrets may hold only EIA_API_KEY and SMTP_URL."
  }
}

variable "https_egress_cidrs" {
  description = "Where the tasks may open HTTPS (443) connections besides S3: AWS APIs (ECR, Secrets Manager, CloudWatch Logs) through the NAT gateway, the EIA API, an OSRM or tile host. AWS publishes no fixed addresses for its APIs, so the default is anywhere; with enable_interface_endpoints it can shrink to the outside hosts' CIDRs."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = alltrue([for c in var.https_egress_cidrs : can(cidrnetmask(c))])
    error_message = "https_egress_cidrs must hold IPv4 CIDRs such as 203.0.113.0/24."
  }
}

variable "enable_interface_endpoints" {
  description = "Reach ECR, Secrets Manager and CloudWatch Logs through VPC interface endpoints instead of the NAT gateway (about $0.01 per endpoint-AZ-hour, 4 endpoints x 2 AZs)."
  type        = bool
  default     = false
}

variable "alb_log_retention_days" {
  description = "Days the ALB access logs are kept in their bucket."
  type        = number
  default     = 90
}

variable "ses_smtp_enabled" {
  description = "Send email through Amazon SES SMTP: creates the domain identity of ses_domain, an SMTP user and the SMTP_SECRET_JSON secret the app reads."
  type        = bool
  default     = false
}

variable "ses_domain" {
  description = "Domain SES sends from when ses_smtp_enabled (verify it with the DKIM records of the ses_dkim_tokens output); MAIL_FROM must be an address of it."
  type        = string
  default     = ""
}
