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
