//! Suppressions (inline and config), the baseline and `--diff-base`, through the library and the
//! binary, on copies of the testdata fixtures with comments added.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use bucketguard::baseline::{Baseline, Place};
use bucketguard::suppress::Date;
use bucketguard::{ScanResult, Settings, scan};

mod support;
use support::bucketguard_in;

fn testdata(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata").join(case)
}

/// Copy a fixture directory (recursively) into a fresh temp dir.
fn copy_fixture(case: &str) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            let dest = to.join(p.file_name().unwrap());
            if p.is_dir() {
                copy(&p, &dest);
            } else {
                std::fs::copy(&p, &dest).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&testdata(case), dir.path());
    dir
}

/// Insert `line` before the first line of `file` that starts with `before` (exactly once).
fn insert_before(file: &Path, before: &str, line: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let at = text.find(&format!("\n{before}")).expect(before) + 1;
    std::fs::write(file, format!("{}{line}\n{}", &text[..at], &text[at..])).unwrap();
}

/// Append `comment` to the first line containing `needle`.
fn append_to_line(file: &Path, needle: &str, comment: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let at = text.find(needle).expect(needle);
    let end = at + text[at..].find('\n').unwrap();
    std::fs::write(file, format!("{} {comment}{}", &text[..end], &text[end..])).unwrap();
}

fn run(path: PathBuf, root: &Path, today: &str) -> ScanResult {
    let mut s = Settings::new(vec![path], env!("CARGO_MANIFEST_DIR").into());
    s.root = root.to_path_buf();
    s.today = Date::parse(today);
    let r = scan(&s);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    r
}

type Ids = BTreeSet<(String, String)>;

fn reported(r: &ScanResult) -> Ids {
    r.findings
        .iter()
        .map(|f| (f.policy.meta.id.clone(), f.bucket.to_string()))
        .collect()
}

fn suppressed(r: &ScanResult) -> BTreeSet<(String, String, String, u32)> {
    r.suppressed
        .iter()
        .map(|s| {
            (
                s.finding.policy.meta.id.clone(),
                s.finding.bucket.to_string(),
                s.reason.clone(),
                s.location.line,
            )
        })
        .collect()
}

fn warnings(r: &ScanResult) -> Vec<(String, u32, String)> {
    r.warnings
        .iter()
        .map(|w| (w.path.clone(), w.line.unwrap_or(0), w.message.clone()))
        .collect()
}

fn pair(id: &str, bucket: &str) -> (String, String) {
    (id.to_string(), bucket.to_string())
}

/// The `separate` fixture with every kind of inline suppression added.
fn annotated_separate() -> tempfile::TempDir {
    let dir = copy_fixture("separate");
    let main = dir.path().join("main.tf");
    // Own-line comment above a separate resource: keys on the bucket it configures; ids and slugs.
    insert_before(
        &main,
        "resource \"aws_s3_bucket_acl\" \"shared\"",
        "# bucketguard:ignore[BG103,acl-authenticated-read] reason: public dataset, SEC-123 exp: 2027-03-31",
    );
    // Trailing `//` comment on the attribute.
    append_to_line(
        &main,
        "ignore_public_acls      = false",
        "// bucketguard:ignore[BG112] reason: migrating off ACLs",
    );
    // Block comment above the bucket, with an expiry.
    insert_before(
        &main,
        "resource \"aws_s3_bucket\" \"logs\"",
        "/* bucketguard:ignore[versioning-disabled] reason: logs are write-once exp: 2026-06-30 */",
    );
    // No reason: invalid, does not apply.
    insert_before(
        &main,
        "resource \"aws_s3_bucket\" \"shared\"",
        "# bucketguard:ignore[BG201]",
    );
    // Above a variable: targets no bucket.
    insert_before(
        &main,
        "variable \"log_delivery_canonical_id\"",
        "# bucketguard:ignore[BG103] reason: misplaced",
    );
    // Matches nothing: the app bucket's ACL is private.
    insert_before(
        &main,
        "resource \"aws_s3_bucket\" \"app\"",
        "# bucketguard:ignore[BG101] reason: stale",
    );
    dir
}

#[test]
fn inline_suppressions_apply_and_report() {
    let dir = annotated_separate();
    let r = run(dir.path().to_path_buf(), dir.path(), "2026-05-01");
    let got: BTreeSet<_> = suppressed(&r)
        .into_iter()
        .map(|(p, b, why, _)| (p, b, why))
        .collect();
    let want: BTreeSet<_> = [
        ("BG103", "aws_s3_bucket.shared", "public dataset, SEC-123"),
        ("BG104", "aws_s3_bucket.shared", "public dataset, SEC-123"),
        ("BG112", "aws_s3_bucket.app", "migrating off ACLs"),
        ("BG401", "aws_s3_bucket.logs", "logs are write-once"),
    ]
    .iter()
    .map(|(p, b, w)| (p.to_string(), b.to_string(), w.to_string()))
    .collect();
    assert_eq!(got, want);
    let left = reported(&r);
    for (p, b, _) in &want {
        assert!(!left.contains(&pair(p, b)), "{p} {b} still reported");
    }
    // The invalid suppression does not apply.
    assert!(left.contains(&pair("BG201", "aws_s3_bucket.shared")));
    let w = warnings(&r);
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(w[0].2.contains("not on or above a resource"), "{w:?}");
    assert!(
        w[1].2.starts_with("unused suppression") && w[1].2.contains("BG101"),
        "{w:?}"
    );
    assert!(
        w[2].2.starts_with("invalid suppression") && w[2].2.contains("reason"),
        "{w:?}"
    );
    assert!(w.iter().all(|(file, ..)| file.ends_with("main.tf")));
}

#[test]
fn expiry_uses_the_injected_date() {
    let dir = annotated_separate();
    let before = run(dir.path().to_path_buf(), dir.path(), "2026-06-30");
    assert!(suppressed(&before).iter().any(|s| s.0 == "BG401"));
    assert!(!warnings(&before).iter().any(|w| w.2.contains("expired")));

    let after = run(dir.path().to_path_buf(), dir.path(), "2026-07-01");
    assert!(!suppressed(&after).iter().any(|s| s.0 == "BG401"));
    assert!(reported(&after).contains(&pair("BG401", "aws_s3_bucket.logs")));
    let w = warnings(&after);
    assert!(
        w.iter()
            .any(|w| w.2 == "suppression expired on 2026-06-30; it no longer applies"),
        "{w:?}"
    );
    // The far-future expiry still applies.
    assert!(suppressed(&after).iter().any(|s| s.0 == "BG103"));
}

#[test]
fn suppressions_apply_equally_to_the_plan() {
    let dir = annotated_separate();
    let src = run(dir.path().to_path_buf(), dir.path(), "2026-05-01");
    let plan = run(dir.path().join("plan.json"), dir.path(), "2026-05-01");
    assert_eq!(suppressed(&src), suppressed(&plan));
    assert_eq!(reported(&src), reported(&plan));
    assert_eq!(warnings(&src), warnings(&plan));
    assert_eq!(suppressed(&src).len(), 4);
}

#[test]
fn module_block_comment_suppresses_the_instance_in_sources_and_plan() {
    let dir = copy_fixture("count-foreach");
    insert_before(
        &dir.path().join("main.tf"),
        "module \"site\"",
        "# bucketguard:ignore[BG401,BG201] reason: static site, rebuilt from git",
    );
    for path in [dir.path().to_path_buf(), dir.path().join("plan.json")] {
        let r = run(path, dir.path(), "2026-05-01");
        let got: BTreeSet<_> = suppressed(&r).into_iter().map(|(p, b, ..)| (p, b)).collect();
        let want: BTreeSet<_> = [
            pair("BG201", "module.site[\"web\"].aws_s3_bucket.this"),
            pair("BG401", "module.site[\"web\"].aws_s3_bucket.this"),
        ]
        .into();
        assert_eq!(got, want);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }
}

#[test]
fn tf_json_comment_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf.json"),
        r#"{
  "resource": {
    "aws_s3_bucket": {
      "site": {
        "//": "bucketguard:ignore[BG103] reason: public website",
        "bucket": "tfjson-site",
        "acl": "public-read"
      },
      "other": {
        "bucket": "tfjson-other",
        "acl": "public-read"
      }
    }
  }
}
"#,
    )
    .unwrap();
    let r = run(dir.path().to_path_buf(), dir.path(), "2026-05-01");
    let got: BTreeSet<_> = suppressed(&r).into_iter().map(|(p, b, ..)| (p, b)).collect();
    assert_eq!(got, [pair("BG103", "aws_s3_bucket.site")].into());
    assert!(reported(&r).contains(&pair("BG103", "aws_s3_bucket.other")));
}

const ONE_BUCKET: &str = r#"resource "aws_s3_bucket" "b" {
  bucket = "baseline-b"
}

resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.b.id
  acl    = "public-read"
}
"#;

fn place(dir: &Path) -> Place {
    Place::new(dir, Path::new("baseline.json"))
}

fn baseline_run(dir: &Path, baseline: Option<&Baseline>) -> ScanResult {
    let mut s = Settings::new(vec![dir.to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
    s.root = dir.to_path_buf();
    s.baseline = baseline.map(|b| (place(dir), b.clone()));
    scan(&s)
}

#[test]
fn baseline_survives_reformat_not_acl_change() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tf");
    std::fs::write(&main, ONE_BUCKET).unwrap();
    let first = baseline_run(dir.path(), None);
    assert!(reported(&first).contains(&pair("BG103", "aws_s3_bucket.b")));
    let baseline =
        Baseline::parse(&Baseline::of(&first.sources, &place(dir.path()), &first.findings).to_json())
            .unwrap();
    let again = baseline_run(dir.path(), Some(&baseline));
    assert!(again.findings.is_empty());
    assert_eq!(again.baselined.len(), first.findings.len());

    // Moved down, reindented, realigned: still baselined.
    let reformatted = format!(
        "# moved\n\n\n{}",
        ONE_BUCKET
            .replace("acl    = \"public-read\"", "    acl = \"public-read\"")
            .replace(
                "bucket = aws_s3_bucket.b.id",
                "  bucket     =    aws_s3_bucket.b.id"
            )
    );
    std::fs::write(&main, reformatted).unwrap();
    let moved = baseline_run(dir.path(), Some(&baseline));
    assert!(moved.findings.is_empty(), "{:?}", reported(&moved));
    assert_eq!(moved.baselined.len(), first.findings.len());

    // The ACL changed: the finding is new.
    std::fs::write(
        &main,
        ONE_BUCKET.replace("\"public-read\"", "\"public-read-write\""),
    )
    .unwrap();
    let changed = baseline_run(dir.path(), Some(&baseline));
    assert!(reported(&changed).contains(&pair("BG101", "aws_s3_bucket.b")));
    // The same policy, with the offending setting written differently: new too.
    let via_local =
        ONE_BUCKET.replace("\"public-read\"", "local.acl") + "locals {\n  acl = \"public-read\"\n}\n";
    std::fs::write(&main, via_local).unwrap();
    let changed = baseline_run(dir.path(), Some(&baseline));
    assert!(
        reported(&changed).contains(&pair("BG103", "aws_s3_bucket.b")),
        "{:?}",
        reported(&changed)
    );
}

#[test]
fn cli_baseline_round_trip_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), ONE_BUCKET).unwrap();
    let out = bucketguard_in(dir.path(), &["scan", "--write-baseline", "base.json"]);
    assert_eq!(out.status.code(), Some(1));
    let out = bucketguard_in(
        dir.path(),
        &["scan", "--baseline", "base.json", "--format", "json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0);
    assert!(doc["summary"]["baselined"].as_u64().unwrap() >= 1);
    let out = bucketguard_in(dir.path(), &["scan", "--baseline", "base.json"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("in the baseline"));
}

/// `--baseline` with `--write-baseline` refreshes the baseline: it keeps what the old one still
/// holds, adds what is new, and drops entries whose finding is gone.
#[test]
fn cli_baseline_refresh_keeps_held_adds_new_drops_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tf");
    std::fs::write(&main, ONE_BUCKET).unwrap();
    let entries = |file: &str| -> Vec<(String, String)> {
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        Baseline::parse(&text)
            .unwrap()
            .findings
            .into_iter()
            .map(|e| (e.policy_id, e.bucket))
            .collect()
    };
    bucketguard_in(dir.path(), &["scan", "--write-baseline", "first.json"]);
    let first = entries("first.json");
    assert!(
        first.contains(&("BG103".into(), "aws_s3_bucket.b".into())),
        "{first:?}"
    );

    // A second bucket with its own findings, and the first one's public ACL fixed.
    let second = ONE_BUCKET
        .replace("\"b\"", "\"c\"")
        .replace("baseline-b", "baseline-c")
        .replace(".b.", ".c.");
    std::fs::write(
        &main,
        format!(
            "{}\n{second}",
            ONE_BUCKET.replace("\"public-read\"", "\"private\"")
        ),
    )
    .unwrap();
    let args = [
        "scan",
        "--baseline",
        "first.json",
        "--write-baseline",
        "second.json",
    ];
    bucketguard_in(dir.path(), &args);
    let refreshed = entries("second.json");
    assert!(
        !refreshed.contains(&("BG103".into(), "aws_s3_bucket.b".into())),
        "{refreshed:?}"
    );
    assert!(
        refreshed.contains(&("BG103".into(), "aws_s3_bucket.c".into())),
        "{refreshed:?}"
    );
    let kept: Vec<_> = first
        .iter()
        .filter(|(p, _)| p != "BG103")
        .filter(|e| !refreshed.contains(e))
        .collect();
    assert!(
        kept.is_empty(),
        "entries of findings still there were dropped: {kept:?}"
    );
    // The refreshed baseline holds every finding now there.
    let out = bucketguard_in(
        dir.path(),
        &["scan", "--baseline", "second.json", "--format", "json"],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0, "{doc}");
    assert_eq!(
        doc["summary"]["baselined"].as_u64().unwrap() as usize,
        refreshed.len()
    );
}

#[test]
fn suppressed_findings_in_reports_and_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        ONE_BUCKET.replace(
            "  acl    = \"public-read\"",
            "  acl    = \"public-read\" # bucketguard:ignore[BG103] reason: website exp: 2099-01-01",
        ),
    )
    .unwrap();
    // The same finding also matched by a config entry: both count as used, the inline one reports.
    std::fs::write(
        dir.path().join(".bucketguard.toml"),
        "[[suppress]]\naddress = \"aws_s3_bucket.b\"\nreason = \"also\"\n",
    )
    .unwrap();
    let args = ["scan", "--select", "BG103", "--fail-on", "low"];
    let out = bucketguard_in(dir.path(), &[&args[..], &["--format", "json"]].concat());
    assert_eq!(
        out.status.code(),
        Some(0),
        "suppressed findings never fail the run"
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &doc["findings"][0];
    assert_eq!(f["suppressed"]["reason"], "website");
    assert_eq!(f["suppressed"]["expires"], "2099-01-01");
    assert_eq!(f["suppressed"]["location"]["line"], 7);
    assert_eq!(doc["summary"]["suppressed"], 1);
    assert_eq!(
        doc["warnings"],
        serde_json::json!([]),
        "neither suppression is unused"
    );
    assert_eq!(doc["summary"]["findings"]["total"], 0);
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json-output.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    assert!(validator.is_valid(&doc));

    let out = bucketguard_in(dir.path(), &[&args[..], &["--format", "sarif"]].concat());
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &sarif["runs"][0]["results"][0]["suppressions"][0];
    assert_eq!(s["kind"], "inSource");
    assert_eq!(s["justification"], "website");

    let out = bucketguard_in(dir.path(), &args);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Not reported: 1 suppressed."), "{text}");
}

#[test]
fn config_file_applies_and_prints_provenance() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), ONE_BUCKET).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    // Excluded: matched relative to the config file's directory, whatever the scan root.
    std::fs::write(
        dir.path().join("sub/vendored.tf"),
        ONE_BUCKET.replace("\"b\"", "\"v\"").replace(".b.", ".v."),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".bucketguard.toml"),
        r#"select = ["BG103", "BG111"]
fail-on = "critical"
exclude = ["sub/*.tf"]
trusted-accounts = ["123456789012"]

[severity]
acl-public-read = "low"

[[suppress]]
address = "aws_s3_bucket.*"
policies = ["BG111"]
reason = "account-level PAB"
"#,
    )
    .unwrap();
    let out = bucketguard_in(dir.path(), &["scan", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    let bg103 = findings.iter().find(|f| f["policy_id"] == "BG103").unwrap();
    assert_eq!(bg103["severity"], "low");
    assert_eq!(bg103["suppressed"], serde_json::Value::Null);
    let bg111 = findings.iter().find(|f| f["policy_id"] == "BG111").unwrap();
    assert_eq!(bg111["suppressed"]["reason"], "account-level PAB");
    assert_eq!(bg111["suppressed"]["location"]["line"], 9);
    assert_eq!(findings.len(), 2, "{findings:#?}");
    let out = bucketguard_in(
        &dir.path().join("sub"),
        &["scan", "--format", "json", "--fail-on", "low"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "the excluded file's findings are dropped"
    );
    let out = bucketguard_in(dir.path(), &["scan", "--verbose"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Suppressed (1):\n  BG111 public-access-block-missing  aws_s3_bucket.b"),
        "{text}"
    );
    assert!(
        text.contains("by .bucketguard.toml:9: account-level PAB"),
        "{text}"
    );

    let out = bucketguard_in(dir.path(), &["scan", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let r = results.iter().find(|r| r["ruleId"] == "BG111").unwrap();
    assert_eq!(r["suppressions"][0]["kind"], "external");
    assert_eq!(r["suppressions"][0]["justification"], "account-level PAB");

    // CLI overrides the file: --fail-on low fails on the low BG103.
    let out = bucketguard_in(dir.path(), &["scan", "--fail-on", "low"]);
    assert_eq!(out.status.code(), Some(1));

    let out = bucketguard_in(dir.path(), &["config", "--print", "--fail-on", "high"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let line = |key: &str| {
        text.lines()
            .find(|l| l.starts_with(key))
            .unwrap_or("")
            .to_string()
    };
    assert!(
        line("select =").contains(r#"["BG103", "BG111"]"#) && line("select =").ends_with(":1"),
        "{text}"
    );
    assert!(
        line("fail-on =").contains(r#""high""#) && line("fail-on =").ends_with("# CLI"),
        "{text}"
    );
    assert!(
        text.contains("\n[severity]\n")
            && line("BG103 =").contains(r#""low""#)
            && line("BG103 =").ends_with(":7"),
        "{text}"
    );
    assert!(line("ignore =").ends_with("# default"), "{text}");
    assert!(line("trusted-accounts =").contains("123456789012"), "{text}");

    // Found by walking up from a subdirectory.
    let out = bucketguard_in(&dir.path().join("sub"), &["config", "--print"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(r#"fail-on = "critical""#));
}

#[test]
fn config_typo_is_an_error_naming_key_file_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), ONE_BUCKET).unwrap();
    std::fs::write(
        dir.path().join("bg.toml"),
        "select = [\"BG103\"]\n\nfail_on = \"low\"\n",
    )
    .unwrap();
    let out = bucketguard_in(dir.path(), &["scan", "--config", "bg.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bg.toml:3:1:") && err.contains("fail_on"), "{err}");
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const TWO_BUCKETS: &str = r#"variable "acl" {
  default = "private"
}

resource "aws_s3_bucket" "a" {
  bucket = "diff-a"
}

resource "aws_s3_bucket_acl" "a" {
  bucket = aws_s3_bucket.a.id
  acl    = "private"
}

resource "aws_s3_bucket" "b" {
  bucket = "diff-b"
}

resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.b.id
  acl    = "private"
}
"#;

fn diff_run(dir: &Path) -> ScanResult {
    let mut s = Settings::new(vec![dir.to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
    s.root = dir.to_path_buf();
    s.diff_base = Some("HEAD".into());
    let r = scan(&s);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    r
}

fn buckets(r: &ScanResult) -> BTreeSet<String> {
    r.findings.iter().map(|f| f.bucket.to_string()).collect()
}

#[test]
fn diff_base_reports_only_touched_buckets() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tf");
    std::fs::write(&main, TWO_BUCKETS).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);

    // Nothing changed: nothing reported, everything counted as outside the diff.
    let r = diff_run(dir.path());
    assert!(r.findings.is_empty());
    assert!(r.outside_diff > 0);

    // Only b's ACL changes: only b's findings.
    std::fs::write(
        &main,
        TWO_BUCKETS.replace(
            "bucket = aws_s3_bucket.b.id\n  acl    = \"private\"",
            "bucket = aws_s3_bucket.b.id\n  acl    = \"public-read\"",
        ),
    )
    .unwrap();
    let r = diff_run(dir.path());
    assert_eq!(buckets(&r), ["aws_s3_bucket.b".to_string()].into());
    assert!(reported(&r).contains(&pair("BG103", "aws_s3_bucket.b")));

    // A variable changes: conservatively every bucket in the module.
    std::fs::write(
        &main,
        TWO_BUCKETS.replace("default = \"private\"", "default = \"public-read\""),
    )
    .unwrap();
    let r = diff_run(dir.path());
    assert_eq!(
        buckets(&r),
        ["aws_s3_bucket.a".to_string(), "aws_s3_bucket.b".to_string()].into()
    );

    // A new untracked tfvars file counts for every bucket too.
    std::fs::write(&main, TWO_BUCKETS).unwrap();
    std::fs::write(dir.path().join("terraform.tfvars"), "acl = \"private\"\n").unwrap();
    let r = diff_run(dir.path());
    assert_eq!(buckets(&r).len(), 2);

    // Not a git repository: an error (exit 2), not a silent full report.
    let plain = tempfile::tempdir().unwrap();
    std::fs::write(plain.path().join("main.tf"), TWO_BUCKETS).unwrap();
    let mut s = Settings::new(
        vec![plain.path().to_path_buf()],
        env!("CARGO_MANIFEST_DIR").into(),
    );
    s.root = plain.path().to_path_buf();
    s.diff_base = Some("HEAD".into());
    let r = scan(&s);
    assert!(r.errors.iter().any(|e| e.path == "--diff-base"), "{:?}", r.errors);
}

#[test]
fn diff_base_follows_module_arguments_and_module_sources() {
    let dir = copy_fixture("count-foreach");
    std::fs::remove_file(dir.path().join("plan.json")).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    let site = "module.site[\"web\"].aws_s3_bucket.this".to_string();

    // Inside the module: only its bucket (every instance).
    let module_main = dir.path().join("modules/site/main.tf");
    let text = std::fs::read_to_string(&module_main).unwrap();
    std::fs::write(&module_main, text.replace("\"Suspended\"", "\"Disabled\"")).unwrap();
    let r = diff_run(dir.path());
    assert_eq!(buckets(&r), [site.clone()].into());
    std::fs::write(&module_main, text).unwrap();

    // A module argument in the caller: the module's buckets (and, conservatively, the caller's).
    let main = dir.path().join("main.tf");
    let text = std::fs::read_to_string(&main).unwrap();
    std::fs::write(
        &main,
        text.replace("\"cf-site-${each.key}\"", "\"cf-www-${each.key}\""),
    )
    .unwrap();
    let r = diff_run(dir.path());
    assert!(buckets(&r).contains(&site), "{:?}", buckets(&r));
}
