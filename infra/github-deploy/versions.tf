# The roles GitHub Actions assumes through OIDC to plan and apply ../ (the app stack). Applied
# once by an administrator, by hand (docs/README_DEPLOY.md); the workflows never change it.
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.aws_region
}
