# The settings of the opt-in resilience checks: replication, object lock, lifecycle rules that
# abort incomplete multipart uploads, event notifications, tags and KMS on objects (copies too).
# `full` has all of them as v4+ separate resources, `inline` as v3 inline arguments, `none` has
# none, and `unknown` reads variables without a default (the plan sets them: see README.md).

variable "retention_mode" {
  type = string
}

variable "tags" {
  type = map(string)
}

variable "abort_days" {
  type = number
}

resource "aws_kms_key" "objects" {
  description = "resilience objects"
}

resource "aws_sns_topic" "events" {
  name = "resilience-events"
}

resource "aws_s3_bucket" "full" {
  bucket              = "resilience-full"
  object_lock_enabled = true
  tags = {
    team  = "storage"
    owner = aws_kms_key.objects.key_id
  }
}

resource "aws_s3_bucket_versioning" "full" {
  bucket = aws_s3_bucket.full.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "replica" {
  bucket = "resilience-replica"
}

resource "aws_s3_bucket_replication_configuration" "full" {
  bucket = aws_s3_bucket.full.id
  role   = "arn:aws:iam::123456789012:role/replication"
  rule {
    id     = "replica"
    status = "Enabled"
    destination {
      bucket = aws_s3_bucket.replica.arn
    }
  }
  rule {
    id       = "dr"
    priority = 2
    status   = "Disabled"
    destination {
      bucket = "arn:aws:s3:::resilience-dr"
    }
  }
}

resource "aws_s3_bucket_object_lock_configuration" "full" {
  bucket = aws_s3_bucket.full.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 30
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "full" {
  bucket = aws_s3_bucket.full.id
  rule {
    id     = "abort"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
  rule {
    id     = "expire"
    status = "Disabled"
    filter {
      prefix = "tmp/"
    }
    expiration {
      days = 30
    }
  }
}

resource "aws_s3_bucket_notification" "full" {
  bucket      = aws_s3_bucket.full.id
  eventbridge = true
  topic {
    topic_arn = aws_sns_topic.events.arn
    events    = ["s3:ObjectCreated:*"]
  }
  queue {
    queue_arn = "arn:aws:sqs:us-east-1:123456789012:resilience"
    events    = ["s3:ObjectRemoved:*"]
  }
}

resource "aws_s3_object" "kms" {
  bucket                 = aws_s3_bucket.full.id
  key                    = "a.txt"
  content                = "a"
  server_side_encryption = "aws:kms"
  kms_key_id             = aws_kms_key.objects.arn
}

resource "aws_s3_object_copy" "copy" {
  bucket                 = aws_s3_bucket.full.id
  key                    = "b.txt"
  source                 = "resilience-full/a.txt"
  server_side_encryption = "aws:kms"
  kms_key_id             = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_s3_bucket" "inline" {
  bucket = "resilience-inline"

  replication_configuration {
    role = "arn:aws:iam::123456789012:role/replication"
    rules {
      id     = "dr"
      status = "Enabled"
      destination {
        bucket = "arn:aws:s3:::resilience-dr"
      }
    }
  }

  object_lock_configuration {
    object_lock_enabled = "Enabled"
    rule {
      default_retention {
        mode = var.retention_mode
        days = 1
      }
    }
  }

  lifecycle_rule {
    id                                     = "abort"
    enabled                                = true
    abort_incomplete_multipart_upload_days = 3
  }

  lifecycle_rule {
    id      = "expire"
    enabled = false
    expiration {
      days = 90
    }
  }
}

resource "aws_s3_bucket" "none" {
  bucket = "resilience-none"
}

resource "aws_s3_object" "plain" {
  bucket  = aws_s3_bucket.none.id
  key     = "c.txt"
  content = "c"
}

resource "aws_s3_bucket" "unknown" {
  bucket = "resilience-unknown"
  tags   = var.tags
}

resource "aws_s3_bucket_lifecycle_configuration" "unknown" {
  bucket = aws_s3_bucket.unknown.id
  rule {
    id     = "abort"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_days
    }
  }
}
