# aws_iam_policy_document edge cases: the provider renders `json`; tests compare against it.

data "aws_iam_policy_document" "simple" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "full" {
  version   = "2012-10-17"
  policy_id = "pid"
  statement {
    sid           = "Deny"
    effect        = "Deny"
    actions       = ["s3:*", "s3:GetObject", "s3:*"]
    resources     = ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:x"
      values   = ["a", "b"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:y"
      values   = ["c"]
    }
  }
  statement {
    not_actions   = ["s3:PutObject"]
    not_resources = ["arn:aws:s3:::c"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root", "arn:aws:iam::111111111111:root"]
    }
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::222222222222:root"]
    }
  }
  statement {
    sid = ""
    actions = []
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "src" {
  source_policy_documents = [data.aws_iam_policy_document.simple.json]
  override_policy_documents = [jsonencode({
    Version = "2012-10-17"
    Statement = [{ Sid = "Over", Effect = "Deny", Action = "s3:*", Resource = "*", Principal = "*" }]
  })]
  statement {
    sid = "Over"
    actions = ["s3:ListBucket"]
    resources = ["*"]
  }
  statement {
    sid = "New"
    actions = ["s3:ListBucket"]
    resources = ["*"]
    principals {
      type = "AWS"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "empty" {}

data "aws_iam_policy_document" "p1" {
  statement {
    actions = ["s3:GetObject"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::222222222222:root"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::333333333333:root", "arn:aws:iam::444444444444:root", "x"]
    }
    principals {
      type        = "AWS"
      identifiers = ["c"]
    }
    principals {
      type        = "AWS"
      identifiers = ["b"]
    }
    principals {
      type        = "AWS"
      identifiers = ["a"]
    }
  }
}

data "aws_iam_policy_document" "p2" {
  statement {
    actions = ["s3:GetObject"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
  statement {
    actions = ["s3:GetObject"]
    principals {
      type        = "AWS"
      identifiers = ["*", "arn:aws:iam::123456789012:root"]
    }
  }
  statement {
    actions = ["s3:GetObject"]
    principals {
      type        = "*"
      identifiers = ["*", "x"]
    }
  }
  statement {
    actions = ["s3:GetObject"]
    not_principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "c1" {
  statement {
    actions = ["s3:GetObject"]
    condition {
      test     = "StringEquals"
      variable = "v1"
      values   = ["b", "a", "c"]
    }
    condition {
      test     = "StringEquals"
      variable = "v2"
      values   = ["x"]
    }
    condition {
      test     = "StringEquals"
      variable = "v2"
      values   = ["y"]
    }
    condition {
      test     = "StringEquals"
      variable = "v3"
      values   = ["x"]
    }
    condition {
      test     = "StringEquals"
      variable = "v3"
      values   = ["z", "y"]
    }
    condition {
      test     = "StringEquals"
      variable = "v4"
      values   = ["q", "p"]
    }
    condition {
      test     = "StringEquals"
      variable = "v4"
      values   = ["r"]
    }
    condition {
      test     = "StringEquals"
      variable = "v5"
      values   = ["a", "a"]
    }
  }
}

data "aws_iam_policy_document" "s1" {
  source_policy_documents = [<<JSON
{
  "Version": "2012-10-17",
  "Id": "srcid",
  "Statement": [
    {
      "Sid": "A",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": ["arn:aws:s3:::z", "arn:aws:s3:::a"],
      "Condition": {"Bool": {"aws:SecureTransport": false}, "StringLike": {"a<b": "x&y", "m": ["2", "1"]}}
    },
    {
      "Effect": "Deny",
      "Principal": {"AWS": ["b", "a"], "Service": "s.amazonaws.com"},
      "NotPrincipal": {"AWS": "x"},
      "NotAction": ["b", "a"]
    }
  ]
}
JSON
  ]
  statement {
    sid       = "B"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/&{aws:username}", "arn:aws:s3:::x<y>&"]
  }
}

data "aws_iam_policy_document" "v08" {
  version = "2008-10-17"
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "override" {
  policy_id = "mine"
  source_policy_documents = [jsonencode({Version = "2008-10-17", Id = "src", Statement = [{Sid = "S1", Effect = "Allow", Action = "a", Resource = "*"}, {Sid = "S2", Effect = "Allow", Action = "b", Resource = "*"}]})]
  override_policy_documents = [jsonencode({Statement = [{Sid = "S1", Effect = "Deny", Action = "over", Resource = "*"}, {Effect = "Deny", Action = "nosid"}]})]
  statement {
    sid = "S3"
    actions = ["c"]
  }
}
data "aws_iam_policy_document" "source_numbers" {
  source_policy_documents = [<<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": ["x"]},
      "Action": ["s3:GetObject"],
      "Condition": {"StringLike": {"m": ["1"]}, "NumericLessThan": {"s3:max-keys": 10}}
    }
  ]
}
JSON
  ]
}



# Numbers where strings belong (rendered, not rejected): Go decodes every JSON number to a float64
# and writes the shortest text that reads back, with an exponent below 1e-6 and from 1e21.
data "aws_iam_policy_document" "source_number_text" {
  source_policy_documents = [<<JSON
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
  "Resource": [5.0, 1e23, 1e21, 1e20, 123456789012345678901, 12345678901234567891, 9007199254740993,
               0.000001, 0.0000001, -2.5e-7, 1.5e-10, 1e-100, -0.0, 1.25]}]}
JSON
  ]
}

# Condition values the provider decodes without a type check (map[string]map[string]any): a null
# operator is no condition, an empty list renders `[]`, and numbers, nulls and objects as values
# are dropped. (A list holding anything but strings crashes the provider: not renderable here.)
data "aws_iam_policy_document" "source_condition_shapes" {
  source_policy_documents = [<<JSON
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
  "Resource": "*", "Condition": {"StringLike": null, "Null": {"n": null, "o": {"x": "y"}, "z": 5},
  "StringEquals": {"k": [], "s": "v", "b": true}}}]}
JSON
  ]
}

# Empty values in a source document: Go's encoder writes an empty statement, map or list as `{}`
# / `[]` (no line breaks); an empty Principal or Condition set is left out.
data "aws_iam_policy_document" "source_empty_values" {
  source_policy_documents = [<<JSON
{"Version": "2012-10-17", "Statement": [{}, {"Effect": "Allow", "Action": {}, "Resource": [], "Principal": {}, "Condition": {}}]}
JSON
  ]
}
