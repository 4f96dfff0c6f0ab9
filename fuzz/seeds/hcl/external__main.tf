# Resources that configure buckets defined outside this configuration (another stack, the
# console, another account). Every setting written here is checked; what is not written here is
# not known.

provider "aws" {
  region = "eu-west-1"
}

variable "shared_bucket" {
  type    = string
  default = "team-shared-bucket"
}

# A literal name: the bucket "existing-bucket" is not created here.
resource "aws_s3_bucket_acl" "existing" {
  bucket = "existing-bucket"
  access_control_policy {
    owner {
      id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    }
    grant {
      permission = "WRITE"
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
      }
    }
  }
}

# The same bucket, by the same literal name: one bucket outside the scan.
resource "aws_s3_bucket_versioning" "existing" {
  bucket = "existing-bucket"
  versioning_configuration {
    status = "Suspended"
  }
}

# A variable (known in the plan, unknown in sources without a value: see ../external-unknown).
resource "aws_s3_bucket_public_access_block" "shared" {
  bucket                  = var.shared_bucket
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = var.shared_bucket
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::team-shared-bucket/*"
    }]
  })
}

# Linked through another configuration resource: the policy's id is its bucket's name.
resource "aws_s3_bucket_ownership_controls" "shared" {
  bucket = aws_s3_bucket_policy.shared.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
