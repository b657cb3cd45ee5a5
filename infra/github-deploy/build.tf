# ---------------------------------------------------------------- build: push images, nothing else

data "aws_iam_policy_document" "trust_build" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::${local.account}:oidc-provider/${local.oidc}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc}:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc}:sub"
      values   = ["repo:${var.github_repository}:ref:refs/heads/main"]
    }
  }
}

resource "aws_iam_role" "build" {
  name               = "${local.prefix}-github-build"
  assume_role_policy = data.aws_iam_policy_document.trust_build.json
}

data "aws_iam_policy_document" "build" {
  statement {
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
    condition {
      test     = local.in_region.test
      variable = local.in_region.variable
      values   = local.in_region.values
    }
  }
  statement {
    actions = ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
    "ecr:PutImage", "ecr:BatchGetImage", "ecr:DescribeImages"]
    resources = ["arn:aws:ecr:${local.region_account}:repository/${local.prefix}-api"]
  }
}

resource "aws_iam_role_policy" "build" {
  name   = "push-images"
  role   = aws_iam_role.build.id
  policy = data.aws_iam_policy_document.build.json
}

output "build_role_arn" {
  description = "AWS_BUILD_ROLE_ARN: pushes images (main only)."
  value       = aws_iam_role.build.arn
}

output "plan_role_arn" {
  description = "AWS_PLAN_ROLE_ARN: plans (pull requests and main), reads only."
  value       = aws_iam_role.plan.arn
}

output "apply_role_arn" {
  description = "AWS_APPLY_ROLE_ARN: applies the reviewed plan (jobs of the GitHub environment only)."
  value       = aws_iam_role.apply.arn
}
