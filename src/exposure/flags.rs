//! The public access block flags in force on a bucket: its own block and its account's.

use crate::model::{Bucket, Model, PublicAccessBlock, Value};

/// A public access block flag combined over every block in force: on when any level turns it on.
#[derive(Clone, Debug)]
pub(super) enum Flag {
    On(String),
    Off,
    Unknown(String),
}

pub(super) fn combine(
    blocks: &[&PublicAccessBlock],
    pick: fn(&PublicAccessBlock) -> &Value<bool>,
    name: &str,
) -> Flag {
    let mut unknown = None;
    for b in blocks {
        match pick(b) {
            Value::Set(true, _) | Value::Default(true, _) => {
                return Flag::On(format!("{name} in {}", b.address));
            }
            Value::Unknown(r, _) => {
                unknown.get_or_insert_with(|| format!("{name} of {} is not known: {r}", b.address));
            }
            _ => {}
        }
    }
    match unknown {
        Some(r) => Flag::Unknown(r),
        None => Flag::Off,
    }
}

pub(super) struct Flags {
    pub(super) block_acls: Flag,
    pub(super) ignore_acls: Flag,
    pub(super) block_policy: Flag,
    pub(super) restrict: Flag,
}

impl Flags {
    pub(super) fn of(blocks: &[&PublicAccessBlock]) -> Flags {
        Flags {
            block_acls: combine(blocks, |b| &b.block_public_acls, "block_public_acls"),
            ignore_acls: combine(blocks, |b| &b.ignore_public_acls, "ignore_public_acls"),
            block_policy: combine(blocks, |b| &b.block_public_policy, "block_public_policy"),
            restrict: combine(blocks, |b| &b.restrict_public_buckets, "restrict_public_buckets"),
        }
    }

    /// A bucket outside the scan may have its own block: a flag no block here turns on is not
    /// known to be off.
    pub(super) fn not_known_when_off(&mut self, bucket: &str) {
        for (flag, name) in [
            (&mut self.block_acls, "block_public_acls"),
            (&mut self.ignore_acls, "ignore_public_acls"),
            (&mut self.block_policy, "block_public_policy"),
            (&mut self.restrict, "restrict_public_buckets"),
        ] {
            if matches!(flag, Flag::Off) {
                *flag = Flag::Unknown(format!(
                    "{bucket} is defined outside the scan: its {name} is not known"
                ));
            }
        }
    }
}

/// The settings in force on the bucket: its own block and every account-level block of its root.
pub(super) fn bucket_blocks<'a>(model: &'a Model, bucket: &'a Bucket) -> Vec<&'a PublicAccessBlock> {
    bucket
        .public_access_block
        .as_deref()
        .into_iter()
        .chain(model.account_public_access_blocks.iter())
        .collect()
}

pub(super) fn flags_on(f: &Flag) -> bool {
    matches!(f, Flag::On(_))
}
