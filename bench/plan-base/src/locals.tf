locals {
  name_prefix = "${var.org}-${var.team}-${var.env}"
  common_tags = {
    Team        = var.team
    Environment = var.env
    ManagedBy   = "terraform"
    CostCenter  = "cc-${var.team}"
  }
  log_bucket_name = "${local.name_prefix}-access-logs"
  azs             = ["${var.region}a", "${var.region}b", "${var.region}c"]
  is_prod         = var.env == "prod"
  private_buckets = { for k, v in var.data_buckets : k => v if !v.public }
}
