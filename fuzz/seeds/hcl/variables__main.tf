# Variables from defaults, terraform.tfvars and *.auto.tfvars feeding S3 settings through
# locals, conditionals, for expressions, templates and functions.

variable "project" {
  type    = string
  default = "default-project"
}

variable "environment" {
  type    = string
  default = "dev"
}

variable "buckets" {
  type = map(object({
    public     = bool
    versioning = string
    kms        = optional(bool, false)
  }))
  default = {}
}

variable "log_prefixes" {
  type    = list(string)
  default = ["a"]
}

variable "strict" {
  type    = bool
  default = false
}

locals {
  prefix = lower(format("%s-%s", var.project, var.environment))
  names  = { for k, v in var.buckets : k => "${local.prefix}-${replace(k, "_", "-")}" }
  public = toset([for k, v in var.buckets : k if v.public])
  tags = merge(
    { Project = var.project },
    var.environment == "prod" ? { Critical = "yes" } : {},
  )
  kms_keys     = { for k, v in var.buckets : k => v.kms ? "alias/${local.prefix}" : null }
  log_prefix   = join("/", compact(concat(var.log_prefixes, [""])))
  readers      = distinct(flatten([["arn:aws:iam::111122223333:root"], var.strict ? [] : ["*"]]))
  readers_text = jsonencode(local.readers)
}

resource "aws_s3_bucket" "b" {
  for_each = local.names
  bucket   = each.value
  tags     = local.tags
}

resource "aws_s3_bucket_acl" "b" {
  for_each = local.public
  bucket   = aws_s3_bucket.b[each.key].id
  acl      = contains(keys(var.buckets), each.key) ? "public-read" : "private"
}

resource "aws_s3_bucket_versioning" "b" {
  for_each = { for k, v in var.buckets : k => v if v.versioning != "" }
  bucket   = aws_s3_bucket.b[each.key].id
  versioning_configuration {
    status = title(lower(each.value.versioning))
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  for_each = aws_s3_bucket.b
  bucket   = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.kms_keys[each.key] == null ? "AES256" : "aws:kms"
      kms_master_key_id = local.kms_keys[each.key]
    }
  }
}

resource "aws_s3_bucket_logging" "b" {
  for_each      = { for k in keys(var.buckets) : k => k if k != "logs" && contains(keys(var.buckets), "logs") }
  bucket        = aws_s3_bucket.b[each.key].id
  target_bucket = aws_s3_bucket.b["logs"].id
  target_prefix = "${local.log_prefix}/${each.key}/"
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.b["data"].id
  policy = templatefile("${path.module}/files/policy.json.tpl", {
    bucket_arn = aws_s3_bucket.b["data"].arn
    readers    = local.readers_text
  })
}

resource "aws_s3_bucket_public_access_block" "b" {
  for_each                = var.strict ? aws_s3_bucket.b : {}
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
