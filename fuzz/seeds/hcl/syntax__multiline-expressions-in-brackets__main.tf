locals {
  flag = true
  in_parens = (
    local.flag
    ? "yes"
    : "no"
  )
  in_call = coalesce(
    local.flag ? null : "x",
    "fallback"
  )
  in_list = [
    local.flag ?
    1 :
    2
  ]
  long_sum = (1 +
    2 +
  3)
}

output "m" {
  value = [local.in_parens, local.in_call, local.in_list, local.long_sum]
}
