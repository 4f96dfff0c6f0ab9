# Modeled on terraform-aws-modules/s3-bucket: every setting is an input, blocks come from
# `dynamic` over lists and maps read through try()/lookup().

variable "create_bucket" {
  type    = bool
  default = true
}

variable "bucket" {
  type = string
}

variable "acl" {
  type    = string
  default = null
}

variable "grant" {
  type    = any
  default = []
}

variable "owner" {
  type    = map(string)
  default = {}
}

variable "block_public_acls" {
  type    = bool
  default = true
}

variable "block_public_policy" {
  type    = bool
  default = true
}

variable "ignore_public_acls" {
  type    = bool
  default = true
}

variable "restrict_public_buckets" {
  type    = bool
  default = true
}

variable "attach_public_policy" {
  type    = bool
  default = true
}

variable "server_side_encryption_configuration" {
  type    = any
  default = {}
}

variable "versioning" {
  type    = map(string)
  default = {}
}

locals {
  create_bucket_acl = var.acl != null || length(var.grant) > 0
  grants            = try(jsondecode(var.grant), var.grant)
  sse               = try(jsondecode(var.server_side_encryption_configuration), var.server_side_encryption_configuration)
}

resource "aws_s3_bucket" "this" {
  count  = var.create_bucket ? 1 : 0
  bucket = var.bucket
}

resource "aws_s3_bucket_acl" "this" {
  count  = var.create_bucket && local.create_bucket_acl ? 1 : 0
  bucket = aws_s3_bucket.this[0].id
  acl    = var.acl == "null" ? null : var.acl

  dynamic "access_control_policy" {
    for_each = length(local.grants) > 0 ? [true] : []

    content {
      dynamic "grant" {
        for_each = local.grants

        content {
          permission = grant.value.permission

          grantee {
            type = grant.value.type
            id   = try(grant.value.id, null)
            uri  = lookup(grant.value, "uri", null)
          }
        }
      }

      owner {
        id = var.owner["id"]
      }
    }
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  count                   = var.create_bucket && var.attach_public_policy ? 1 : 0
  bucket                  = aws_s3_bucket.this[0].id
  block_public_acls       = var.block_public_acls
  block_public_policy     = var.block_public_policy
  ignore_public_acls      = var.ignore_public_acls
  restrict_public_buckets = var.restrict_public_buckets
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  count  = var.create_bucket && length(keys(local.sse)) > 0 ? 1 : 0
  bucket = aws_s3_bucket.this[0].id

  dynamic "rule" {
    for_each = try(flatten([local.sse["rule"]]), [])

    content {
      bucket_key_enabled = try(rule.value.bucket_key_enabled, null)

      dynamic "apply_server_side_encryption_by_default" {
        for_each = try([rule.value.apply_server_side_encryption_by_default], [])

        content {
          sse_algorithm     = apply_server_side_encryption_by_default.value.sse_algorithm
          kms_master_key_id = try(apply_server_side_encryption_by_default.value.kms_master_key_id, null)
        }
      }
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  count  = var.create_bucket && length(keys(var.versioning)) > 0 ? 1 : 0
  bucket = aws_s3_bucket.this[0].id

  versioning_configuration {
    status = try(var.versioning["enabled"] ? "Enabled" : "Suspended", tobool(var.versioning["status"]) ? "Enabled" : "Suspended", lookup(var.versioning, "status", "Enabled"))
  }
}

output "s3_bucket_id" {
  value = try(aws_s3_bucket.this[0].id, "")
}

output "s3_bucket_arn" {
  value = try(aws_s3_bucket.this[0].arn, "")
}
