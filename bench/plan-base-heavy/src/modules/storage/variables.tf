variable "name" {
  description = "Bucket name."
  type        = string
}

variable "versioning" {
  type    = bool
  default = true
}

variable "log_bucket" {
  description = "Bucket receiving access logs."
  type        = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
