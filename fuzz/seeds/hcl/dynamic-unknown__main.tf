# Dynamic blocks whose for_each depends on variables without a value: the blocks may or may not
# exist, so the settings they hold are unknown, never "absent".

variable "encrypt" {
  type = bool
}

variable "versioned" {
  type = bool
}

variable "public_grant" {
  type = bool
}

# Separate resource: the rule is dynamic.
resource "aws_s3_bucket" "separate" {
  bucket = "bg-dyn-separate"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "separate" {
  bucket = aws_s3_bucket.separate.id

  dynamic "rule" {
    for_each = var.encrypt ? ["aws:kms"] : []
    content {
      apply_server_side_encryption_by_default {
        sse_algorithm = rule.value
      }
    }
  }

  rule {
    bucket_key_enabled = true
  }
}

# Provider v3 inline style: the whole configuration block, versioning and a grant are dynamic.
resource "aws_s3_bucket" "inline" {
  bucket = "bg-dyn-inline"

  dynamic "server_side_encryption_configuration" {
    for_each = var.encrypt ? ["AES256"] : []
    content {
      rule {
        apply_server_side_encryption_by_default {
          sse_algorithm = server_side_encryption_configuration.value
        }
      }
    }
  }

  dynamic "versioning" {
    for_each = var.versioned ? [true] : []
    content {
      enabled = versioning.value
    }
  }

  dynamic "grant" {
    for_each = var.public_grant ? ["http://acs.amazonaws.com/groups/global/AllUsers"] : []
    content {
      type        = "Group"
      uri         = grant.value
      permissions = ["READ"]
    }
  }
}

variable "data_events" {
  type = bool
}

# A trail whose S3 data event selector is dynamic: whether it records them is unknown.
resource "aws_cloudtrail" "trail" {
  name           = "bg-dyn-trail"
  s3_bucket_name = aws_s3_bucket.separate.id

  dynamic "event_selector" {
    for_each = var.data_events ? ["arn:aws:s3"] : []
    content {
      read_write_type = "All"
      data_resource {
        type   = "AWS::S3::Object"
        values = [event_selector.value]
      }
    }
  }
}
