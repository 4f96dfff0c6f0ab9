variable "bucket_id" {
  type = string
}

variable "versioned" {
  type = bool
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = var.bucket_id
  block_public_acls       = false
  block_public_policy     = true
  ignore_public_acls      = false
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  count  = var.versioned ? 1 : 0
  bucket = var.bucket_id
  versioning_configuration {
    status = "Enabled"
  }
}

# A bucket two module calls deep, only for unversioned stores.
resource "aws_s3_bucket" "audit" {
  count         = var.versioned ? 0 : 1
  bucket_prefix = "bg-audit-"
}

resource "aws_s3_bucket_public_access_block" "audit" {
  count                   = length(aws_s3_bucket.audit)
  bucket                  = aws_s3_bucket.audit[count.index].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
