//! Hostile input (issue 15): shapes that once hid a public-write bucket with exit 0, or crashed
//! the scan. Every input is generated here, in a temporary directory.

use std::path::Path;

use bucketguard::{ScanResult, Settings, scan};

mod support;
use support::bucketguard_in;

/// A bucket made public-write by its ACL, `NAME` standing for the resource name.
const BUCKET: &str = r#"
resource "aws_s3_bucket" "NAME" {
  bucket = "NAME-bucket"
}

resource "aws_s3_bucket_acl" "NAME" {
  bucket = aws_s3_bucket.NAME.id
  acl    = "public-read-write"
}
"#;

fn bucket(name: &str) -> String {
    BUCKET.replace("NAME", name)
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }
}

fn scan_dir(dir: &Path) -> ScanResult {
    let mut settings = Settings::new(vec![dir.to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
    settings.root = dir.to_path_buf();
    scan(&settings)
}

/// Scan `files` written to a fresh directory.
fn scan_files(files: &[(&str, &str)]) -> ScanResult {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), files);
    scan_dir(tmp.path())
}

fn verdict<'r>(result: &'r ScanResult, address: &str) -> Option<&'r str> {
    result
        .exposures
        .iter()
        .find(|e| e.bucket == address)
        .map(|e| e.verdict.as_str())
}

#[track_caller]
fn assert_public_write(result: &ScanResult, address: &str) {
    let buckets: Vec<&str> = result.buckets.iter().map(|b| b.address.as_str()).collect();
    assert_eq!(
        verdict(result, address),
        Some("public-write"),
        "{address} among {buckets:?}, errors {:?}",
        result.errors
    );
}

/// The policy ids of the findings on `address`.
fn finding_ids(result: &ScanResult, address: &str) -> Vec<String> {
    result
        .findings
        .iter()
        .filter(|f| &*f.bucket == address)
        .map(|f| f.policy.meta.id.to_string())
        .collect()
}

// ---- Silent misses ----

/// A marker line inside a `${ ... }` of a heredoc (here in a comment there) does not close the
/// heredoc: the pre-parse skipper used to end it early and swallow the bucket that follows into
/// the `aws_instance` it leaves unparsed.
#[test]
fn heredoc_marker_inside_an_interpolation_does_not_end_the_heredoc() {
    let config = format!(
        r#"resource "aws_instance" "i" {{
  user_data = <<EOT
${{ "a" /*
EOT
{{ */ }}
<<EOF
EOT
}}
{}
resource "aws_instance" "j" {{
  user_data = <<EOF
x
EOF
}}
"#,
        bucket("b")
    );
    let result = scan_files(&[("main.tf", &config)]);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_public_write(&result, "aws_s3_bucket.b");
}

/// Terraform reads every occurrence of a repeated key of a `.tf.json` object; serde_json's
/// `Value` keeps the last one only.
#[test]
fn repeated_keys_in_tf_json_are_all_read() {
    let json = r#"{
  "resource": {
    "aws_s3_bucket": {"a": {"bucket": "a-bucket"}},
    "aws_s3_bucket_acl": {"a": {"bucket": "${aws_s3_bucket.a.id}", "acl": "public-read-write"}}
  },
  "resource": {
    "aws_s3_bucket": {"b": {"bucket": "b-bucket"}},
    "aws_s3_bucket_acl": {"b": {"bucket": "${aws_s3_bucket.b.id}", "acl": "public-read-write"}}
  }
}"#;
    let result = scan_files(&[("main.tf.json", json)]);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_public_write(&result, "aws_s3_bucket.a");
    assert_public_write(&result, "aws_s3_bucket.b");
}

/// A repeated argument is an error in Terraform: reported, not silently resolved.
#[test]
fn a_repeated_argument_in_tf_json_is_an_error() {
    let json = r#"{"resource": {"aws_s3_bucket": {"a": {"bucket": "x", "bucket": "y"}}}}"#;
    let result = scan_files(&[("main.tf.json", json)]);
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    let e = &result.errors[0];
    assert!(
        e.path.ends_with("main.tf.json") && e.message.contains("\"bucket\""),
        "{e:?}"
    );
    assert_eq!(e.line, Some(1));
}

/// A chain of modules, each holding a public-write bucket and calling the next one.
fn module_chain(depth: usize) -> Vec<(String, String)> {
    (0..=depth)
        .map(|i| {
            let dir = if i == 0 { String::new() } else { format!("m{i}/") };
            let up = if i == 0 { "." } else { ".." };
            let call = if i < depth {
                format!("module \"next\" {{\n  source = \"{up}/m{}\"\n}}\n", i + 1)
            } else {
                String::new()
            };
            (format!("{dir}main.tf"), format!("{call}{}", bucket("b")))
        })
        .collect()
}

/// A module chain deeper than the limit is an input error at the `module` block where the limit
/// was hit; the buckets above it are still reported.
#[test]
fn module_chain_deeper_than_the_limit_is_an_input_error() {
    let files = module_chain(18);
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let result = scan_files(&refs);
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    let e = &result.errors[0];
    assert!(e.message.contains("nested more than 16"), "{e:?}");
    assert!(e.path.ends_with("m16/main.tf") && e.line == Some(1), "{e:?}");
    let prefix = |n: usize| "module.next.".repeat(n);
    for n in 0..=16 {
        assert_public_write(&result, &format!("{}aws_s3_bucket.b", prefix(n)));
    }
    assert_eq!(verdict(&result, &format!("{}aws_s3_bucket.b", prefix(17))), None);
}

/// At the limit, nothing is reported.
#[test]
fn module_chain_at_the_limit_is_read_whole() {
    let files = module_chain(16);
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let result = scan_files(&refs);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_public_write(&result, &format!("{}aws_s3_bucket.b", "module.next.".repeat(16)));
}

/// Only real comments suppress: a marker in a heredoc or a quoted string is data.
#[test]
fn suppression_markers_in_heredocs_and_strings_are_not_comments() {
    let marker = "# bucketguard:ignore[BG111] reason: x";
    let heredoc = format!(
        "resource \"aws_s3_bucket\" \"h\" {{\n  bucket = \"h\"\n  tags = {{\n    note = <<EOT\n{marker}\nEOT\n  }}\n}}\n"
    );
    let quoted = format!(
        "resource \"aws_s3_bucket\" \"q\" {{\n  bucket = \"q\"\n  tags = {{ note = \"{marker}\" }}\n}}\n"
    );
    let comment = format!("resource \"aws_s3_bucket\" \"c\" {{\n  bucket = \"c\"\n  {marker}\n}}\n");
    let config = format!("{heredoc}{quoted}{comment}");
    let result = scan_files(&[("main.tf", &config)]);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    for data in ["aws_s3_bucket.h", "aws_s3_bucket.q"] {
        assert!(
            finding_ids(&result, data).contains(&"BG111".to_string()),
            "{data}: {:?}",
            finding_ids(&result, data)
        );
    }
    assert!(!finding_ids(&result, "aws_s3_bucket.c").contains(&"BG111".to_string()));
    let suppressed: Vec<&str> = result.suppressed.iter().map(|s| &*s.finding.bucket).collect();
    assert!(
        suppressed.iter().all(|b| *b == "aws_s3_bucket.c") && !suppressed.is_empty(),
        "{suppressed:?}"
    );
}

/// A block's extent follows heredocs: a `}` in one does not end the block early, so a
/// suppression written after it still applies to its bucket (and to no other).
#[test]
fn a_brace_in_a_heredoc_does_not_end_the_block_of_a_suppression() {
    let config = "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a\"\n  tags = {\n    note = <<EOT\n}\nEOT\n  }\n  # bucketguard:ignore[BG111] reason: x\n}\n\
                  resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n";
    let result = scan_files(&[("main.tf", config)]);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
    assert!(!finding_ids(&result, "aws_s3_bucket.a").contains(&"BG111".to_string()));
    assert!(finding_ids(&result, "aws_s3_bucket.b").contains(&"BG111".to_string()));
}

/// A directory under the scanned path that cannot be listed is an input error naming it.
#[test]
fn an_unreadable_directory_is_an_input_error() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let b = bucket("b");
    write(tmp.path(), &[("main.tf", &b), ("locked/main.tf", &b)]);
    let locked = tmp.path().join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        // Root reads it anyway: the long path below is the case that stands for it then.
        eprintln!("note: running with permission to read a mode-000 directory; sub-case skipped");
    } else {
        let result = scan_dir(tmp.path());
        assert_public_write(&result, "aws_s3_bucket.b");
        assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
        assert_eq!(result.errors[0].path, "locked");
        assert!(result.errors[0].message.starts_with("cannot read directory"));
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A directory whose path is longer than the system takes (4,096 bytes on Linux) cannot be read:
/// an input error naming it, not "0 errors".
#[test]
fn a_path_too_long_for_the_system_is_an_input_error() {
    let tmp = tempfile::tempdir().unwrap();
    let b = bucket("b");
    write(tmp.path(), &[("main.tf", &b)]);
    // An absolute path this long cannot be created: two halves made apart, one moved into the
    // other (each step's path stays short).
    let name = format!("d{}", "x".repeat(199));
    let half = [name.as_str(); 12].join("/");
    let (first, second) = (tmp.path().join(&half), tmp.path().join("second").join(&half));
    std::fs::create_dir_all(&first).unwrap();
    std::fs::create_dir_all(&second).unwrap();
    std::fs::write(second.join("main.tf"), &b).unwrap();
    std::fs::rename(tmp.path().join("second"), first.join("second")).unwrap();
    let result = scan_dir(tmp.path());
    assert_public_write(&result, "aws_s3_bucket.b");
    assert!(!result.errors.is_empty(), "no error");
    let e = &result.errors[0];
    assert!(
        e.path.starts_with(&name) && e.path.len() > 3000,
        "{}",
        e.path.len()
    );
    assert!(e.message.starts_with("cannot read"), "{e:?}");
}

/// testdata/inline/plan.json with `extra` written into the planned values of `aws_s3_bucket.public`
/// (public-read-write by its inline `acl`).
fn inline_plan_with(extra: &str) -> String {
    let plan =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/inline/plan.json")).unwrap();
    let values = r#""acl":"public-read-write","bucket":"inline-public","force_destroy":false"#;
    // The first is in `planned_values`, which the scan reads.
    assert!(plan.starts_with(r#"{"format_version":"1.2","terraform_version":"1.11.4","planned_values""#));
    plan.replacen(values, &format!("{values},{extra}"), 1)
}

/// One value serde_json cannot read (out of range, nested past its 128 levels) no longer drops
/// every value of its resource: it is unknown, and an error names where it is.
#[test]
fn an_unreadable_plan_value_loses_only_itself() {
    let deep = format!(r#""deep":{}{}"#, "[".repeat(200), "]".repeat(200));
    for extra in [r#""huge":1e400"#, deep.as_str()] {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), &[("plan.json", &inline_plan_with(extra))]);
        let mut settings = Settings::new(
            vec![tmp.path().join("plan.json")],
            env!("CARGO_MANIFEST_DIR").into(),
        );
        settings.root = tmp.path().to_path_buf();
        let result = scan(&settings);
        assert_public_write(&result, "aws_s3_bucket.public");
        assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
        let e = &result.errors[0];
        assert!(
            e.path == "plan.json" && e.line == Some(1) && e.column.is_some(),
            "{e:?}"
        );
        assert!(e.message.contains("aws_s3_bucket.public"), "{e:?}");
    }
}

// ---- Deep evaluation: never a crash, a limit is an input error at its place ----

/// `n` locals, each naming the one before (`a0` is "x"), and a bucket named by the last.
fn local_chain(n: usize) -> String {
    let mut src = String::from("locals {\n  a0 = \"x\"\n");
    for i in 1..n {
        src.push_str(&format!("  a{i} = local.a{}\n", i - 1));
    }
    src + "}\n" + &bucket("b").replace("\"b-bucket\"", &format!("local.a{}", n - 1))
}

fn bucket_name(result: &ScanResult, address: &str) -> Option<String> {
    let b = result.buckets.iter().find(|b| b.address == address)?;
    match &b.name {
        bucketguard::model::Value::Set(name, _) | bucketguard::model::Value::Default(name, _) => {
            Some(name.clone())
        }
        bucketguard::model::Value::Unknown(..) => None,
    }
}

/// A chain of locals is valid Terraform at any length: evaluated to its end (it once took one
/// level of evaluation a link, and past 4,096 links was unknown).
#[test]
fn chains_of_locals_of_any_length_are_evaluated() {
    for n in [1_200, 20_000] {
        let result = scan_files(&[("main.tf", &local_chain(n))]);
        assert!(result.errors.is_empty(), "{n}: {:?}", result.errors);
        assert_eq!(
            bucket_name(&result, "aws_s3_bucket.b").as_deref(),
            Some("x"),
            "{n}"
        );
        assert_public_write(&result, "aws_s3_bucket.b");
    }
}

/// Locals referring to themselves through locals alone: Terraform rejects the cycle; an input
/// error at the local where it was met, the rest of the scan unchanged.
#[test]
fn a_cycle_of_locals_is_an_input_error() {
    let n = 5_000;
    let mut src = String::from("locals {\n");
    for i in 0..n {
        src.push_str(&format!("  a{i} = local.a{}\n", (i + 1) % n));
    }
    src += "}\n";
    src += &bucket("b").replace("\"b-bucket\"", "local.a0");
    let result = scan_files(&[("main.tf", &src)]);
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    let e = &result.errors[0];
    assert!(
        e.message.contains("refers to itself") && e.message.contains("cycle"),
        "{e:?}"
    );
    assert!(
        e.path.ends_with("main.tf") && e.line.is_some_and(|l| (2..=n as u32 + 1).contains(&l)),
        "{e:?}"
    );
    assert_eq!(bucket_name(&result, "aws_s3_bucket.b"), None);
    assert_public_write(&result, "aws_s3_bucket.b");
}

/// Terraform rejects a template rendering `templatefile` again; it once recursed until the
/// evaluator's depth, unknown without an error.
#[test]
fn templatefile_calling_itself_is_an_input_error() {
    let main = bucket("b").replace("\"b-bucket\"", "templatefile(\"${path.module}/t.tpl\", {})");
    let result = scan_files(&[("main.tf", &main), ("t.tpl", "${templatefile(\"t.tpl\", {})}")]);
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    let e = &result.errors[0];
    assert!(e.message.contains("templatefile()"), "{e:?}");
    assert!(e.path.ends_with("main.tf") && e.line == Some(3), "{e:?}");
    assert_public_write(&result, "aws_s3_bucket.b");
}

/// Past the evaluator's depth (here a chain of locals in JSON syntax, whose links are each a
/// template): the value is unknown with the reason, and an input error says where.
#[test]
fn evaluation_past_the_depth_limit_is_an_input_error() {
    let n = 5_000;
    let locals: Vec<String> = (1..n)
        .map(|i| format!("\"a{i}\": \"${{local.a{}}}\"", i - 1))
        .collect();
    let json = format!("{{\"locals\": {{\"a0\": \"x\",\n{}\n}}}}", locals.join(",\n"));
    let main = bucket("b").replace("\"b-bucket\"", &format!("local.a{}", n - 1));
    let result = scan_files(&[("locals.tf.json", &json), ("main.tf", &main)]);
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    let e = &result.errors[0];
    assert!(e.message.contains("levels deep"), "{e:?}");
    assert!(e.path.ends_with(".tf") || e.path.ends_with(".tf.json"), "{e:?}");
    assert!(e.line.is_some(), "{e:?}");
    assert_eq!(bucket_name(&result, "aws_s3_bucket.b"), None);
    assert_public_write(&result, "aws_s3_bucket.b");
}

/// `source_policy_documents` chained 800 deep: read to its end (the public statement at the
/// far end reaches the bucket's policy).
#[test]
fn a_chain_of_policy_documents_is_read_to_its_end() {
    let n = 800;
    let mut src = String::from(
        "data \"aws_iam_policy_document\" \"d0\" {\n  statement {\n    actions   = [\"s3:GetObject\"]\n    resources = [\"arn:aws:s3:::p-bucket/*\"]\n    principals {\n      type        = \"*\"\n      identifiers = [\"*\"]\n    }\n  }\n}\n",
    );
    for i in 1..n {
        src.push_str(&format!(
            "data \"aws_iam_policy_document\" \"d{i}\" {{\n  source_policy_documents = [data.aws_iam_policy_document.d{}.json]\n}}\n",
            i - 1
        ));
    }
    src.push_str(&format!(
        "resource \"aws_s3_bucket\" \"p\" {{\n  bucket = \"p-bucket\"\n}}\n\
         resource \"aws_s3_bucket_policy\" \"p\" {{\n  bucket = aws_s3_bucket.p.id\n  policy = data.aws_iam_policy_document.d{}.json\n}}\n",
        n - 1
    ));
    let result = scan_files(&[("main.tf", &src)]);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_eq!(verdict(&result, "aws_s3_bucket.p"), Some("public-read"));
}

// ---- No panic on input: what once panicked (the `unwrap` audit, SECURITY.md) ----

/// A bucket named by `expr`, and the name the scan gives it.
fn name_of(expr: &str) -> Option<String> {
    let src = format!("resource \"aws_s3_bucket\" \"b\" {{\n  bucket = {expr}\n}}\n");
    let result = scan_files(&[("main.tf", &src)]);
    bucket_name(&result, "aws_s3_bucket.b")
}

/// A duration past Go's (an int64 of nanoseconds, about 292 years) is not a duration, as in
/// Terraform: it once overflowed the time's arithmetic (a panic) or wrapped to another date.
#[test]
fn timeadd_past_the_duration_range_is_an_error() {
    let huge = "9".repeat(400);
    let name = |d: &str| {
        name_of(&format!(
            r#"try(timeadd("2017-01-01T00:00:00Z", "{d}"), "rejected")"#
        ))
    };
    assert_eq!(name(&format!("{huge}h")).as_deref(), Some("rejected"));
    assert_eq!(name("9999999999999999999999h").as_deref(), Some("rejected"));
    // The largest Go duration still adds.
    assert_eq!(name("2562047h").as_deref(), Some("2309-04-12T23:00:00Z"));
}

/// `format()` precisions past what Rust's formatter takes are an error, not a panic.
#[test]
fn format_with_a_huge_precision_is_an_error() {
    for verb in ["f", "e", "g"] {
        let spec = format!("%.{}{verb}", "9".repeat(12));
        let name = name_of(&format!(r#"try(format("{spec}", 1), "rejected")"#));
        assert_eq!(name.as_deref(), Some("rejected"), "%{verb}");
    }
    // The largest precision still formats (`%g` of 1e-4 asks for 3 decimals more).
    let name = name_of(r#"try(format("%.65532g", 0.0001), "rejected")"#).unwrap_or_default();
    assert!(name.starts_with("0.000100000000000000004792"), "{name:.40}");
}

/// `config --print` aligns its comments after the longest value: a 70,000-byte value from the
/// repository's config once overflowed the formatter's width (a panic).
#[test]
fn config_print_of_a_huge_value() {
    let tmp = tempfile::tempdir().unwrap();
    let long = "a".repeat(70_000);
    write(
        tmp.path(),
        &[(".bucketguard.toml", &format!("exclude = [\"{long}\"]\n"))],
    );
    let out = bucketguard_in(tmp.path(), &["config", "--print"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains(&format!("exclude = [\"{long}\"]  # .bucketguard.toml:1")),
        "{stdout:.300}"
    );
}

/// `rules` pads the slug column to the longest slug: a custom policy's 70,000-byte slug once
/// overflowed the formatter's width (a panic).
#[test]
fn rules_with_a_huge_custom_slug() {
    let tmp = tempfile::tempdir().unwrap();
    let slug = "s".repeat(70_000);
    let rego = format!(
        "# METADATA\n# title: A long slug\n# custom:\n#   id: ORG001\n#   severity: low\n#   slug: {slug}\n\
         package bucketguard.org.long\n\ndeny contains msg if {{\n\tfalse\n\tmsg := \"x\"\n}}\n"
    );
    write(tmp.path(), &[("policies/long.rego", &rego)]);
    let out = bucketguard_in(tmp.path(), &["rules", "--policy-dir", "policies"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains(&format!("ORG001  low       {slug}  A long slug")),
        "{stdout:.300}"
    );
}
