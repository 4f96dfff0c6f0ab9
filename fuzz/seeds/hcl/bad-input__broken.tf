resource "aws_s3_bucket" "broken" {
  bucket = "bad-input-broken"
  acl    = "private
}
