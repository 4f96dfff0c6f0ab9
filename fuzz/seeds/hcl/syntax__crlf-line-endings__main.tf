# Windows line endings.
locals {
  a = "crlf"
  b = <<EOT
line
EOT
  c = {
    x = 1
  }
}

output "a" {
  value = [local.a, local.b, local.c]
}
