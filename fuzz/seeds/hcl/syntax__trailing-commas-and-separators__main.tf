locals {
  list   = [1, 2, 3, ]
  multi = [
    "a",
    "b",
  ]
  call   = max(1, 2, 3, )
  expand = max([1, 2]...)
  obj_commas   = { a = 1, b = 2, }
  obj_newlines = {
    a = 1
    b = 2
  }
  obj_colons = { a : 1, "b" : 2 }
  keys = {
    "quoted"        = 1
    (local.keyname) = 2
  }
  keyname = "dynamic"
  empty_list   = []
  empty_object = {}
}

output "o" {
  value = [local.list, local.multi, local.call, local.expand, local.obj_commas, local.obj_newlines, local.obj_colons, local.keys]
}
