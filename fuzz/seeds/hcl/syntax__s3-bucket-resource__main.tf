terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

locals {
  # A provider-defined function (Terraform 1.8+).
  arn_parts = provider::aws::arn_parse("arn:aws:s3:::syntax-logs")
}

variable "encrypt" {
  type    = bool
  default = true
}

resource "aws_s3_bucket" "logs" {
  bucket = "syntax-logs"
  tags = { for k, v in { Name = "logs", Team = "platform" } : k => v
    if v != ""
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  dynamic "rule" {
    for_each = var.encrypt ? [1] : []
    content {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
