data "aws_partition" "p" {}
data "aws_region" "r" {}

resource "aws_s3_bucket" "b" {
  bucket = "pk-plan-b"
}

# The partition and region are known in a plan; the bucket ARN is not (a hole), yet the TLS
# Deny and the public read are decided.
data "aws_iam_policy_document" "d" {
  statement {
    sid       = "PublicRead"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
  statement {
    sid       = "DenyPlainHttp"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:${data.aws_partition.p.partition}:s3:::pk-plan-b", "arn:${data.aws_partition.p.partition}:s3:::pk-plan-b/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.d.json
}
