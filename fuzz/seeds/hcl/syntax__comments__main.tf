# hash comment
// double-slash comment
/* block
   comment */
locals { # after the brace
  a = 1 // trailing
  b = /* inline */ 2
  list = [
    1, # in a list
    /* before */ 2,
  ]
  obj = {
    x = 1 # in an object
    // between items
    y = 2
  }
}

output "c" {
  value = [local.a, local.b, local.list, local.obj]
}
