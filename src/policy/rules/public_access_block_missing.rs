//! BG111 public-access-block-missing: neither an `aws_s3_bucket_public_access_block` for the
//! bucket nor an account-level `aws_s3_account_public_access_block` in the scan. Whether its
//! four settings are all on is BG112's question.
//!
//! Points at: the bucket header (the setting is missing entirely).

use crate::model::Bucket;
use crate::policy::{Context, Failure, Verdict};

pub fn check(cx: &Context, bucket: &Bucket) -> Verdict {
    let model = cx.model;
    if bucket.public_access_block.is_some() || !model.account_public_access_blocks.is_empty() {
        return Verdict::Pass;
    }
    Verdict::Fail(Failure {
        message: format!(
            "{}: no public access block covers this bucket, so a public ACL or bucket policy takes effect; add \
             aws_s3_bucket_public_access_block (or aws_s3_account_public_access_block) with block_public_acls, \
             block_public_policy, ignore_public_acls and restrict_public_buckets set to true",
            bucket.address
        ),
        origin: bucket.origin,
        related: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::rules::test_support::*;

    fn on() -> [crate::model::Value<bool>; 4] {
        [set(true, 31), set(true, 32), set(true, 33), set(true, 34)]
    }

    #[test]
    fn no_block_fails_on_the_bucket() {
        assert_eq!(fail_origin(&check(&Context::of(&model()), &bucket())), o(0));
    }

    #[test]
    fn bucket_or_account_block_passes() {
        let mut b = bucket();
        b.public_access_block = Some(Box::new(pab(on(), "aws_s3_bucket_public_access_block.b", 30)));
        assert!(is_pass(&check(&Context::of(&model()), &b)));
        let mut m = model();
        m.account_public_access_blocks
            .push(pab(on(), "aws_s3_account_public_access_block.a", 40));
        assert!(is_pass(&check(&Context::of(&m), &bucket())));
    }
}
