# Exposure verdicts, the same from these sources and from their plan (tests/parity.rs).

# public-read: a public ACL and nothing that blocks it.
resource "aws_s3_bucket" "public_acl" {
  bucket = "expo-public-acl"
}

resource "aws_s3_bucket_acl" "public_acl" {
  bucket = aws_s3_bucket.public_acl.id
  acl    = "public-read"
}

# private: the public ACL is ignored (BG103 stays, neutralized, at note level).
resource "aws_s3_bucket" "ignored_acl" {
  bucket = "expo-ignored-acl"
}

resource "aws_s3_bucket_acl" "ignored_acl" {
  bucket = aws_s3_bucket.ignored_acl.id
  acl    = "public-read-write"
}

resource "aws_s3_bucket_public_access_block" "ignored_acl" {
  bucket                  = aws_s3_bucket.ignored_acl.id
  block_public_acls       = false
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# private: ACLs disabled, so S3 rejects the public ACL at apply.
resource "aws_s3_bucket" "enforced" {
  bucket = "expo-enforced"
}

resource "aws_s3_bucket_ownership_controls" "enforced" {
  bucket = aws_s3_bucket.enforced.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_acl" "enforced" {
  bucket = aws_s3_bucket.enforced.id
  acl    = "public-read"
}

# public-write: a policy statement to {"AWS": "*"} with s3:*.
resource "aws_s3_bucket" "policy_public" {
  bucket = "expo-policy-public"
}

data "aws_iam_policy_document" "policy_public" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::expo-policy-public/*"]
  }
}

resource "aws_s3_bucket_policy" "policy_public" {
  bucket = aws_s3_bucket.policy_public.id
  policy = data.aws_iam_policy_document.policy_public.json
}

# cross-account: another account may read.
resource "aws_s3_bucket" "cross" {
  bucket = "expo-cross"
}

resource "aws_s3_bucket_policy" "cross" {
  bucket = aws_s3_bucket.cross.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::expo-cross/*"
    }]
  })
}

# cross-account: a Deny for all outside account 111122223333 leaves that account the public Allow.
resource "aws_s3_bucket" "denied" {
  bucket = "expo-denied"
}

resource "aws_s3_bucket_policy" "denied" {
  bucket = aws_s3_bucket.denied.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::expo-denied/*"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = ["arn:aws:s3:::expo-denied", "arn:aws:s3:::expo-denied/*"]
        Condition = { StringNotEquals = { "aws:PrincipalAccount" = "111122223333" } }
      },
    ]
  })
}

# public-read through an access point: the bucket delegates to access points and the access
# point's own block is off.
resource "aws_s3_bucket" "via_ap" {
  bucket = "expo-via-ap"
}

resource "aws_s3_bucket_policy" "via_ap" {
  bucket = aws_s3_bucket.via_ap.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "*"
      Resource  = ["arn:aws:s3:::expo-via-ap", "arn:aws:s3:::expo-via-ap/*"]
      Condition = { StringEquals = { "s3:DataAccessPointAccount" = "111122223333" } }
    }]
  })
}

resource "aws_s3_access_point" "via_ap" {
  bucket = aws_s3_bucket.via_ap.id
  name   = "expo-ap"

  public_access_block_configuration {
    block_public_acls       = false
    block_public_policy     = false
    ignore_public_acls      = false
    restrict_public_buckets = false
  }

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:us-east-1:111122223333:accesspoint/expo-ap/object/*"
    }]
  })
}

# public-write through a multi-region access point: the bucket delegates to access points and
# the MRAP's own block is off.
resource "aws_s3_bucket" "via_mrap" {
  bucket = "expo-via-mrap"
}

resource "aws_s3_bucket_policy" "via_mrap" {
  bucket = aws_s3_bucket.via_mrap.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "*"
      Resource  = ["arn:aws:s3:::expo-via-mrap", "arn:aws:s3:::expo-via-mrap/*"]
      Condition = { StringEquals = { "s3:DataAccessPointAccount" = "111122223333" } }
    }]
  })
}

resource "aws_s3control_multi_region_access_point" "via_mrap" {
  details {
    name = "expo-mrap"

    public_access_block {
      block_public_acls       = false
      block_public_policy     = false
      ignore_public_acls      = false
      restrict_public_buckets = false
    }

    region {
      bucket = aws_s3_bucket.via_mrap.id
    }
  }
}

resource "aws_s3control_multi_region_access_point_policy" "via_mrap" {
  details {
    name = aws_s3control_multi_region_access_point.via_mrap.details[0].name
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = "*"
        Action    = ["s3:GetObject", "s3:PutObject"]
        Resource  = "arn:aws:s3::111122223333:accesspoint/expo-mrap.mrap/object/*"
      }]
    })
  }
}

# Least privilege outside the bucket (BG501): an identity policy that may write to every bucket.
resource "aws_iam_policy" "s3_admin" {
  name = "s3-admin-everywhere"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:PutObject", "s3:DeleteObject"]
      Resource = "arn:aws:s3:::*/*"
    }]
  })
}
