project     = "BG-Vars"
environment = "test"
buckets = {
  data = { public = false, versioning = "ENABLED", kms = true }
  logs = { public = false, versioning = "" }
}
log_prefixes = ["logs", "s3"]
