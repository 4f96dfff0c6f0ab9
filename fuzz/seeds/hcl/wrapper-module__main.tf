# The wrapper module instantiated with the inputs real projects pass.

variable "canonical_owner" {
  type    = string
  default = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
}

# Hardened: every default, KMS encryption, versioning.
module "private" {
  source = "./modules/s3-bucket"
  bucket = "bg-wrap-private"

  server_side_encryption_configuration = {
    rule = {
      bucket_key_enabled = true
      apply_server_side_encryption_by_default = {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = "alias/s3"
      }
    }
  }
  versioning = {
    enabled = true
  }
}

# A public website: canned ACL, public access block switched off.
module "website" {
  source = "./modules/s3-bucket"
  bucket = "bg-wrap-website"
  acl    = "public-read"

  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false

  server_side_encryption_configuration = {
    rule = {
      apply_server_side_encryption_by_default = {
        sse_algorithm = "AES256"
      }
    }
  }
}

# Grants through dynamic blocks: authenticated users may write, log delivery too.
module "grants" {
  source = "./modules/s3-bucket"
  bucket = "bg-wrap-grants"
  owner  = { id = var.canonical_owner }

  grant = [
    {
      type       = "CanonicalUser"
      permission = "FULL_CONTROL"
      id         = var.canonical_owner
    },
    {
      type       = "Group"
      permission = "WRITE"
      uri        = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
    },
    {
      type       = "Group"
      permission = "READ_ACP"
      uri        = "http://acs.amazonaws.com/groups/s3/LogDelivery"
    },
  ]
  attach_public_policy = false
  versioning = {
    status = "Suspended"
  }
}

# Per-environment instances: only prod blocks public ACLs.
module "env" {
  source   = "./modules/s3-bucket"
  for_each = { dev = false, prod = true }

  bucket             = "bg-wrap-env-${each.key}"
  block_public_acls  = each.value
  ignore_public_acls = each.value
  versioning         = each.value ? { enabled = true } : {}
}

# Switched off: no bucket at all.
module "disabled" {
  source        = "./modules/s3-bucket"
  create_bucket = false
  bucket        = "bg-wrap-disabled"
}
