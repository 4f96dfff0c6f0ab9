//! BG201 encryption-not-declared: no default server-side encryption configuration (inline
//! `server_side_encryption_configuration` or `aws_s3_bucket_server_side_encryption_configuration`).
//! S3 has applied SSE-S3 to new objects by default since January 2023; the finding is that the
//! configuration is not declared (and so not reviewed or pinned to KMS).
//!
//! Points at: the bucket header; the encryption block when it has no rule.

use crate::model::Bucket;
use crate::policy::{Context, Failure, Verdict};

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    let origin = match &bucket.encryption {
        Some(e) if !e.rules.is_empty() => return Verdict::Pass,
        // Dynamic blocks over an unknown collection: a rule may or may not be declared.
        Some(e) if let Some((why, o)) = &e.unknown => {
            return Verdict::Undecided {
                reason: format!(
                    "whether {} declares a default encryption is not known: {why}",
                    e.address
                ),
                origin: *o,
            };
        }
        Some(e) => e.origin,
        None => bucket.origin,
    };
    Verdict::Fail(Failure {
        message: format!(
            "{}: no default server-side encryption is declared; S3 encrypts new objects with SSE-S3 (AES256) by \
             default since January 2023, but declare it explicitly with \
             aws_s3_bucket_server_side_encryption_configuration (rule.apply_server_side_encryption_by_default \
             sse_algorithm = \"aws:kms\" and a kms_master_key_id) so the choice is reviewed",
            bucket.address
        ),
        origin,
        related: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Encryption, EncryptionRule};
    use crate::policy::rules::test_support::*;

    #[test]
    fn missing_fails_declared_passes() {
        let v = check(&Context::of(&model()), &bucket());
        assert_eq!(fail_origin(&v), o(0));
        assert!(fail_message(&v).contains("January 2023"));
        let mut b = bucket();
        b.encryption = Some(Box::new(Encryption {
            address: "aws_s3_bucket_server_side_encryption_configuration.b".into(),
            origin: o(50),
            rules: vec![EncryptionRule {
                algorithm: set("AES256".into(), 51),
                kms_key: None,
                origin: o(52),
            }],
            unknown: None,
        }));
        assert!(is_pass(&check(&Context::of(&model()), &b)));
        b.encryption.as_mut().unwrap().rules.clear();
        assert_eq!(fail_origin(&check(&Context::of(&model()), &b)), o(50));
        // A dynamic rule over an unknown collection may exist or not: undecided, not failed.
        b.encryption.as_mut().unwrap().unknown = Some(("var.encrypt has no value".into(), o(53)));
        assert!(
            matches!(check(&Context::of(&model()), &b), Verdict::Undecided { origin, .. } if origin == o(53))
        );
    }
}
