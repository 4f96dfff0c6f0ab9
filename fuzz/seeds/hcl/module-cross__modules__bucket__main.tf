variable "name" {
  type = string
}

variable "logging" {
  type    = bool
  default = false
}

variable "log_target" {
  type    = string
  default = null
}

variable "attach_policy" {
  type    = bool
  default = false
}

variable "policy" {
  type    = string
  default = null
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_logging" "this" {
  count         = var.logging ? 1 : 0
  bucket        = aws_s3_bucket.this.id
  target_bucket = var.log_target
  target_prefix = "logs/"
}

resource "aws_s3_bucket_policy" "this" {
  count  = var.attach_policy ? 1 : 0
  bucket = aws_s3_bucket.this.id
  policy = var.policy
}

output "name" {
  value = var.name
}
