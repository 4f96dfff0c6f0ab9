//! The scan evaluates only S3 / CloudTrail resources and, on demand, what they reference: values
//! that come through other resources, modules, locals and data sources must still resolve.

use bucketguard::model::Value;
use bucketguard::{ScanResult, Settings, scan};

/// A temporary project holding `files` (path, text), directories made as needed.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// The scan of `dir`, paths shown relative to it.
fn scan_in(dir: &tempfile::TempDir) -> (ScanResult, Settings) {
    let mut settings = Settings::new(vec![dir.path().to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
    settings.root = dir.path().to_path_buf();
    (scan(&settings), settings)
}

/// Each bucket's root, address and name ("?" when not known).
fn buckets(result: &ScanResult) -> Vec<(String, String, String)> {
    result
        .buckets
        .iter()
        .map(|b| {
            let name = match &b.name {
                Value::Set(n, _) => n.clone(),
                _ => "?".into(),
            };
            (b.root.clone(), b.address.clone(), name)
        })
        .collect()
}

#[test]
fn values_through_unscanned_resources_and_modules_resolve() {
    let dir = project(&[
        (
            "main.tf",
            r#"
locals { env = "prod" }
resource "aws_ssm_parameter" "name" {
  name  = "bucket-name"
  value = "acme-${local.env}-data"
}
resource "aws_instance" "unrelated" { ami = "ami-123" }
resource "aws_s3_bucket" "data" { bucket = aws_ssm_parameter.name.value }
module "logs" {
  source = "./modules/logs"
  prefix = aws_ssm_parameter.name.value
}
resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration { status = "Enabled" }
}
"#,
        ),
        (
            "modules/logs/main.tf",
            r#"
variable "prefix" {}
resource "aws_iam_role" "r" { name = "${var.prefix}-role" }
resource "aws_s3_bucket" "logs" { bucket = "${aws_iam_role.r.name}-logs" }
"#,
        ),
    ]);
    let (result, _) = scan_in(&dir);
    assert!(result.errors.is_empty(), "{:?}", result.errors.len());
    let names: Vec<(String, String)> = buckets(&result).into_iter().map(|(_, a, n)| (a, n)).collect();
    assert_eq!(
        names,
        [
            ("aws_s3_bucket.data".to_string(), "acme-prod-data".to_string()),
            (
                "module.logs.aws_s3_bucket.logs".to_string(),
                "acme-prod-data-role-logs".to_string()
            ),
        ]
    );
    // The separate versioning resource still links to its bucket.
    assert!(result.unlinked.is_empty());
    let unversioned: Vec<&str> = result
        .findings
        .iter()
        .filter(|f| f.policy.meta.id == "BG401")
        .map(|f| &*f.bucket)
        .collect();
    assert_eq!(unversioned, ["module.logs.aws_s3_bucket.logs"]);
}

/// Blocks nothing S3 refers to are left unparsed (see `input::prune`): a syntax error inside one
/// is `terraform validate`'s to report, while one in a block the scan reads is still located.
#[test]
fn only_blocks_the_scan_reads_are_parsed() {
    let dir = project(&[
        (
            "main.tf",
            "resource \"aws_instance\" \"unrelated\" {\n  ami = = \"broken\"\n}\n\
             resource \"aws_s3_bucket\" \"data\" { bucket = \"acme-data\" }\n",
        ),
        (
            "kms.tf",
            "resource \"aws_kms_key\" \"k\" {\n  description = = \"broken\"\n}\n\
             resource \"aws_s3_bucket_server_side_encryption_configuration\" \"data\" {\n\
               bucket = aws_s3_bucket.data.id\n\
               rule {\n apply_server_side_encryption_by_default {\n sse_algorithm = \"aws:kms\"\n\
               kms_master_key_id = aws_kms_key.k.arn\n }\n }\n}\n",
        ),
    ]);
    let (result, _) = scan_in(&dir);
    let errors: Vec<(String, Option<u32>)> = result.errors.iter().map(|e| (e.path.clone(), e.line)).collect();
    assert_eq!(errors, [("kms.tf".to_string(), Some(2))]);
}

/// Child modules are parsed once and shared by every call (two roots, and `for_each` instances
/// within one): each call still gets its own inputs, and a parse error in the shared module is
/// reported once (one error per file, not per call or per root).
#[test]
fn a_module_parsed_once_serves_every_call() {
    let root = |name: &str| {
        format!(
            r#"
module "store" {{
  source   = "../../modules/store"
  for_each = toset(["x", "y"])
  name     = "{name}-${{each.key}}"
}}
module "broken" {{
  source = "../../modules/broken"
}}
"#
        )
    };
    let (a, b) = (root("a"), root("b"));
    let dir = project(&[
        ("roots/a/main.tf", &a),
        ("roots/b/main.tf", &b),
        (
            "modules/store/main.tf",
            "variable \"name\" {}\nresource \"aws_s3_bucket\" \"b\" { bucket = var.name }\n",
        ),
        (
            "modules/broken/main.tf",
            "resource \"aws_s3_bucket\" \"c\" {\n  bucket = \n}\n",
        ),
    ]);
    let (result, _) = scan_in(&dir);
    let want = |root: &str, key: &str| {
        (
            format!("roots/{root}"),
            format!("module.store[\"{key}\"].aws_s3_bucket.b"),
            format!("{root}-{key}"),
        )
    };
    assert_eq!(
        buckets(&result),
        [want("a", "x"), want("a", "y"), want("b", "x"), want("b", "y")]
    );
    let errors: Vec<(&str, Option<u32>)> = result.errors.iter().map(|e| (e.path.as_str(), e.line)).collect();
    assert_eq!(
        errors,
        [("modules/broken/main.tf", Some(2))],
        "{:?}",
        result.errors
    );
}

/// Configuration texts are given back once loaded; a text report reads the lines it quotes
/// again, and positions (from the line index) stay exact.
#[test]
fn a_report_quotes_sources_given_back_after_loading() {
    let dir = project(&[(
        "main.tf",
        "\n\nresource \"aws_s3_bucket\" \"site\" {\n  bucket = \"quoted-back\"\n}\n",
    )]);
    let (result, settings) = scan_in(&dir);
    let file = result.sources.iter().next().unwrap().1;
    assert!(file.text.is_evicted());
    let text = bucketguard::report::render_as(&result, &settings, bucketguard::Format::Text);
    assert!(text.contains("main.tf:3:1]"), "{text}");
    assert!(text.contains(r#" 4 │   bucket = "quoted-back""#), "{text}");
    assert!(file.text.contains("quoted-back"), "read back");
}
