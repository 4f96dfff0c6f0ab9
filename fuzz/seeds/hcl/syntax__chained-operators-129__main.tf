# 129 chained binary operators.
locals {
  one = 1
  sum = local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one + local.one
}

output "sum" {
  value = local.sum
}
