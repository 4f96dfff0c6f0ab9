locals {
  unicode = "Ünïcödé ✓ \u00e9 \U0001F600"
  escapes = "tab\tquote\"backslash\\newline\n"
  ident_é = "non-ASCII identifier"
  dashes  = "a-b"
}

output "s" {
  value = [local.unicode, local.escapes, local.ident_é, local.dashes]
}
