# cloudposse/label/null main.tf: the value of an object `for` is a conditional continued on the
# next lines (newlines are not significant inside a `for` expression).
locals {
  label_value_case   = "title"
  string_label_names = ["name", "stage"]
  normalized_labels  = { name = "Bucket", stage = "Prod" }

  formatted_labels = { for k in local.string_label_names : k => local.label_value_case == "none" ? local.normalized_labels[k] :
    local.label_value_case == "title" ? title(lower(local.normalized_labels[k])) :
    local.label_value_case == "upper" ? upper(local.normalized_labels[k]) : lower(local.normalized_labels[k])
  }
}

output "labels" {
  value = local.formatted_labels
}
