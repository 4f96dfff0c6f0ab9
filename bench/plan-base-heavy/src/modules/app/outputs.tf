output "security_group_id" {
  value = aws_security_group.this.id
}

output "assets_bucket" {
  value = aws_s3_bucket.assets.id
}
