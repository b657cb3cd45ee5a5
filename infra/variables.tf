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

variable "image_tag" {
  description = "Tag of the image in the ECR repository that the ECS service runs (the deploy workflow passes the commit SHA)."
  type        = string
  default     = "latest"
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
