locals {
  flag = true
  a = local.flag ?
    1 : 2
}
