locals {
  name = "logs"
  plain = <<EOT
Bucket ${local.name}
  keeps its indentation
EOT
  indented = <<-EOT
    Bucket ${local.name}
      is dedented
    EOT
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": []
}
POLICY
  in_call = jsondecode(<<-JSON
    {"a": 1}
  JSON
  )
}

output "h" {
  value = [local.plain, local.indented, local.policy, local.in_call]
}
