# Values the AWS provider rejects and required arguments left out: `terraform validate` fails on
# every block marked "rejected" (so this fixture has no plan). bucketguard reports each as an
# input error at the value, or at the block that lacks the argument, and reads the setting as
# unknown rather than as a valid value.

resource "aws_s3_bucket" "sse" {
  bucket = "example-sse"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "sse" {
  bucket = aws_s3_bucket.sse.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "metallica" # rejected
    }
  }
}

resource "aws_s3_bucket" "sse_missing" {
  bucket = "example-sse-missing"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default { # rejected: no sse_algorithm
        kms_master_key_id = "alias/example"
      }
    }
  }
}

resource "aws_s3_bucket" "website" {
  bucket = "example-website"
  acl    = "website" # rejected
}

resource "aws_s3_bucket" "acl" {
  bucket = "example-acl"
}

resource "aws_s3_bucket_acl" "acl" {
  bucket = aws_s3_bucket.acl.id
  acl    = "bucket-owner-full-control" # rejected: an object ACL
}

resource "aws_s3_object" "page" {
  bucket  = aws_s3_bucket.acl.id
  key     = "index.html"
  content = "hello"
  acl     = "website" # rejected
}

resource "aws_s3_bucket" "owned" {
  bucket = "example-owned"
}

resource "aws_s3_bucket_ownership_controls" "owned" {
  bucket = aws_s3_bucket.owned.id
  rule {
    object_ownership = "Mine" # rejected
  }
}

resource "aws_s3_bucket" "versioned" {
  bucket = "example-versioned"
}

resource "aws_s3_bucket_versioning" "versioned" {
  bucket = aws_s3_bucket.versioned.id
  versioning_configuration {
    status     = "On"   # rejected
    mfa_delete = "true" # rejected
  }
}

resource "aws_s3_bucket" "granted" {
  bucket = "example-granted"
}

resource "aws_s3_bucket_acl" "granted" {
  bucket = aws_s3_bucket.granted.id
  access_control_policy {
    grant {
      grantee {
        type = "Everyone" # rejected
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
      permission = "READ"
    }
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
      permission = "READ_ALL" # rejected
    }
    owner {
      id = "abc123"
    }
  }
}

resource "aws_s3_bucket" "incomplete" {
  bucket = "example-incomplete"
}

resource "aws_s3_bucket_versioning" "incomplete" {
  bucket = aws_s3_bucket.incomplete.id
  versioning_configuration { # rejected: no status
    mfa_delete = "Disabled"
  }
}

resource "aws_s3_bucket_ownership_controls" "incomplete" {
  bucket = aws_s3_bucket.incomplete.id
  rule {} # rejected: no object_ownership
}

resource "aws_s3_bucket_policy" "incomplete" { # rejected: no policy
  bucket = aws_s3_bucket.incomplete.id
}

resource "aws_s3_bucket_public_access_block" "nameless" { # rejected: no bucket
  block_public_acls = true
}
