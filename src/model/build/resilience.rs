//! The settings the resilience checks read: tags, replication, object lock, lifecycle rules,
//! event notifications. Each is read from the bucket's inline (provider v3) arguments and from
//! its separate (v4+) resource, as encryption and versioning are: written values are Set at
//! their argument, provider defaults are Default at their block, and `dynamic` blocks over an
//! unknown collection make what they would add Unknown rather than absent.

use std::collections::BTreeMap;

use super::{bool_of, str_value, unknown_block};
use crate::model::node::{Node, Val, number_to_json};
use crate::model::{
    Lifecycle, LifecycleRule, Notification, ObjectLock, Origin, Replication, ReplicationRule,
};
use crate::model::{Resource, Value, provider};

/// The bucket's `tags` (see `Bucket::tags`); `bucket` is the bucket's block.
pub(super) fn tags(arg: Option<&Node>, bucket: Origin) -> Value<BTreeMap<String, Option<String>>> {
    let Some(n) = arg else {
        return Value::Default(BTreeMap::new(), bucket);
    };
    match &n.val {
        Val::Map(m) => Value::Set(
            m.iter().map(|(k, v)| (k.clone(), tag_value(v))).collect(),
            n.origin,
        ),
        Val::Unknown(r) => Value::Unknown(r.to_string(), n.origin),
        Val::Partial(p) => Value::Unknown(p.reason.to_string(), n.origin),
        _ => Value::Unknown("tags is not a map".into(), n.origin),
    }
}

/// A tag's value as Terraform converts it to a string; None when it is not known.
fn tag_value(n: &Node) -> Option<String> {
    match &n.val {
        Val::Str(s) => Some(s.to_string()),
        Val::Bool(b) => Some(b.to_string()),
        Val::Number(x) => Some(number_to_json(*x).to_string()),
        _ => None,
    }
}

/// A required string argument; absent, it is Unknown at the block (see `provider::missing`).
fn required_str(block: &Node, arg: &str) -> Value<String> {
    block
        .get(arg)
        .map_or_else(|| provider::missing(block, arg), str_value)
}

/// A number as Terraform converts it (a numeric string is a number).
fn number(n: &Node) -> Value<f64> {
    match &n.val {
        Val::Number(x) => Value::Set(*x, n.origin),
        Val::Str(s) if let Ok(x) = s.trim().parse::<f64>() => Value::Set(x, n.origin),
        Val::Unknown(r) => Value::Unknown(r.to_string(), n.origin),
        Val::Partial(p) => Value::Unknown(p.reason.to_string(), n.origin),
        _ => Value::Unknown("not a number".into(), n.origin),
    }
}

/// v3 `replication_configuration { rules { status, destination { bucket } } }`.
pub(super) fn inline_replication(r: &Resource) -> Option<Replication> {
    let block = *r.body.blocks("replication_configuration").first()?;
    Some(replication(&r.address, block, block.origin, "rules"))
}

/// `aws_s3_bucket_replication_configuration { rule { status, destination { bucket } } }`.
pub(super) fn separate_replication(r: &Resource) -> Replication {
    replication(&r.address, &r.body, r.origin, "rule")
}

/// The replication rules of `body`, in blocks named `key`.
fn replication(address: &str, body: &Node, origin: Origin, key: &str) -> Replication {
    let mut unknown = unknown_block(body);
    let mut rules = Vec::new();
    for rule in body.blocks(key) {
        if let Some(u) = unknown_block(rule) {
            unknown = unknown.or(Some(u));
            continue;
        }
        let destination = match rule.blocks("destination").first() {
            Some(d) if let Some((why, o)) = unknown_block(d) => Value::Unknown(why, o),
            Some(d) => required_str(d, "bucket"),
            None => provider::missing(rule, "destination"),
        };
        rules.push(ReplicationRule {
            origin: rule.origin,
            status: required_str(rule, "status"),
            destination,
        });
    }
    Replication {
        address: address.to_string(),
        origin,
        rules,
        unknown,
    }
}

/// The bucket's `object_lock_enabled` (v4+ bool) or its v3 `object_lock_configuration` block
/// (`object_lock_enabled = "Enabled"`; without it the provider creates the bucket without
/// object lock); None when neither is written.
pub(super) fn inline_object_lock(r: &Resource) -> Option<ObjectLock> {
    let attr = r.body.get("object_lock_enabled");
    let block = r.body.blocks("object_lock_configuration").first().copied();
    let (origin, enabled) = match (attr, block) {
        (Some(a), _) => (a.origin, bool_of(a)),
        (None, Some(b)) => (b.origin, block_enabled(b)),
        (None, None) => return None,
    };
    Some(ObjectLock {
        address: r.address.clone(),
        origin,
        enabled,
        retention_mode: block.and_then(retention_mode),
    })
}

/// `object_lock_enabled` of an inline `object_lock_configuration` block.
fn block_enabled(b: &Node) -> Value<bool> {
    if let Some((why, o)) = unknown_block(b) {
        return Value::Unknown(why, o);
    }
    b.get("object_lock_enabled")
        .map_or(Value::Default(false, b.origin), enabled_str)
}

/// `object_lock_enabled = "Enabled"`, the only value the provider accepts.
fn enabled_str(n: &Node) -> Value<bool> {
    match str_value(n) {
        Value::Set(s, o) | Value::Default(s, o) if s == "Enabled" => Value::Set(true, o),
        Value::Set(s, o) | Value::Default(s, o) => Value::Unknown(
            format!("object_lock_enabled is {s:?}: the provider accepts only \"Enabled\""),
            o,
        ),
        Value::Unknown(why, o) => Value::Unknown(why, o),
    }
}

/// `aws_s3_bucket_object_lock_configuration`: its `object_lock_enabled` defaults to "Enabled".
pub(super) fn separate_object_lock(r: &Resource) -> ObjectLock {
    ObjectLock {
        address: r.address.clone(),
        origin: r.origin,
        enabled: r
            .body
            .get("object_lock_enabled")
            .map_or(Value::Default(true, r.origin), enabled_str),
        retention_mode: retention_mode(&r.body),
    }
}

/// `rule { default_retention { mode } }` of an object lock configuration, when written (or when
/// a dynamic block over an unknown collection may write it).
fn retention_mode(lock: &Node) -> Option<Value<String>> {
    let unknown = |n: &Node| unknown_block(n).map(|(why, o)| Value::Unknown(why, o));
    if let Some(u) = unknown(lock) {
        return Some(u);
    }
    let rule = *lock.blocks("rule").first()?;
    if let Some(u) = unknown(rule) {
        return Some(u);
    }
    let retention = *rule.blocks("default_retention").first()?;
    if let Some(u) = unknown(retention) {
        return Some(u);
    }
    Some(retention.get("mode").map_or_else(
        || Value::Unknown("default_retention sets no mode".into(), retention.origin),
        str_value,
    ))
}

/// The v3 `lifecycle_rule { enabled, abort_incomplete_multipart_upload_days }` blocks, as one.
/// The provider sends no abort rule for 0 days (the unset value).
pub(super) fn inline_lifecycle(r: &Resource) -> Option<Lifecycle> {
    let blocks = r.body.blocks("lifecycle_rule");
    let mut l = lifecycle(&r.address, blocks.first()?.origin);
    for b in blocks {
        if let Some(u) = unknown_block(b) {
            l.unknown = l.unknown.or(Some(u));
            continue;
        }
        let status = match b.get("enabled") {
            Some(n) => bool_of(n).map(|on| if on { "Enabled" } else { "Disabled" }.to_string()),
            None => provider::missing(b, "enabled"),
        };
        let abort = b
            .get("abort_incomplete_multipart_upload_days")
            .map(number)
            .filter(|d| !matches!(d, Value::Set(x, _) if *x == 0.0));
        l.rules.push(LifecycleRule {
            origin: b.origin,
            status,
            abort_multipart_days: abort,
        });
    }
    Some(l)
}

/// `aws_s3_bucket_lifecycle_configuration { rule { status, abort_incomplete_multipart_upload {
/// days_after_initiation } } }`.
pub(super) fn separate_lifecycle(r: &Resource) -> Lifecycle {
    let mut l = lifecycle(&r.address, r.origin);
    for rule in r.body.blocks("rule") {
        if let Some(u) = unknown_block(rule) {
            l.unknown = l.unknown.or(Some(u));
            continue;
        }
        l.rules.push(LifecycleRule {
            origin: rule.origin,
            status: required_str(rule, "status"),
            abort_multipart_days: abort_days(rule),
        });
    }
    l
}

fn lifecycle(address: &str, origin: Origin) -> Lifecycle {
    Lifecycle {
        address: address.to_string(),
        origin,
        rules: Vec::new(),
        unknown: None,
    }
}

/// A separate lifecycle rule's `abort_incomplete_multipart_upload` days, when it has the block.
fn abort_days(rule: &Node) -> Option<Value<f64>> {
    let abort = *rule.blocks("abort_incomplete_multipart_upload").first()?;
    if let Some((why, o)) = unknown_block(abort) {
        return Some(Value::Unknown(why, o));
    }
    Some(abort.get("days_after_initiation").map_or_else(
        || {
            Value::Unknown(
                "abort_incomplete_multipart_upload sets no days_after_initiation".into(),
                abort.origin,
            )
        },
        number,
    ))
}

/// The destination blocks of a notification and the argument holding each one's ARN.
const DESTINATIONS: [(&str, &str); 3] = [
    ("topic", "topic_arn"),
    ("queue", "queue_arn"),
    ("lambda_function", "lambda_function_arn"),
];

/// `aws_s3_bucket_notification { topic { topic_arn } queue { queue_arn } lambda_function {
/// lambda_function_arn } eventbridge }`. The provider defaults `eventbridge` to false.
pub(super) fn notification(r: &Resource) -> Notification {
    let mut destinations = Vec::new();
    for (kind, arg) in DESTINATIONS {
        for b in r.body.blocks(kind) {
            let arn = match unknown_block(b) {
                Some((why, o)) => Value::Unknown(why, o),
                None => b.get(arg).map_or_else(
                    || Value::Unknown(format!("the {kind} block sets no {arg}"), b.origin),
                    str_value,
                ),
            };
            destinations.push((kind, arn));
        }
    }
    Notification {
        address: r.address.clone(),
        origin: r.origin,
        destinations,
        eventbridge: r
            .body
            .get("eventbridge")
            .map_or(Value::Default(false, r.origin), bool_of),
    }
}

#[cfg(test)]
mod tests {
    use super::super::build;
    use crate::model::test_nodes::*;
    use crate::model::*;

    fn bucket_with(entries: Vec<(&str, Node)>) -> Resource {
        let mut all = vec![("bucket", s("b", 1))];
        all.extend(entries);
        resource("aws_s3_bucket", "b", map(all, 0))
    }

    /// A separate resource configuring `aws_s3_bucket.b` by reference.
    fn separate(rtype: &str, entries: Vec<(&str, Node)>) -> Resource {
        let mut all = vec![("bucket", s("b", 2).with_refs(vec!["aws_s3_bucket.b".into()]))];
        all.extend(entries);
        resource(rtype, "x", map(all, 0))
    }

    fn one(items: Vec<(&str, Node)>, at: u32) -> Node {
        list(vec![map(items, at)], at)
    }

    fn num(x: f64, at: u32) -> Node {
        Node::new(Val::Number(x), o(at))
    }

    fn bool_node(b: bool, at: u32) -> Node {
        Node::new(Val::Bool(b), o(at))
    }

    fn unknown(at: u32) -> Node {
        Node::unknown("var.x has no value", o(at))
    }

    fn why(at: u32) -> Value<String> {
        Value::Unknown("var.x has no value".into(), o(at))
    }

    fn set(v: &str, at: u32) -> Value<String> {
        Value::Set(v.into(), o(at))
    }

    fn only(resources: Vec<Resource>) -> Bucket {
        let m = build(resources);
        assert!(m.unlinked.is_empty(), "{:?}", m.unlinked);
        let [b] = <[Bucket; 1]>::try_from(m.buckets).expect("one bucket");
        b
    }

    #[test]
    fn a_bucket_without_them_has_defaults() {
        let b = only(vec![bucket_with(vec![])]);
        assert_eq!(b.tags, Value::Default(Default::default(), o(0)));
        assert!(b.replication.is_none() && b.object_lock.is_none());
        assert!(b.lifecycle.is_empty() && b.notifications.is_empty());
    }

    #[test]
    fn tags_are_strings_as_terraform_converts_them() {
        let tags = map(
            vec![
                ("team", s("web", 11)),
                ("cost", num(42.0, 12)),
                ("on", bool_node(true, 13)),
                ("owner", unknown(14)),
            ],
            10,
        );
        let b = only(vec![bucket_with(vec![("tags", tags)])]);
        let want = [
            ("cost", Some("42")),
            ("on", Some("true")),
            ("owner", None),
            ("team", Some("web")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
        .collect();
        assert_eq!(b.tags, Value::Set(want, o(10)));
        let b = only(vec![bucket_with(vec![("tags", unknown(10))])]);
        assert_eq!(b.tags, Value::Unknown("var.x has no value".into(), o(10)));
    }

    #[test]
    fn inline_replication_rules() {
        let rule = |status: Node, dest: Node, at| map(vec![("status", status), ("destination", dest)], at);
        let config = one(
            vec![(
                "rules",
                list(
                    vec![
                        rule(
                            s("Enabled", 12),
                            one(vec![("bucket", s("arn:aws:s3:::dr", 14))], 13),
                            11,
                        ),
                        rule(s("Disabled", 16), one(vec![("bucket", unknown(18))], 17), 15),
                        rule(s("Enabled", 20), unknown(21), 19),
                        unknown(22),
                    ],
                    11,
                ),
            )],
            10,
        );
        let b = only(vec![bucket_with(vec![("replication_configuration", config)])]);
        let r = b.replication.expect("replication");
        assert_eq!((r.address.as_str(), r.origin), ("aws_s3_bucket.b", o(10)));
        let rules: Vec<_> = r
            .rules
            .iter()
            .map(|x| (x.origin, &x.status, &x.destination))
            .collect();
        assert_eq!(
            rules,
            [
                (o(11), &set("Enabled", 12), &set("arn:aws:s3:::dr", 14)),
                (o(15), &set("Disabled", 16), &why(18)),
                (o(19), &set("Enabled", 20), &why(21)),
            ]
        );
        assert_eq!(r.unknown, Some(("var.x has no value".into(), o(22))));
    }

    #[test]
    fn separate_replication_rules_and_a_missing_destination() {
        let rule = one(vec![("status", s("Enabled", 11))], 10);
        let b = only(vec![
            bucket_with(vec![]),
            separate("aws_s3_bucket_replication_configuration", vec![("rule", rule)]),
        ]);
        let r = b.replication.expect("replication");
        assert_eq!(
            (r.address.as_str(), r.origin, r.unknown.is_none()),
            ("aws_s3_bucket_replication_configuration.x", o(0), true)
        );
        assert_eq!(r.rules[0].status, set("Enabled", 11));
        assert_eq!(
            r.rules[0].destination,
            Value::Unknown(
                "terraform will reject this: the argument destination is required".into(),
                o(10)
            )
        );
        // A dynamic rule block over an unknown collection: no rule known.
        let b = only(vec![
            bucket_with(vec![]),
            separate(
                "aws_s3_bucket_replication_configuration",
                vec![("rule", unknown(10))],
            ),
        ]);
        let r = b.replication.expect("replication");
        assert!(r.rules.is_empty());
        assert_eq!(r.unknown, Some(("var.x has no value".into(), o(10))));
    }

    fn retention(mode: Node) -> Node {
        one(vec![("default_retention", one(vec![("mode", mode)], 22))], 21)
    }

    #[test]
    fn inline_object_lock() {
        // v4+: the bucket's own argument.
        let b = only(vec![bucket_with(vec![(
            "object_lock_enabled",
            bool_node(false, 5),
        )])]);
        let l = b.object_lock.expect("object lock");
        assert_eq!(
            (l.origin, &l.enabled, &l.retention_mode),
            (o(5), &Value::Set(false, o(5)), &None)
        );
        // v3: the block, with its default retention.
        let block = one(
            vec![
                ("object_lock_enabled", s("Enabled", 11)),
                ("rule", retention(s("GOVERNANCE", 23))),
            ],
            10,
        );
        let b = only(vec![bucket_with(vec![("object_lock_configuration", block)])]);
        let l = b.object_lock.expect("object lock");
        assert_eq!((l.address.as_str(), l.origin), ("aws_s3_bucket.b", o(10)));
        assert_eq!(l.enabled, Value::Set(true, o(11)));
        assert_eq!(l.retention_mode, Some(set("GOVERNANCE", 23)));
        // Without object_lock_enabled the provider creates the bucket without object lock.
        let block = one(vec![("rule", retention(unknown(23)))], 10);
        let b = only(vec![bucket_with(vec![("object_lock_configuration", block)])]);
        let l = b.object_lock.expect("object lock");
        assert_eq!(l.enabled, Value::Default(false, o(10)));
        assert_eq!(l.retention_mode, Some(why(23)));
        // A dynamic block over an unknown collection: neither is known.
        let b = only(vec![bucket_with(vec![(
            "object_lock_configuration",
            unknown(10),
        )])]);
        let l = b.object_lock.expect("object lock");
        assert_eq!(
            (l.enabled, l.retention_mode),
            (Value::Unknown("var.x has no value".into(), o(10)), Some(why(10)))
        );
    }

    #[test]
    fn separate_object_lock_replaces_the_buckets_own() {
        let b = only(vec![
            bucket_with(vec![("object_lock_enabled", bool_node(true, 5))]),
            separate(
                "aws_s3_bucket_object_lock_configuration",
                vec![("rule", retention(s("COMPLIANCE", 23)))],
            ),
        ]);
        let l = b.object_lock.expect("object lock");
        assert_eq!(
            (l.address.as_str(), l.origin),
            ("aws_s3_bucket_object_lock_configuration.x", o(0))
        );
        // object_lock_enabled defaults to "Enabled".
        assert_eq!(l.enabled, Value::Default(true, o(0)));
        assert_eq!(l.retention_mode, Some(set("COMPLIANCE", 23)));
        // No rule: no default retention. A value the provider rejects is not a known one.
        let b = only(vec![
            bucket_with(vec![]),
            separate(
                "aws_s3_bucket_object_lock_configuration",
                vec![("object_lock_enabled", s("Disabled", 3))],
            ),
        ]);
        let l = b.object_lock.expect("object lock");
        assert_eq!(l.retention_mode, None);
        assert_eq!(
            l.enabled,
            Value::Unknown(
                "object_lock_enabled is \"Disabled\": the provider accepts only \"Enabled\"".into(),
                o(3)
            )
        );
    }

    #[test]
    fn inline_lifecycle_rules_are_one() {
        let rule = |enabled: Node, days: Option<Node>, at| {
            let mut items = vec![("enabled", enabled)];
            items.extend(days.map(|d| ("abort_incomplete_multipart_upload_days", d)));
            map(items, at)
        };
        let rules = list(
            vec![
                rule(bool_node(true, 11), Some(num(3.0, 12)), 10),
                // 0 is the unset value: the provider sends no abort rule.
                rule(bool_node(false, 14), Some(num(0.0, 15)), 13),
                rule(unknown(17), Some(unknown(18)), 16),
                unknown(19),
            ],
            10,
        );
        let b = only(vec![bucket_with(vec![("lifecycle_rule", rules)])]);
        let [l] = b.lifecycle.as_slice() else {
            panic!("one lifecycle: {:?}", b.lifecycle)
        };
        assert_eq!((l.address.as_str(), l.origin), ("aws_s3_bucket.b", o(10)));
        let got: Vec<_> = l
            .rules
            .iter()
            .map(|r| (r.origin, &r.status, &r.abort_multipart_days))
            .collect();
        assert_eq!(
            got,
            [
                (o(10), &set("Enabled", 11), &Some(Value::Set(3.0, o(12)))),
                (o(13), &set("Disabled", 14), &None),
                (
                    o(16),
                    &why(17),
                    &Some(Value::Unknown("var.x has no value".into(), o(18)))
                ),
            ]
        );
        assert_eq!(l.unknown, Some(("var.x has no value".into(), o(19))));
    }

    #[test]
    fn separate_lifecycle_rules_add_to_the_inline_ones() {
        let abort = |days: Node| one(vec![("days_after_initiation", days)], 32);
        let rules = list(
            vec![
                map(
                    vec![
                        ("status", s("Enabled", 31)),
                        ("abort_incomplete_multipart_upload", abort(num(7.0, 33))),
                    ],
                    30,
                ),
                map(vec![("status", s("Disabled", 35))], 34),
                map(
                    vec![
                        ("status", s("Enabled", 37)),
                        ("abort_incomplete_multipart_upload", unknown(38)),
                    ],
                    36,
                ),
                map(
                    vec![
                        ("status", s("Enabled", 40)),
                        ("abort_incomplete_multipart_upload", one(vec![], 41)),
                    ],
                    39,
                ),
            ],
            30,
        );
        let inline = one(vec![("enabled", bool_node(true, 11))], 10);
        let b = only(vec![
            bucket_with(vec![("lifecycle_rule", inline)]),
            separate("aws_s3_bucket_lifecycle_configuration", vec![("rule", rules)]),
        ]);
        let addresses: Vec<&str> = b.lifecycle.iter().map(|l| l.address.as_str()).collect();
        assert_eq!(
            addresses,
            ["aws_s3_bucket.b", "aws_s3_bucket_lifecycle_configuration.x"]
        );
        let l = &b.lifecycle[1];
        assert_eq!((l.origin, l.unknown.is_none()), (o(0), true));
        let got: Vec<_> = l
            .rules
            .iter()
            .map(|r| (r.origin, &r.status, &r.abort_multipart_days))
            .collect();
        assert_eq!(
            got,
            [
                (o(30), &set("Enabled", 31), &Some(Value::Set(7.0, o(33)))),
                (o(34), &set("Disabled", 35), &None),
                (
                    o(36),
                    &set("Enabled", 37),
                    &Some(Value::Unknown("var.x has no value".into(), o(38)))
                ),
                (
                    o(39),
                    &set("Enabled", 40),
                    &Some(Value::Unknown(
                        "abort_incomplete_multipart_upload sets no days_after_initiation".into(),
                        o(41)
                    ))
                ),
            ]
        );
    }

    #[test]
    fn notifications_list_each_destination() {
        let topic = list(
            vec![
                map(vec![("topic_arn", s("arn:aws:sns:us-east-1:1:t", 11))], 10),
                unknown(12),
            ],
            10,
        );
        let queue = one(vec![("queue_arn", unknown(14))], 13);
        let lambda = one(vec![], 15);
        let mut eventbridge = separate(
            "aws_s3_bucket_notification",
            vec![("eventbridge", bool_node(true, 20))],
        );
        eventbridge.address = "aws_s3_bucket_notification.y".into();
        let b = only(vec![
            bucket_with(vec![]),
            separate(
                "aws_s3_bucket_notification",
                vec![("lambda_function", lambda), ("queue", queue), ("topic", topic)],
            ),
            eventbridge,
        ]);
        let [n, e] = b.notifications.as_slice() else {
            panic!("two notifications: {:?}", b.notifications)
        };
        assert_eq!(
            (n.address.as_str(), n.origin),
            ("aws_s3_bucket_notification.x", o(0))
        );
        assert_eq!(
            n.destinations,
            [
                ("topic", set("arn:aws:sns:us-east-1:1:t", 11)),
                ("topic", why(12)),
                ("queue", why(14)),
                (
                    "lambda_function",
                    Value::Unknown(
                        "the lambda_function block sets no lambda_function_arn".into(),
                        o(15)
                    )
                ),
            ]
        );
        assert_eq!(n.eventbridge, Value::Default(false, o(0)));
        assert!(e.destinations.is_empty());
        assert_eq!(e.eventbridge, Value::Set(true, o(20)));
    }

    #[test]
    fn objects_and_copies_keep_their_encryption() {
        let kms = || {
            vec![
                ("key", s("k", 3)),
                ("server_side_encryption", s("aws:kms", 4)),
                ("kms_key_id", unknown(5)),
            ]
        };
        let b = only(vec![
            bucket_with(vec![]),
            separate("aws_s3_object_copy", kms()),
            separate("aws_s3_object", vec![("key", s("k", 3))]),
        ]);
        let got: Vec<_> = b
            .objects
            .iter()
            .map(|x| (x.address.as_str(), x.rtype.as_str(), &x.sse, &x.kms_key))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "aws_s3_object_copy.x",
                    "aws_s3_object_copy",
                    &Some(set("aws:kms", 4)),
                    &Some(why(5))
                ),
                ("aws_s3_object.x", "aws_s3_object", &None, &None),
            ]
        );
        // A copy is an object like the others: its canned ACL is read (BG105 sees it).
        let mut public = kms();
        public.push(("acl", s("public-read", 6)));
        let b = only(vec![bucket_with(vec![]), separate("aws_s3_object_copy", public)]);
        assert_eq!(b.objects[0].acl, set("public-read", 6));
        let m = build(vec![separate(
            "aws_s3_object_copy",
            vec![("key", s("k", 3)), ("acl", s("log-delivery-write", 6))],
        )]);
        assert_eq!(
            m.rejected.iter().map(|r| r.origin).collect::<Vec<_>>(),
            [o(6)],
            "the provider rejects a bucket-only ACL on a copy"
        );
    }
}
