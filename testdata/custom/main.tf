# Custom policies (issue 17): buckets whose input documents tests/custom_policies.rs checks
# field by field, and the policies in policies/ it runs on them. plan.json: made by tf-plan-json
# with TF_VAR_tags='{team = "drafts"}'.

variable "tags" {
  type = map(string)
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "web" {
  bucket = "custom-web"
  tags = {
    owner = "web-team"
    env   = "prod"
  }
}

resource "aws_s3_bucket_acl" "web" {
  bucket = aws_s3_bucket.web.id
  acl    = "public-read"
}

resource "aws_s3_bucket_ownership_controls" "web" {
  bucket = aws_s3_bucket.web.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_versioning" "web" {
  bucket = aws_s3_bucket.web.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "web" {
  bucket = aws_s3_bucket.web.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:eu-west-1:111122223333:key/web"
    }
  }
}

resource "aws_s3_bucket_logging" "web" {
  bucket        = aws_s3_bucket.web.id
  target_bucket = module.store.bucket
  target_prefix = "web/"
}

resource "aws_s3_bucket" "draft" {
  bucket = "custom-draft"
  tags   = var.tags
}

resource "aws_s3_bucket_versioning" "draft" {
  bucket = aws_s3_bucket.draft.id
  versioning_configuration {
    status = "Suspended"
  }
}

module "store" {
  source = "./modules/store"
  name   = "custom-store"
}
