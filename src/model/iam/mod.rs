//! IAM policy documents: statements, principals, actions, conditions, and what they cover.
//! In the model (the lowest layer) because the front ends read bucket policies into it and both
//! `exposure` and `policy` ask it questions.
//!
//! A small typed view of a bucket policy (`serde_json::Value` → [`Document`]) and the questions
//! the checks ask of it: is a statement public ("The meaning of public" in the S3 user guide),
//! what kind of access do its actions grant, which resources does it cover.

use serde_json::Value as J;

use crate::model::wildcard::{may_match_prefix, wildcard_match};
use crate::model::{BucketArn, partial};

mod actions;
mod patterns;
mod readings;

pub use actions::{Access, Class, S3_ACTIONS, acts_on_objects, s3_action};
use actions::{classify_by_verb, exact_access, strip_prefix_ci};
pub use readings::{Reading, Views};

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub statements: Vec<Statement>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// One statement. `Action`/`NotAction` etc. are kept as written (patterns).
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Option<Principal>,
    pub not_principal: Option<Principal>,
    pub action: Option<Vec<String>>,
    pub not_action: Option<Vec<String>>,
    pub resource: Option<Vec<String>>,
    pub not_resource: Option<Vec<String>>,
    pub conditions: Vec<Condition>,
    /// `resource` and `not_resource` by their patterns' literal text (see [`patterns`]).
    resource_index: patterns::Index,
    not_resource_index: patterns::Index,
}

/// `"*"` or a map of principal type (`AWS`, `Service`, `CanonicalUser`, `Federated`) to values.
#[derive(Clone, Debug, PartialEq)]
pub enum Principal {
    /// `"Principal": "*"`.
    Anyone,
    /// `(type, value)` pairs, e.g. `("AWS", "*")`, `("AWS", "123456789012")`.
    Typed(Vec<(String, String)>),
}

impl Principal {
    /// `"*"` or an `AWS` entry of `"*"`: anyone, including anonymous requests.
    pub fn is_public(&self) -> bool {
        match self {
            Principal::Anyone => true,
            Principal::Typed(entries) => entries
                .iter()
                .any(|(t, v)| t.eq_ignore_ascii_case("AWS") && v == "*"),
        }
    }
}

/// The condition set operator prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetOp {
    ForAnyValue,
    ForAllValues,
}

/// One `operator → key → values` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The operator without prefix and `IfExists` suffix, as written (`StringEquals`).
    pub operator: String,
    pub if_exists: bool,
    pub set_op: Option<SetOp>,
    /// The condition key, lower-cased (keys are case-insensitive).
    pub key: String,
    /// Values as strings (booleans and numbers are stringified as IAM does).
    pub values: Vec<String>,
}

impl Condition {
    pub fn op_is(&self, name: &str) -> bool {
        self.operator.eq_ignore_ascii_case(name)
    }
}

/// What makes a policy document not a valid IAM policy; its text is for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Malformed {
    #[error("the policy document is not a JSON object")]
    NotAnObject,
    #[error("the policy document has no Statement")]
    NoStatement,
    #[error("Statement must be an object or a list of objects")]
    StatementNotAList,
    #[error("each Statement must be an object")]
    StatementNotAnObject,
    #[error("a Statement has no Effect")]
    NoEffect,
    #[error("unknown Effect {0:?}")]
    UnknownEffect(String),
    /// The element (`Action`, `a Condition value`, ...) holds a value that is not a string.
    #[error("{0} must hold strings")]
    NotStrings(&'static str),
    #[error("{0} must be a string or a list of strings")]
    NotAStringList(&'static str),
    #[error("{what} must be \"*\" or an object, not {text:?}")]
    PrincipalText { what: &'static str, text: String },
    #[error("{0} must be \"*\" or an object")]
    PrincipalShape(&'static str),
    #[error("Condition must be an object")]
    ConditionNotAnObject,
    #[error("Condition operator {0} must map keys to values")]
    ConditionOperator(String),
}

impl Document {
    /// Parse a policy document.
    pub fn parse(doc: &J) -> Result<Document, Malformed> {
        let obj = doc.as_object().ok_or(Malformed::NotAnObject)?;
        let stmts = get_ci(obj, "Statement").ok_or(Malformed::NoStatement)?;
        let statements = match stmts {
            J::Array(a) => a.iter().map(Statement::parse).collect::<Result<Vec<_>, _>>()?,
            J::Object(_) => vec![Statement::parse(stmts)?],
            _ => return Err(Malformed::StatementNotAList),
        };
        Ok(Document { statements })
    }
}

/// A JSON object's member by key, compared ignoring ASCII case when no key matches exactly: IAM
/// reads policy element names so, and Go's json.Unmarshal matches struct fields so (the
/// `aws_iam_policy_document` source documents).
pub fn get_ci<'a>(obj: &'a serde_json::Map<String, J>, key: &str) -> Option<&'a J> {
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn scalar_string(v: &J) -> Option<String> {
    match v {
        J::String(s) => Some(s.clone()),
        J::Bool(b) => Some(b.to_string()),
        J::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A string or a list of strings.
fn string_list(v: &J, what: &'static str) -> Result<Vec<String>, Malformed> {
    match v {
        J::Array(a) => a
            .iter()
            .map(|x| scalar_string(x).ok_or(Malformed::NotStrings(what)))
            .collect(),
        other => scalar_string(other)
            .map(|s| vec![s])
            .ok_or(Malformed::NotAStringList(what)),
    }
}

fn parse_principal(v: &J, what: &'static str) -> Result<Principal, Malformed> {
    match v {
        J::String(s) if s == "*" => Ok(Principal::Anyone),
        J::String(s) => Err(Malformed::PrincipalText {
            what,
            text: s.clone(),
        }),
        J::Object(m) => {
            let mut entries = Vec::new();
            for (t, vals) in m {
                for val in string_list(vals, what)? {
                    entries.push((t.clone(), val));
                }
            }
            Ok(Principal::Typed(entries))
        }
        _ => Err(Malformed::PrincipalShape(what)),
    }
}

impl Statement {
    fn parse(v: &J) -> Result<Statement, Malformed> {
        let obj = v.as_object().ok_or(Malformed::StatementNotAnObject)?;
        let effect = match get_ci(obj, "Effect").and_then(J::as_str) {
            Some(e) if e.eq_ignore_ascii_case("Allow") => Effect::Allow,
            Some(e) if e.eq_ignore_ascii_case("Deny") => Effect::Deny,
            Some(e) => return Err(Malformed::UnknownEffect(e.to_string())),
            None => return Err(Malformed::NoEffect),
        };
        let list = |key: &'static str| get_ci(obj, key).map(|v| string_list(v, key)).transpose();
        let principal = get_ci(obj, "Principal")
            .map(|v| parse_principal(v, "Principal"))
            .transpose()?;
        let not_principal = get_ci(obj, "NotPrincipal")
            .map(|v| parse_principal(v, "NotPrincipal"))
            .transpose()?;
        let mut conditions = Vec::new();
        if let Some(c) = get_ci(obj, "Condition") {
            let ops = c.as_object().ok_or(Malformed::ConditionNotAnObject)?;
            for (op, keys) in ops {
                let keys = keys
                    .as_object()
                    .ok_or_else(|| Malformed::ConditionOperator(op.clone()))?;
                let (set_op, rest) = if let Some(r) = strip_prefix_ci(op, "ForAnyValue:") {
                    (Some(SetOp::ForAnyValue), r)
                } else if let Some(r) = strip_prefix_ci(op, "ForAllValues:") {
                    (Some(SetOp::ForAllValues), r)
                } else {
                    (None, op.as_str())
                };
                let (operator, if_exists) = match rest.len().checked_sub(8) {
                    Some(i) if rest.is_char_boundary(i) && rest[i..].eq_ignore_ascii_case("IfExists") => {
                        (&rest[..i], true)
                    }
                    _ => (rest, false),
                };
                for (key, vals) in keys {
                    conditions.push(Condition {
                        operator: operator.to_string(),
                        if_exists,
                        set_op,
                        key: key.to_ascii_lowercase(),
                        values: string_list(vals, "a Condition value")?,
                    });
                }
            }
        }
        Ok(Statement {
            sid: get_ci(obj, "Sid").and_then(scalar_string),
            effect,
            principal,
            not_principal,
            action: list("Action")?,
            not_action: list("NotAction")?,
            resource: list("Resource")?,
            not_resource: list("NotResource")?,
            conditions,
            resource_index: patterns::Index::default(),
            not_resource_index: patterns::Index::default(),
        })
    }

    /// The statement applies to anyone: `Principal` `"*"` / `{"AWS":"*"}`, or a `NotPrincipal`
    /// (everyone except the listed principals).
    pub fn has_public_principal(&self) -> bool {
        self.principal.as_ref().is_some_and(Principal::is_public) || self.not_principal.is_some()
    }

    /// An Allow to anyone with no condition that makes it non-public: a public grant, as "The
    /// meaning of public" counts it.
    pub fn is_public_allow(&self) -> bool {
        self.effect == Effect::Allow && self.has_public_principal() && self.non_public_condition().is_none()
    }

    /// Whether the statement's Action/NotAction covers `action` (`s3:GetObject`).
    pub fn covers_action(&self, action: &str) -> bool {
        match (&self.action, &self.not_action) {
            (Some(a), _) => a.iter().any(|p| wildcard_match(p, action, true)),
            (None, Some(na)) => !na.iter().any(|p| wildcard_match(p, action, true)),
            (None, None) => false,
        }
    }

    /// The access the statement's actions grant on S3.
    pub fn access(&self) -> Access {
        if self.covers_all_s3_actions() {
            return Access::Write;
        }
        if let (Some(actions), None) = (&self.action, &self.not_action)
            && !actions.iter().any(|a| a.contains(['*', '?']))
        {
            // Exact names only (the common case): look each up instead of matching every known
            // S3 action against the list.
            return actions
                .iter()
                .map(|a| exact_access(a))
                .max()
                .unwrap_or(Access::None);
        }
        let mut access = Access::None;
        let mut action = String::with_capacity(48);
        for (name, class) in S3_ACTIONS {
            let grants = class.access();
            // Only an action that would raise the access is worth matching.
            if grants > access && self.covers_action(s3_action(&mut action, name)) {
                access = grants;
            }
        }
        // Exact S3 actions this list does not know yet: judge by the verb.
        for a in self.action.iter().flatten() {
            if let Some(name) = strip_prefix_ci(a, "s3:")
                && !name.contains(['*', '?'])
                && !S3_ACTIONS.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                access = access.max(classify_by_verb(name));
            }
        }
        access
    }

    /// Whether Resource/NotResource covers `arn`.
    pub fn covers_resource(&self, arn: &str) -> bool {
        match (&self.resource, &self.not_resource) {
            (Some(_), _) => self.resources_near(&[arn]).any(|p| wildcard_match(p, arn, false)),
            (None, Some(_)) => !self
                .not_resources_near(&[arn])
                .any(|p| wildcard_match(p, arn, false)),
            (None, None) => false,
        }
    }

    /// The Resource patterns that may match one of `targets` or an ARN beginning with it.
    pub fn resources_near(&self, targets: &[&str]) -> impl Iterator<Item = &String> {
        patterns::near(
            self.resource.as_deref().unwrap_or_default(),
            &self.resource_index,
            targets,
        )
    }

    /// The NotResource patterns that may match one of `targets` or an ARN beginning with it.
    pub fn not_resources_near(&self, targets: &[&str]) -> impl Iterator<Item = &String> {
        patterns::near(
            self.not_resource.as_deref().unwrap_or_default(),
            &self.not_resource_index,
            targets,
        )
    }

    /// A condition that limits the statement to fixed, non-public requesters, per "The meaning of
    /// public": a restricting operator on one of the listed keys with values free of wildcards and
    /// policy variables. `IfExists` and `ForAllValues:` do not restrict (they pass when the key is
    /// absent, as it is for anonymous requests).
    pub fn non_public_condition(&self) -> Option<&Condition> {
        self.conditions.iter().find(|c| is_restricting(c))
    }
}

/// The account id a principal value names: a bare 12-digit id or the account segment of an ARN
/// (`arn:aws:iam::123456789012:root`, `arn:aws:sts::123456789012:assumed-role/...`).
pub fn account_of(value: &str) -> Option<&str> {
    if (value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())) || value == partial::OWN_ACCOUNT {
        return Some(value);
    }
    let mut parts = value.splitn(6, ':');
    let (arn, _, _, _, account) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    (arn == "arn" && !account.is_empty()).then_some(account)
}

/// Condition keys whose fixed values make a statement non-public (S3 user guide, "The meaning of
/// public"), lower-cased.
pub const NON_PUBLIC_KEYS: &[&str] = &[
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:sourceip",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalservicename",
    "aws:principalservicenameslist",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:userid",
    "s3:dataaccesspointarn",
    "s3:dataaccesspointaccount",
];

fn is_restricting(c: &Condition) -> bool {
    if c.if_exists || c.set_op == Some(SetOp::ForAllValues) || c.values.is_empty() {
        return false;
    }
    if !NON_PUBLIC_KEYS.contains(&c.key.as_str()) {
        return false;
    }
    let positive = [
        "StringEquals",
        "StringEqualsIgnoreCase",
        "StringLike",
        "ArnEquals",
        "ArnLike",
        "IpAddress",
    ];
    if !positive.iter().any(|p| c.op_is(p)) {
        return false;
    }
    c.values.iter().all(|v| {
        let fixed = !v.contains(['*', '?']) && !v.contains("${");
        if c.key == "aws:sourceip" {
            // A CIDR covering the whole address space is public (0.0.0.0/0, ::/0).
            fixed && !v.trim().ends_with("/0")
        } else {
            fixed && !v.is_empty()
        }
    })
}

/// `pattern` matches every string that starts with `prefix`.
fn covers_every_extension(pattern: &str, prefix: &str, ignore_case: bool) -> bool {
    // `q*` covers every extension of `prefix` iff `q*` matches `prefix` itself.
    pattern.ends_with('*') && wildcard_match(pattern, prefix, ignore_case)
}

impl Statement {
    /// Action is `*`, `s3:*` (or a pattern equal to them in effect); NotAction never is.
    pub fn covers_all_s3_actions(&self) -> bool {
        self.action
            .iter()
            .flatten()
            .any(|p| covers_every_extension(p, "s3:", true))
    }

    /// Resource/NotResource covers every object of the bucket `name` (`arn:aws:s3:::NAME/*`).
    pub fn covers_all_objects(&self, name: &str) -> bool {
        let prefix = BucketArn::new(name).objects_prefix();
        match (&self.resource, &self.not_resource) {
            (Some(_), _) => self
                .resources_near(&[&prefix])
                .any(|p| covers_every_extension(p, &prefix, false)),
            (None, Some(_)) => {
                let pre: Vec<char> = prefix.chars().collect();
                !self
                    .not_resources_near(&[&prefix])
                    .any(|p| may_match_prefix(&p.chars().collect::<Vec<_>>(), &pre))
            }
            (None, None) => false,
        }
    }

    /// NotResource excludes every object of the bucket.
    pub fn covers_all_objects_excluded(&self, name: &str) -> bool {
        let prefix = BucketArn::new(name).objects_prefix();
        self.not_resources_near(&[&prefix])
            .any(|p| p.ends_with('*') && wildcard_match(p, &prefix, false))
    }

    /// How findings and reasons name the statement: by its Sid, else by its 1-based position `i + 1`.
    pub fn label(&self, i: usize) -> String {
        match &self.sid {
            Some(s) => format!("statement `{s}`"),
            None => format!("statement #{}", i + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn stmt(v: J) -> Statement {
        Document::parse(&json!({ "Statement": v }))
            .unwrap()
            .statements
            .remove(0)
    }

    // Exact action names are looked up, not matched: the same answer as matching every known
    // action (case-insensitive, as IAM compares action names), and the verb for unknown ones.
    #[test]
    fn exact_actions_are_classified_like_matched_ones() {
        let access = |a: J| stmt(json!({"Effect": "Allow", "Action": a})).access();
        for (name, class) in S3_ACTIONS {
            let want = match class {
                Class::Read | Class::List => Access::Read,
                Class::Write | Class::Permissions => Access::Write,
            };
            let upper = format!("S3:{}", name.to_ascii_uppercase());
            assert_eq!(access(json!(upper)), want, "{name}");
            // The matching path (taken when any pattern has a wildcard; `Zz*` matches no action)
            // agrees.
            assert_eq!(access(json!([format!("s3:{name}"), "s3:Zz*"])), want, "{name}");
        }
        assert_eq!(access(json!("s3:GetSomethingNew")), Access::Read);
        // Beside a wildcard too: the unknown exact name is judged by its verb.
        assert_eq!(access(json!(["s3:PutSomethingNew", "s3:Get*"])), Access::Write);
        assert_eq!(access(json!("s3:FrobnicateBucket")), Access::Write);
        assert_eq!(access(json!("kms:Decrypt")), Access::None);
        assert_eq!(
            access(json!(["kms:Decrypt", "s3:GetObject", "s3:ListBucket"])),
            Access::Read
        );
        assert_eq!(access(json!(["s3:GetObject", "s3:PutObject"])), Access::Write);
    }

    // Findings and exposure reasons name a statement by its Sid, else by its position from 1.
    #[test]
    fn statements_are_labelled_by_sid_or_position() {
        assert_eq!(
            stmt(json!({"Sid": "Public", "Effect": "Allow"})).label(4),
            "statement `Public`"
        );
        assert_eq!(stmt(json!({"Effect": "Allow"})).label(0), "statement #1");
        assert_eq!(stmt(json!({"Effect": "Allow"})).label(2), "statement #3");
    }

    // IAM access levels: Read and List actions read; Write and Permissions management write.
    #[test]
    fn action_classes_grant_access() {
        assert_eq!(Class::Read.access(), Access::Read);
        assert_eq!(Class::List.access(), Access::Read);
        assert_eq!(Class::Write.access(), Access::Write);
        assert_eq!(Class::Permissions.access(), Access::Write);
    }

    // IAM reads element names ignoring case; an exact match wins when both spellings are present.
    #[test]
    fn element_names_ignore_case() {
        let d =
            Document::parse(&json!({"STATEMENT": {"effect": "Deny", "SID": "x", "action": "s3:*"}})).unwrap();
        assert_eq!(d.statements[0].effect, Effect::Deny);
        assert_eq!(d.statements[0].sid.as_deref(), Some("x"));
        let obj = json!({"effect": "Deny", "Effect": "Allow"});
        assert_eq!(get_ci(obj.as_object().unwrap(), "Effect"), Some(&json!("Allow")));
        let lower = json!({"effect": "Deny"});
        assert_eq!(get_ci(lower.as_object().unwrap(), "EFFECT"), Some(&json!("Deny")));
        assert_eq!(get_ci(obj.as_object().unwrap(), "Sid"), None);
    }

    #[test]
    fn statement_single_or_list() {
        let one =
            Document::parse(&json!({"Statement": {"Effect": "Allow", "Action": "s3:GetObject"}})).unwrap();
        assert_eq!(one.statements.len(), 1);
        let two = Document::parse(&json!({"Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject"},
            {"Effect": "Deny", "Action": ["s3:PutObject"]}
        ]}))
        .unwrap();
        assert_eq!(two.statements[1].effect, Effect::Deny);
        assert!(Document::parse(&json!({"Version": "2012-10-17"})).is_err());
        assert!(Document::parse(&json!({"Statement": [{"Effect": "Maybe"}]})).is_err());
    }

    #[test]
    fn principals_in_every_form() {
        assert!(stmt(json!({"Effect": "Allow", "Principal": "*"})).has_public_principal());
        assert!(stmt(json!({"Effect": "Allow", "Principal": {"AWS": "*"}})).has_public_principal());
        assert!(
            stmt(json!({"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}}))
                .has_public_principal()
        );
        assert!(
            !stmt(json!({"Effect": "Allow", "Principal": {"AWS": "111122223333"}})).has_public_principal()
        );
        assert!(
            !stmt(json!({"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}}))
                .has_public_principal()
        );
        assert!(
            !stmt(json!({"Effect": "Allow", "Principal": {"CanonicalUser": "abc"}})).has_public_principal()
        );
        assert!(
            !stmt(json!({"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}}))
                .has_public_principal()
        );
        // Everyone except one account.
        assert!(
            stmt(json!({"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}}))
                .has_public_principal()
        );
    }

    #[test]
    fn actions_and_wildcards() {
        let s = stmt(json!({"Effect": "Allow", "Action": "S3:get*"}));
        assert!(s.covers_action("s3:GetObject"));
        assert!(!s.covers_action("s3:PutObject"));
        assert_eq!(s.access(), Access::Read);
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "*"})).access(),
            Access::Write
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:*"})).access(),
            Access::Write
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:List*"})).access(),
            Access::Read
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:PutBucketAcl"})).access(),
            Access::Write
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:Delete*"})).access(),
            Access::Write
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:GetObjectV?rsion"})).access(),
            Access::Read
        );
        // NotAction: everything but reads is a write grant.
        assert_eq!(
            stmt(json!({"Effect": "Allow", "NotAction": "s3:Get*"})).access(),
            Access::Write
        );
        // Unknown exact action judged by its verb.
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:GetNewThing"})).access(),
            Access::Read
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:PutNewThing"})).access(),
            Access::Write
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "ec2:*"})).access(),
            Access::None
        );
    }

    #[test]
    fn resource_patterns() {
        assert!(wildcard_match("arn:aws:s3:::b*", "arn:aws:s3:::bucket", false));
        assert!(wildcard_match(
            "arn:aws:s3:::b?cket/*",
            "arn:aws:s3:::bucket/x/y",
            false
        ));
        assert!(!wildcard_match(
            "arn:aws:s3:::Bucket",
            "arn:aws:s3:::bucket",
            false
        ));
        assert!(wildcard_match("a*b*c", "aXXbYYc", false));
        assert!(!wildcard_match("a*b*c", "aXXbYY", false));
        let s = stmt(json!({"Effect": "Deny", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}));
        assert!(s.covers_resource("arn:aws:s3:::b"));
        assert!(s.covers_all_objects("b"));
        let prefix = stmt(json!({"Effect": "Deny", "Resource": "arn:aws:s3:::b/logs/*"}));
        assert!(!prefix.covers_all_objects("b"));
        assert!(stmt(json!({"Effect": "Deny", "Resource": "arn:aws:s3:::b*"})).covers_all_objects("b"));
        assert!(stmt(json!({"Effect": "Deny", "Action": "s3:*"})).covers_all_s3_actions());
        assert!(stmt(json!({"Effect": "Deny", "Action": "*"})).covers_all_s3_actions());
        assert!(!stmt(json!({"Effect": "Deny", "NotAction": "s3:GetObject"})).covers_all_s3_actions());
        assert!(!stmt(json!({"Effect": "Deny", "Action": "s3:Get*"})).covers_all_s3_actions());
        let nr = stmt(json!({"Effect": "Deny", "NotResource": "arn:aws:s3:::other/*"}));
        assert!(nr.covers_resource("arn:aws:s3:::b"));
        assert!(nr.covers_all_objects("b"));
        let nr_own = stmt(json!({"Effect": "Deny", "NotResource": "arn:aws:s3:::b/public/*"}));
        assert!(!nr_own.covers_all_objects("b"));
        let nr_wild = stmt(json!({"Effect": "Deny", "NotResource": "arn:aws:s3:::*"}));
        assert!(!nr_wild.covers_all_objects("b"));
        let nr_short = stmt(json!({"Effect": "Deny", "NotResource": "arn:aws:s3:::c"}));
        assert!(nr_short.covers_all_objects("b"));
        // Many stars must not explode.
        let hostile = format!("{}x", "a*".repeat(40));
        assert!(!may_match_prefix(
            &hostile.chars().collect::<Vec<_>>(),
            &"b".repeat(200).chars().collect::<Vec<_>>()
        ));
        assert!(may_match_prefix(&['a', '?', 'c'], &['a', 'b']));
        assert!(!may_match_prefix(&['a', 'c'], &['a', 'b']));
    }

    #[test]
    fn conditions_parse_and_restrict() {
        let s = stmt(json!({"Effect": "Allow", "Condition": {
            "ForAnyValue:StringEqualsIfExists": {"AWS:SourceVpce": ["vpce-1"]},
            "Bool": {"aws:SecureTransport": false}
        }}));
        let c = s.conditions.iter().find(|c| c.key == "aws:sourcevpce").unwrap();
        assert_eq!(c.operator, "StringEquals");
        assert!(c.if_exists);
        assert_eq!(c.set_op, Some(SetOp::ForAnyValue));
        assert_eq!(
            s.conditions
                .iter()
                .find(|c| c.key == "aws:securetransport")
                .unwrap()
                .values,
            ["false"]
        );
        // IfExists passes for anonymous callers: still public.
        assert!(s.non_public_condition().is_none());

        let vpce =
            stmt(json!({"Effect": "Allow", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}));
        assert!(vpce.non_public_condition().is_some());
        let wild = stmt(json!({"Effect": "Allow", "Condition": {"ArnLike": {"aws:SourceArn": "*"}}}));
        assert!(wild.non_public_condition().is_none());
        let any_ip =
            stmt(json!({"Effect": "Allow", "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}}));
        assert!(any_ip.non_public_condition().is_none());
        let ip =
            stmt(json!({"Effect": "Allow", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}));
        assert!(ip.non_public_condition().is_some());
        let neg = stmt(json!({"Effect": "Allow", "Condition": {"StringNotEquals": {"aws:SourceVpce": "v"}}}));
        assert!(neg.non_public_condition().is_none());
        let tls = stmt(json!({"Effect": "Allow", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}));
        assert!(tls.non_public_condition().is_none());
    }

    /// A partial document from JSON where `?O`, `?F`, `?P`, `?A` stand for Opaque, Fixed,
    /// Partition and Account holes.
    fn views(v: J) -> Views {
        let text = v
            .to_string()
            .replace("?O", &partial::Sym::Opaque.hole().to_string())
            .replace("?F", &partial::Sym::Fixed.hole().to_string())
            .replace("?P", &partial::Sym::Partition.hole().to_string())
            .replace("?A", &partial::Sym::Account.hole().to_string());
        Views::parse(&serde_json::from_str(&text).unwrap(), "why".into()).unwrap()
    }

    fn one(d: &Document) -> &Statement {
        &d.statements[0]
    }

    // A Partition hole is the bucket's own partition: the ARN names the same bucket in every
    // reading.
    #[test]
    fn partition_symbol_names_the_bucket() {
        let v = views(
            json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:?P:s3:::b/*"}]}),
        );
        for d in [&v.widest, &v.narrowest] {
            assert!(one(d).covers_all_objects("b"));
        }
    }

    // An unknown resource matches anything when it widens (an Allow at its widest) and nothing
    // when it narrows.
    #[test]
    fn opaque_resource_is_star_or_nothing() {
        let v = views(json!({"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::?O/*"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::?O/*"}]}));
        assert!(v.widest.statements[0].covers_all_objects("b"));
        assert!(!v.narrowest.statements[0].covers_all_objects("b"));
        assert!(!v.widest.statements[1].covers_all_objects("b"));
        assert!(v.narrowest.statements[1].covers_all_objects("b"));
    }

    // Principals take no wildcard but `*` itself: only a wholly unknown one can be everyone.
    #[test]
    fn only_a_wholly_unknown_principal_can_be_public() {
        let stmt = |p: J| json!({"Statement": [{"Effect": "Allow", "Principal": p, "Action": "s3:GetObject", "Resource": "*"}]});
        let v = views(stmt(json!({"AWS": "?O"})));
        assert!(one(&v.widest).has_public_principal());
        assert!(!one(&v.widest_private).has_public_principal());
        // Read as not public, it is some other account (not no one).
        assert_eq!(
            one(&v.widest_private).principal,
            Some(Principal::Typed(vec![("AWS".into(), partial::FIXED.into())]))
        );
        assert!(!one(&v.narrowest).has_public_principal());
        for p in [json!({"AWS": "arn:aws:iam::?O:root"}), json!({"AWS": "?F"})] {
            let v = views(stmt(p.clone()));
            assert!(!one(&v.widest).has_public_principal(), "{p}");
        }
        // The owner account's root is itself in every reading.
        let own = views(stmt(json!({"AWS": "arn:aws:iam::?A:root"})));
        let Some(Principal::Typed(e)) = &one(&own.narrowest).principal else {
            panic!()
        };
        assert_eq!(account_of(&e[0].1), Some(partial::OWN_ACCOUNT));
    }

    // S3 counts a condition on a listed key with fixed values as restricting; a computed value
    // is fixed, a variable may be "*".
    #[test]
    fn computed_condition_values_restrict_opaque_ones_may_not() {
        let cond = |v: &str| {
            json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": v}}}]})
        };
        let fixed = views(cond("?F"));
        assert!(one(&fixed.widest).non_public_condition().is_some());
        let opaque = views(cond("?O"));
        assert!(one(&opaque.widest).non_public_condition().is_none());
        assert!(one(&opaque.widest_private).non_public_condition().is_some());
        // At its narrowest the condition never holds: the statement grants nothing.
        assert_eq!(one(&opaque.narrowest).access(), Access::None);
    }

    // A statement that is not known: anything at the widest, a Deny of everything at the
    // narrowest, and possibly the TLS Deny.
    #[test]
    fn unknown_statements_and_effects() {
        let v = views(
            json!({"Statement": ["?O", {"Effect": "?O", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}),
        );
        assert_eq!(v.widest.statements[0].effect, Effect::Allow);
        assert!(v.widest.statements[0].has_public_principal());
        assert_eq!(v.narrowest.statements[0].effect, Effect::Deny);
        assert_eq!(v.tls_could.statements[0].conditions[0].key, "aws:securetransport");
        assert_eq!(v.widest.statements[1].effect, Effect::Allow);
        assert_eq!(v.narrowest.statements[1].effect, Effect::Deny);
    }

    // A Deny's unknown condition narrows the Deny: at the widest reading the Deny may not apply.
    #[test]
    fn deny_conditions_with_holes() {
        let v = views(
            json!({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "?F"}}}]}),
        );
        assert_eq!(one(&v.widest).access(), Access::None);
        assert!(one(&v.narrowest).conditions.is_empty());
    }
}
