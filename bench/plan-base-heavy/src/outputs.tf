output "log_bucket" {
  value = aws_s3_bucket.logs.id
}

output "data_bucket_arns" {
  value = { for k, b in aws_s3_bucket.data : k => b.arn }
}

output "vpc_id" {
  value = aws_vpc.main.id
}

output "app_role_arn" {
  value = aws_iam_role.app.arn
}
