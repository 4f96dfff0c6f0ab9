# AWS provider v4+ style: the bucket resource holds only its name; every setting is a
# separate resource pointing at it with `bucket = aws_s3_bucket.X.id`.

variable "log_delivery_canonical_id" {
  type    = string
  default = "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0"
}

resource "aws_s3_bucket" "app" {
  bucket = "separate-app"
}

resource "aws_s3_bucket_acl" "app" {
  bucket = aws_s3_bucket.app.id
  acl    = "private"
}

resource "aws_s3_bucket_public_access_block" "app" {
  bucket                  = aws_s3_bucket.app.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = false
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "app" {
  bucket = aws_s3_bucket.app.id
  rule {
    object_ownership = "ObjectWriter"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "app" {
  bucket = aws_s3_bucket.app.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_logging" "app" {
  bucket        = aws_s3_bucket.app.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "app/"
}

resource "aws_s3_bucket_versioning" "app" {
  bucket = aws_s3_bucket.app.id
  mfa    = "arn:aws:iam::123456789012:mfa/root-account-mfa-device 123456"
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}

# Policy via jsonencode: unknown in the plan because it embeds the bucket ARN.
resource "aws_s3_bucket_policy" "app" {
  bucket = aws_s3_bucket.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["${aws_s3_bucket.app.arn}", "${aws_s3_bucket.app.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "aws_s3_bucket" "shared" {
  bucket = "separate-shared"
}

# Grants: everyone can read, any AWS account can list, log delivery can write.
resource "aws_s3_bucket_acl" "shared" {
  bucket = aws_s3_bucket.shared.id
  access_control_policy {
    owner {
      id = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
    }
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
      permission = "READ"
    }
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
      }
      permission = "READ_ACP"
    }
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/s3/LogDelivery"
      }
      permission = "WRITE"
    }
    grant {
      grantee {
        type = "CanonicalUser"
        id   = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
      }
      permission = "FULL_CONTROL"
    }
  }
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = data.aws_iam_policy_document.shared.json
}

# Principals "*" with literal resources. depends_on defers the read to apply time, so the
# plan knows the statements but not the rendered JSON.
data "aws_iam_policy_document" "shared" {
  depends_on = [aws_s3_bucket.shared]

  statement {
    sid       = "PublicList"
    actions   = ["s3:ListBucket", "s3:GetObject"]
    resources = ["arn:aws:s3:::separate-shared", "arn:aws:s3:::separate-shared/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "separate-logs"
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  access_control_policy {
    owner {
      id = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
    }
    grant {
      grantee {
        type = "CanonicalUser"
        id   = var.log_delivery_canonical_id
      }
      permission = "WRITE"
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}

# References the bucket ARN: the JSON is unknown in the plan, the statements are not.
data "aws_iam_policy_document" "logs" {
  statement {
    sid     = "S3ServerAccessLogs"
    actions = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.logs.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
  }
  statement {
    sid       = "AnyoneRead"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::separate-logs/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
