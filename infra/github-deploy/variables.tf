variable "aws_region" {
  description = "Region of the app stack."
  type        = string
  default     = "us-east-1"
}

variable "github_repository" {
  description = "owner/name of the GitHub repository whose workflows may assume the roles."
  type        = string
}

variable "environment" {
  description = "The app stack's environment (its resource names start with andi-tms-<environment>-)."
  type        = string
  default     = "prod"
}

variable "github_environment" {
  description = "GitHub environment (with required reviewers) whose jobs may assume the apply role."
  type        = string
  default     = "production"
}

variable "state_bucket" {
  description = "S3 bucket holding the Terraform state (TF_STATE_BUCKET)."
  type        = string
}

variable "lock_table" {
  description = "DynamoDB table holding the Terraform lock (TF_LOCK_TABLE)."
  type        = string
}

variable "create_oidc_provider" {
  description = "Create the account's GitHub OIDC provider (false when the account already has one)."
  type        = bool
  default     = true
}
