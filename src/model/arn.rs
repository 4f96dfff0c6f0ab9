//! S3 ARNs as the checks compare them. The partition is read as `aws`: a `data.aws_partition`
//! symbol is the bucket's own partition, and the front ends write it so (see `model::partial`).

use std::fmt;
use std::ops::Deref;

/// The ARN of every S3 bucket and object starts so (the prefix is written only here).
pub const S3_PREFIX: &str = "arn:aws:s3:::";

/// `arn:aws:s3:::NAME`: a bucket's ARN.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BucketArn(String);

impl BucketArn {
    pub fn new(name: &str) -> Self {
        BucketArn(format!("{S3_PREFIX}{name}"))
    }

    /// `arn:aws:s3:::NAME/`: what every object ARN of the bucket starts with.
    pub fn objects_prefix(&self) -> String {
        format!("{}/", self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for BucketArn {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BucketArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Bucket ARNs have no region or account: arn:aws:s3:::NAME, objects NAME/KEY below it.
    #[test]
    fn bucket_and_object_arns() {
        let arn = BucketArn::new("logs");
        assert_eq!(arn.as_str(), "arn:aws:s3:::logs");
        assert_eq!(arn.objects_prefix(), "arn:aws:s3:::logs/");
        assert_eq!(arn.to_string(), "arn:aws:s3:::logs");
        assert!(arn.starts_with(S3_PREFIX));
    }

    // `bucket = ""` is no name: the provider generates one, as when `bucket` is not set, so
    // policies name it as `aws_s3_bucket.x.arn` does (the placeholder), never as `arn:aws:s3:::`.
    #[test]
    fn an_empty_bucket_name_is_a_generated_one() {
        use crate::model::{Bucket, FileId, Origin, Value, placeholder_name};
        let at = Origin {
            file: FileId(0),
            start: 0,
            end: 1,
        };
        let named = |name: Value<String>| Bucket::new("aws_s3_bucket.b".into(), ".".into(), name, at);
        let generated = placeholder_name("aws_s3_bucket.b");
        assert_eq!(named(Value::Set(String::new(), at)).arn_name(), generated);
        assert_eq!(named(Value::Default(generated.clone(), at)).arn_name(), generated);
        assert_eq!(named(Value::Unknown("var.x".into(), at)).arn_name(), generated);
        assert_eq!(
            named(Value::Set("logs".into(), at)).arn().as_str(),
            "arn:aws:s3:::logs"
        );
    }
}
