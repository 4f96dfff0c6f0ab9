variable "name" {
  type = string
}

variable "public" {
  type    = bool
  default = false
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

module "acl" {
  source = "./modules/acl"
  bucket = aws_s3_bucket.this.id
  acl    = var.public ? "public-read" : "private"
}

output "id" {
  value = aws_s3_bucket.this.id
}
