# AWS provider v3 style: every setting written inline in aws_s3_bucket (deprecated since v4,
# still accepted by v5).

resource "aws_s3_bucket" "public" {
  bucket = "inline-public"
  acl    = "public-read-write"

  versioning {
    enabled = false
  }
}

resource "aws_s3_bucket" "granted" {
  bucket = "inline-granted"

  grant {
    type        = "Group"
    uri         = "http://acs.amazonaws.com/groups/global/AllUsers"
    permissions = ["READ"]
  }

  grant {
    type        = "Group"
    uri         = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
    permissions = ["READ", "WRITE"]
  }

  grant {
    id          = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
    type        = "CanonicalUser"
    permissions = ["FULL_CONTROL"]
  }
}

resource "aws_s3_bucket" "hardened" {
  bucket = "inline-hardened"
  acl    = "private"

  versioning {
    enabled    = true
    mfa_delete = true
  }

  logging {
    target_bucket = "inline-logs"
    target_prefix = "hardened/"
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
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
        "arn:aws:s3:::inline-hardened",
        "arn:aws:s3:::inline-hardened/*"
      ],
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    }
  ]
}
POLICY
}

resource "aws_s3_bucket" "logs" {
  bucket = "inline-logs"
  acl    = "log-delivery-write"
}
