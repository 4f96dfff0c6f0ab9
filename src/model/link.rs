//! Attach separate `aws_s3_bucket_*` resources to their bucket: references first, names last.
