# Constructs the scanner cannot evaluate. Each affected setting is undecided with a reason;
# everything else is still checked. (No plan.json: the remote module cannot be fetched offline,
# and var.acl has no value.)

variable "acl" {
  type = string
}

# A registry module that `terraform init` has not fetched.
module "remote" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "~> 4.0"
  bucket  = "bg-unsupported-remote"
}

# A variable without a value: the canned ACL is unknown.
resource "aws_s3_bucket" "novalue" {
  bucket = "bg-unsupported-novalue"
}

resource "aws_s3_bucket_acl" "novalue" {
  bucket = aws_s3_bucket.novalue.id
  acl    = var.acl
}

# The time of apply is not known to a scan: the versioning status is unknown.
resource "aws_s3_bucket" "clock" {
  bucket = "bg-unsupported-clock"
}

resource "aws_s3_bucket_versioning" "clock" {
  bucket = aws_s3_bucket.clock.id
  versioning_configuration {
    status = timecmp(timestamp(), "2030-01-01T00:00:00Z") < 0 ? "Enabled" : "Suspended"
  }
}

# An unknown function and a provider function: the public access block flags are unknown,
# while the literal one is still checked.
resource "aws_s3_bucket" "funcs" {
  bucket = "bg-unsupported-funcs"
}

resource "aws_s3_bucket_public_access_block" "funcs" {
  bucket                  = aws_s3_bucket.funcs.id
  block_public_acls       = no_such_function(true)
  block_public_policy     = provider::aws::arn_parse("arn:aws:s3:::x") != null
  ignore_public_acls      = true
  restrict_public_buckets = false
}

# The remote module's output is unknown, so this policy's bucket cannot be linked.
resource "aws_s3_bucket_policy" "remote" {
  bucket = module.remote.s3_bucket_id
  policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
