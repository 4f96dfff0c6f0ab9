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

resource "aws_s3_bucket" "legacy_3" {
  bucket = "${local.name_prefix}-legacy-3"
  acl    = "private"

  versioning {
    enabled    = true
    mfa_delete = false
  }

  logging {
    target_bucket = aws_s3_bucket.logs.id
    target_prefix = "legacy-3/"
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
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

resource "aws_s3_bucket" "legacy_4" {
  bucket = "${local.name_prefix}-legacy-4"
  acl    = "private"

  versioning {
    enabled    = true
    mfa_delete = false
  }

  logging {
    target_bucket = aws_s3_bucket.logs.id
    target_prefix = "legacy-4/"
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

  tags = merge(local.common_tags, { DataClass = "internal" })
}

resource "aws_s3_bucket" "legacy_5" {
  bucket = "${local.name_prefix}-legacy-5"
  acl    = "log-delivery-write"

  versioning {
    enabled    = var.enable_versioning
    mfa_delete = false
  }

  logging {
    target_bucket = aws_s3_bucket.logs.id
    target_prefix = "legacy-5/"
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
        "arn:aws:s3:::${local.name_prefix}-legacy-5",
        "arn:aws:s3:::${local.name_prefix}-legacy-5/*"
      ],
      "Condition": { "Bool": { "aws:SecureTransport": "false" } }
    },
    {
      "Sid": "AccountRead",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::${var.account_id}:root" },
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": [
        "arn:aws:s3:::${local.name_prefix}-legacy-5",
        "arn:aws:s3:::${local.name_prefix}-legacy-5/*"
      ]
    }
  ]
}
POLICY

  tags = merge(local.common_tags, { DataClass = "internal" })
}

