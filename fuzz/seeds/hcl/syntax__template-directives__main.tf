locals {
  names = ["a", "b"]
  joined = "%{for n in local.names}${n},%{endfor}"
  stripped = <<-EOT
    %{~ for i, n in local.names ~}
    ${i}=${n}
    %{~ endfor ~}
  EOT
  cond    = "%{if length(local.names) > 1}many%{else}one%{endif}"
  escaped = "$${not_interpolated} %%{not_a_directive}"
  nested  = "x-${"y-${upper("z")}"}"
}

output "t" {
  value = [local.joined, local.stripped, local.cond, local.escaped, local.nested]
}
