# Nested local modules: count and for_each on module calls, outputs flowing back to the caller,
# and separate resources in the root linked to buckets created inside modules.

locals {
  teams = {
    alpha = { public = true, versioned = true }
    beta  = { public = false, versioned = false }
  }
}

module "team" {
  source   = "./modules/store"
  for_each = local.teams

  name      = "bg-mod-${each.key}"
  public    = each.value.public
  versioned = each.value.versioned
}

module "archive" {
  source = "./modules/store"
  count  = 2

  name      = "bg-mod-archive-${count.index}"
  public    = false
  versioned = count.index == 0
}

# Linked through a module output: the bucket lives in module.archive[1].
resource "aws_s3_bucket_policy" "archive" {
  bucket = module.archive[1].bucket_id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${module.archive[1].bucket_arn}/*"
    }]
  })
}

resource "aws_s3_bucket_versioning" "archive" {
  bucket = module.archive[1].bucket_id
  versioning_configuration {
    status = "Enabled"
  }
}
