//! Findings: a policy that failed, or could not be decided, for one bucket (for a scan-level
//! policy, an IAM resource or `account`).

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use crate::model::Origin;
use crate::policy::{Policy, Related};

#[derive(Clone, Debug)]
pub struct Finding {
    pub policy: &'static Policy,
    /// Terraform address of the bucket.
    pub bucket: Arc<str>,
    /// The root module (directory or plan file) the bucket belongs to.
    pub root: Arc<str>,
    /// Read it with [`Finding::message`].
    pub message: Message,
    pub origin: Origin,
    pub related: Vec<Related>,
    /// Set when the exposure model shows the grant this finding reports does not take effect:
    /// the finding stays (a latent risk) at SARIF level `note`. Boxed: few findings have one.
    pub neutralized_by: Option<Box<Neutralized>>,
}

/// A finding's message. Checks write `{bucket address}: {what is wrong and how to fix it}`, and
/// the part after the address repeats across buckets (on the medium benchmark, 1.5 MB of it
/// holds 0.16 MB of distinct text): it is stored once, shared, and the address is put back
/// when the message is read.
#[derive(Clone, Debug)]
pub struct Message {
    /// Whether `text` follows `{bucket}: `.
    after_bucket: bool,
    text: Arc<str>,
}

impl Message {
    /// `message` as written by a check about `bucket`.
    pub fn new(message: &str, bucket: &str, strings: &Strings) -> Self {
        match message.strip_prefix(bucket).and_then(|m| m.strip_prefix(": ")) {
            Some(text) => Message {
                after_bucket: true,
                text: strings.get(text),
            },
            None => Message {
                after_bucket: false,
                text: strings.get(message),
            },
        }
    }
}

/// A finding's message as written: `Display` and serialized as one string.
#[derive(Clone, Copy)]
pub struct MessageText<'a> {
    bucket: &'a str,
    message: &'a Message,
}

impl MessageText<'_> {
    fn parts(&self) -> [&str; 3] {
        match self.message.after_bucket {
            true => [self.bucket, ": ", &self.message.text],
            false => ["", "", &self.message.text],
        }
    }
}

impl<'a> MessageText<'a> {
    /// The message without the bucket address it begins with (the whole message when it does not).
    pub fn detail(&self) -> &'a str {
        &self.message.text
    }
}

impl fmt::Display for MessageText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.parts().iter().try_for_each(|p| f.write_str(p))
    }
}

impl serde::Serialize for MessageText<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl PartialEq for MessageText<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for MessageText<'_> {}

impl PartialOrd for MessageText<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// As the strings they spell compare.
impl Ord for MessageText<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (a, b) = (self.parts(), other.parts());
        a.iter()
            .flat_map(|p| p.bytes())
            .cmp(b.iter().flat_map(|p| p.bytes()))
    }
}

/// One shared copy of each string findings repeat; safe to use from every thread of a scan.
#[derive(Default)]
pub struct Strings(Mutex<HashSet<Arc<str>, rustc_hash::FxBuildHasher>>);

impl Strings {
    pub fn get(&self, s: &str) -> Arc<str> {
        let mut set = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(shared) = set.get(s) {
            return shared.clone();
        }
        let shared: Arc<str> = s.into();
        set.insert(shared.clone());
        shared
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Neutralized {
    /// A public access block or ownership controls make it ineffective.
    Ineffective(String),
    /// S3 rejects it, so `terraform apply` fails.
    RejectedAtApply(String),
}

impl Neutralized {
    pub fn kind(&self) -> &'static str {
        match self {
            Neutralized::Ineffective(_) => "ineffective",
            Neutralized::RejectedAtApply(_) => "rejected-at-apply",
        }
    }

    pub fn reason(&self) -> &str {
        match self {
            Neutralized::Ineffective(r) | Neutralized::RejectedAtApply(r) => r,
        }
    }

    /// A sentence for reports.
    pub fn describe(&self) -> String {
        match self {
            Neutralized::Ineffective(r) => format!("not in effect: {r}"),
            Neutralized::RejectedAtApply(r) => format!("terraform apply will fail: {r}"),
        }
    }
}

impl Finding {
    pub fn message(&self) -> MessageText<'_> {
        MessageText {
            bucket: &self.bucket,
            message: &self.message,
        }
    }

    /// `note` when neutralized; reports otherwise use the severity's level.
    pub fn level_override(&self) -> Option<&'static str> {
        self.neutralized_by.as_ref().map(|_| "note")
    }

    /// Stable across line moves and runs: policy id + root + bucket address, never a line.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(&self.policy.meta.id, &self.root, &self.bucket)
    }
}

/// A policy the scanner could not decide for a bucket, and why.
#[derive(Clone, Debug)]
pub struct Undecided {
    pub policy: &'static Policy,
    pub bucket: Arc<str>,
    pub root: Arc<str>,
    /// Shared: many buckets are undecided for the same reason (one unresolved policy document).
    pub reason: Arc<str>,
    pub origin: Origin,
}

/// FNV-1a 64, so fingerprints do not change with the Rust version (std's hasher may).
pub fn fingerprint(policy: &str, root: &str, subject: &str) -> String {
    Fingerprint::of(policy, root, subject).to_string()
}

/// A fingerprint before it is written out (16 hex digits).
pub struct Fingerprint(u64);

impl Fingerprint {
    pub fn of(policy: &str, root: &str, subject: &str) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in policy
            .bytes()
            .chain([0])
            .chain(root.bytes())
            .chain([0])
            .chain(subject.bytes())
        {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Fingerprint(h)
    }
}

impl Fingerprint {
    /// The 16 lower-case hex digits (without the formatting machinery: one per finding).
    fn hex(&self) -> [u8; 16] {
        let mut out = [0u8; 16];
        for (i, digit) in out.iter_mut().enumerate() {
            *digit = b"0123456789abcdef"[(self.0 >> (60 - 4 * i)) as usize & 0xf];
        }
        out
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        // Hex digits are ASCII.
        f.write_str(std::str::from_utf8(&self.hex()).unwrap_or_default())
    }
}

impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(std::str::from_utf8(&self.hex()).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written and serialized as 16 lower-case hex digits, leading zeros kept.
    #[test]
    fn fingerprints_are_sixteen_hex_digits() {
        for n in [0, 0xf, 0x0123_4567_89ab_cdef, u64::MAX] {
            let want = format!("{n:016x}");
            assert_eq!(Fingerprint(n).to_string(), want);
            assert_eq!(
                serde_json::to_string(&Fingerprint(n)).unwrap(),
                format!("\"{want}\"")
            );
        }
    }

    /// A message reads as the check wrote it, with or without its bucket's address first, and
    /// equal texts are stored once.
    #[test]
    fn messages_share_their_text_and_read_as_written() {
        let strings = Strings::default();
        let a = Message::new("aws_s3_bucket.a: no logging", "aws_s3_bucket.a", &strings);
        let b = Message::new("aws_s3_bucket.b: no logging", "aws_s3_bucket.b", &strings);
        let other = Message::new("trail t records nothing", "aws_s3_bucket.a", &strings);
        assert!(Arc::ptr_eq(&a.text, &b.text));
        let text = |bucket, message| MessageText { bucket, message };
        assert_eq!(
            text("aws_s3_bucket.a", &a).to_string(),
            "aws_s3_bucket.a: no logging"
        );
        assert_eq!(
            text("aws_s3_bucket.b", &b).to_string(),
            "aws_s3_bucket.b: no logging"
        );
        assert_eq!(
            text("aws_s3_bucket.a", &other).to_string(),
            "trail t records nothing"
        );
        // Ordered as the strings are.
        assert!(text("aws_s3_bucket.a", &a) < text("aws_s3_bucket.a", &other));
        assert!(text("aws_s3_bucket.b", &b) > text("aws_s3_bucket.a", &a));
    }
}
