variable "empty" {}
variable "typed" { type = string }
locals { a = 1 }
output "a" { value = local.a }
