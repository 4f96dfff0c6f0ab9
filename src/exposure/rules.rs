//! The reasoning rules exposure applies when parts of the configuration are not known. Each one
//! names the AWS behaviour it encodes; a rule that cannot be stated that way would be a guess.
//!
//! How partial policies are read (the rules below, and `model::iam::Views`):
//! - A policy document keeps every statement it knows; a value that is not known is a hole in its
//!   string (`model::partial`). Holes are read twice: at their widest (an Allow matches whatever
//!   its holes could match, a Deny only what it certainly matches) and at their narrowest (the
//!   reverse). Where both readings give the same answer, that is the answer.
//! - Symbols are not holes: `data.aws_partition` is the bucket's own partition, so
//!   `arn:${partition}:s3:::b/*` names bucket `b`; `data.aws_caller_identity` is the owner
//!   account; `data.aws_region` is a region (never empty, never a wildcard).
//! - An ARN or id the provider computes (`aws_kms_key.k.arn`) is a fixed value: never `*` nor a
//!   policy variable (other computed attributes, a `random_string`, may be anything), so a condition on it limits a statement as S3 counts it ("The meaning of
//!   public", S3 user guide), even though the value itself is not known.
//! - Only a wholly unknown principal can be `"*"`: IAM principals take no wildcard but `*` itself,
//!   so `arn:aws:iam::${var.account}:root` is some account, never everyone.

use super::Level;
use crate::model::partial;

/// Accounts whose access is not exposure: the owner account (`data.aws_caller_identity`,
/// a symbol) and the accounts the user trusts (`--trusted-account`).
pub fn is_trusted(account: &str, trusted: &[String]) -> bool {
    account == partial::OWN_ACCOUNT || trusted.iter().any(|t| t == account)
}

/// The accounts trusted for `bucket`: `--trusted-account` and the account its root's
/// `data.aws_caller_identity` reads (a plan knows it): the owner's own access is not exposure.
pub fn trusted_for<'a>(
    model: &'a crate::model::Model,
    bucket: &crate::model::Bucket,
) -> std::borrow::Cow<'a, [String]> {
    let own = model.own_accounts.iter().filter(|(root, _)| *root == bucket.root);
    if own.clone().next().is_none() {
        return std::borrow::Cow::Borrowed(&model.trusted_accounts);
    }
    let mut all = model.trusted_accounts.clone();
    all.extend(own.map(|(_, a)| a.clone()));
    std::borrow::Cow::Owned(all)
}

/// AWS log delivery principals: Elastic Load Balancing's regional account
/// (`data.aws_elb_service_account`) writes load balancer access logs, and CloudFront's
/// `awslogsdelivery` canonical user (`data.aws_cloudfront_log_delivery_canonical_user_id`)
/// writes standard logs. They are AWS-owned accounts that only deliver logs into the bucket,
/// classified like service principals: neither public nor cross-account exposure of the owner's
/// data (they are granted writes of log objects, not reads).
pub fn log_delivery_principal(ptype: &str, value: &str) -> bool {
    (ptype.eq_ignore_ascii_case("AWS") && value.contains(partial::ELB_ACCOUNT))
        || (ptype.eq_ignore_ascii_case("CanonicalUser") && value == partial::CLOUDFRONT_LOGS)
}

/// The owner's own canonical user (`data.aws_canonical_user_id`) is the owner account.
pub fn own_canonical_user(ptype: &str, value: &str) -> bool {
    ptype.eq_ignore_ascii_case("CanonicalUser") && value == partial::OWN_CANONICAL
}

/// `aws:PrincipalOrgID` names an organization: the owner's own (`data.aws_organizations_organization`)
/// still lets its other accounts in, so it stays cross-account access, named as such.
pub fn organization_label(id: &str) -> String {
    if id == partial::OWN_ORG {
        "accounts of the owner's organization".to_string()
    } else {
        format!("organization {id}")
    }
}

/// The most a policy that is not known at all can give. With `block_public_policy` S3 rejects a
/// public policy at apply; with `restrict_public_buckets` a public policy only lets AWS services
/// and the owner account in. Either way no policy makes the bucket public, but a non-public
/// policy can still grant other accounts. None: no bound (anything up to public-write).
pub fn unknown_policy_cap(block_public_policy: bool, restrict_public_buckets: bool) -> Option<Level> {
    (block_public_policy || restrict_public_buckets).then_some(Level::CrossAccount)
}

/// The most an ACL that is not known at all can give. With `ignore_public_acls` S3 ignores its
/// grants to AllUsers and AuthenticatedUsers, but grants to other accounts still take effect.
/// None: no bound (anything up to public-write).
pub fn unknown_acl_cap(ignore_public_acls: bool) -> Option<Level> {
    ignore_public_acls.then_some(Level::CrossAccount)
}

/// A grant of type CanonicalUser names one account's canonical user: whatever its id, it is
/// never the AllUsers or AuthenticatedUsers group (those are grants of type Group), so the most
/// it gives is cross-account access.
pub fn canonical_user_grant_level() -> Level {
    Level::CrossAccount
}

/// A bucket whose name is not known (a variable, a generated name) may be the bucket any
/// Resource with unknown parts names: read at its widest, such a policy reaches it. (Resources
/// that name it through its own `arn`/`id` match its placeholder name in every reading.)
pub fn unknown_name_may_be_named(name: &crate::model::Value<String>) -> bool {
    !matches!(name, crate::model::Value::Set(..))
}

/// Kleene logic over access levels: what is proven stands whatever unknown remains (true OR
/// unknown = true), and an unknown only leaves the answer open when it could give more than is
/// proven. The levels to report as undecided, given the proven level and the levels the unknown
/// part might give: the worst one, and cross-account on its own when that is possible too (it is
/// its own check, BG124).
pub fn undecided_levels(proven: Level, possible: &[Level]) -> Vec<Level> {
    let mut out = Vec::new();
    if let Some(worst) = possible.iter().copied().filter(|l| *l > proven).max() {
        out.push(worst);
        if worst > Level::CrossAccount
            && proven < Level::CrossAccount
            && possible.contains(&Level::CrossAccount)
        {
            out.push(Level::CrossAccount);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The owner account is not exposure; a listed trusted account neither.
    #[test]
    fn owner_and_trusted_accounts_are_trusted() {
        assert!(is_trusted(partial::OWN_ACCOUNT, &[]));
        assert!(is_trusted("111122223333", &["111122223333".into()]));
        assert!(!is_trusted("111122223333", &[]));
    }

    // ELB and CloudFront log delivery principals are AWS's own accounts, not exposure.
    #[test]
    fn log_delivery_principals_are_recognized() {
        let elb = format!("arn:aws:iam::{}:root", partial::ELB_ACCOUNT);
        assert!(log_delivery_principal("AWS", &elb));
        assert!(log_delivery_principal("CanonicalUser", partial::CLOUDFRONT_LOGS));
        assert!(!log_delivery_principal("AWS", "arn:aws:iam::111122223333:root"));
        assert!(own_canonical_user("CanonicalUser", partial::OWN_CANONICAL));
        assert!(!own_canonical_user("CanonicalUser", "abc"));
    }

    // The owner's organization is named as such, other organizations by id.
    #[test]
    fn organizations_are_labelled() {
        assert_eq!(
            organization_label(partial::OWN_ORG),
            "accounts of the owner's organization"
        );
        assert_eq!(organization_label("o-123"), "organization o-123");
    }

    // block_public_policy / restrict_public_buckets: an unknown policy is at most cross-account.
    #[test]
    fn blocks_cap_unknown_policies() {
        assert_eq!(unknown_policy_cap(true, false), Some(Level::CrossAccount));
        assert_eq!(unknown_policy_cap(false, true), Some(Level::CrossAccount));
        assert_eq!(unknown_policy_cap(false, false), None);
    }

    // ignore_public_acls: an unknown ACL is at most cross-account (grants to accounts remain).
    #[test]
    fn ignore_public_acls_caps_unknown_acls() {
        assert_eq!(unknown_acl_cap(true), Some(Level::CrossAccount));
        assert_eq!(unknown_acl_cap(false), None);
    }

    // CanonicalUser grants are never the public groups.
    #[test]
    fn canonical_user_grants_are_at_most_cross_account() {
        assert!(canonical_user_grant_level() < Level::AuthenticatedUsers);
    }

    // A bucket named by a variable may be what any partly known Resource names.
    #[test]
    fn unknown_names_may_be_named() {
        use crate::model::{FileId, Origin, Value};
        let o = Origin::new(FileId(0), 0..1);
        assert!(unknown_name_may_be_named(&Value::Unknown("var.n".into(), o)));
        assert!(unknown_name_may_be_named(&Value::Default(String::new(), o)));
        assert!(!unknown_name_may_be_named(&Value::Set("b".into(), o)));
    }

    // true OR unknown = true; an unknown below what is proven changes nothing.
    #[test]
    fn kleene_levels() {
        assert!(undecided_levels(Level::PublicWrite, &[Level::PublicWrite, Level::CrossAccount]).is_empty());
        assert!(undecided_levels(Level::PublicRead, &[Level::CrossAccount]).is_empty());
        assert_eq!(
            undecided_levels(Level::Private, &[Level::PublicRead]),
            [Level::PublicRead]
        );
        assert_eq!(
            undecided_levels(Level::Private, &[Level::PublicWrite, Level::CrossAccount]),
            [Level::PublicWrite, Level::CrossAccount]
        );
    }
}

#[cfg(test)]
mod own_account_tests {
    use crate::model::{FileId, Mode, Node, Origin, Resource};
    use serde_json::json;

    fn res(mode: Mode, rtype: &str, name: &str, root: &str, body: serde_json::Value) -> Resource {
        let o = Origin::new(FileId(0), 0..1);
        let prefix = if mode == Mode::Data { "data." } else { "" };
        Resource {
            address: format!("{prefix}{rtype}.{name}"),
            module: String::new(),
            mode,
            rtype: rtype.into(),
            name: name.into(),
            body: Node::from_json(&body, o),
            origin: o,
            root: root.into(),
            module_calls: Vec::new(),
            planned: None,
            bucket_expr: None,
        }
    }

    // A plan knows the account data.aws_caller_identity reads: a grant to it is the owner's own,
    // in that root only.
    #[test]
    fn the_plans_own_account_is_not_cross_account() {
        let policy =
            json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})
            .to_string();
        let mut resources = Vec::new();
        for root in ["p1", "p2"] {
            resources.push(res(
                Mode::Managed,
                "aws_s3_bucket",
                "b",
                root,
                json!({"bucket": "b", "policy": policy}),
            ));
        }
        resources.push(res(
            Mode::Data,
            "aws_caller_identity",
            "me",
            "p1",
            json!({"account_id": "111122223333"}),
        ));
        let model = crate::model::build::build(resources);
        let verdicts: Vec<String> = model
            .buckets
            .iter()
            .map(|b| format!("{} {}", b.root, crate::exposure::compute(&model, b).verdict))
            .collect();
        assert_eq!(verdicts, ["p1 private", "p2 cross-account"]);
    }
}
