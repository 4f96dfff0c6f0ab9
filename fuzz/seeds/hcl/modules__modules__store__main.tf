variable "name" {
  type = string
}

variable "public" {
  type    = bool
  default = false
}

variable "versioned" {
  type    = bool
  default = true
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_acl" "this" {
  bucket = aws_s3_bucket.this.id
  acl    = var.public ? "public-read" : "private"
}

module "hardening" {
  source    = "../hardening"
  bucket_id = aws_s3_bucket.this.id
  versioned = var.versioned
}

output "bucket_id" {
  value = aws_s3_bucket.this.id
}

output "bucket_arn" {
  value = aws_s3_bucket.this.arn
}
