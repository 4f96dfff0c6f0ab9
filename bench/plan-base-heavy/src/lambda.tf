resource "aws_lambda_function" "fn_0" {
  function_name = "${local.name_prefix}-fn-0"
  role          = aws_iam_role.svc_0.arn
  handler       = "main.handler"
  runtime       = "provided.al2023"
  s3_bucket     = aws_s3_bucket.artifacts[0].id
  s3_key        = "lambda/fn-0.zip"
  memory_size   = 1024
  timeout       = 30
  publish       = true

  environment {
    variables = {
      ENV        = var.env
      TABLE_NAME = aws_dynamodb_table.main.name
      LOG_LEVEL  = "DEBUG"
      SERVICE_NAME            = "${local.name_prefix}-service"
      POWERTOOLS_SERVICE_NAME = "${var.team}"
      POWERTOOLS_METRICS_NAMESPACE = "${var.org}/${var.team}"
      EVENT_BUS_NAME          = "${local.name_prefix}-events"
      CONFIG_PARAMETER_PATH   = "/${var.org}/${var.team}/${var.env}/config"
      FEATURE_FLAGS           = "checkout-v2,async-receipts,fraud-scoring-shadow"
      HTTP_TIMEOUT_MS         = "2500"
      RETRY_MAX_ATTEMPTS      = "3"
      UPSTREAM_API_URL        = "https://api.${var.env}.${var.org}.example.com/v2"
    }
  }

  tracing_config {
    mode = "Active"
  }

  tags = local.common_tags
}

resource "aws_cloudwatch_log_group" "fn_0" {
  name              = "/aws/lambda/${local.name_prefix}-fn-0"
  retention_in_days = var.log_retention_days
  kms_key_id        = module.kms.arn
  tags              = local.common_tags
}

resource "aws_lambda_function" "fn_1" {
  function_name = "${local.name_prefix}-fn-1"
  role          = aws_iam_role.svc_0.arn
  handler       = "main.handler"
  runtime       = "java21"
  s3_bucket     = aws_s3_bucket.artifacts[0].id
  s3_key        = "lambda/fn-1.zip"
  memory_size   = 256
  timeout       = 30
  publish       = true

  environment {
    variables = {
      ENV        = var.env
      TABLE_NAME = aws_dynamodb_table.main.name
      LOG_LEVEL  = "INFO"
      SERVICE_NAME            = "${local.name_prefix}-service"
      POWERTOOLS_SERVICE_NAME = "${var.team}"
      POWERTOOLS_METRICS_NAMESPACE = "${var.org}/${var.team}"
      EVENT_BUS_NAME          = "${local.name_prefix}-events"
      CONFIG_PARAMETER_PATH   = "/${var.org}/${var.team}/${var.env}/config"
      FEATURE_FLAGS           = "checkout-v2,async-receipts,fraud-scoring-shadow"
      HTTP_TIMEOUT_MS         = "2500"
      RETRY_MAX_ATTEMPTS      = "3"
      UPSTREAM_API_URL        = "https://api.${var.env}.${var.org}.example.com/v2"
    }
  }

  tracing_config {
    mode = "Active"
  }

  tags = local.common_tags
}

resource "aws_cloudwatch_log_group" "fn_1" {
  name              = "/aws/lambda/${local.name_prefix}-fn-1"
  retention_in_days = var.log_retention_days
  kms_key_id        = module.kms.arn
  tags              = local.common_tags
}

resource "aws_lambda_function" "fn_2" {
  function_name = "${local.name_prefix}-fn-2"
  role          = aws_iam_role.svc_0.arn
  handler       = "main.handler"
  runtime       = "java21"
  s3_bucket     = aws_s3_bucket.artifacts[0].id
  s3_key        = "lambda/fn-2.zip"
  memory_size   = 512
  timeout       = 60
  publish       = true

  environment {
    variables = {
      ENV        = var.env
      TABLE_NAME = aws_dynamodb_table.main.name
      LOG_LEVEL  = "WARN"
      SERVICE_NAME            = "${local.name_prefix}-service"
      POWERTOOLS_SERVICE_NAME = "${var.team}"
      POWERTOOLS_METRICS_NAMESPACE = "${var.org}/${var.team}"
      EVENT_BUS_NAME          = "${local.name_prefix}-events"
      CONFIG_PARAMETER_PATH   = "/${var.org}/${var.team}/${var.env}/config"
      FEATURE_FLAGS           = "checkout-v2,async-receipts,fraud-scoring-shadow"
      HTTP_TIMEOUT_MS         = "2500"
      RETRY_MAX_ATTEMPTS      = "3"
      UPSTREAM_API_URL        = "https://api.${var.env}.${var.org}.example.com/v2"
    }
  }

  tracing_config {
    mode = "Active"
  }

  tags = local.common_tags
}

resource "aws_cloudwatch_log_group" "fn_2" {
  name              = "/aws/lambda/${local.name_prefix}-fn-2"
  retention_in_days = var.log_retention_days
  kms_key_id        = module.kms.arn
  tags              = local.common_tags
}

