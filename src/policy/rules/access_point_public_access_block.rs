//! BG113 access-point-public-access-block: an `aws_s3_access_point` of the bucket writes a
//! setting of its `public_access_block_configuration` as false, or an
//! `aws_s3control_multi_region_access_point` with the bucket in a `region` one of its
//! `details.public_access_block` (absent settings default to true).
//!
//! Points at: the setting written false. Related: the bucket.

use super::{Outcome, bucket_related};
use crate::model::{Bucket, Value};
use crate::policy::{Context, Verdict};

pub fn check(cx: &Context, bucket: &Bucket) -> Verdict {
    let model = cx.model;
    let mut out = Outcome::default();
    for ap in model
        .access_points
        .iter()
        .filter(|a| a.bucket == bucket.address && a.root == bucket.root)
    {
        let Some(block) = &ap.public_access_block else {
            continue;
        };
        let kind = if ap.multi_region {
            "multi-region access point"
        } else {
            "access point"
        };
        for (name, value) in block.settings() {
            match value {
                Value::Unknown(r, o) => out.undecided(format!("{name} of {} is not known: {r}", ap.address), *o),
                Value::Set(false, o) | Value::Default(false, o) => out.fail(
                    format!(
                        "{}: {kind} {} sets {name} = false, so a public {kind} policy can take \
                         effect; remove the setting (it defaults to true) — the block cannot be changed after \
                         the {kind} is created",
                        bucket.address, ap.address
                    ),
                    *o,
                    bucket_related(bucket, &ap.address),
                ),
                _ => {}
            }
        }
    }
    out.verdict()
}
