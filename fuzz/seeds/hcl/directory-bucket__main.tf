# A directory bucket (S3 Express One Zone) configured by separate resources, as
# terraform-aws-modules/s3-bucket does with `is_directory_bucket = true`: its public access block
# is always on, ACLs are always disabled, and it has no versioning or access logging.

provider "aws" {
  region = "us-west-2"
}

variable "zone_id" {
  type    = string
  default = "usw2-az1"
}

variable "base" {
  type    = string
  default = "fast-data"
}

resource "aws_s3_directory_bucket" "this" {
  bucket = "${var.base}--${var.zone_id}--x-s3"
  location {
    name = var.zone_id
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_directory_bucket.this.bucket
  rule {
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_directory_bucket.this.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 7
    }
  }
}
