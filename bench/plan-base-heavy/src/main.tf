module "access_logs" {
  source         = "./modules/logging-bucket"
  name           = "${local.name_prefix}-central-logs"
  retention_days = var.log_retention_days
  tags           = local.common_tags
}

module "app" {
  source        = "./modules/app"
  name          = "${local.name_prefix}-app"
  vpc_id        = aws_vpc.main.id
  subnet_ids    = aws_subnet.private[*].id
  instance_type = var.instance_type
  ami_id        = var.ami_id
  tags          = local.common_tags
}

module "storage" {
  source     = "./modules/storage"
  for_each   = toset(["audit", "orders"])
  name       = "${local.name_prefix}-${each.key}"
  versioning = var.enable_versioning
  log_bucket = aws_s3_bucket.logs.id
  tags       = local.common_tags
}
