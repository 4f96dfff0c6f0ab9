# Applied after terraform.tfvars: replaces the whole map.
buckets = {
  data      = { public = false, versioning = "ENABLED", kms = true }
  logs      = { public = false, versioning = "" }
  web_site  = { public = true, versioning = "suspended" }
}
environment = "prod"
