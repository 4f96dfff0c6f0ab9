locals {
  default_tags = {
    Organization       = var.org
    Owner              = "platform-${var.team}@${var.org}.example.com"
    Repository         = "github.com/${var.org}/${var.team}-infrastructure"
    DataClassification = "internal"
    Compliance         = "pci-dss,soc2,iso27001"
    BackupPolicy       = "daily-35d-weekly-12w"
    Application        = "${var.team}-service"
    BusinessUnit       = "commerce-platform"
    SupportTier        = "tier-2-business-hours"
    SecurityContact    = "security-oncall@${var.org}.example.com"
    TerraformWorkspace = "${var.org}-${var.team}-${var.env}"
    TerraformModule    = "github.com/${var.org}/terraform-modules//stacks/${var.team}"
    CostAllocation     = "${var.org}:${var.team}:${var.env}"
    ProvisionedBy      = "ci/github-actions/${var.team}-infrastructure"
    ChangeManagement   = "cab-required-for-prod"
    DisasterRecovery   = "rto-4h-rpo-1h"
    RetentionPolicy    = "logs-400d-data-7y"
    Criticality        = "business-critical"
    Runbook            = "https://runbooks.${var.org}.example.com/${var.team}"
    SourceCommit       = "4f9c2e7a1b3d5c8e9f0a2b4c6d8e0f1a3b5c7d9e"
  }
  name_prefix = "${var.org}-${var.team}-${var.env}"
  common_tags = {
    Team        = var.team
    Environment = var.env
    ManagedBy   = "terraform"
    CostCenter  = "cc-${var.team}"
    Service     = "${var.team}-api"
    Component   = "${var.team}-backend"
    OnCall      = "pagerduty:${var.team}-primary"
    Slack       = "#team-${var.team}-alerts"
  }
  log_bucket_name = "${local.name_prefix}-access-logs"
  azs             = ["${var.region}a", "${var.region}b", "${var.region}c"]
  is_prod         = var.env == "prod"
  private_buckets = { for k, v in var.data_buckets : k => v if !v.public }
}
