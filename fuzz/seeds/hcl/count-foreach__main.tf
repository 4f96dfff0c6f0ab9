# Buckets made with count and for_each, and the settings paired with them per instance.

variable "teams" {
  type    = set(string)
  default = ["alpha", "beta"]
}

resource "aws_s3_bucket" "team" {
  for_each = var.teams
  bucket   = "cf-team-${each.key}"
}

# Paired by key: aws_s3_bucket.team[each.key]
resource "aws_s3_bucket_versioning" "team" {
  for_each = var.teams
  bucket   = aws_s3_bucket.team[each.key].id
  versioning_configuration {
    status = "Enabled"
  }
}

# Paired by iterating the buckets themselves: each.value is aws_s3_bucket.team[key]
resource "aws_s3_bucket_public_access_block" "team" {
  for_each                = aws_s3_bucket.team
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "replica" {
  count  = 2
  bucket = "cf-replica-${count.index}"
}

# Paired by index: aws_s3_bucket.replica[count.index]
resource "aws_s3_bucket_server_side_encryption_configuration" "replica" {
  count  = 2
  bucket = aws_s3_bucket.replica[count.index].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# A policy document per instance, paired by index: data.aws_iam_policy_document.replica[count.index]
data "aws_iam_policy_document" "replica" {
  count      = 2
  depends_on = [aws_s3_bucket.replica]
  statement {
    sid       = "ReadOnly"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::cf-replica-${count.index}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
}

resource "aws_s3_bucket_policy" "replica" {
  count  = 2
  bucket = aws_s3_bucket.replica[count.index].id
  policy = data.aws_iam_policy_document.replica[count.index].json
}

# One setting for one instance, by a literal index.
resource "aws_s3_bucket_acl" "first_replica" {
  bucket = aws_s3_bucket.replica[0].id
  acl    = "public-read"
}

# A module instance per key: addresses become module.site["web"].aws_s3_bucket.this
module "site" {
  source     = "./modules/site"
  for_each   = toset(["web"])
  name       = "cf-site-${each.key}"
  log_bucket = aws_s3_bucket.replica[0].id
}
