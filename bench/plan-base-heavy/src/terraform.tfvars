org        = "acme"
team       = "checkout"
env        = "stg"
region     = "eu-west-1"
account_id = "100000000000"
vpc_cidr   = "10.0.0.0/16"
instance_type = "m6i.large"
bucket_acl = "authenticated-read"
enable_versioning = false
log_retention_days = 14
artifact_count = 2

data_buckets = {
  "raw-0" = {
    versioned = true
    public    = false
    kms       = false
  }
  "archive-1" = {
    versioned = false
    public    = false
    kms       = true
  }
  "exports-2" = {
    versioned = false
    public    = false
    kms       = true
  }
  "uploads-3" = {
    versioned = true
    public    = false
    kms       = true
  }
}

queues = []
