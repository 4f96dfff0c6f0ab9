//! BG112 public-access-block-incomplete: a bucket or account public access block exists, but
//! one or more of its four settings is false or unset and no other block in force turns it on
//! (S3 applies the most restrictive combination of bucket and account settings).
//!
//! Points at: the first setting written as `false`; the block header when a setting is unset.
//! The bucket-level block is preferred over the account-level one. Related: the other settings.

use crate::model::{Bucket, PublicAccessBlock, Value};
use crate::policy::{Context, Failure, Related, Verdict};

pub fn check(cx: &Context, bucket: &Bucket) -> Verdict {
    let model = cx.model;
    let blocks: Vec<&PublicAccessBlock> = bucket
        .public_access_block
        .as_deref()
        .into_iter()
        .chain(model.account_public_access_blocks.iter())
        .collect();
    let Some(primary) = blocks.first() else {
        // No block at all is BG111's finding.
        return Verdict::Pass;
    };
    let mut off = Vec::new(); // (setting, description, origin)
    let mut undecided = None;
    for i in 0..4 {
        let name = primary.settings()[i].0;
        let values: Vec<(&PublicAccessBlock, &Value<bool>)> =
            blocks.iter().map(|b| (*b, b.settings()[i].1)).collect();
        if values.iter().any(|(_, v)| v.known() == Some(&true)) {
            continue;
        }
        if let Some((b, v)) = values.iter().find(|(_, v)| v.unknown_reason().is_some()) {
            if undecided.is_none() {
                undecided = Some((
                    format!(
                        "{name} of {} is not known: {}",
                        b.address,
                        v.unknown_reason().unwrap_or_default()
                    ),
                    v.origin(),
                ));
            }
            continue;
        }
        let (desc, origin) = match primary.settings()[i].1 {
            Value::Set(_, o) => (format!("{name} = false"), *o),
            _ => (format!("{name} unset (false)"), primary.origin),
        };
        off.push((desc, origin));
    }
    if off.is_empty() {
        return match undecided {
            Some((reason, origin)) => Verdict::Undecided { reason, origin },
            None => Verdict::Pass,
        };
    }
    let names: Vec<&str> = off.iter().map(|(d, _)| d.as_str()).collect();
    // Prefer a setting written false over the block header.
    let first = off
        .iter()
        .find(|(d, _)| d.ends_with("= false"))
        .unwrap_or(&off[0]);
    let mut related: Vec<Related> = off
        .iter()
        .filter(|(d, o)| d != &first.0 && *o != first.1)
        .map(|(d, o)| Related {
            origin: *o,
            message: d.clone(),
        })
        .collect();
    if primary.address != bucket.address {
        related.push(Related {
            origin: bucket.origin,
            message: format!("the bucket {}", bucket.address),
        });
    }
    Verdict::Fail(Failure {
        message: format!(
            "{}: public access block {} leaves {}; set all four of block_public_acls, block_public_policy, \
             ignore_public_acls and restrict_public_buckets to true",
            bucket.address,
            primary.address,
            names.join(", ")
        ),
        origin: first.1,
        related,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::rules::test_support::*;

    const BPAB: &str = "aws_s3_bucket_public_access_block.b";

    fn dflt(n: u32) -> Value<bool> {
        Value::Default(false, o(n))
    }

    #[test]
    fn no_block_is_not_this_policy() {
        assert!(is_pass(&check(&Context::of(&model()), &bucket())));
    }

    #[test]
    fn all_on_passes() {
        let mut b = bucket();
        b.public_access_block = Some(Box::new(pab(
            [set(true, 31), set(true, 32), set(true, 33), set(true, 34)],
            BPAB,
            30,
        )));
        assert!(is_pass(&check(&Context::of(&model()), &b)));
    }

    #[test]
    fn false_flag_is_pointed_at_and_every_gap_named() {
        let mut b = bucket();
        b.public_access_block = Some(Box::new(pab(
            [set(true, 31), set(false, 32), set(true, 33), dflt(30)],
            BPAB,
            30,
        )));
        let v = check(&Context::of(&model()), &b);
        assert_eq!(fail_origin(&v), o(32));
        let msg = fail_message(&v);
        assert!(msg.contains("block_public_policy = false"), "{msg}");
        assert!(msg.contains("restrict_public_buckets unset"), "{msg}");
    }

    #[test]
    fn unset_flag_points_at_the_block() {
        let mut b = bucket();
        b.public_access_block = Some(Box::new(pab(
            [set(true, 31), set(true, 32), dflt(30), set(true, 34)],
            BPAB,
            30,
        )));
        assert_eq!(fail_origin(&check(&Context::of(&model()), &b)), o(30));
    }

    #[test]
    fn account_block_fills_bucket_gaps() {
        let mut b = bucket();
        b.public_access_block = Some(Box::new(pab(
            [set(true, 31), set(false, 32), set(true, 33), set(true, 34)],
            BPAB,
            30,
        )));
        let mut m = model();
        m.account_public_access_blocks.push(pab(
            [dflt(40), set(true, 42), dflt(40), dflt(40)],
            "aws_s3_account_public_access_block.a",
            40,
        ));
        assert!(is_pass(&check(&Context::of(&m), &b)));
        // Account block alone, incomplete.
        let v = check(&Context::of(&m), &bucket());
        assert_eq!(fail_origin(&v), o(40));
        assert!(fail_message(&v).contains("aws_s3_account_public_access_block.a"));
    }

    #[test]
    fn unknown_setting_is_undecided_but_a_false_one_fails() {
        let mut b = bucket();
        b.public_access_block = Some(Box::new(pab(
            [unknown(31), set(true, 32), set(true, 33), set(true, 34)],
            BPAB,
            30,
        )));
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &b)), o(31));
        b.public_access_block = Some(Box::new(pab(
            [unknown(31), set(false, 32), set(true, 33), set(true, 34)],
            BPAB,
            30,
        )));
        assert_eq!(fail_origin(&check(&Context::of(&model()), &b)), o(32));
    }
}
