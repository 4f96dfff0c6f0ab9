//! Buckets defined outside the scan, linking through configuration resources, directory buckets
//! and generated names: end-to-end scans of small fixtures, as sources and as their real plans
//! (with their sources next to them, and alone).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use bucketguard::{Settings, scan};

mod support;

fn testdata(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata").join(case)
}

/// The case's sources, its plan next to them, and its plan alone (copied away from its sources).
fn inputs(case: &str, tmp: &Path) -> Vec<PathBuf> {
    let alone = tmp.join(format!("{case}.json"));
    std::fs::copy(testdata(case).join("plan.json"), &alone).unwrap();
    vec![testdata(case), testdata(case).join("plan.json"), alone]
}

fn run(args: &[&str], dir: &Path) -> Output {
    support::command(dir, args)
        // The checkout's path is in the lines: wide enough that none wraps.
        .env("COLUMNS", "200")
        .output()
        .expect("run bucketguard")
}

fn json(path: &Path) -> serde_json::Value {
    let out = run(
        &["scan", path.to_str().unwrap(), "--format", "json"],
        Path::new("/"),
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)))
}

/// (policy, bucket) pairs.
type Pairs = BTreeSet<(String, String)>;

/// (policy, bucket) of the findings, and of the undecided checks.
fn verdicts(path: &Path) -> (Pairs, Pairs) {
    let result = scan(&Settings::new(
        vec![path.to_path_buf()],
        env!("CARGO_MANIFEST_DIR").into(),
    ));
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert!(result.unlinked.is_empty(), "{:?}", result.unlinked);
    let pairs = |it: &mut dyn Iterator<Item = (String, String)>| it.collect::<BTreeSet<_>>();
    let found = pairs(
        &mut result
            .findings
            .iter()
            .map(|f| (f.policy.meta.id.clone(), f.bucket.to_string())),
    );
    let undecided = pairs(
        &mut result
            .undecided
            .iter()
            .map(|u| (u.policy.meta.id.clone(), u.bucket.to_string())),
    );
    (found, undecided)
}

fn set(items: &[(&str, &str)]) -> Pairs {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn settings_of_buckets_outside_the_scan_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let (existing, shared) = ("external:existing-bucket", "external:team-shared-bucket");
    for input in inputs("external", tmp.path()) {
        let (found, undecided) = verdicts(&input);
        // What is written is checked at full severity: a WRITE grant to AuthenticatedUsers,
        // suspended versioning, a public policy, a public access block with settings off.
        assert_eq!(
            found,
            set(&[
                ("BG102", existing),
                ("BG401", existing),
                ("BG112", shared),
                ("BG122", shared),
                ("BG203", shared),
            ]),
            "{}",
            input.display()
        );
        // What is not written is not known: never reported missing. The ownership controls of
        // the shared bucket are linked through the policy's id (no BG106 there).
        assert_eq!(
            undecided,
            set(&[
                ("BG106", existing),
                ("BG111", existing),
                ("BG201", existing),
                ("BG203", existing),
                ("BG301", existing),
                ("BG201", shared),
                ("BG301", shared),
                ("BG401", shared),
            ]),
            "{}",
            input.display()
        );
        let report = json(&input);
        let buckets: Vec<(&str, &str, bool, &str)> = report["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["address"].as_str().unwrap(),
                    b["name"].as_str().unwrap(),
                    b["external"] == true,
                    b["exposure"]["verdict"].as_str().unwrap(),
                )
            })
            .collect();
        // The ACL's bucket may have a public access block or ownership controls elsewhere:
        // its exposure is not known. The shared bucket's own block leaves policies in force.
        assert_eq!(
            buckets,
            [
                (existing, "existing-bucket", true, "unknown"),
                (shared, "team-shared-bucket", true, "public-read"),
            ]
        );
    }
}

/// What a bucket outside the scan may have unseen is reported at the start of the block that
/// names it, as a place of its own (zero-length): a plan alone places a grant's or statement's
/// findings on that whole block, and they must not take these reasons for theirs.
#[test]
fn what_a_bucket_outside_the_scan_may_have_is_reported_at_the_start_of_its_block() {
    let tmp = tempfile::tempdir().unwrap();
    for input in inputs("external", tmp.path()) {
        let report = json(&input);
        let existing = report["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["address"] == "external:existing-bucket")
            .unwrap();
        let unseen: Vec<&serde_json::Value> = existing["exposure"]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| {
                r["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("external:existing-bucket is defined")
            })
            .collect();
        assert_eq!(unseen.len(), 1, "{}", input.display());
        let at = &unseen[0]["location"];
        assert!(at["line"].as_u64().unwrap() > 0, "{at}");
        assert_eq!(
            (&at["end_line"], &at["end_column"]),
            (&at["line"], &at["column"]),
            "{}",
            input.display()
        );
    }
}

#[test]
fn reports_say_the_bucket_is_outside_the_scan() {
    let dir = testdata("external");
    let path = dir.to_str().unwrap();
    let out = run(&["scan", path], Path::new("/"));
    // A public grant on a bucket outside the scan fails the run.
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("bucket: external:existing-bucket (in ") && text.contains("), defined outside the"),
        "{text}"
    );
    let explained = String::from_utf8(run(&["scan", path, "--explain"], Path::new("/")).stdout).unwrap();
    assert!(
        explained.contains("  external:existing-bucket (in ")
            && explained.contains(", defined outside the scan): unknown"),
        "{explained}"
    );
    let sarif = String::from_utf8(run(&["scan", path, "--format", "sarif"], Path::new("/")).stdout).unwrap();
    assert!(
        sarif.contains("(the bucket is defined outside the scan)"),
        "{sarif}"
    );
    let md = String::from_utf8(run(&["scan", path, "--format", "markdown"], Path::new("/")).stdout).unwrap();
    assert!(md.contains("external:existing-bucket (outside the scan)"), "{md}");
}

#[test]
fn unknown_names_group_by_their_expression() {
    // A variable without a value and a data source reading it: the names are not known; each
    // expression is one bucket outside the scan, whatever resources configure it.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("main.tf"),
        r#"variable "name" {
  type = string
}

resource "aws_s3_bucket_public_access_block" "p" {
  bucket                  = var.name
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_s3_bucket_ownership_controls" "o" {
  bucket = var.name
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

data "aws_s3_bucket" "x" {
  bucket = var.name
}

resource "aws_s3_bucket_versioning" "gone" {
  bucket = aws_s3_bucket.gone.id
  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket_policy" "x" {
  bucket = data.aws_s3_bucket.x.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:PutObject", Resource = "*" }]
  })
}
"#,
    )
    .unwrap();
    let (found, _) = verdicts(tmp.path());
    let by_var = "external:{var.name}";
    let by_data = "external:{data.aws_s3_bucket.x.id}";
    assert!(found.contains(&("BG112".into(), by_var.into())), "{found:?}");
    assert!(found.contains(&("BG106".into(), by_var.into())), "{found:?}");
    assert!(found.contains(&("BG121".into(), by_data.into())), "{found:?}");
    // A reference to a resource that is not declared (Terraform rejects it, so does nothing here).
    let gone = "external:{aws_s3_bucket.gone.id}";
    assert!(found.contains(&("BG401".into(), gone.into())), "{found:?}");
    let report = json(tmp.path());
    let names: Vec<(&str, &serde_json::Value)> = report["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["address"].as_str().unwrap(), &b["name"]))
        .collect();
    let null = &serde_json::Value::Null;
    assert_eq!(names, [(gone, null), (by_data, null), (by_var, null)]);
}

#[test]
fn configuration_resources_link_through_each_other() {
    // terraform-aws-modules/s3-bucket: `bucket = var.attach_policy ? aws_s3_bucket_policy.this[0].id
    // : aws_s3_bucket.this.id`: the policy's id is the bucket's name, so the ownership controls
    // (BucketOwnerEnforced) are the bucket's and BG106 does not fire; so are the public access
    // block (`.bucket` of the ownership controls) and the versioning (through a lifecycle
    // configuration's id).
    let tmp = tempfile::tempdir().unwrap();
    for input in inputs("linking", tmp.path()) {
        let (found, _) = verdicts(&input);
        let ids: BTreeSet<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
        for absent in ["BG106", "BG111", "BG112", "BG401"] {
            assert!(
                !ids.contains(absent),
                "{}: {absent} in {found:?}",
                input.display()
            );
        }
        assert!(found.iter().all(|(_, b)| b == "aws_s3_bucket.this"), "{found:?}");
        // A bucket with only `bucket_prefix` has no name before apply: null, not a placeholder.
        let report = json(&input);
        let bucket = &report["buckets"][0];
        assert_eq!(bucket["address"], "aws_s3_bucket.this");
        assert_eq!(bucket["name"], serde_json::Value::Null);
        assert!(bucket.get("external").is_none());
    }
}

#[test]
fn directory_buckets_are_checked_for_what_they_have() {
    // S3 Express One Zone: public access block always on, ACLs disabled, no versioning, MFA
    // delete or server access logging; SSE-S3 is what BG202 asks to change to SSE-KMS.
    let tmp = tempfile::tempdir().unwrap();
    let d = "aws_s3_directory_bucket.this";
    for input in inputs("directory-bucket", tmp.path()) {
        let (found, undecided) = verdicts(&input);
        assert_eq!(found, set(&[("BG202", d)]), "{}", input.display());
        assert_eq!(undecided, set(&[("BG203", d)]), "{}", input.display());
        assert_eq!(json(&input)["buckets"][0]["exposure"]["verdict"], "private");
    }
}

/// A directory bucket's policy speaks `s3express` actions and ARNs, which the policy checks do not
/// read: whether it grants another account (BG124) is undecided when it has a policy, even when a
/// statement read as a general purpose bucket's would be a cross-account grant, as whether it
/// enforces TLS (BG203) always is; without a policy BG124 has nothing to judge (the test above).
#[test]
fn a_directory_buckets_policy_is_not_read_as_a_general_purpose_one() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("main.tf"),
        r#"resource "aws_s3_directory_bucket" "d" {
  bucket = "logs--usw2-az1--x-s3"
  location {
    name = "usw2-az1"
  }
}

resource "aws_s3_bucket_policy" "d" {
  bucket = aws_s3_directory_bucket.d.bucket
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "s3express:CreateSession"
      Resource  = "arn:aws:s3express:us-west-2:123456789012:bucket/logs--usw2-az1--x-s3"
    }, {
      # Read as a general purpose bucket's statement, this would be a cross-account grant.
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::logs--usw2-az1--x-s3/*"
    }]
  })
}
"#,
    )
    .unwrap();
    let (found, undecided) = verdicts(tmp.path());
    let d = "aws_s3_directory_bucket.d";
    assert!(!found.iter().any(|(id, _)| id == "BG124"), "{found:?}");
    assert!(
        undecided.contains(&("BG124".to_string(), d.to_string())),
        "{undecided:?}"
    );
    assert!(
        undecided.contains(&("BG203".to_string(), d.to_string())),
        "{undecided:?}"
    );
}

#[test]
fn directory_bucket_with_unknown_name_links_by_reference() {
    // The name is not known (a variable without a value, as random_pet in the upstream example):
    // the resources that refer to the directory bucket are its, not a bucket outside the scan.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("main.tf"),
        r#"variable "base" {
  type = string
}

resource "aws_s3_directory_bucket" "d" {
  bucket = "${var.base}--usw2-az1--x-s3"
  location {
    name = "usw2-az1"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "d" {
  bucket = aws_s3_directory_bucket.d.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
"#,
    )
    .unwrap();
    let result = scan(&Settings::new(
        vec![tmp.path().to_path_buf()],
        env!("CARGO_MANIFEST_DIR").into(),
    ));
    assert!(result.unlinked.is_empty(), "{:?}", result.unlinked);
    let addresses: Vec<&str> = result.buckets.iter().map(|b| b.address.as_str()).collect();
    assert_eq!(addresses, ["aws_s3_directory_bucket.d"]);
    assert!(
        result.findings.is_empty(),
        "SSE-KMS is configured: {:?}",
        result.findings.len()
    );
}

#[test]
fn blocks_written_here_decide_the_exposure_of_buckets_outside() {
    // The bucket's own public access block is in the scan: S3 rejects a public ACL whatever the
    // bucket's ownership controls (not known here) are, and no policy can make it public; but a
    // policy written where the bucket is defined may still grant another account: unknown, at
    // most cross-account. Another bucket outside, with only a public ACL: its block and ownership
    // may be set where it is defined, so its exposure is unknown.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("main.tf"),
        r#"resource "aws_s3_bucket_public_access_block" "blocked" {
  bucket                  = "blocked-elsewhere"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_acl" "blocked" {
  bucket = "blocked-elsewhere"
  acl    = "public-read"
}

resource "aws_s3_bucket_acl" "open" {
  bucket = "open-elsewhere"
  acl    = "public-read"
}
"#,
    )
    .unwrap();
    let report = json(tmp.path());
    let verdicts: Vec<(&str, &str)> = report["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["address"].as_str().unwrap(),
                b["exposure"]["verdict"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("external:blocked-elsewhere", "unknown"),
            ("external:open-elsewhere", "unknown")
        ]
    );
    // What is not known about the blocked one is only cross-account access by a policy.
    let blocked = &report["buckets"][0]["exposure"]["reasons"];
    let unknown: Vec<&str> = blocked
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["effect"] == "unknown")
        .map(|r| r["message"].as_str().unwrap())
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(
        unknown[0].contains("a bucket policy it may have is not known"),
        "{unknown:?}"
    );
    assert_eq!(
        blocked
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["effect"] == "unknown")
            .unwrap()["access"],
        "cross-account"
    );
    // The public ACL is a finding on both, at its line; where the block rejects it, it says so.
    let findings: Vec<(&str, &str, &serde_json::Value)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["policy_id"] == "BG103")
        .map(|f| {
            (
                f["bucket"].as_str().unwrap(),
                f["location"]["file"].as_str().unwrap(),
                &f["level_override"],
            )
        })
        .collect();
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert_eq!(findings[0].0, "external:blocked-elsewhere");
    assert_eq!(findings[0].2, "note");
    assert_eq!(findings[1].0, "external:open-elsewhere");
    assert_eq!(findings[1].2, &serde_json::Value::Null);
}

#[test]
fn json_syntax_names_the_same_bucket_outside() {
    // `bucket = var.name` in HCL and `"bucket": "${var.name}"` in Terraform JSON are one bucket.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("vars.tf"),
        "variable \"name\" {\n  type = string\n}\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("main.tf"),
        "resource \"aws_s3_bucket_acl\" \"a\" {\n  bucket = var.name\n  acl    = \"public-read\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("more.tf.json"),
        r#"{"resource": {"aws_s3_bucket_versioning": {"v": {"bucket": "${var.name}", "versioning_configuration": {"status": "Suspended"}}}}}"#,
    )
    .unwrap();
    let (found, _) = verdicts(tmp.path());
    assert_eq!(
        found,
        set(&[("BG103", "external:{var.name}"), ("BG401", "external:{var.name}")])
    );
}

#[test]
fn buckets_outside_named_in_modules_show_the_module_calls() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("m")).unwrap();
    std::fs::write(
        tmp.path().join("main.tf"),
        "module \"uploads\" {\n  source = \"./m\"\n  name   = \"ext-in-module\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("m/main.tf"),
        "variable \"name\" {}\n\nresource \"aws_s3_bucket_acl\" \"a\" {\n  bucket = var.name\n  acl    = \"public-read-write\"\n}\n",
    )
    .unwrap();
    let result = scan(&Settings::new(
        vec![tmp.path().to_path_buf()],
        env!("CARGO_MANIFEST_DIR").into(),
    ));
    let f = result
        .findings
        .iter()
        .find(|f| f.policy.meta.id == "BG101")
        .expect("a public-write ACL finding");
    assert_eq!(&*f.bucket, "external:ext-in-module");
    assert!(
        f.related.iter().any(|r| r.message.contains("module.uploads")),
        "{:?}",
        f.related
    );
}
