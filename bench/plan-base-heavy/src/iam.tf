data "aws_iam_policy_document" "assume_ec2" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "${local.name_prefix}-app"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json
  tags               = local.common_tags
}

resource "aws_iam_instance_profile" "app" {
  name = "${local.name_prefix}-app"
  role = aws_iam_role.app.name
}

resource "aws_iam_role_policy" "app_s3" {
  name = "s3-access"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:BatchGetItem"]
        Resource = ["arn:aws:dynamodb:${var.region}:${var.account_id}:table/${local.name_prefix}-*"]
      },
      {
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:GetParametersByPath", "kms:Decrypt"]
        Resource = ["arn:aws:ssm:${var.region}:${var.account_id}:parameter/${var.org}/${var.team}/${var.env}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
        Resource = [for b in aws_s3_bucket.data : "${b.arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [module.kms.arn]
      },
    ]
  })
}

resource "aws_iam_role" "svc_0" {
  name = "${local.name_prefix}-svc-0"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
  max_session_duration = 3600
  tags                 = merge(local.common_tags, { Service = "lambda" })
}

resource "aws_iam_role_policy_attachment" "svc_0" {
  role       = aws_iam_role.svc_0.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "svc_0_xray" {
  role       = aws_iam_role.svc_0.name
  policy_arn = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
}

resource "aws_iam_role" "svc_1" {
  name = "${local.name_prefix}-svc-1"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "states.amazonaws.com" }
    }]
  })
  max_session_duration = 3600
  tags                 = merge(local.common_tags, { Service = "states" })
}

resource "aws_iam_role_policy_attachment" "svc_1" {
  role       = aws_iam_role.svc_1.name
  policy_arn = "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"
}

resource "aws_iam_role_policy_attachment" "svc_1_xray" {
  role       = aws_iam_role.svc_1.name
  policy_arn = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
}

resource "aws_iam_role" "svc_2" {
  name = "${local.name_prefix}-svc-2"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
  max_session_duration = 3600
  tags                 = merge(local.common_tags, { Service = "lambda" })
}

resource "aws_iam_role_policy_attachment" "svc_2" {
  role       = aws_iam_role.svc_2.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "svc_2_xray" {
  role       = aws_iam_role.svc_2.name
  policy_arn = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
}

resource "aws_iam_role" "svc_3" {
  name = "${local.name_prefix}-svc-3"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "glue.amazonaws.com" }
    }]
  })
  max_session_duration = 3600
  tags                 = merge(local.common_tags, { Service = "glue" })
}

resource "aws_iam_role_policy_attachment" "svc_3" {
  role       = aws_iam_role.svc_3.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "svc_3_xray" {
  role       = aws_iam_role.svc_3.name
  policy_arn = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
}

resource "aws_iam_role" "svc_4" {
  name = "${local.name_prefix}-svc-4"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "glue.amazonaws.com" }
    }]
  })
  max_session_duration = 3600
  tags                 = merge(local.common_tags, { Service = "glue" })
}

resource "aws_iam_role_policy_attachment" "svc_4" {
  role       = aws_iam_role.svc_4.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "svc_4_xray" {
  role       = aws_iam_role.svc_4.name
  policy_arn = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
}

