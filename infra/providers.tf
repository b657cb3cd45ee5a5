terraform {
  # Partial configuration: bucket, key, region and dynamodb_table come from
  # `terraform init -backend-config=...` (see docs/README_DEPLOY.md).
  backend "s3" {}
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = local.common_tags
  }
}
