# Linking through configuration resources, as terraform-aws-modules/s3-bucket writes it: the
# ownership controls name their bucket through the policy's id (the policy's id is the bucket
# name), so that they are applied after the policy.

provider "aws" {
  region = "eu-west-1"
}

variable "attach_policy" {
  type    = bool
  default = true
}

# Only a prefix: Terraform generates the name, known after apply.
resource "aws_s3_bucket" "this" {
  bucket_prefix = "linking-"
}

resource "aws_s3_bucket_policy" "this" {
  count  = var.attach_policy ? 1 : 0
  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = var.attach_policy ? aws_s3_bucket_policy.this[0].id : aws_s3_bucket.this.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Only through another configuration resource, two steps: `.bucket` of the ownership controls.
resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket_ownership_controls.this.bucket
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# The public access block's id, for a resource the model does not read.
resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket_public_access_block.this.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 30
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket_lifecycle_configuration.this.id
  versioning_configuration {
    status = "Enabled"
  }
}
