# Modules that read each other's outputs, and a module whose input reads its own output: no
# cycle between single values, so Terraform plans it (module.app needs module.logs.name, which
# needs only module.logs's var.name; module.logs's policy needs module.app.name and its own name).

module "app" {
  source     = "./modules/bucket"
  name       = "bg-cross-app"
  logging    = true
  log_target = module.logs.name
}

module "logs" {
  source        = "./modules/bucket"
  name          = "bg-cross-logs"
  attach_policy = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "LogDelivery"
        Effect    = "Allow"
        Principal = { Service = "logging.s3.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::${module.logs.name}/*"
        Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:s3:::${module.app.name}" } }
      },
      {
        Sid       = "PublicRead"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::${module.logs.name}/*"
      },
    ]
  })
}

# A root bucket policy reads the policy document first; the document reads module.shared's
# output, and module.shared's policy input reads the document: still no cycle between values.
resource "aws_s3_bucket" "reader" {
  bucket = "bg-cross-reader"
}

resource "aws_s3_bucket_policy" "reader" {
  bucket = aws_s3_bucket.reader.id
  policy = data.aws_iam_policy_document.shared.json
}

data "aws_iam_policy_document" "shared" {
  statement {
    sid = "PublicRead"
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${module.shared.name}/*", "arn:aws:s3:::bg-cross-reader/*"]
  }
}

module "shared" {
  source        = "./modules/bucket"
  name          = "bg-cross-shared"
  attach_policy = true
  policy        = data.aws_iam_policy_document.shared.json
}
