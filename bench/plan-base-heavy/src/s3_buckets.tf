# Buckets in the AWS provider v4+ style: one resource per concern.

resource "aws_s3_bucket" "logs" {
  bucket        = local.log_bucket_name
  force_destroy = false
  tags          = merge(local.common_tags, { Purpose = "access-logs" })
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "logs" {
  depends_on = [aws_s3_bucket_ownership_controls.logs]
  bucket     = aws_s3_bucket.logs.id
  acl        = "log-delivery-write"
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "data" {
  for_each = var.data_buckets
  bucket   = "${local.name_prefix}-${each.key}"
  tags     = merge(local.common_tags, { Name = each.key })
}

resource "aws_s3_bucket_versioning" "data" {
  for_each = aws_s3_bucket.data
  bucket   = each.value.id
  versioning_configuration {
    status = var.data_buckets[each.key].versioned ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_public_access_block" "data" {
  for_each                = aws_s3_bucket.data
  bucket                  = each.value.id
  block_public_acls       = !var.data_buckets[each.key].public
  block_public_policy     = !var.data_buckets[each.key].public
  ignore_public_acls      = !var.data_buckets[each.key].public
  restrict_public_buckets = !var.data_buckets[each.key].public
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  for_each = local.private_buckets
  bucket   = aws_s3_bucket.data[each.key].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = each.value.kms ? "aws:kms" : "AES256"
      kms_master_key_id = each.value.kms ? module.kms.arn : null
    }
  }
}

resource "aws_s3_bucket_logging" "data" {
  for_each      = aws_s3_bucket.data
  bucket        = each.value.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "data/${each.key}/"
}

resource "aws_s3_bucket" "artifacts" {
  count  = var.artifact_count
  bucket = "${local.name_prefix}-artifacts-${count.index}"
  tags   = local.common_tags
}

resource "aws_s3_bucket_versioning" "artifacts" {
  count  = var.artifact_count
  bucket = aws_s3_bucket.artifacts[count.index].id
  versioning_configuration {
    status = var.enable_versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket" "app_0" {
  bucket = "${local.name_prefix}-app-0"
  tags   = local.common_tags
}

resource "aws_s3_bucket_ownership_controls" "app_0" {
  bucket = aws_s3_bucket.app_0.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "app_0" {
  bucket = aws_s3_bucket.app_0.id
  acl    = "private"
}

resource "aws_s3_bucket_logging" "app_0" {
  bucket        = aws_s3_bucket.app_0.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "app_0/"
}

resource "aws_s3_bucket" "app_1" {
  bucket = "${local.name_prefix}-app-1"
  tags   = local.common_tags
}

resource "aws_s3_bucket_ownership_controls" "app_1" {
  bucket = aws_s3_bucket.app_1.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "app_1" {
  bucket                  = aws_s3_bucket.app_1.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "app_1" {
  bucket = aws_s3_bucket.app_1.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = module.kms.arn
    }
    bucket_key_enabled = true
  }
}

