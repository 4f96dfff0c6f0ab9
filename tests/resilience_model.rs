//! The settings the resilience checks read (tags, replication, object lock, lifecycle rules,
//! notifications, object encryption), in the model of testdata/resilience: from its sources
//! (with the lines they are written on) and from its real plan (made with the variables set:
//! see testdata/README.md).

use std::fmt::Debug;
use std::path::PathBuf;

use bucketguard::input::hcl::{VarInputs, load_module};
use bucketguard::input::{Input, discover, plan};
use bucketguard::model::{Bucket, Model, Origin, Sources, Value, build};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The model of a configuration directory or a plan (alone: origins stay in the plan).
fn model(path: &str) -> (Sources, Model) {
    let d = discover::discover(&[manifest().join(path)], &[], &manifest());
    assert!(d.errors.is_empty(), "{:?}", d.errors);
    let loaded = match &d.inputs[..] {
        [Input::Module(m)] => load_module(&d.sources, m, &VarInputs::default()),
        [Input::Plan { file, .. }] => plan::load(&d.sources, *file),
        other => panic!("{path}: {other:?}"),
    };
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let m = build::build(loaded.resources);
    assert!(m.unlinked.is_empty(), "{:?}", m.unlinked);
    assert!(m.rejected.is_empty(), "{:?}", m.rejected);
    (d.sources, m)
}

/// Renders the new settings of a bucket, one line each, with the source line of every origin
/// (`@N`) when `lines` has the sources; the plan alone has every origin at its resource.
struct Render<'a> {
    lines: Option<&'a Sources>,
}

impl Render<'_> {
    fn at(&self, o: Origin) -> String {
        self.lines
            .map_or_else(String::new, |s| format!(" @{}", s.start(o).line))
    }

    fn value<T: Debug>(&self, v: &Value<T>) -> String {
        let at = self.at(v.origin());
        match v {
            Value::Set(x, _) => format!("set {x:?}{at}"),
            Value::Default(x, _) => format!("default {x:?}{at}"),
            Value::Unknown(why, _) => format!("unknown ({why}){at}"),
        }
    }

    fn maybe<T: Debug>(&self, v: &Option<Value<T>>) -> String {
        v.as_ref().map_or_else(|| "none".into(), |v| self.value(v))
    }

    fn unknown(&self, u: &Option<(String, Origin)>) -> Option<String> {
        u.as_ref()
            .map(|(why, o)| format!("  may add more: {why}{}", self.at(*o)))
    }

    fn bucket(&self, b: &Bucket) -> Vec<String> {
        let mut out = vec![format!("tags {}", self.value(&b.tags))];
        if let Some(r) = &b.replication {
            out.push(format!("replication {}{}", r.address, self.at(r.origin)));
            for rule in &r.rules {
                out.push(format!(
                    "  rule{}: status {}, destination {}",
                    self.at(rule.origin),
                    self.value(&rule.status),
                    self.value(&rule.destination)
                ));
            }
            out.extend(self.unknown(&r.unknown));
        }
        if let Some(l) = &b.object_lock {
            out.push(format!(
                "object lock {}{}: enabled {}, retention {}",
                l.address,
                self.at(l.origin),
                self.value(&l.enabled),
                self.maybe(&l.retention_mode)
            ));
        }
        for l in &b.lifecycle {
            out.push(format!("lifecycle {}{}", l.address, self.at(l.origin)));
            for rule in &l.rules {
                out.push(format!(
                    "  rule{}: status {}, abort {}",
                    self.at(rule.origin),
                    self.value(&rule.status),
                    self.maybe(&rule.abort_multipart_days)
                ));
            }
            out.extend(self.unknown(&l.unknown));
        }
        for n in &b.notifications {
            out.push(format!(
                "notification {}{}: eventbridge {}",
                n.address,
                self.at(n.origin),
                self.value(&n.eventbridge)
            ));
            for (kind, arn) in &n.destinations {
                out.push(format!("  {kind} {}", self.value(arn)));
            }
        }
        for x in &b.objects {
            out.push(format!(
                "{} {}{}: sse {}, kms {}",
                x.rtype,
                x.address,
                self.at(x.origin),
                self.maybe(&x.sse),
                self.maybe(&x.kms_key)
            ));
        }
        out
    }
}

fn rendered(m: &Model, lines: Option<&Sources>) -> Vec<(String, Vec<String>)> {
    let r = Render { lines };
    m.buckets
        .iter()
        .map(|b| (b.address.clone(), r.bucket(b)))
        .collect()
}

fn expect(buckets: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    buckets
        .iter()
        .map(|(a, lines)| (a.to_string(), lines.iter().map(|l| l.to_string()).collect()))
        .collect()
}

const KMS_KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

#[test]
fn sources_give_each_setting_at_its_line() {
    let (sources, m) = model("testdata/resilience");
    let kms = format!(
        "aws_s3_object_copy aws_s3_object_copy.copy @119: sse set \"aws:kms\" @123, kms set \"{KMS_KEY}\" @124"
    );
    let full: &[&str] = &[
        r#"tags set {"owner": None, "team": Some("storage")} @29"#,
        "replication aws_s3_bucket_replication_configuration.full @46",
        r#"  rule @49: status set "Enabled" @51, destination set "arn:aws:s3:::resilience-replica" @53"#,
        r#"  rule @56: status set "Disabled" @59, destination set "arn:aws:s3:::resilience-dr" @61"#,
        // The separate resource replaces the bucket's own `object_lock_enabled = true` (line 28).
        r#"object lock aws_s3_bucket_object_lock_configuration.full @66: enabled default true @66, retention set "COMPLIANCE" @70"#,
        "lifecycle aws_s3_bucket_lifecycle_configuration.full @76",
        r#"  rule @78: status set "Enabled" @80, abort set 7.0 @83"#,
        r#"  rule @86: status set "Disabled" @88, abort none"#,
        "notification aws_s3_bucket_notification.full @98: eventbridge set true @100",
        "  topic unknown (aws_sns_topic.events.arn is computed by the provider) @102",
        r#"  queue set "arn:aws:sqs:us-east-1:123456789012:resilience" @106"#,
        r#"aws_s3_object aws_s3_object.kms @111: sse set "aws:kms" @115, kms unknown (aws_kms_key.objects.arn is computed by the provider) @116"#,
        &kms,
    ];
    let inline: &[&str] = &[
        "tags default {} @127",
        "replication aws_s3_bucket.inline @130",
        r#"  rule @132: status set "Enabled" @134, destination set "arn:aws:s3:::resilience-dr" @136"#,
        "object lock aws_s3_bucket.inline @141: enabled set true @142, retention unknown (var.retention_mode has no value) @145",
        "lifecycle aws_s3_bucket.inline @151",
        r#"  rule @151: status set "Enabled" @153, abort set 3.0 @154"#,
        r#"  rule @157: status set "Disabled" @159, abort none"#,
    ];
    let unknown: &[&str] = &[
        "tags unknown (var.tags has no value) @178",
        "lifecycle aws_s3_bucket_lifecycle_configuration.unknown @181",
        r#"  rule @183: status set "Enabled" @185, abort unknown (var.abort_days has no value) @188"#,
    ];
    assert_eq!(
        rendered(&m, Some(&sources)),
        expect(&[
            ("aws_s3_bucket.full", full),
            ("aws_s3_bucket.inline", inline),
            (
                "aws_s3_bucket.none",
                &[
                    "tags default {} @166",
                    "aws_s3_object aws_s3_object.plain @170: sse none, kms none",
                ]
            ),
            ("aws_s3_bucket.replica", &["tags default {} @42"]),
            ("aws_s3_bucket.unknown", unknown),
        ])
    );
}

#[test]
fn the_plan_gives_the_same_settings_with_what_apply_computes_unknown() {
    let (_, m) = model("testdata/resilience/plan.json");
    let kms =
        format!("aws_s3_object_copy aws_s3_object_copy.copy: sse set \"aws:kms\", kms set \"{KMS_KEY}\"");
    let full: &[&str] = &[
        // One tag value is computed: Terraform marks the whole map unknown.
        "tags unknown (aws_s3_bucket.full.tags is not known until apply)",
        "replication aws_s3_bucket_replication_configuration.full",
        "  rule: status set \"Enabled\", destination unknown (aws_s3_bucket_replication_configuration.full.rule[0].destination[0].bucket is not known until apply)",
        r#"  rule: status set "Disabled", destination set "arn:aws:s3:::resilience-dr""#,
        // The plan holds the provider's default for `object_lock_enabled`.
        r#"object lock aws_s3_bucket_object_lock_configuration.full: enabled set true, retention set "COMPLIANCE""#,
        "lifecycle aws_s3_bucket_lifecycle_configuration.full",
        r#"  rule: status set "Enabled", abort set 7.0"#,
        r#"  rule: status set "Disabled", abort none"#,
        "notification aws_s3_bucket_notification.full: eventbridge set true",
        "  topic unknown (aws_s3_bucket_notification.full.topic[0].topic_arn is not known until apply)",
        r#"  queue set "arn:aws:sqs:us-east-1:123456789012:resilience""#,
        r#"aws_s3_object aws_s3_object.kms: sse set "aws:kms", kms unknown (aws_s3_object.kms.kms_key_id is not known until apply)"#,
        &kms,
    ];
    // The variables are set in the plan: GOVERNANCE, {team = "web"}, 5.
    let inline: &[&str] = &[
        "tags default {}",
        "replication aws_s3_bucket.inline",
        r#"  rule: status set "Enabled", destination set "arn:aws:s3:::resilience-dr""#,
        r#"object lock aws_s3_bucket.inline: enabled set true, retention set "GOVERNANCE""#,
        "lifecycle aws_s3_bucket.inline",
        r#"  rule: status set "Enabled", abort set 3.0"#,
        r#"  rule: status set "Disabled", abort none"#,
    ];
    let unknown: &[&str] = &[
        r#"tags set {"team": Some("web")}"#,
        "lifecycle aws_s3_bucket_lifecycle_configuration.unknown",
        r#"  rule: status set "Enabled", abort set 5.0"#,
    ];
    assert_eq!(
        rendered(&m, None),
        expect(&[
            ("aws_s3_bucket.full", full),
            ("aws_s3_bucket.inline", inline),
            (
                "aws_s3_bucket.none",
                &[
                    "tags default {}",
                    "aws_s3_object aws_s3_object.plain: sse none, kms none",
                ]
            ),
            ("aws_s3_bucket.replica", &["tags default {}"]),
            ("aws_s3_bucket.unknown", unknown),
        ])
    );
}
