module "kms" {
  source      = "./modules/kms-key"
  alias       = "${local.name_prefix}-main"
  description = "Main key for ${local.name_prefix}"
  tags        = local.common_tags
}

resource "aws_kms_key" "main" {
  description             = "Legacy key for ${local.name_prefix}"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  tags                    = local.common_tags
}

resource "aws_dynamodb_table" "main" {
  name         = "${local.name_prefix}-main"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = module.kms.arn
  }

  tags = local.common_tags
}

resource "aws_sqs_queue" "work" {
  for_each                   = var.queues
  name                       = "${local.name_prefix}-${each.key}"
  visibility_timeout_seconds = 60
  message_retention_seconds  = 345600
  kms_master_key_id          = module.kms.key_id
  tags                       = local.common_tags
}

resource "aws_sns_topic" "alerts" {
  name              = "${local.name_prefix}-alerts"
  kms_master_key_id = module.kms.key_id
  tags              = local.common_tags
}

resource "aws_ssm_parameter" "cfg_0" {
  name  = "/${local.name_prefix}/cfg/0"
  type  = "SecureString"
  value = "42"
}

resource "aws_ssm_parameter" "cfg_1" {
  name  = "/${local.name_prefix}/cfg/1"
  type  = "String"
  value = "on"
}

resource "aws_ssm_parameter" "cfg_2" {
  name  = "/${local.name_prefix}/cfg/2"
  type  = "SecureString"
  value = "42"
}

resource "aws_ssm_parameter" "cfg_3" {
  name  = "/${local.name_prefix}/cfg/3"
  type  = "String"
  value = "off"
}

resource "aws_ssm_parameter" "cfg_4" {
  name  = "/${local.name_prefix}/cfg/4"
  type  = "String"
  value = "blue"
}

resource "aws_ssm_parameter" "cfg_5" {
  name  = "/${local.name_prefix}/cfg/5"
  type  = "String"
  value = "on"
}

resource "aws_ssm_parameter" "cfg_6" {
  name  = "/${local.name_prefix}/cfg/6"
  type  = "String"
  value = "blue"
}

resource "aws_ssm_parameter" "cfg_7" {
  name  = "/${local.name_prefix}/cfg/7"
  type  = "String"
  value = "off"
}

resource "aws_ssm_parameter" "cfg_8" {
  name  = "/${local.name_prefix}/cfg/8"
  type  = "String"
  value = "on"
}

resource "aws_ssm_parameter" "cfg_9" {
  name  = "/${local.name_prefix}/cfg/9"
  type  = "String"
  value = "42"
}

resource "aws_ssm_parameter" "cfg_10" {
  name  = "/${local.name_prefix}/cfg/10"
  type  = "SecureString"
  value = "off"
}

resource "aws_ssm_parameter" "cfg_11" {
  name  = "/${local.name_prefix}/cfg/11"
  type  = "SecureString"
  value = "on"
}

resource "aws_ssm_parameter" "cfg_12" {
  name  = "/${local.name_prefix}/cfg/12"
  type  = "String"
  value = "blue"
}

resource "aws_ssm_parameter" "cfg_13" {
  name  = "/${local.name_prefix}/cfg/13"
  type  = "String"
  value = "off"
}

resource "aws_ssm_parameter" "cfg_14" {
  name  = "/${local.name_prefix}/cfg/14"
  type  = "String"
  value = "blue"
}

resource "aws_ssm_parameter" "cfg_15" {
  name  = "/${local.name_prefix}/cfg/15"
  type  = "SecureString"
  value = "42"
}

resource "aws_cloudwatch_metric_alarm" "errors_0" {
  alarm_name          = "${local.name_prefix}-errors-0"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 10
  alarm_actions       = [aws_sns_topic.alerts.arn]
  tags                = local.common_tags
}

resource "aws_cloudwatch_metric_alarm" "errors_1" {
  alarm_name          = "${local.name_prefix}-errors-1"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 10
  alarm_actions       = [aws_sns_topic.alerts.arn]
  tags                = local.common_tags
}

resource "aws_cloudwatch_metric_alarm" "errors_2" {
  alarm_name          = "${local.name_prefix}-errors-2"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  alarm_actions       = [aws_sns_topic.alerts.arn]
  tags                = local.common_tags
}

resource "aws_cloudwatch_metric_alarm" "errors_3" {
  alarm_name          = "${local.name_prefix}-errors-3"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 5
  alarm_actions       = [aws_sns_topic.alerts.arn]
  tags                = local.common_tags
}

resource "aws_cloudwatch_metric_alarm" "errors_4" {
  alarm_name          = "${local.name_prefix}-errors-4"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 5
  alarm_actions       = [aws_sns_topic.alerts.arn]
  tags                = local.common_tags
}

