//! The plan front end on real plans (testdata/*/plan.json, made by tools/tf-plan-json).

use std::path::PathBuf;

use bucketguard::input::{Loaded, plan};
use bucketguard::model::{Mode, Node, Resource, SourceFile, Sources, Val};

fn load_text(display: &str, text: String) -> (Sources, Loaded) {
    let mut sources = Sources::default();
    let id = sources.add(SourceFile::new(PathBuf::from(display), display.to_string(), text));
    let loaded = plan::load(&sources, id);
    (sources, loaded)
}

fn load(case: &str) -> (Sources, Loaded) {
    let path = format!("{}/testdata/{case}/plan.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let (s, l) = load_text(&format!("testdata/{case}/plan.json"), text);
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    (s, l)
}

fn res<'a>(l: &'a Loaded, address: &str) -> &'a Resource {
    l.resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("{address} not in {:?}", addresses(l)))
}

fn addresses(l: &Loaded) -> Vec<&str> {
    l.resources.iter().map(|r| r.address.as_str()).collect()
}

fn attr<'a>(r: &'a Resource, path: &[&str]) -> Option<&'a Node> {
    let mut n = &r.body;
    for p in path {
        n = match p.parse::<usize>() {
            Ok(i) => n.as_list().get(i)?,
            Err(_) => n.get(p)?,
        };
    }
    Some(n)
}

fn unknown_reason(n: &Node) -> &str {
    match &n.val {
        Val::Unknown(r) => r,
        other => panic!("expected Unknown, got {other:?}"),
    }
}

fn refs(r: &Resource, path: &[&str]) -> Vec<String> {
    attr(r, path)
        .unwrap_or_else(|| panic!("{} has no {path:?}", r.address))
        .refs
        .to_vec()
}

#[test]
fn instance_addresses_and_pairing_by_key() {
    let (_, l) = load("count-foreach");
    let all = addresses(&l);
    for a in [
        "aws_s3_bucket.team[\"alpha\"]",
        "aws_s3_bucket.team[\"beta\"]",
        "aws_s3_bucket.replica[0]",
        "aws_s3_bucket.replica[1]",
        "module.site[\"web\"].aws_s3_bucket.this",
    ] {
        assert!(all.contains(&a), "{a} missing from {all:?}");
    }
    // bucket = aws_s3_bucket.team[each.key].id
    let v = res(&l, "aws_s3_bucket_versioning.team[\"beta\"]");
    assert_eq!(refs(v, &["bucket"]), ["aws_s3_bucket.team[\"beta\"]"]);
    // for_each = aws_s3_bucket.team, bucket = each.value.id
    let pab = res(&l, "aws_s3_bucket_public_access_block.team[\"alpha\"]");
    assert_eq!(refs(pab, &["bucket"]), ["aws_s3_bucket.team[\"alpha\"]"]);
    // bucket = aws_s3_bucket.replica[count.index].id
    let sse = res(
        &l,
        "aws_s3_bucket_server_side_encryption_configuration.replica[1]",
    );
    assert_eq!(refs(sse, &["bucket"]), ["aws_s3_bucket.replica[1]"]);
    // bucket = aws_s3_bucket.replica[0].id from a resource without count
    let acl = res(&l, "aws_s3_bucket_acl.first_replica");
    assert_eq!(refs(acl, &["bucket"]), ["aws_s3_bucket.replica[0]"]);
    // Inside a module instance: references get the module instance path.
    let mv = res(&l, "module.site[\"web\"].aws_s3_bucket_versioning.this");
    assert_eq!(mv.module, "module.site[\"web\"]");
    assert_eq!(refs(mv, &["bucket"]), ["module.site[\"web\"].aws_s3_bucket.this"]);
    assert_eq!(
        attr(mv, &["versioning_configuration", "0", "status"]).and_then(Node::as_str),
        Some("Suspended")
    );
    // target_bucket = var.log_bucket, given aws_s3_bucket.replica[0].id by the module call.
    let ml = res(&l, "module.site[\"web\"].aws_s3_bucket_logging.this");
    assert_eq!(refs(ml, &["target_bucket"]), ["aws_s3_bucket.replica[0]"]);
    assert_eq!(refs(ml, &["bucket"]), ["module.site[\"web\"].aws_s3_bucket.this"]);
    // policy = data.aws_iam_policy_document.replica[count.index].json, deferred: rebuilt per index.
    let policy = res(&l, "aws_s3_bucket_policy.replica[1]");
    let p = attr(policy, &["policy"]).unwrap();
    assert!(
        p.as_str()
            .unwrap()
            .contains("\"Resource\": \"arn:aws:s3:::cf-replica-1/*\""),
        "{p:?}"
    );
    assert!(
        p.refs
            .contains(&"data.aws_iam_policy_document.replica[1]".to_string())
    );
    let team = res(&l, "aws_s3_bucket.team[\"alpha\"]");
    assert_eq!(
        attr(team, &["bucket"]).and_then(Node::as_str),
        Some("cf-team-alpha")
    );
    assert_eq!(team.mode, Mode::Managed);
    assert_eq!(team.rtype, "aws_s3_bucket");
    assert_eq!(team.name, "team");
    assert_eq!(team.root, "testdata/count-foreach/plan.json");
}

#[test]
fn computed_but_unset_is_absent_and_written_unknown_is_unknown() {
    let (_, l) = load("demo");
    let data = res(&l, "aws_s3_bucket.data");
    // after_unknown marks these (provider-computed), but the configuration never writes them.
    for k in [
        "acl",
        "versioning",
        "logging",
        "server_side_encryption_configuration",
        "policy",
        "grant",
        "id",
        "arn",
    ] {
        assert!(
            attr(data, &[k]).is_none(),
            "{k} should be absent: {:?}",
            attr(data, &[k])
        );
    }
    assert_eq!(
        attr(data, &["bucket"]).and_then(Node::as_str),
        Some("demo-hardened-data")
    );

    // target_bucket = aws_s3_bucket.logs.id: written, unknown until apply, linked to the logs bucket.
    let logging = res(&l, "aws_s3_bucket_logging.data");
    let target = attr(logging, &["target_bucket"]).unwrap();
    assert!(unknown_reason(target).contains("not known until apply"));
    assert_eq!(target.refs, ["aws_s3_bucket.logs"]);
    assert_eq!(
        attr(logging, &["target_prefix"]).and_then(Node::as_str),
        Some("data/")
    );
    // Provider filler for blocks the user did not write is absent too.
    assert!(attr(logging, &["target_grant"]).is_none());

    // Nested: kms_master_key_id = aws_kms_key.data.arn is unknown, sse_algorithm is known.
    let sse = res(&l, "aws_s3_bucket_server_side_encryption_configuration.data");
    let by_default = ["rule", "0", "apply_server_side_encryption_by_default", "0"];
    let key = attr(sse, &[&by_default[..], &["kms_master_key_id"]].concat()).unwrap();
    assert!(key.is_unknown());
    assert_eq!(key.refs, ["aws_kms_key.data"]);
    assert_eq!(
        attr(sse, &[&by_default[..], &["sse_algorithm"]].concat()).and_then(Node::as_str),
        Some("aws:kms")
    );
    // The KMS key is kept because an S3 resource references it.
    assert!(addresses(&l).contains(&"aws_kms_key.data"));

    // The v3-style inline bucket keeps its blocks.
    let legacy = res(&l, "aws_s3_bucket.legacy");
    assert_eq!(attr(legacy, &["acl"]).and_then(Node::as_str), Some("private"));
    assert_eq!(
        attr(legacy, &["versioning", "0", "enabled"]).and_then(Node::as_bool),
        Some(true)
    );
    assert_eq!(
        attr(legacy, &["logging", "0", "target_bucket"]).and_then(Node::as_str),
        Some("demo-access-logs")
    );

    let account = res(&l, "aws_s3_account_public_access_block.this");
    assert_eq!(
        attr(account, &["restrict_public_buckets"]).and_then(Node::as_bool),
        Some(false)
    );
    let object = res(&l, "aws_s3_object.public_report");
    assert_eq!(attr(object, &["acl"]).and_then(Node::as_str), Some("public-read"));
    assert_eq!(refs(object, &["bucket"]), ["aws_s3_bucket.legacy"]);

    // CloudTrail data event selector values reference the data bucket's ARN.
    let trail = res(&l, "aws_cloudtrail.main");
    let values = attr(trail, &["event_selector", "0", "data_resource", "0", "values"]).unwrap();
    assert!(values.is_unknown());
    assert_eq!(values.refs, ["aws_s3_bucket.data"]);
    assert_eq!(refs(trail, &["s3_bucket_name"]), ["aws_s3_bucket.logs"]);

    // jsonencode embedding the bucket ARN: unknown in the plan, linked to the bucket.
    let policy = res(&l, "aws_s3_bucket_policy.data");
    let p = attr(policy, &["policy"]).unwrap();
    assert!(unknown_reason(p).contains("not known until apply"));
    assert_eq!(p.refs, ["aws_s3_bucket.data"]);
}

#[test]
fn data_sources_read_at_plan_time_are_emitted() {
    let (_, l) = load("demo");
    let doc = res(&l, "data.aws_iam_policy_document.website_public");
    assert_eq!(doc.mode, Mode::Data);
    let json = attr(doc, &["json"]).and_then(Node::as_str).unwrap();
    // The shared renderer agrees with the provider on this document.
    let rendered = bucketguard::eval::policy_document::policy_document_json(&doc.body);
    assert_eq!(rendered.as_str(), Some(json));
    let policy = res(&l, "aws_s3_bucket_policy.website");
    let p = attr(policy, &["policy"]).unwrap();
    assert!(p.as_str().unwrap().contains("\"Principal\":\"*\""));
    assert_eq!(p.refs, ["data.aws_iam_policy_document.website_public"]);
}

#[test]
fn policy_rebuilt_from_a_deferred_policy_document() {
    let (_, l) = load("separate");
    // depends_on defers the document: its json is unknown, its statements are known.
    let doc = res(&l, "data.aws_iam_policy_document.shared");
    assert!(attr(doc, &["json"]).is_none());
    let policy = res(&l, "aws_s3_bucket_policy.shared");
    let p = attr(policy, &["policy"]).unwrap();
    let text = p.as_str().unwrap_or_else(|| panic!("policy not rebuilt: {p:?}"));
    let json: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(json["Statement"][0]["Principal"], "*");
    assert_eq!(json["Statement"][0]["Sid"], "PublicList");
    assert_eq!(
        json["Statement"][0]["Resource"],
        serde_json::json!(["arn:aws:s3:::separate-shared/*", "arn:aws:s3:::separate-shared"])
    );
    assert!(
        p.refs
            .contains(&"data.aws_iam_policy_document.shared".to_string())
    );

    // A document whose resources embed an unknown ARN keeps its known statements: only the
    // unknown resource is a hole.
    let logs = res(&l, "aws_s3_bucket_policy.logs");
    let p = attr(logs, &["policy"]).unwrap();
    let Val::Partial(partial) = &p.val else {
        panic!("expected a partly known policy, got {p:?}")
    };
    assert!(
        partial.text.contains("\"Sid\": \"AnyoneRead\""),
        "{}",
        partial.text
    );
    assert!(
        partial.text.contains("arn:aws:s3:::separate-logs/*"),
        "{}",
        partial.text
    );
    assert!(bucketguard::model::partial::has_holes(&partial.text));
    assert!(p.refs.contains(&"aws_s3_bucket.logs".to_string()));
    assert!(p.refs.contains(&"data.aws_iam_policy_document.logs".to_string()));

    // access_control_policy grants are known.
    let acl = res(&l, "aws_s3_bucket_acl.shared");
    let uri = attr(
        acl,
        &["access_control_policy", "0", "grant", "0", "grantee", "0", "uri"],
    );
    assert_eq!(
        uri.and_then(Node::as_str),
        Some("http://acs.amazonaws.com/groups/global/AllUsers")
    );
    let versioning = res(&l, "aws_s3_bucket_versioning.app");
    assert_eq!(
        attr(versioning, &["versioning_configuration", "0", "mfa_delete"]).and_then(Node::as_str),
        Some("Enabled")
    );
}

#[test]
fn inline_heredoc_policy_is_known() {
    let (_, l) = load("inline");
    let b = res(&l, "aws_s3_bucket.hardened");
    let policy = attr(b, &["policy"]).and_then(Node::as_str).unwrap();
    assert!(policy.contains("arn:aws:s3:::inline-hardened/*"));
    assert_eq!(
        attr(b, &["versioning", "0", "mfa_delete"]).and_then(Node::as_bool),
        Some(true)
    );
    let granted = res(&l, "aws_s3_bucket.granted");
    assert_eq!(attr(granted, &["grant"]).map(|g| g.as_list().len()), Some(3));
    assert!(attr(granted, &["acl"]).is_none(), "acl is computed, not written");
    assert_eq!(
        attr(res(&l, "aws_s3_bucket.public"), &["acl"]).and_then(Node::as_str),
        Some("public-read-write")
    );
}

#[test]
fn origin_is_the_address_in_planned_values() {
    let (sources, l) = load("count-foreach");
    let r = res(&l, "aws_s3_bucket.team[\"alpha\"]");
    let text = &sources.get(r.origin.file).text;
    assert_eq!(
        &text[r.origin.start as usize..r.origin.end as usize],
        r#""aws_s3_bucket.team[\"alpha\"]""#
    );
    let planned = text.find("\"planned_values\"").unwrap();
    let changes = text.find("\"resource_changes\"").unwrap();
    assert!((planned..changes).contains(&(r.origin.start as usize)));
    assert_eq!(attr(r, &["bucket"]).unwrap().origin, r.origin);
}

/// Offline there is no state, so a real plan cannot delete anything: this takes the real demo
/// plan and turns one change into a delete. Terraform would also leave it out of planned_values;
/// the edit keeps it there, so this checks the loader honours `actions`.
#[test]
fn deleted_resources_are_skipped() {
    let path = format!("{}/testdata/demo/plan.json", env!("CARGO_MANIFEST_DIR"));
    let mut plan: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for rc in plan["resource_changes"].as_array_mut().unwrap() {
        if rc["address"] == "aws_s3_object.public_report" {
            rc["change"]["actions"] = serde_json::json!(["delete"]);
        }
    }
    let (_, l) = load_text("edited.json", plan.to_string());
    assert!(l.errors.is_empty());
    assert!(!addresses(&l).contains(&"aws_s3_object.public_report"));
    assert!(addresses(&l).contains(&"aws_s3_bucket.legacy"));
}

#[test]
fn non_plan_json_is_an_input_error() {
    let (_, l) = load_text("package.json", "{\n  \"name\": \"x\"\n}\n".to_string());
    assert!(l.resources.is_empty());
    assert_eq!(l.errors.len(), 1);
    assert!(
        l.errors[0].message.contains("not a Terraform plan"),
        "{:?}",
        l.errors
    );
    assert_eq!(l.errors[0].path, "package.json");
}

#[test]
fn broken_json_is_an_input_error_with_position() {
    let path = format!("{}/testdata/inline/plan.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    // A stray comma right after `"planned_values":{` (the plan is a single line).
    let at = text.find("\"planned_values\":{").unwrap() + "\"planned_values\":{".len();
    let broken = format!("{},{}", &text[..at], &text[at..]);
    let (_, l) = load_text("broken.json", broken);
    assert!(l.resources.is_empty());
    assert_eq!(l.errors.len(), 1);
    let e = &l.errors[0];
    assert!(e.message.contains("invalid JSON"), "{e:?}");
    assert_eq!(e.path, "broken.json");
    assert_eq!(e.line, Some(1));
    assert_eq!(e.column, Some(at as u32 + 1));
}
