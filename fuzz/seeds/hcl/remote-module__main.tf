# A registry module fetched by `terraform init`: read from .terraform/modules (modules.json
# records where), including its own local submodule.

module "logs" {
  source  = "example-org/log-bucket/aws"
  version = "1.2.0"
  name    = "bg-remote-logs"
  public  = true
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = module.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}
