//! Rule documentation generated from the policy metadata: `docs/rules/<ID>-<slug>.md`, the
//! index `docs/rules/README.md`, and the SARIF rule help (the same markdown, and a plain-text form).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::policy::meta::{ExampleKind, ExampleStyle, PolicyMeta};

const GENERATED: &str =
    "<!-- Generated from policies/*.toml by `bucketguard rules --docs docs/rules`. Do not edit. -->";

pub fn file_name(meta: &PolicyMeta) -> String {
    format!("{}-{}.md", meta.id, meta.slug)
}

/// The page for one policy; also the SARIF `help.markdown`.
pub fn rule_markdown(meta: &PolicyMeta) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} {}: {}\n", meta.id, meta.slug, meta.title);
    facts_table(&mut out, meta);
    let _ = writeln!(out, "\n{}\n", meta.summary.trim());
    let _ = writeln!(out, "## Why it matters\n\n{}\n", meta.rationale.trim());
    let _ = writeln!(out, "## How to fix\n\n{}\n", meta.remediation.trim());
    if !meta.examples.is_empty() {
        examples_markdown(&mut out, meta);
    }
    if !meta.references.is_empty() {
        let _ = writeln!(out, "## References\n");
        for r in &meta.references {
            let _ = writeln!(out, "- [{}]({})", r.title, r.url);
        }
        out.push('\n');
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// Severity, group, opt-in, compliance and tags, as a two-column table.
fn facts_table(out: &mut String, meta: &PolicyMeta) {
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| Severity | {} |", meta.severity.as_str());
    let _ = writeln!(out, "| Group | {} |", meta.group);
    if !meta.default_enabled {
        let enable = meta.opt_in_group.as_deref().unwrap_or(&meta.id);
        let _ = writeln!(out, "| Opt-in | off by default; `--enable {enable}` |");
    }
    if !meta.compliance.fsbp.is_empty() {
        let _ = writeln!(
            out,
            "| AWS Foundational Security Best Practices | {} |",
            meta.compliance.fsbp.join(", ")
        );
    }
    if !meta.compliance.cis.is_empty() {
        let _ = writeln!(
            out,
            "| CIS AWS Foundations Benchmark | {} |",
            meta.compliance.cis.join(", ")
        );
    }
    if !meta.tags.is_empty() {
        let _ = writeln!(out, "| Tags | {} |", meta.tags.join(", "));
    }
}

/// The examples, bad ones first: they show what the finding points at.
fn examples_markdown(out: &mut String, meta: &PolicyMeta) {
    let _ = writeln!(out, "## Examples\n");
    let ordered = meta
        .examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Bad)
        .chain(meta.examples.iter().filter(|e| e.kind == ExampleKind::Good));
    for ex in ordered {
        let kind = match ex.kind {
            ExampleKind::Bad => "Bad",
            ExampleKind::Good => "Good",
        };
        let style = match ex.style {
            ExampleStyle::Inline => "Provider v3 style: arguments inside `aws_s3_bucket`.",
            ExampleStyle::Separate => "Provider v4+ style: separate `aws_s3_bucket_*` resources.",
        };
        let fence = fence_for(&ex.code);
        let _ = writeln!(
            out,
            "### {kind}: {}\n\n{style}\n\n{fence}hcl\n{}\n{fence}\n",
            ex.name,
            ex.code.trim_end()
        );
    }
}

/// The SARIF `help.text`: the same content without markup.
pub fn rule_text(meta: &PolicyMeta) -> String {
    let mut out = format!("{}\n\n", meta.summary.trim());
    let _ = writeln!(out, "Why it matters: {}\n", meta.rationale.trim());
    let _ = writeln!(out, "How to fix: {}\n", meta.remediation.trim());
    let mut compliance = Vec::new();
    if !meta.compliance.fsbp.is_empty() {
        compliance.push(format!("AWS FSBP {}", meta.compliance.fsbp.join(", ")));
    }
    if !meta.compliance.cis.is_empty() {
        compliance.push(format!("CIS AWS Foundations {}", meta.compliance.cis.join(", ")));
    }
    if !compliance.is_empty() {
        let _ = writeln!(out, "Compliance: {}\n", compliance.join("; "));
    }
    for ex in &meta.examples {
        let kind = match ex.kind {
            ExampleKind::Bad => "Bad",
            ExampleKind::Good => "Good",
        };
        let _ = writeln!(out, "{kind} example ({}):\n{}\n", ex.name, ex.code.trim_end());
    }
    if !meta.references.is_empty() {
        let _ = writeln!(out, "References:");
        for r in &meta.references {
            let _ = writeln!(out, "- {}: {}", r.title, r.url);
        }
    }
    out.trim_end().to_string()
}

/// A code fence longer than any backtick run in `code`.
fn fence_for(code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

/// `docs/rules/README.md`: the policy table.
pub fn index_markdown(metas: &[PolicyMeta]) -> String {
    let mut out = format!("{GENERATED}\n\n# Policies\n\n");
    out.push_str(
        "Every policy bucketguard checks. Each page says why it matters, how to fix it, and shows \
         bad and good Terraform.\n\n",
    );
    out.push_str(&policy_table(metas, ""));
    out
}

/// The policy table, each id linking to `<link_prefix><ID>-<slug>.md`.
pub fn policy_table(metas: &[PolicyMeta], link_prefix: &str) -> String {
    let mut out = String::from("| ID | Slug | Severity | Group | Title |\n|---|---|---|---|---|\n");
    for m in metas {
        let _ = writeln!(
            out,
            "| [{}]({link_prefix}{}) | `{}` | {} | {} | {} |",
            m.id,
            file_name(m),
            m.slug,
            m.severity.as_str(),
            m.group,
            m.title.replace('|', "\\|")
        );
    }
    out
}

pub const README_TABLE_START: &str = "<!-- policy-table:start -->\n";
pub const README_TABLE_END: &str = "<!-- policy-table:end -->";

/// `readme` with the text between the policy-table markers replaced by the current table;
/// `None` when the markers are missing.
pub fn with_readme_table(readme: &str, metas: &[PolicyMeta]) -> Option<String> {
    let start = readme.find(README_TABLE_START)? + README_TABLE_START.len();
    let end = start + readme[start..].find(README_TABLE_END)?;
    Some(format!(
        "{}{}{}",
        &readme[..start],
        policy_table(metas, "docs/rules/"),
        &readme[end..]
    ))
}

/// Every generated file: (file name, content), the index last.
pub fn generate(metas: &[PolicyMeta]) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = metas
        .iter()
        .map(|m| (file_name(m), format!("{GENERATED}\n\n{}", rule_markdown(m))))
        .collect();
    files.push(("README.md".to_string(), index_markdown(metas)));
    files
}

/// Write the docs into `dir`, removing pages of policies that no longer exist. Returns the paths
/// written.
pub fn write(dir: &Path, metas: &[PolicyMeta]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let files = generate(metas);
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let stale = is_rule_page(name) && !files.iter().any(|(f, _)| f == name);
        if stale {
            std::fs::remove_file(&path)?;
        }
    }
    let mut written = Vec::new();
    for (name, content) in files {
        let path = dir.join(name);
        std::fs::write(&path, content)?;
        written.push(path);
    }
    Ok(written)
}

/// `BG123-some-slug.md`: a page this generator owns.
pub fn is_rule_page(name: &str) -> bool {
    name.strip_prefix("BG")
        .and_then(|r| r.strip_suffix(".md"))
        .and_then(|r| r.split_once('-'))
        .is_some_and(|(digits, slug)| {
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && !slug.is_empty()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::meta::{Compliance, Example, Reference, Severity};

    fn meta() -> PolicyMeta {
        PolicyMeta {
            id: "BG999".into(),
            slug: "example-rule".into(),
            title: "An example".into(),
            severity: Severity::High,
            group: "restrict-access".into(),
            summary: "Finds examples.".into(),
            rationale: "Because.".into(),
            remediation: "Fix it.".into(),
            references: vec![Reference {
                title: "AWS docs".into(),
                url: "https://docs.aws.amazon.com/".into(),
            }],
            compliance: Compliance {
                fsbp: vec!["S3.2".into()],
                cis: vec!["2.1.4".into()],
            },
            tags: vec!["acl".into()],
            default_enabled: true,
            opt_in_group: None,
            help_url: None,
            examples: vec![
                Example {
                    name: "fixed".into(),
                    kind: ExampleKind::Good,
                    style: ExampleStyle::Separate,
                    code: "resource \"aws_s3_bucket\" \"b\" {}\n".into(),
                },
                Example {
                    name: "public".into(),
                    kind: ExampleKind::Bad,
                    style: ExampleStyle::Inline,
                    code: "x = \"```\" # <- finding\n".into(),
                },
            ],
        }
    }

    #[test]
    fn markdown_has_every_part() {
        let md = rule_markdown(&meta());
        insta::assert_snapshot!(md);
        let bad = md.find("### Bad").unwrap();
        let good = md.find("### Good").unwrap();
        assert!(bad < good, "bad examples come first");
        assert!(md.contains("````hcl"), "fence longer than the code's backticks");
    }

    #[test]
    fn text_help_has_every_part() {
        let text = rule_text(&meta());
        for part in [
            "Finds examples.",
            "Because.",
            "Fix it.",
            "S3.2",
            "2.1.4",
            "# <- finding",
            "https://docs.aws",
        ] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
    }

    #[test]
    fn rule_page_names() {
        assert!(is_rule_page("BG101-acl-public-write.md"));
        assert!(!is_rule_page("README.md"));
        assert!(!is_rule_page("BG-x.md"));
        assert!(!is_rule_page("BG101.md"));
        assert!(!is_rule_page("BG101-x.txt"));
    }

    #[test]
    fn write_removes_stale_pages_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("BG000-gone.md"), "old").unwrap();
        std::fs::write(dir.path().join("notes.md"), "mine").unwrap();
        let written = write(dir.path(), &[meta()]).unwrap();
        assert_eq!(written.len(), 2);
        assert!(!dir.path().join("BG000-gone.md").exists());
        assert!(dir.path().join("notes.md").exists());
        assert!(dir.path().join("BG999-example-rule.md").exists());
        let index = std::fs::read_to_string(dir.path().join("README.md")).unwrap();
        assert!(index.contains("| [BG999](BG999-example-rule.md) | `example-rule` | high |"));
    }

    /// The committed docs match the metadata; regenerate with `cargo run -- rules --docs docs/rules`.
    #[test]
    fn committed_docs_are_up_to_date() {
        let metas: Vec<PolicyMeta> = crate::policy::shipped().iter().map(|p| p.meta.clone()).collect();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
        let mut stale = Vec::new();
        for (name, content) in generate(&metas) {
            if std::fs::read_to_string(dir.join(&name)).ok().as_deref() != Some(content.as_str()) {
                stale.push(name);
            }
        }
        for entry in std::fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if is_rule_page(&name) && !metas.iter().any(|m| file_name(m) == name) {
                stale.push(name);
            }
        }
        assert!(
            stale.is_empty(),
            "docs/rules is out of date ({stale:?}); run `cargo run -- rules --docs docs/rules`"
        );
    }
}
