locals {
  names = ["a", "b", "c"]
  list = [
    for i, n in
    local.names :
    upper(n)
    if
    n != "b"
  ]
  grouped = {
    for n in local.names
    :
    substr(n, 0, 1)
    =>
    n
    ...
    if n != ""
  }
  nested = [for a in local.names : [for b in local.names : "${a}${b}" if a != b]]
  flat   = flatten([for a in local.names : { for b in local.names : b => a }])
}

output "all" {
  value = [local.list, local.grouped, local.nested, local.flat]
}
