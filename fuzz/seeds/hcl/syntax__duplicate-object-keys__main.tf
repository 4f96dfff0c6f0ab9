# HCL: a key defined again in an object constructor is valid; the last definition wins.
locals {
  listener = { port = 80, protocol = "HTTP", port = 81 }
  mixed = {
    a   = 1
    "a" = 2
  }
}

output "port" {
  value = local.listener.port
}
