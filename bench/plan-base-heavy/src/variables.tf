variable "org" {
  type = string
}

variable "team" {
  type = string
}

variable "env" {
  type = string
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "account_id" {
  description = "AWS account id (no data source, so plans work offline)."
  type        = string
}

variable "vpc_cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}

variable "ami_id" {
  type    = string
  default = "ami-0123456789abcdef0"
}

variable "bucket_acl" {
  description = "Canned ACL of the legacy buckets."
  type        = string
  default     = "private"
}

variable "enable_versioning" {
  type    = bool
  default = true
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "artifact_count" {
  type    = number
  default = 2
}

variable "data_buckets" {
  description = "Data buckets by short name."
  type = map(object({
    versioned = bool
    public    = bool
    kms       = bool
  }))
  default = {}
}

variable "queues" {
  type    = set(string)
  default = []
}
