variable "items" {
  type    = list(object({ name = string, tags = map(string) }))
  default = [{ name = "a", tags = { k = "v" } }]
}

locals {
  attr_splat   = var.items.*.name
  full_splat   = var.items[*].name
  splat_index  = var.items[*].tags["k"]
  legacy_index = var.items.0.name
  index_expr   = var.items[length(var.items) - 1].name
  newline_index = var.items[
    0
  ].name
}

output "s" {
  value = [local.attr_splat, local.full_splat, local.splat_index, local.legacy_index, local.index_expr, local.newline_index]
}
