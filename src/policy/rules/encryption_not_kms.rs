//! BG202 encryption-not-kms: the declared default encryption is SSE-S3 (`AES256`) rather than
//! SSE-KMS (`aws:kms`) or DSSE-KMS (`aws:kms:dsse`). Buckets that receive server access logs, or
//! access logs of an Application or classic Load Balancer, are exempt: those deliveries only
//! support SSE-S3. An undeclared configuration is BG201's finding.
//!
//! Points at: the `sse_algorithm` argument.

use super::Outcome;
use crate::model::{Bucket, Value};
use crate::policy::{Context, Verdict};

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    let Some(enc) = &bucket.encryption else {
        return Verdict::Pass;
    };
    if !bucket.receives_logs_from.is_empty() {
        return Verdict::Pass;
    }
    let mut lb_unknown = None;
    for lb in &bucket.receives_lb_logs_from {
        match lb.needs_sse_s3() {
            Ok(true) => return Verdict::Pass,
            Ok(false) => {}
            Err(why) => lb_unknown = lb_unknown.or(Some(why)),
        }
    }
    let mut out = Outcome::default();
    let mut kms = false;
    for rule in &enc.rules {
        match &rule.algorithm {
            Value::Unknown(r, o) => out.undecided(format!("sse_algorithm in {} is not known: {r}", enc.address), *o),
            Value::Set(a, _) | Value::Default(a, _) if a.starts_with("aws:kms") => kms = true,
            Value::Set(a, o) | Value::Default(a, o) => out.fail(
                format!(
                    "{}: default encryption is `{a}` (SSE-S3), so anyone allowed to read objects can decrypt them and \
                     key use is not logged per key; set sse_algorithm = \"aws:kms\" with a customer managed \
                     kms_master_key_id in {}",
                    bucket.address, enc.address
                ),
                *o,
                super::bucket_related(bucket, &enc.address),
            ),
        }
    }
    if kms {
        return Verdict::Pass;
    }
    if let Some((why, o)) = &enc.unknown {
        out.undecided(
            format!("the encryption rules of {} are not known: {why}", enc.address),
            *o,
        );
    }
    match (out.verdict(), lb_unknown) {
        // SSE-S3 may be what a load balancer's log delivery requires.
        (Verdict::Fail(_), Some((reason, origin))) => Verdict::Undecided { reason, origin },
        (verdict, _) => verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Encryption, EncryptionRule, LbLogs};
    use crate::policy::rules::test_support::*;

    fn with(alg: Value<String>) -> Bucket {
        let mut b = bucket();
        b.encryption = Some(Box::new(Encryption {
            address: "aws_s3_bucket_server_side_encryption_configuration.b".into(),
            origin: o(50),
            rules: vec![EncryptionRule {
                algorithm: alg,
                kms_key: None,
                origin: o(52),
            }],
            unknown: None,
        }));
        b
    }

    #[test]
    fn aes256_fails_kms_passes() {
        assert_eq!(
            fail_origin(&check(&Context::of(&model()), &with(set("AES256".into(), 51)))),
            o(51)
        );
        assert!(is_pass(&check(
            &Context::of(&model()),
            &with(set("aws:kms".into(), 51))
        )));
        assert!(is_pass(&check(
            &Context::of(&model()),
            &with(set("aws:kms:dsse".into(), 51))
        )));
        assert!(
            is_pass(&check(&Context::of(&model()), &bucket())),
            "undeclared is BG201's"
        );
    }

    #[test]
    fn log_targets_are_exempt() {
        let mut b = with(set("AES256".into(), 51));
        b.receives_logs_from.push("aws_s3_bucket.app".into());
        assert!(is_pass(&check(&Context::of(&model()), &b)));
    }

    fn lb(kind: Value<String>, enabled: Value<bool>) -> LbLogs {
        LbLogs {
            address: "aws_lb.web".into(),
            origin: o(60),
            kind,
            enabled,
        }
    }

    #[test]
    fn alb_and_elb_log_targets_are_exempt_nlb_targets_are_not() {
        // ALB and classic ELB access logs only support SSE-S3; NLB logs support SSE-KMS.
        for (kind, exempt) in [("application", true), ("classic", true), ("network", false)] {
            let mut b = with(set("AES256".into(), 51));
            b.receives_lb_logs_from
                .push(lb(Value::Default(kind.into(), o(59)), set(true, 61)));
            assert_eq!(is_pass(&check(&Context::of(&model()), &b)), exempt, "{kind}");
        }
    }

    #[test]
    fn unknown_load_balancer_type_or_enabled_is_undecided() {
        let mut b = with(set("AES256".into(), 51));
        b.receives_lb_logs_from.push(lb(unknown(59), set(true, 61)));
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &b)), o(59));
        let mut b = with(set("AES256".into(), 51));
        b.receives_lb_logs_from
            .push(lb(set("application".into(), 59), unknown(61)));
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &b)), o(61));
        // A KMS bucket passes whatever the load balancer is.
        let mut b = with(set("aws:kms".into(), 51));
        b.receives_lb_logs_from.push(lb(unknown(59), unknown(61)));
        assert!(is_pass(&check(&Context::of(&model()), &b)));
    }

    #[test]
    fn unknown_algorithm_is_undecided() {
        assert_eq!(
            undecided_origin(&check(&Context::of(&model()), &with(unknown(51)))),
            o(51)
        );
    }

    #[test]
    fn rules_from_unknown_dynamic_blocks_are_undecided() {
        // A dynamic rule over an unknown collection may add an SSE-S3 rule or not.
        let mut b = with(set("AES256".into(), 51));
        let enc = b.encryption.as_mut().unwrap();
        enc.rules.clear();
        enc.unknown = Some(("var.encrypt has no value".into(), o(53)));
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &b)), o(53));
    }
}
