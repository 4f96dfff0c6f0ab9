terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 4.9"
    }
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = merge(local.default_tags, local.common_tags)
  }
}
