# A UTF-8 byte order mark starts this file (editors on Windows write one).
locals {
  a = "bom"
}

output "a" {
  value = local.a
}
