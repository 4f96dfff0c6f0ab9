# BG202 and BG402 hygiene: buckets that receive load balancer access logs (ALB and classic ELB
# deliver only to SSE-S3 buckets), and MFA delete only where versioning is enabled.

variable "vpc_subnets" {
  default = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
}

# ALB access logs, by reference: SSE-S3 is the only encryption ALB log delivery supports.
resource "aws_s3_bucket" "alb_logs" {
  bucket = "example-alb-logs"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = var.vpc_subnets
  access_logs {
    bucket  = aws_s3_bucket.alb_logs.id
    enabled = true
  }
}

# Classic ELB access logs, by literal name (enabled defaults to true for aws_elb).
resource "aws_s3_bucket" "elb_logs" {
  bucket = "example-elb-logs"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
}

resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["us-east-1a"]
  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
  access_logs {
    bucket = "example-elb-logs"
  }
}

# aws_lb access logs default to disabled: this bucket receives nothing, so BG202 applies.
resource "aws_s3_bucket" "disabled_logs" {
  bucket = "example-disabled-logs"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "disabled_logs" {
  bucket = aws_s3_bucket.disabled_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_lb" "quiet" {
  name    = "quiet"
  subnets = var.vpc_subnets
  access_logs {
    bucket = aws_s3_bucket.disabled_logs.id
  }
}

# A network load balancer can log to an SSE-KMS bucket: no exemption.
resource "aws_s3_bucket" "nlb_logs" {
  bucket = "example-nlb-logs"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "nlb_logs" {
  bucket = aws_s3_bucket.nlb_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_lb" "tcp" {
  name               = "tcp"
  load_balancer_type = "network"
  subnets            = var.vpc_subnets
  access_logs {
    bucket  = aws_s3_bucket.nlb_logs.id
    enabled = true
  }
}

# Versioning suspended: BG401's finding; MFA delete needs versioning enabled, so no BG402.
resource "aws_s3_bucket" "suspended" {
  bucket = "example-suspended"
}

resource "aws_s3_bucket_versioning" "suspended" {
  bucket = aws_s3_bucket.suspended.id
  versioning_configuration {
    status     = "Suspended"
    mfa_delete = "Disabled"
  }
}

# Versioning enabled without MFA delete: BG402.
resource "aws_s3_bucket" "versioned" {
  bucket = "example-versioned"
}

resource "aws_s3_bucket_versioning" "versioned" {
  bucket = aws_s3_bucket.versioned.id
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Disabled"
  }
}
