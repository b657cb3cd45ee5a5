# What the apply role may change: the resources of this stack, found by their name prefix
# (andi-tms-<env>-...) where the service puts names in ARNs, else by the Project tag the
# provider's default_tags puts on everything, else (the few actions with no resource-level
# permission) only in this region. Reading is the managed ReadOnlyAccess.
locals {
  region_account = "${var.aws_region}:${local.account}"
  in_region = {
    test     = "StringEquals"
    variable = "aws:RequestedRegion"
    values   = [var.aws_region]
  }
}

data "aws_iam_policy_document" "apply" {
  statement {
    sid       = "State"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.state}/andi-tms/${var.environment}.tfstate"]
  }
  statement {
    sid       = "StateList"
    actions   = ["s3:ListBucket"]
    resources = [local.state]
  }
  statement {
    sid       = "Lock"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = ["arn:aws:dynamodb:${local.region_account}:table/${var.lock_table}"]
  }

  statement {
    sid       = "Buckets"
    actions   = ["s3:CreateBucket", "s3:DeleteBucket", "s3:PutBucket*", "s3:DeleteBucket*", "s3:PutLifecycleConfiguration", "s3:PutEncryptionConfiguration", "s3:PutBucketPublicAccessBlock"]
    resources = ["arn:aws:s3:::${local.prefix}-*"]
  }
  statement {
    sid = "Roles"
    actions = ["iam:CreateRole", "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy",
    "iam:DeleteRolePolicy", "iam:TagRole", "iam:UntagRole"]
    resources = ["arn:aws:iam::${local.account}:role/${local.prefix}-*"]
  }
  statement {
    sid       = "RoleManagedPolicies"
    actions   = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"]
    resources = ["arn:aws:iam::${local.account}:role/${local.prefix}-*"]
    condition {
      test     = "ArnEquals"
      variable = "iam:PolicyARN"
      values   = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
    }
  }
  statement {
    sid       = "PassRolesToECS"
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::${local.account}:role/${local.prefix}-*"]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }
  statement {
    sid       = "ServiceLinkedRoles"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["arn:aws:iam::${local.account}:role/aws-service-role/*"]
    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values = ["ecs.amazonaws.com", "elasticache.amazonaws.com", "rds.amazonaws.com", "elasticloadbalancing.amazonaws.com",
      "ecs.application-autoscaling.amazonaws.com"]
    }
  }
  statement {
    sid = "Secrets"
    actions = ["secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:UpdateSecret", "secretsmanager:PutSecretValue",
    "secretsmanager:GetSecretValue", "secretsmanager:TagResource", "secretsmanager:UntagResource"]
    resources = ["arn:aws:secretsmanager:${local.region_account}:secret:${local.prefix}/*"]
  }
  statement {
    sid = "Registry"
    actions = ["ecr:CreateRepository", "ecr:DeleteRepository", "ecr:PutLifecyclePolicy", "ecr:DeleteLifecyclePolicy",
    "ecr:PutImageScanningConfiguration", "ecr:PutImageTagMutability", "ecr:TagResource", "ecr:UntagResource"]
    resources = ["arn:aws:ecr:${local.region_account}:repository/${local.prefix}-*"]
  }
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:TagResource", "logs:UntagResource", "logs:TagLogGroup"]
    resources = ["arn:aws:logs:${local.region_account}:log-group:/ecs/${local.prefix}-*"]
  }
  statement {
    sid       = "Alarms"
    actions   = ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource"]
    resources = ["arn:aws:cloudwatch:${local.region_account}:alarm:${local.prefix}-*"]
  }
  statement {
    sid       = "AlarmTopic"
    actions   = ["sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Unsubscribe", "sns:TagResource"]
    resources = ["arn:aws:sns:${local.region_account}:${local.prefix}-*"]
  }
  statement {
    sid = "Database"
    actions = ["rds:CreateDBInstance", "rds:ModifyDBInstance", "rds:DeleteDBInstance", "rds:RebootDBInstance", "rds:CreateDBSnapshot",
      "rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DeleteDBSubnetGroup", "rds:CreateDBParameterGroup",
    "rds:ModifyDBParameterGroup", "rds:DeleteDBParameterGroup", "rds:AddTagsToResource", "rds:RemoveTagsFromResource"]
    resources = [for kind in ["db", "subgrp", "pg", "snapshot"] : "arn:aws:rds:${local.region_account}:${kind}:${local.prefix}-*"]
  }
  statement {
    sid = "Redis"
    actions = ["elasticache:CreateReplicationGroup", "elasticache:ModifyReplicationGroup", "elasticache:DeleteReplicationGroup",
      "elasticache:CreateCacheCluster", "elasticache:CreateCacheSubnetGroup", "elasticache:ModifyCacheSubnetGroup",
    "elasticache:DeleteCacheSubnetGroup", "elasticache:AddTagsToResource", "elasticache:RemoveTagsFromResource"]
    resources = concat(
      [for kind in ["replicationgroup", "cluster", "subnetgroup", "snapshot"] : "arn:aws:elasticache:${local.region_account}:${kind}:${local.prefix}-*"],
      ["arn:aws:elasticache:${local.region_account}:parametergroup:default.redis7"],
    )
  }
  statement {
    sid = "Containers"
    actions = ["ecs:CreateCluster", "ecs:DeleteCluster", "ecs:UpdateCluster", "ecs:UpdateClusterSettings", "ecs:CreateService",
    "ecs:UpdateService", "ecs:DeleteService", "ecs:TagResource", "ecs:UntagResource"]
    resources = [
      "arn:aws:ecs:${local.region_account}:cluster/${local.prefix}-*",
      "arn:aws:ecs:${local.region_account}:service/${local.prefix}-*/*",
      "arn:aws:ecs:${local.region_account}:task-definition/${local.prefix}-*:*",
    ]
  }
  statement {
    sid = "LoadBalancer"
    actions = ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyLoadBalancerAttributes",
      "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets", "elasticloadbalancing:SetWebAcl", "elasticloadbalancing:CreateTargetGroup",
      "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
      "elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:ModifyListener",
    "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"]
    resources = [
      "arn:aws:elasticloadbalancing:${local.region_account}:loadbalancer/app/${local.prefix}-*/*",
      "arn:aws:elasticloadbalancing:${local.region_account}:targetgroup/${local.prefix}-*/*",
      "arn:aws:elasticloadbalancing:${local.region_account}:listener/app/${local.prefix}-*/*",
    ]
  }
  statement {
    sid = "WebACL"
    actions = ["wafv2:CreateWebACL", "wafv2:UpdateWebACL", "wafv2:DeleteWebACL", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
    "wafv2:TagResource", "wafv2:UntagResource"]
    resources = [
      "arn:aws:wafv2:${local.region_account}:regional/webacl/${local.prefix}-*/*",
      "arn:aws:wafv2:${local.region_account}:regional/managedruleset/*/*",
      "arn:aws:elasticloadbalancing:${local.region_account}:loadbalancer/app/${local.prefix}-*/*",
    ]
  }
  statement {
    sid = "CDN"
    actions = ["cloudfront:CreateDistribution", "cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution", "cloudfront:TagResource",
    "cloudfront:CreateCachePolicy", "cloudfront:UpdateCachePolicy", "cloudfront:DeleteCachePolicy"]
    resources = ["arn:aws:cloudfront::${local.account}:distribution/*", "arn:aws:cloudfront::${local.account}:cache-policy/*"]
  }

  # No resource-level permissions exist for these: this region only.
  statement {
    sid = "RegionOnly"
    actions = ["ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "application-autoscaling:RegisterScalableTarget",
      "application-autoscaling:DeregisterScalableTarget", "application-autoscaling:PutScalingPolicy",
    "application-autoscaling:DeleteScalingPolicy", "application-autoscaling:TagResource"]
    resources = ["*"]
    condition {
      test     = local.in_region.test
      variable = local.in_region.variable
      values   = local.in_region.values
    }
  }

  # Network: created with, or changed only when carrying, the stack's Project tag.
  statement {
    sid = "NetworkCreateTagged"
    actions = ["ec2:CreateVpc", "ec2:CreateSubnet", "ec2:CreateSecurityGroup", "ec2:CreateInternetGateway", "ec2:CreateNatGateway",
    "ec2:AllocateAddress", "ec2:CreateRouteTable", "ec2:CreateVpcEndpoint", "ec2:CreateNetworkAcl", "ec2:CreateTags"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/Project"
      values   = ["andi-tms"]
    }
  }
  statement {
    sid = "NetworkChangeTagged"
    actions = ["ec2:Delete*", "ec2:Modify*", "ec2:Authorize*", "ec2:Revoke*", "ec2:Associate*", "ec2:Disassociate*", "ec2:Attach*",
      "ec2:Detach*", "ec2:Release*", "ec2:Replace*", "ec2:CreateRoute", "ec2:CreateTags", "ec2:DeleteTags",
    "ec2:UpdateSecurityGroupRuleDescriptions*"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Project"
      values   = ["andi-tms"]
    }
  }
}
