//! BG403 mfa-delete-policy (opt-in): no bucket policy statement denies deletes without MFA —
//! a Deny covering `s3:DeleteObject` conditioned on `aws:MultiFactorAuthPresent` being false
//! (`Bool`/`BoolIfExists`) or `aws:MultiFactorAuthAge` being absent (`Null` true).
//!
//! Points at: the bucket (the statement is missing).

use super::{Outcome, unreadable};
use crate::model::Bucket;
use crate::model::iam::{Effect, Statement};
use crate::policy::{Context, Verdict};

fn requires_mfa(st: &Statement) -> bool {
    st.effect == Effect::Deny
        && st.covers_action("s3:DeleteObject")
        && st.conditions.iter().any(|c| {
            (c.key == "aws:multifactorauthpresent"
                && c.op_is("Bool")
                && c.values.iter().all(|v| v == "false"))
                || (c.key == "aws:multifactorauthage"
                    && c.op_is("Null")
                    && c.values.iter().all(|v| v == "true"))
        })
}

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    let mut out = Outcome::default();
    for policy in &bucket.policies {
        match policy.parsed() {
            Ok(d) if d.statements.iter().any(requires_mfa) => return Verdict::Pass,
            Ok(_) => {}
            Err(e) => out.undecided(unreadable(policy, e), policy.document.origin()),
        }
    }
    if let Verdict::Undecided { reason, origin } = out.verdict() {
        return Verdict::Undecided { reason, origin };
    }
    Verdict::Fail(crate::policy::Failure {
        message: format!(
            "{}: no bucket policy statement denies s3:DeleteObject without MFA; add a Deny for the delete \
             actions with the condition BoolIfExists aws:MultiFactorAuthPresent = false",
            bucket.address
        ),
        origin: bucket.origin,
        related: Vec::new(),
    })
}
