# count and for_each over variables without a value: the instances stand for "whichever
# exist". A count instance keeps the index form `[0]` (the address it has whenever any instance
# exists), so findings keep their fingerprints once the value is known; for_each instances
# whose keys are not known are written `[*]`.

variable "enabled" {
  type = bool
}

variable "teams" {
  type = set(string)
}

resource "aws_s3_bucket" "logs" {
  count  = var.enabled ? 1 : 0
  bucket = "bg-count-unknown-logs"
}

# Linked through the index: the versioning configures logs[0].
resource "aws_s3_bucket_versioning" "logs" {
  count  = var.enabled ? 1 : 0
  bucket = aws_s3_bucket.logs[0].id
  versioning_configuration {
    status = "Enabled"
  }
}

# Linked through count.index, unknown in the instance that stands for all.
resource "aws_s3_bucket_public_access_block" "logs" {
  count                   = var.enabled ? 1 : 0
  bucket                  = aws_s3_bucket.logs[count.index].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "team" {
  for_each = var.teams
  bucket   = "bg-count-unknown-${each.key}"
}

module "box" {
  source = "./modules/box"
  count  = var.enabled ? 1 : 0
  name   = "bg-count-unknown-box"
}
