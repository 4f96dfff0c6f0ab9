//! BG501 iam-s3-all-buckets: an IAM identity policy (`aws_iam_policy`,
//! `aws_iam_{role,user,group}_policy`, `aws_iam_role` `inline_policy`) with an Allow statement
//! that grants `s3:*` or a write, delete, ACL or policy action on every bucket (`Resource` `"*"`,
//! `arn:aws:s3:::*`, or a NotResource that does not exclude them). Scan-level: reported on the
//! IAM resource, not on a bucket. Policy documents (`data.aws_iam_policy_document`) count where a
//! resource uses them, so a document shared by two roles is reported on each.
//!
//! Points at: the `policy` argument.

use crate::model::iam::{Access, Effect, Statement};
use crate::model::wildcard::wildcard_match;
use crate::model::{BucketArn, Model, Value};
use crate::policy::{Failure, ScanFailure};

/// Two made-up names: a pattern that matches both (and their objects) matches every bucket.
const PROBES: [&str; 2] = ["bg-probe-a1", "zz.probe-9"];

fn every_bucket(st: &Statement) -> bool {
    let covers = |arn: &str| {
        let object = format!("{arn}/key");
        match (&st.resource, &st.not_resource) {
            (Some(r), _) => r
                .iter()
                .any(|p| wildcard_match(p, arn, false) || wildcard_match(p, &object, false)),
            (None, Some(nr)) => !nr
                .iter()
                .any(|p| wildcard_match(p, arn, false) && wildcard_match(p, &object, false)),
            (None, None) => false,
        }
    };
    PROBES.iter().all(|name| covers(&BucketArn::new(name)))
}

pub fn check(model: &Model) -> Vec<ScanFailure> {
    let mut out = Vec::new();
    for iam in &model.iam_policies {
        let p = &iam.policy;
        let Value::Set(Ok(doc), origin) = &p.document else {
            continue;
        };
        let broad: Vec<String> = doc
            .statements
            .iter()
            .enumerate()
            .filter(|(_, st)| st.effect == Effect::Allow && st.access() == Access::Write && every_bucket(st))
            .map(|(i, st)| match &st.sid {
                Some(sid) => format!("`{sid}`"),
                None => format!("#{}", i + 1),
            })
            .collect();
        if broad.is_empty() {
            continue;
        }
        out.push(ScanFailure {
            subject: p.address.clone(),
            root: iam.root.clone(),
            failure: Failure {
                message: format!(
                    "{}: statement {} allows S3 write, delete, ACL or policy actions on every bucket; list the \
                     buckets ({arn} and {arn}/*) and only the actions needed",
                    p.address,
                    broad.join(", "),
                    arn = BucketArn::new("NAME"),
                ),
                origin: *origin,
                related: Vec::new(),
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn st(v: serde_json::Value) -> Statement {
        crate::model::iam::Document::parse(&json!({ "Statement": v }))
            .unwrap()
            .statements
            .remove(0)
    }

    #[test]
    fn every_bucket_patterns() {
        for r in ["*", "arn:aws:s3:::*", "arn:aws:s3:::*/*", "arn:aws:*:*:*:*"] {
            assert!(
                every_bucket(&st(json!({"Effect": "Allow", "Action": "s3:*", "Resource": r}))),
                "{r}"
            );
        }
        for r in ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*", "arn:aws:s3:::bg-*"] {
            assert!(
                !every_bucket(&st(json!({"Effect": "Allow", "Action": "s3:*", "Resource": r}))),
                "{r}"
            );
        }
        assert!(every_bucket(&st(
            json!({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"})
        )));
        assert!(!every_bucket(&st(
            json!({"Effect": "Allow", "Action": "s3:*", "NotResource": "*"})
        )));
    }
}
