//! Hand-built scan results for report tests: no front end or policy involved.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::finding::{Finding, Undecided};
use crate::input::InputError;
use crate::model::{FileId, Origin, SourceFile, Sources, Unlinked, Value};
use crate::policy::meta::{Compliance, Example, ExampleKind, ExampleStyle, PolicyMeta, Reference};
use crate::policy::{Policy, Related, Severity, Verdict};
use crate::scan::{ScanResult, ScannedBucket};
use crate::settings::Settings;

pub const MAIN_TF: &str = r#"resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  acl    = "public-read-write"
}

resource "aws_s3_bucket" "data" {
  bucket_prefix = "data-"
}

resource "aws_s3_bucket_public_access_block" "orphan" {
  bucket = var.name
}
"#;

pub const BROKEN_TF: &str = "resource \"aws_s3_bucket\" {\n  bucket = \n";

/// Builds a [`ScanResult`] piece by piece.
pub struct Builder {
    pub result: ScanResult,
}

impl Builder {
    pub fn new() -> Self {
        Builder {
            result: ScanResult {
                sources: Sources::default(),
                inputs: Vec::new(),
                buckets: Vec::new(),
                unlinked: Vec::new(),
                findings: Vec::new(),
                undecided: Vec::new(),
                errors: Vec::new(),
                notes: Vec::new(),
                suppressed: Vec::new(),
                warnings: Vec::new(),
                baselined: Vec::new(),
                outside_diff: 0,
                exposures: Vec::new(),
            },
        }
    }

    pub fn file(&mut self, display: &str, text: &str) -> FileId {
        let path = PathBuf::from("/work/project").join(display);
        self.result
            .sources
            .add(SourceFile::new(path, display.to_string(), text))
    }

    /// The origin of the first occurrence of `needle` in `file`.
    pub fn at(&self, file: FileId, needle: &str) -> Origin {
        let text = &self.result.sources.get(file).text;
        let start = text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in the file"));
        Origin::new(file, start..start + needle.len())
    }

    pub fn bucket(&mut self, address: &str, root: &str, name: Option<&str>, origin: Origin) {
        let name = match name {
            Some(n) => Value::Set(n.to_string(), origin),
            None => Value::Default(String::new(), origin),
        };
        self.result.buckets.push(ScannedBucket {
            address: address.to_string(),
            root: root.to_string(),
            name,
            origin,
            external: crate::model::link::is_external(address),
        });
    }

    pub fn finding(
        &mut self,
        bucket: &str,
        root: &str,
        message: &str,
        origin: Origin,
        related: Vec<Related>,
    ) {
        self.result.findings.push(Finding {
            policy: test_policy(),
            bucket: bucket.into(),
            root: root.into(),
            message: crate::finding::Message::new(message, bucket, &Default::default()),
            origin,
            related,
            neutralized_by: None,
        });
    }
}

/// A policy with complete metadata of its own, so report snapshots do not change when the
/// catalog's metadata does.
pub fn test_policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| Policy {
        meta: PolicyMeta {
            id: "BG999".into(),
            slug: "acl-public-write".into(),
            title: "Bucket ACL lets anyone write".into(),
            severity: Severity::Critical,
            group: "restrict-access".into(),
            summary: "The bucket ACL grants WRITE or FULL_CONTROL to Everyone.".into(),
            rationale: "Anyone on the internet can upload, overwrite or delete objects.".into(),
            remediation: "Set `acl = \"private\"` and enable the bucket's public access block.".into(),
            references: vec![Reference {
                title: "Access control list (ACL) overview".into(),
                url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html".into(),
            }],
            compliance: Compliance {
                fsbp: vec!["S3.3".into()],
                cis: vec![],
            },
            tags: vec!["acl".into()],
            default_enabled: true,
            opt_in_group: None,
            help_url: None,
            examples: vec![
                Example {
                    name: "public-read-write".into(),
                    kind: ExampleKind::Bad,
                    style: ExampleStyle::Separate,
                    code: "resource \"aws_s3_bucket_acl\" \"a\" {\n  bucket = aws_s3_bucket.b.id\n  acl    = \"public-read-write\" # <- finding\n}\n".into(),
                },
                Example {
                    name: "private".into(),
                    kind: ExampleKind::Good,
                    style: ExampleStyle::Separate,
                    code: "resource \"aws_s3_bucket_acl\" \"a\" {\n  bucket = aws_s3_bucket.b.id\n  acl    = \"private\"\n}\n".into(),
                },
            ],
        },
        check: |_, _| Verdict::Pass,
        neutralizable: false,
        scan_check: None,
        scope: crate::policy::scope::Scope::EVERY_BUCKET,
        rego: None,
    })
}

/// Settings with a fixed scan root, so file URIs do not depend on the machine, and only the
/// test policy.
pub fn settings() -> Settings {
    Settings {
        paths: vec![PathBuf::from(".")],
        root: PathBuf::from("/work/project"),
        var_files: Vec::new(),
        vars: Vec::new(),
        policies: vec![test_policy()],
        fail_on: Some(Severity::High),
        category: None,
        sarif_limits: crate::settings::SarifLimits::default(),
        verbose: false,
        color: false,
        ..Settings::new(Vec::new(), env!("CARGO_MANIFEST_DIR").into())
    }
}

/// Two buckets, one finding with a related location, one undecided check, one unlinked
/// resource, an input error with a position and one without.
pub fn sample() -> ScanResult {
    let mut b = Builder::new();
    let main = b.file("infra/main.tf", MAIN_TF);
    let broken = b.file("infra/broken.tf", BROKEN_TF);
    b.result.inputs.push("infra".to_string());
    let logs = b.at(main, r#"resource "aws_s3_bucket" "logs""#);
    let data = b.at(main, r#"resource "aws_s3_bucket" "data""#);
    b.bucket("aws_s3_bucket.logs", "infra", Some("acme-logs"), logs);
    b.bucket("aws_s3_bucket.data", "infra", None, data);
    let acl = b.at(main, r#"acl    = "public-read-write""#);
    let acl_block = b.at(main, r#"resource "aws_s3_bucket_acl" "logs""#);
    b.finding(
        "aws_s3_bucket.logs",
        "infra",
        "The ACL of aws_s3_bucket.logs is public-read-write: anyone on the internet can upload, \
         overwrite and delete objects.",
        acl,
        vec![Related {
            origin: acl_block,
            message: "the ACL is set by aws_s3_bucket_acl.logs".to_string(),
        }],
    );
    b.result.undecided.push(Undecided {
        policy: test_policy(),
        bucket: "aws_s3_bucket.data".into(),
        root: "infra".into(),
        reason: "var.acl has no value".into(),
        origin: data,
    });
    use crate::exposure::{Effectiveness, Exposure, ExposureVerdict, Level, Reason};
    b.result.exposures = vec![
        std::sync::Arc::new(Exposure {
            bucket: "aws_s3_bucket.logs".to_string(),
            root: "infra".to_string(),
            verdict: ExposureVerdict::Known(Level::PublicWrite),
            reasons: vec![Reason {
                message:
                    "ACL `public-read-write` in aws_s3_bucket_acl.logs lets anyone on the internet read and \
                          write the bucket"
                        .to_string(),
                origin: acl,
                level: Some(Level::PublicWrite),
                effect: Effectiveness::Effective,
            }],
        }),
        std::sync::Arc::new(Exposure {
            bucket: "aws_s3_bucket.data".to_string(),
            root: "infra".to_string(),
            verdict: ExposureVerdict::Unknown,
            reasons: vec![Reason {
                message: "the ACL of aws_s3_bucket.data is not known: var.acl has no value".to_string(),
                origin: data,
                level: None,
                effect: Effectiveness::Unknown("var.acl has no value".to_string()),
            }],
        }),
    ];
    let orphan = b.at(main, "bucket = var.name");
    b.result.unlinked.push(Unlinked {
        address: "aws_s3_bucket_public_access_block.orphan".to_string(),
        resource_type: "aws_s3_bucket_public_access_block".to_string(),
        origin: orphan,
        reason: "var.name has no value".to_string(),
    });
    let missing = b.at(broken, "bucket = ");
    let err = InputError::at(&b.result.sources, missing, "expected an expression");
    b.result.errors.push(err);
    b.result.errors.push(InputError::file(
        "infra/secret.tf",
        "cannot read: permission denied",
    ));
    b.result
}
