//! BG203 tls-not-enforced: no bucket policy statement `Deny` for principal `*` on `s3:*` (or `*`)
//! with the single condition `aws:SecureTransport = "false"` (Bool or BoolIfExists), covering
//! both the bucket ARN and all its objects (`arn:aws:s3:::NAME` and `arn:aws:s3:::NAME/*`).
//!
//! A partly known policy passes when a Deny enforces TLS even read at its narrowest (its unknown
//! parts matching nothing), and is undecided when only its unknown parts could make one.
//!
//! Points at: the `policy` argument when there is a policy; the bucket header when there is none.

use super::{Outcome, unreadable};
use crate::model::Bucket;
use crate::model::BucketArn;
use crate::model::iam::{Effect, Statement};
use crate::policy::{Context, Verdict};

fn enforces_tls(st: &Statement, name: &str) -> bool {
    enforces_tls_on(st, name, false)
}

/// `any_name`: the bucket's name is not known, so any Resource may name it.
fn enforces_tls_on(st: &Statement, name: &str, any_name: bool) -> bool {
    st.effect == Effect::Deny
        && st.principal.as_ref().is_some_and(|p| p.is_public())
        && st.not_principal.is_none()
        && st.covers_all_s3_actions()
        && if any_name {
            could_cover_some_bucket(st)
        } else {
            st.covers_resource(&BucketArn::new(name)) && st.covers_all_objects(name)
        }
        // Every other condition would narrow the Deny.
        && st.conditions.len() == 1
        && st.conditions.iter().all(|c| {
            c.key == "aws:securetransport"
                && c.op_is("Bool")
                && c.set_op.is_none()
                && c.values.iter().all(|v| v.eq_ignore_ascii_case("false"))
        })
}

/// Whether Resource could cover some bucket ARN and all its objects: bucket ARNs hold no `/`, so
/// a pattern with one never matches them, and only a pattern ending in `*` covers every object.
fn could_cover_some_bucket(st: &Statement) -> bool {
    match &st.resource {
        Some(r) => r.iter().any(|p| !p.contains('/')) && r.iter().any(|p| p.ends_with('*')),
        None => st.not_resource.is_some(),
    }
}

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    let name = bucket.arn_name();
    let mut out = Outcome::default();
    let mut open = false;
    for policy in &bucket.policies {
        let origin = policy.document.origin();
        match policy.readings() {
            // A Deny that enforces TLS even read at its narrowest stands, whatever else is unknown.
            Ok(r) if r.widest.statements.iter().any(|s| enforces_tls(s, &name)) => return Verdict::Pass,
            Ok(r) => {
                let any_name = crate::exposure::rules::unknown_name_may_be_named(&bucket.name);
                if let Some(why) = r.holes
                    && r.tls_could
                        .statements
                        .iter()
                        .any(|s| enforces_tls_on(s, &name, any_name))
                {
                    open = true;
                    out.undecided(super::partly_known(policy, why), origin);
                }
            }
            Err(e) => {
                open = true;
                out.undecided(unreadable(policy, e), origin);
            }
        }
    }
    // No policy proves enforcement: an unreadable one might, so that is Undecided, not Fail.
    if open {
        return out.verdict();
    }
    let arn = BucketArn::new(&name);
    let fix = format!(
        "add a bucket policy statement with Effect \"Deny\", Principal \"*\", Action \"s3:*\", Resource \
         [\"{arn}\", \"{arn}/*\"] and Condition {{\"Bool\": {{\"aws:SecureTransport\": \
         \"false\"}}}}"
    );
    match bucket.policies.first() {
        None => out.fail(
            format!("{}: no bucket policy denies requests over plain HTTP; {fix}", bucket.address),
            bucket.origin,
            Vec::new(),
        ),
        Some(p) => out.fail(
            format!(
                "{}: the bucket policy in {} does not deny requests over plain HTTP for the whole bucket; {fix}",
                bucket.address, p.address
            ),
            p.document.origin(),
            super::bucket_related(bucket, &p.address),
        ),
    }
    out.verdict()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::rules::test_support::*;
    use serde_json::{Value as J, json};

    fn deny(resource: J, action: J, cond: J) -> J {
        json!({"Effect": "Deny", "Principal": "*", "Action": action, "Resource": resource, "Condition": cond})
    }

    fn both() -> J {
        json!(["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"])
    }

    fn with(stmts: J) -> Bucket {
        let mut b = bucket();
        b.policies
            .push(policy(json!({"Version": "2012-10-17", "Statement": stmts})));
        b
    }

    #[test]
    fn no_policy_fails_on_the_bucket() {
        let v = check(&Context::of(&model()), &bucket());
        assert_eq!(fail_origin(&v), o(0));
        assert!(fail_message(&v).contains("aws:SecureTransport"));
    }

    #[test]
    fn proper_deny_passes() {
        let b = with(json!([deny(
            both(),
            json!("s3:*"),
            json!({"Bool": {"aws:SecureTransport": "false"}})
        )]));
        assert!(is_pass(&check(&Context::of(&model()), &b)));
        let b = with(json!(deny(
            json!("*"),
            json!("*"),
            json!({"BoolIfExists": {"AWS:SecureTransport": false}})
        )));
        assert!(is_pass(&check(&Context::of(&model()), &b)));
    }

    #[test]
    fn partial_denies_fail_on_the_policy() {
        let cond = json!({"Bool": {"aws:SecureTransport": "false"}});
        for st in [
            deny(json!("arn:aws:s3:::my-bucket/*"), json!("s3:*"), cond.clone()),
            deny(both(), json!("s3:GetObject"), cond.clone()),
            deny(
                both(),
                json!("s3:*"),
                json!({"Bool": {"aws:SecureTransport": "true"}}),
            ),
            deny(
                both(),
                json!("s3:*"),
                json!({"NumericLessThan": {"s3:TlsVersion": "1.2"}}),
            ),
            deny(
                both(),
                json!("s3:*"),
                json!({"Bool": {"aws:SecureTransport": "false"}, "StringEquals": {"aws:SourceVpce": "v"}}),
            ),
            json!({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": both(), "Condition": cond}),
        ] {
            let v = check(&Context::of(&model()), &with(json!([st])));
            assert_eq!(fail_origin(&v), o(5), "{st}");
        }
    }

    #[test]
    fn generated_name_uses_the_placeholder() {
        let mut b = with(json!([deny(
            json!([
                "arn:aws:s3:::${aws_s3_bucket.b}",
                "arn:aws:s3:::${aws_s3_bucket.b}/*"
            ]),
            json!("s3:*"),
            json!({"Bool": {"aws:SecureTransport": "false"}})
        )]));
        b.name = crate::model::Value::Default(String::new(), o(1));
        assert!(is_pass(&check(&Context::of(&model()), &b)));
    }

    #[test]
    fn unknown_policy_is_undecided() {
        let mut b = bucket();
        b.policies.push(unknown_policy());
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &b)), o(5));
    }
}
