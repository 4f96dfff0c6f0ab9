#!/usr/bin/env python3
"""Generate a deterministic, realistic Terraform monorepo for benchmarking bucketguard.

Layout (OUT/):
  modules/logging-bucket/{main,variables,outputs}.tf   shared modules, used as ../../modules/...
  modules/kms-key/{main,outputs}.tf
  roots/<team>-<env>-NNNN/                             one root module per --roots
    versions.tf variables.tf locals.tf terraform.tfvars main.tf outputs.tf
    s3_legacy.tf   (aws_s3_bucket with inline v3 acl/versioning/logging/sse/policy heredoc)
    s3_buckets.tf  (v4+ style: separate _acl/_public_access_block/_ownership_controls/...)
    s3_policies.tf (aws_s3_bucket_policy with data.aws_iam_policy_document and jsonencode)
    compute.tf network.tf iam.tf lambda.tf data.tf     (non-S3 resources, ~70% of all)
    modules/app/{main,variables,outputs}.tf            local child modules, used as ./modules/...
    modules/storage/{main,variables,outputs}.tf

Every root module has 20 files; with the 5 shared files, `--roots 100` gives 2,005 files.
Python 3.11 standard library only. Root i depends only on (--seed, i), so a smaller corpus is a
prefix of a larger one.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

PRESETS = {"small": 10, "medium": 100, "large": 1000}

TEAMS = ["payments", "search", "identity", "ledger", "growth", "platform", "mobile", "ads",
         "analytics", "infra", "billing", "support", "catalog", "checkout", "media", "ml"]
ENVS = ["dev", "stg", "prod"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]
INSTANCE_TYPES = ["t3.micro", "t3.small", "t3.medium", "m6i.large", "c6i.xlarge", "r6i.large"]
RUNTIMES = ["python3.12", "nodejs20.x", "java21", "provided.al2023"]
PORTS = [22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9200]


def sub(text: str, **kw: object) -> str:
    """Fill @name@ markers (HCL itself uses ${} and {}, so str.format would be unreadable)."""
    for k, v in kw.items():
        text = text.replace(f"@{k}@", str(v))
    return text


class Counter:
    """Resource blocks and instances written (instances expand count/for_each, not module calls)."""

    def __init__(self) -> None:
        self.managed = 0
        self.data = 0
        self.instances = 0

    def res(self, n: int = 1, instances: int = 1) -> None:
        self.managed += n
        self.instances += n * instances

    def dat(self, n: int = 1, instances: int = 1) -> None:
        self.data += n
        self.instances += n * instances


# ---------------------------------------------------------------- shared modules (5 files)

SHARED = {
    "modules/logging-bucket/main.tf": """\
resource "aws_s3_bucket" "this" {
  bucket        = var.name
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { Purpose = "access-logs" })
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "this" {
  depends_on = [aws_s3_bucket_ownership_controls.this]
  bucket     = aws_s3_bucket.this.id
  acl        = "log-delivery-write"
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    id     = "expire-logs"
    status = "Enabled"
    filter {
      prefix = ""
    }
    expiration {
      days = var.retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
}
""",
    "modules/logging-bucket/variables.tf": """\
variable "name" {
  description = "Name of the access-log bucket."
  type        = string
}

variable "force_destroy" {
  type    = bool
  default = false
}

variable "versioning" {
  type    = bool
  default = true
}

variable "retention_days" {
  description = "Days before log objects expire."
  type        = number
  default     = 365
}

variable "tags" {
  type    = map(string)
  default = {}
}
""",
    "modules/logging-bucket/outputs.tf": """\
output "id" {
  value = aws_s3_bucket.this.id
}

output "arn" {
  value = aws_s3_bucket.this.arn
}
""",
    "modules/kms-key/main.tf": """\
variable "alias" {
  type = string
}

variable "description" {
  type    = string
  default = "Managed by terraform"
}

variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_kms_key" "this" {
  description             = var.description
  deletion_window_in_days = 30
  enable_key_rotation     = true
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}
""",
    "modules/kms-key/outputs.tf": """\
output "arn" {
  value = aws_kms_key.this.arn
}

output "key_id" {
  value = aws_kms_key.this.key_id
}
""",
}
SHARED_COUNTS = (9, 0)  # managed, data blocks in the shared modules


# ---------------------------------------------------------------- root module pieces

def versions_tf() -> str:
    return """\
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
    tags = local.common_tags
  }
}
"""


def variables_tf() -> str:
    return """\
variable "org" {
  type = string
}

variable "team" {
  type = string
}

variable "env" {
  type = string
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "account_id" {
  description = "AWS account id (no data source, so plans work offline)."
  type        = string
}

variable "vpc_cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}

variable "ami_id" {
  type    = string
  default = "ami-0123456789abcdef0"
}

variable "bucket_acl" {
  description = "Canned ACL of the legacy buckets."
  type        = string
  default     = "private"
}

variable "enable_versioning" {
  type    = bool
  default = true
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "artifact_count" {
  type    = number
  default = 2
}

variable "data_buckets" {
  description = "Data buckets by short name."
  type = map(object({
    versioned = bool
    public    = bool
    kms       = bool
  }))
  default = {}
}

variable "queues" {
  type    = set(string)
  default = []
}
"""


def locals_tf() -> str:
    return """\
locals {
  name_prefix = "${var.org}-${var.team}-${var.env}"
  common_tags = {
    Team        = var.team
    Environment = var.env
    ManagedBy   = "terraform"
    CostCenter  = "cc-${var.team}"
  }
  log_bucket_name = "${local.name_prefix}-access-logs"
  azs             = ["${var.region}a", "${var.region}b", "${var.region}c"]
  is_prod         = var.env == "prod"
  private_buckets = { for k, v in var.data_buckets : k => v if !v.public }
}
"""


def tfvars(r: random.Random, team: str, env: str, region: str, nbuckets: int, nqueues: int,
           idx: int) -> str:
    lines = [
        'org        = "acme"',
        f'team       = "{team}"',
        f'env        = "{env}"',
        f'region     = "{region}"',
        f'account_id = "{100000000000 + idx * 7919:012d}"',
        f'vpc_cidr   = "10.{idx % 250}.0.0/16"',
        f'instance_type = "{r.choice(INSTANCE_TYPES)}"',
        f'bucket_acl = "{r.choice(["private", "private", "private", "public-read", "authenticated-read"])}"',
        f'enable_versioning = {str(r.random() < 0.7).lower()}',
        f'log_retention_days = {r.choice([7, 14, 30, 90, 365])}',
        f'artifact_count = {r.choice([1, 2, 3])}',
        "",
        "data_buckets = {",
    ]
    for b in range(nbuckets):
        name = r.choice(["raw", "curated", "exports", "reports", "uploads", "archive", "ml-features",
                         "backups", "events", "snapshots"]) + f"-{b}"
        lines.append(f'  "{name}" = {{')
        lines.append(f"    versioned = {str(r.random() < 0.6).lower()}")
        lines.append(f"    public    = {str(r.random() < 0.15).lower()}")
        lines.append(f"    kms       = {str(r.random() < 0.5).lower()}")
        lines.append("  }")
    lines.append("}")
    lines.append("")
    qs = ", ".join(f'"{q}-{i}"' for i, q in enumerate(
        r.choice(["orders", "events", "emails", "jobs", "webhooks"]) for _ in range(nqueues)))
    lines.append(f"queues = [{qs}]")
    return "\n".join(lines) + "\n"


LEGACY_BUCKET = """\
resource "aws_s3_bucket" "legacy_@i@" {
  bucket = "${local.name_prefix}-legacy-@i@"
  acl    = @acl@
@versioning@@logging@@sse@@lifecycle@@policy@
  tags = merge(local.common_tags, { DataClass = "@dataclass@" })
}

"""

LEGACY_POLICY = """
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::${local.name_prefix}-legacy-@i@",
        "arn:aws:s3:::${local.name_prefix}-legacy-@i@/*"
      ],
      "Condition": { "Bool": { "aws:SecureTransport": "false" } }
    },
    {
      "Sid": "@sid@",
      "Effect": "Allow",
      "Principal": @principal@,
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": [
        "arn:aws:s3:::${local.name_prefix}-legacy-@i@",
        "arn:aws:s3:::${local.name_prefix}-legacy-@i@/*"
      ]
    }
  ]
}
POLICY
"""


def s3_legacy_tf(r: random.Random, c: Counter) -> str:
    out = ["# Buckets still written in the AWS provider v3 inline style.\n\n"]
    for i in range(r.randint(2, 3)):
        acl = r.choice(["var.bucket_acl", '"private"', '"private"', '"public-read"', '"log-delivery-write"'])
        versioning = ""
        if r.random() < 0.7:
            versioning = sub("""
  versioning {
    enabled    = @v@
    mfa_delete = false
  }
""", v=r.choice(["true", "var.enable_versioning", "local.is_prod"]))
        logging = ""
        if r.random() < 0.6:
            logging = sub("""
  logging {
    target_bucket = aws_s3_bucket.logs.id
    target_prefix = "legacy-@i@/"
  }
""", i=i)
        sse = ""
        if r.random() < 0.75:
            if r.random() < 0.5:
                sse = """
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.main.arn
      }
      bucket_key_enabled = true
    }
  }
"""
            else:
                sse = """
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
"""
        lifecycle = ""
        if r.random() < 0.3:
            lifecycle = sub("""
  lifecycle_rule {
    id      = "transition"
    enabled = true
    prefix  = "data/"
    transition {
      days          = @d@
      storage_class = "STANDARD_IA"
    }
    expiration {
      days = @e@
    }
  }
""", d=r.choice([30, 60]), e=r.choice([365, 730]))
        policy = ""
        if r.random() < 0.5:
            principal = r.choice(['"*"', '{ "AWS": "arn:aws:iam::${var.account_id}:root" }',
                                  '{ "AWS": "arn:aws:iam::${var.account_id}:role/reader" }'])
            policy = sub(LEGACY_POLICY, i=i, principal=principal,
                         sid="PublicRead" if principal == '"*"' else "AccountRead")
        out.append(sub(LEGACY_BUCKET, i=i, acl=acl, versioning=versioning, logging=logging, sse=sse,
                       lifecycle=lifecycle, policy=policy,
                       dataclass=r.choice(["public", "internal", "confidential"])))
        c.res()
    return "".join(out)


V4_PARTS = {
    "ownership": """\
resource "aws_s3_bucket_ownership_controls" "@n@" {
  bucket = aws_s3_bucket.@n@.id
  rule {
    object_ownership = "@own@"
  }
}

""",
    "acl": """\
resource "aws_s3_bucket_acl" "@n@" {
  bucket = aws_s3_bucket.@n@.id
  acl    = "@acl@"
}

""",
    "pab": """\
resource "aws_s3_bucket_public_access_block" "@n@" {
  bucket                  = aws_s3_bucket.@n@.id
  block_public_acls       = @b1@
  block_public_policy     = @b2@
  ignore_public_acls      = @b3@
  restrict_public_buckets = @b4@
}

""",
    "sse": """\
resource "aws_s3_bucket_server_side_encryption_configuration" "@n@" {
  bucket = aws_s3_bucket.@n@.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = module.kms.arn
    }
    bucket_key_enabled = true
  }
}

""",
    "logging": """\
resource "aws_s3_bucket_logging" "@n@" {
  bucket        = aws_s3_bucket.@n@.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "@n@/"
}

""",
    "versioning": """\
resource "aws_s3_bucket_versioning" "@n@" {
  bucket = aws_s3_bucket.@n@.id
  versioning_configuration {
    status = @st@
  }
}

""",
}


def s3_buckets_tf(r: random.Random, c: Counter, nbuckets: int) -> str:
    out = ["# Buckets in the AWS provider v4+ style: one resource per concern.\n\n"]
    # The access-log bucket every other bucket logs to.
    out.append("""\
resource "aws_s3_bucket" "logs" {
  bucket        = local.log_bucket_name
  force_destroy = false
  tags          = merge(local.common_tags, { Purpose = "access-logs" })
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "logs" {
  depends_on = [aws_s3_bucket_ownership_controls.logs]
  bucket     = aws_s3_bucket.logs.id
  acl        = "log-delivery-write"
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

""")
    c.res(6)
    # for_each data buckets.
    out.append("""\
resource "aws_s3_bucket" "data" {
  for_each = var.data_buckets
  bucket   = "${local.name_prefix}-${each.key}"
  tags     = merge(local.common_tags, { Name = each.key })
}

resource "aws_s3_bucket_versioning" "data" {
  for_each = aws_s3_bucket.data
  bucket   = each.value.id
  versioning_configuration {
    status = var.data_buckets[each.key].versioned ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_public_access_block" "data" {
  for_each                = aws_s3_bucket.data
  bucket                  = each.value.id
  block_public_acls       = !var.data_buckets[each.key].public
  block_public_policy     = !var.data_buckets[each.key].public
  ignore_public_acls      = !var.data_buckets[each.key].public
  restrict_public_buckets = !var.data_buckets[each.key].public
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  for_each = local.private_buckets
  bucket   = aws_s3_bucket.data[each.key].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = each.value.kms ? "aws:kms" : "AES256"
      kms_master_key_id = each.value.kms ? module.kms.arn : null
    }
  }
}

resource "aws_s3_bucket_logging" "data" {
  for_each      = aws_s3_bucket.data
  bucket        = each.value.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "data/${each.key}/"
}

""")
    c.res(5, max(1, nbuckets))
    # count artifact buckets.
    out.append("""\
resource "aws_s3_bucket" "artifacts" {
  count  = var.artifact_count
  bucket = "${local.name_prefix}-artifacts-${count.index}"
  tags   = local.common_tags
}

resource "aws_s3_bucket_versioning" "artifacts" {
  count  = var.artifact_count
  bucket = aws_s3_bucket.artifacts[count.index].id
  versioning_configuration {
    status = var.enable_versioning ? "Enabled" : "Suspended"
  }
}

""")
    c.res(2, 2)
    # Single buckets with a random subset of the separate resources.
    for i in range(r.randint(1, 2)):
        n = f"app_{i}"
        out.append(sub("""\
resource "aws_s3_bucket" "@n@" {
  bucket = "${local.name_prefix}-app-@i@"
  tags   = local.common_tags
}

""", n=n, i=i))
        c.res()
        parts = [p for p in V4_PARTS if r.random() < 0.45]
        if "acl" in parts and "ownership" not in parts:
            parts.insert(0, "ownership")
        for p in parts:
            public = r.random() < 0.2
            out.append(sub(V4_PARTS[p], n=n,
                           own="BucketOwnerPreferred" if "acl" in parts else "BucketOwnerEnforced",
                           acl="public-read" if public else "private",
                           b1=str(not public).lower(), b2="true", b3=str(not public).lower(),
                           b4=r.choice(["true", "false"]),
                           st=r.choice(['"Enabled"', '"Suspended"', 'var.enable_versioning ? "Enabled" : "Suspended"'])))
            c.res()
    return "".join(out)


def s3_policies_tf(r: random.Random, c: Counter, napp: int) -> str:
    out = ["""\
data "aws_iam_policy_document" "logs" {
  statement {
    sid     = "AllowLogDelivery"
    effect  = "Allow"
    actions = ["s3:PutObject"]
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
    resources = ["${aws_s3_bucket.logs.arn}/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}

data "aws_iam_policy_document" "data_read" {
  for_each = aws_s3_bucket.data
  statement {
    sid     = "ReadFromVpc"
    actions = ["s3:GetObject", "s3:ListBucket"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.app.arn]
    }
    resources = [each.value.arn, "${each.value.arn}/*"]
  }
}

resource "aws_s3_bucket_policy" "data" {
  for_each = aws_s3_bucket.data
  bucket   = each.value.id
  policy   = data.aws_iam_policy_document.data_read[each.key].json
}

"""]
    c.dat(2)
    c.res(2)
    for i in range(napp):
        if r.random() < 0.5:
            continue
        public = r.random() < 0.3
        out.append(sub("""\
resource "aws_s3_bucket_policy" "app_@i@" {
  bucket = aws_s3_bucket.app_@i@.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "@sid@"
        Effect    = "Allow"
        Principal = @principal@
        Action    = ["s3:GetObject"]
        Resource  = "${aws_s3_bucket.app_@i@.arn}/*"
      },
      {
        Sid       = "DenyUnencryptedUploads"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.app_@i@.arn}/*"
        Condition = {
          StringNotEquals = { "s3:x-amz-server-side-encryption" = "aws:kms" }
        }
      },
    ]
  })
}

""", i=i, sid="PublicRead" if public else "AppRead",
            principal='"*"' if public else '{ AWS = aws_iam_role.app.arn }'))
        c.res()
    return "".join(out)


def compute_tf(r: random.Random, c: Counter) -> str:
    out = []
    for i in range(r.randint(3, 6)):
        rules = []
        for port in r.sample(PORTS, r.randint(1, 2)):
            cidr = r.choice(['"0.0.0.0/0"', "var.vpc_cidr", '"10.0.0.0/8"'])
            rules.append(sub("""
  ingress {
    description = "port @p@"
    from_port   = @p@
    to_port     = @p@
    protocol    = "tcp"
    cidr_blocks = [@cidr@]
  }
""", p=port, cidr=cidr))
        out.append(sub("""\
resource "aws_security_group" "svc_@i@" {
  name        = "${local.name_prefix}-svc-@i@"
  description = "Service @i@ traffic"
  vpc_id      = aws_vpc.main.id
@rules@
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(local.common_tags, { Name = "${local.name_prefix}-svc-@i@" })
}

""", i=i, rules="".join(rules)))
        c.res()
    for i in range(r.randint(2, 5)):
        cnt = r.choice([1, 1, 2, 3])
        out.append(sub("""\
resource "aws_instance" "worker_@i@" {
  count                       = @cnt@
  ami                         = var.ami_id
  instance_type               = var.instance_type
  subnet_id                   = aws_subnet.private[count.index % length(aws_subnet.private)].id
  vpc_security_group_ids      = [aws_security_group.svc_0.id]
  iam_instance_profile        = aws_iam_instance_profile.app.name
  associate_public_ip_address = @pub@
  monitoring                  = true
  ebs_optimized               = true

  root_block_device {
    volume_size = @vol@
    volume_type = "gp3"
    encrypted   = true
  }

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  tags = merge(local.common_tags, { Name = "${local.name_prefix}-worker-@i@-${count.index}" })
}

""", i=i, cnt=cnt, pub=r.choice(["false", "false", "true"]), vol=r.choice([20, 50, 100])))
        c.res(1, cnt)
    return "".join(out)


def network_tf(r: random.Random, c: Counter) -> str:
    c.res(9, 2)
    return """\
resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(local.common_tags, { Name = "${local.name_prefix}-vpc" })
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index)
  availability_zone = local.azs[count.index]
  tags              = merge(local.common_tags, { Name = "${local.name_prefix}-private-${count.index}", Tier = "private" })
}

resource "aws_subnet" "public" {
  count                   = 2
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, count.index + 8)
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = true
  tags                    = merge(local.common_tags, { Name = "${local.name_prefix}-public-${count.index}", Tier = "public" })
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
  tags   = local.common_tags
}

resource "aws_eip" "nat" {
  domain = "vpc"
  tags   = local.common_tags
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[0].id
  tags          = merge(local.common_tags, { Name = "${local.name_prefix}-nat" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
  tags = merge(local.common_tags, { Name = "${local.name_prefix}-public" })
}

resource "aws_route_table_association" "public" {
  count          = 2
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.public.id]
  tags              = local.common_tags
}
"""


def iam_tf(r: random.Random, c: Counter) -> str:
    out = ["""\
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

"""]
    c.dat(1)
    c.res(3)
    for i in range(r.randint(3, 6)):
        svc = r.choice(["lambda", "ecs-tasks", "states", "events", "glue"])
        out.append(sub("""\
resource "aws_iam_role" "svc_@i@" {
  name = "${local.name_prefix}-svc-@i@"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "@svc@.amazonaws.com" }
    }]
  })
  max_session_duration = 3600
  tags                 = merge(local.common_tags, { Service = "@svc@" })
}

resource "aws_iam_role_policy_attachment" "svc_@i@" {
  role       = aws_iam_role.svc_@i@.name
  policy_arn = "arn:aws:iam::aws:policy/@pol@"
}

resource "aws_iam_role_policy_attachment" "svc_@i@_xray" {
  role       = aws_iam_role.svc_@i@.name
  policy_arn = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
}

""", i=i, svc=svc, pol=r.choice(["ReadOnlyAccess", "AmazonS3ReadOnlyAccess",
                                 "CloudWatchLogsFullAccess", "AmazonSQSReadOnlyAccess"])))
        c.res(3)
    return "".join(out)


def lambda_tf(r: random.Random, c: Counter) -> str:
    out = []
    for i in range(r.randint(2, 5)):
        out.append(sub("""\
resource "aws_lambda_function" "fn_@i@" {
  function_name = "${local.name_prefix}-fn-@i@"
  role          = aws_iam_role.svc_0.arn
  handler       = "main.handler"
  runtime       = "@rt@"
  s3_bucket     = aws_s3_bucket.artifacts[0].id
  s3_key        = "lambda/fn-@i@.zip"
  memory_size   = @mem@
  timeout       = @to@
  publish       = true

  environment {
    variables = {
      ENV        = var.env
      TABLE_NAME = aws_dynamodb_table.main.name
      LOG_LEVEL  = "@lvl@"
    }
  }

  tracing_config {
    mode = "Active"
  }

  tags = local.common_tags
}

resource "aws_cloudwatch_log_group" "fn_@i@" {
  name              = "/aws/lambda/${local.name_prefix}-fn-@i@"
  retention_in_days = var.log_retention_days
  kms_key_id        = module.kms.arn
  tags              = local.common_tags
}

""", i=i, rt=r.choice(RUNTIMES), mem=r.choice([128, 256, 512, 1024]), to=r.choice([3, 30, 60, 300]),
            lvl=r.choice(["INFO", "DEBUG", "WARN"])))
        c.res(2)
    return "".join(out)


def data_tf(r: random.Random, c: Counter, nqueues: int, shared: str) -> str:
    out = [sub("""\
module "kms" {
  source      = "@shared@/kms-key"
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
    enabled = @pitr@
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

""", pitr=r.choice(["true", "local.is_prod"]), shared=shared)]
    c.res(4, 1)
    c.instances += nqueues - 1
    for i in range(r.randint(10, 18)):
        out.append(sub("""\
resource "aws_ssm_parameter" "cfg_@i@" {
  name  = "/${local.name_prefix}/cfg/@i@"
  type  = "@t@"
  value = "@v@"
}

""", i=i, t=r.choice(["String", "SecureString"]), v=r.choice(["on", "off", "42", "blue"])))
        c.res()
    for i in range(r.randint(4, 7)):
        out.append(sub("""\
resource "aws_cloudwatch_metric_alarm" "errors_@i@" {
  alarm_name          = "${local.name_prefix}-errors-@i@"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = @th@
  alarm_actions       = [aws_sns_topic.alerts.arn]
  tags                = local.common_tags
}

""", i=i, th=r.choice([1, 5, 10])))
        c.res()
    return "".join(out)


def main_tf(r: random.Random, c: Counter, self_contained: bool) -> str:
    shared = """\
module "access_logs" {
  source         = "@shared@/logging-bucket"
  name           = "${local.name_prefix}-central-logs"
  retention_days = var.log_retention_days
  tags           = local.common_tags
}

"""
    shared = sub(shared, shared="./modules" if self_contained else "../../modules")
    return shared + sub("""\
module "app" {
  source        = "./modules/app"
  name          = "${local.name_prefix}-app"
  vpc_id        = aws_vpc.main.id
  subnet_ids    = aws_subnet.private[*].id
  instance_type = var.instance_type
  ami_id        = var.ami_id
  tags          = local.common_tags
}

module "storage" {
  source     = "./modules/storage"
  for_each   = toset(@stores@)
  name       = "${local.name_prefix}-${each.key}"
  versioning = var.enable_versioning
  log_bucket = aws_s3_bucket.logs.id
  tags       = local.common_tags
}
""", stores=json.dumps(r.sample(["orders", "users", "audit", "media", "cache"], r.randint(1, 2))))


def outputs_tf() -> str:
    return """\
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
"""


APP_MAIN = """\
resource "aws_security_group" "this" {
  name        = var.name
  description = "Application ${var.name}"
  vpc_id      = var.vpc_id

  ingress {
    description = "https"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = var.tags
}

resource "aws_launch_template" "this" {
  name_prefix   = "${var.name}-"
  image_id      = var.ami_id
  instance_type = var.instance_type

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 30
      volume_type = "gp3"
      encrypted   = true
    }
  }

  vpc_security_group_ids = [aws_security_group.this.id]
  tags                   = var.tags
}

resource "aws_autoscaling_group" "this" {
  name                = var.name
  min_size            = 1
  max_size            = @max@
  desired_capacity    = 1
  vpc_zone_identifier = var.subnet_ids

  launch_template {
    id      = aws_launch_template.this.id
    version = "$Latest"
  }
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/app/${var.name}"
  retention_in_days = 30
  tags              = var.tags
}

resource "aws_s3_bucket" "assets" {
  bucket = "${var.name}-assets"
  acl    = "@acl@"
  tags   = var.tags

  versioning {
    enabled = true
  }
}

resource "aws_ecr_repository" "this" {
  name                 = var.name
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  tags = var.tags
}
"""

APP_VARS = """\
variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}

variable "ami_id" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
"""

APP_OUT = """\
output "security_group_id" {
  value = aws_security_group.this.id
}

output "assets_bucket" {
  value = aws_s3_bucket.assets.id
}
"""

STORAGE_MAIN = """\
resource "aws_s3_bucket" "this" {
  bucket = var.name
  tags   = var.tags
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = @bpp@
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_logging" "this" {
  bucket        = aws_s3_bucket.this.id
  target_bucket = var.log_bucket
  target_prefix = "${var.name}/"
}

data "aws_iam_policy_document" "tls" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.tls.json
}

resource "aws_dynamodb_table" "index" {
  name         = "${var.name}-index"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "key"

  attribute {
    name = "key"
    type = "S"
  }

  tags = var.tags
}
"""

STORAGE_VARS = """\
variable "name" {
  description = "Bucket name."
  type        = string
}

variable "versioning" {
  type    = bool
  default = true
}

variable "log_bucket" {
  description = "Bucket receiving access logs."
  type        = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
"""

STORAGE_OUT = """\
output "bucket_id" {
  value = aws_s3_bucket.this.id
}

output "bucket_arn" {
  value = aws_s3_bucket.this.arn
}
"""


def root_files(seed: int, idx: int, self_contained: bool = False) -> tuple[str, dict[str, str], Counter]:
    """The files of root module `idx` (relative paths) and what they hold. A self-contained root
    carries the shared modules under ./modules instead of using ../../modules."""
    r = random.Random(f"{seed}:{idx}")
    team = r.choice(TEAMS)
    env = r.choice(ENVS)
    region = r.choice(REGIONS)
    nbuckets = r.randint(1, 4)
    nqueues = r.randint(0, 3)
    c = Counter()
    files: dict[str, str] = {}
    files["versions.tf"] = versions_tf()
    files["variables.tf"] = variables_tf()
    files["locals.tf"] = locals_tf()
    files["terraform.tfvars"] = tfvars(r, team, env, region, nbuckets, nqueues, idx)
    files["s3_legacy.tf"] = s3_legacy_tf(r, c)
    files["s3_buckets.tf"] = s3_buckets_tf(r, c, nbuckets)
    napp = files["s3_buckets.tf"].count('resource "aws_s3_bucket" "app_')
    files["s3_policies.tf"] = s3_policies_tf(r, c, napp)
    files["compute.tf"] = compute_tf(r, c)
    files["network.tf"] = network_tf(r, c)
    files["iam.tf"] = iam_tf(r, c)
    files["lambda.tf"] = lambda_tf(r, c)
    files["data.tf"] = data_tf(r, c, nqueues, "./modules" if self_contained else "../../modules")
    files["main.tf"] = main_tf(r, c, self_contained)
    files["outputs.tf"] = outputs_tf()
    files["modules/app/main.tf"] = sub(APP_MAIN, max=r.choice([2, 4, 8]),
                                       acl=r.choice(["private", "private", "public-read"]))
    files["modules/app/variables.tf"] = APP_VARS
    files["modules/app/outputs.tf"] = APP_OUT
    c.res(6)
    files["modules/storage/main.tf"] = sub(STORAGE_MAIN, bpp=r.choice(["true", "true", "false"]))
    files["modules/storage/variables.tf"] = STORAGE_VARS
    files["modules/storage/outputs.tf"] = STORAGE_OUT
    c.res(6)
    c.dat(1)
    if self_contained:
        # One directory holding everything, for tf-plan-json (which copies only the root).
        files.update(SHARED)
        c.res(SHARED_COUNTS[0])
    name = f"{team}-{env}-{idx:04d}"
    return name, files, c


def generate(out: Path, roots: int, seed: int) -> dict:
    stats = {"files": 0, "bytes": 0, "resources": 0, "managed": 0, "data": 0, "instances": 0,
             "roots": roots, "seed": seed}

    def write(rel: str, text: str) -> None:
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode()
        p.write_bytes(data)
        stats["files"] += 1
        stats["bytes"] += len(data)

    for rel, text in SHARED.items():
        write(rel, text)
    stats["managed"] += SHARED_COUNTS[0]
    for idx in range(roots):
        name, files, c = root_files(seed, idx)
        for rel, text in files.items():
            write(f"roots/{name}/{rel}", text)
        stats["managed"] += c.managed
        stats["data"] += c.data
        stats["instances"] += c.instances
    stats["resources"] = stats["managed"] + stats["data"]
    return stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="output directory (replaced if it exists)")
    ap.add_argument("--preset", choices=sorted(PRESETS), help="small=10, medium=100, large=1000 roots")
    ap.add_argument("--roots", type=int, help="number of root modules (overrides --preset)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print the statistics as JSON")
    args = ap.parse_args()
    roots = args.roots if args.roots is not None else PRESETS[args.preset or "small"]
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    stats = generate(args.out, roots, args.seed)
    (args.out / ".corpus.json").write_text(json.dumps(stats, indent=1) + "\n")
    if args.json:
        print(json.dumps(stats))
    else:
        print(f"{args.out}: {stats['files']} files, {stats['bytes']} bytes "
              f"({stats['bytes'] / 1e6:.2f} MB), {stats['resources']} resource blocks "
              f"({stats['managed']} managed + {stats['data']} data), "
              f"~{stats['instances']} instances before module expansion")
    return 0


if __name__ == "__main__":
    sys.exit(main())
