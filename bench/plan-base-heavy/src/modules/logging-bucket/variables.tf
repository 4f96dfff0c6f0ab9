variable "name" {
  description = "Name of the access-log bucket."
  type        = string
}

variable "force_destroy" {
  type    = bool
  default = false
}

variable "versioning" {
  type    = bool
  default = true
}

variable "retention_days" {
  description = "Days before log objects expire."
  type        = number
  default     = 365
}

variable "tags" {
  type    = map(string)
  default = {}
}
