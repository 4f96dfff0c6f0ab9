# Buckets still written in the AWS provider v3 inline style.

resource "aws_s3_bucket" "legacy_0" {
  bucket = "${local.name_prefix}-legacy-0"
  acl    = var.bucket_acl

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.main.arn
      }
      bucket_key_enabled = true
    }
  }

  lifecycle_rule {
    id      = "transition"
    enabled = true
    prefix  = "data/"
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    expiration {
      days = 365
    }
  }

  tags = merge(local.common_tags, { DataClass = "confidential" })
}

resource "aws_s3_bucket" "legacy_1" {
  bucket = "${local.name_prefix}-legacy-1"
  acl    = "log-delivery-write"

  logging {
    target_bucket = aws_s3_bucket.logs.id
    target_prefix = "legacy-1/"
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.main.arn
      }
      bucket_key_enabled = true
    }
  }

  lifecycle_rule {
    id      = "transition"
    enabled = true
    prefix  = "data/"
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    expiration {
      days = 365
    }
  }

  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::${local.name_prefix}-legacy-1",
        "arn:aws:s3:::${local.name_prefix}-legacy-1/*"
      ],
      "Condition": { "Bool": { "aws:SecureTransport": "false" } }
    },
    {
      "Sid": "AccountRead",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::${var.account_id}:role/reader" },
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": [
        "arn:aws:s3:::${local.name_prefix}-legacy-1",
        "arn:aws:s3:::${local.name_prefix}-legacy-1/*"
      ]
    }
  ]
}
POLICY

  tags = merge(local.common_tags, { DataClass = "public" })
}

resource "aws_s3_bucket" "legacy_2" {
  bucket = "${local.name_prefix}-legacy-2"
  acl    = "private"

  versioning {
    enabled    = true
    mfa_delete = false
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.main.arn
      }
      bucket_key_enabled = true
    }
  }

  lifecycle_rule {
    id      = "transition"
    enabled = true
    prefix  = "data/"
    transition {
      days          = 60
      storage_class = "STANDARD_IA"
    }
    expiration {
      days = 730
    }
  }

  tags = merge(local.common_tags, { DataClass = "public" })
}

