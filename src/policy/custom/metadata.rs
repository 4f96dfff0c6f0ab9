//! A custom policy's OPA `# METADATA` block: a YAML document in the comment lines that follow a
//! `# METADATA` line (https://www.openpolicyagent.org/docs/policy-language#metadata).

use serde::Deserialize;

use crate::policy::meta::{Compliance, PolicyMeta, Reference, Severity};

/// The block's fields bucketguard reads; OPA's others (`authors`, `scope`, ...) are allowed.
#[derive(Deserialize)]
struct Block {
    title: Option<String>,
    description: Option<String>,
    #[serde(default)]
    related_resources: Vec<Related>,
    custom: Option<Custom>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Related {
    Url(String),
    Ref {
        #[serde(rename = "ref")]
        url: String,
        description: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Custom {
    id: Option<String>,
    severity: Option<Severity>,
    slug: Option<String>,
    remediation: Option<String>,
    #[serde(default)]
    references: Vec<Related>,
    /// The group `rules` lists it under; with `opt_in`, the group `--enable` turns on.
    group: Option<String>,
    /// Off unless enabled or selected (like `account-monitoring`).
    #[serde(default)]
    opt_in: bool,
}

/// A problem in the block: the message, and the 1-based line and column of the file it is about.
pub type Problem = (String, usize, usize);

/// The block's text (comment markers removed) and the line of its `# METADATA` marker.
pub fn find(text: &str) -> Option<(String, usize)> {
    let mut lines = text.lines().enumerate();
    let (marker, _) = lines.by_ref().find(|(_, l)| l.trim() == "# METADATA")?;
    let yaml: Vec<&str> = lines
        .map(|(_, l)| l.trim_start())
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.strip_prefix("# ").unwrap_or(&l[1..]))
        .collect();
    Some((yaml.join("\n"), marker + 1))
}

/// Where a user's policy without references is documented.
const WRITING_POLICIES: &str = "https://github.com/bucketguard/bucketguard#writing-your-own-policy";

/// The policy's metadata from its file's text; `package` names it when the block has no slug.
/// A `shipped` policy (bucketguard's own) has a generated rule page; a user's links to its
/// first reference.
pub fn parse(text: &str, package: &str, shipped: bool) -> Result<PolicyMeta, Problem> {
    let (yaml, at) = find(text).ok_or((
        "no `# METADATA` block: a custom policy needs one".to_string(),
        1,
        1,
    ))?;
    let block: Block = yaml_serde::from_str(&yaml).map_err(|e| {
        // The YAML's lines follow the marker's, each after `# `.
        let (line, column) = e.location().map_or((at, 1), |l| (at + l.line(), l.column() + 2));
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        (
            format!("the `# METADATA` block is not valid: {message}"),
            line,
            column,
        )
    })?;
    let custom = block.custom.ok_or((
        "the `# METADATA` block has no `custom:` with `id` and `severity`".to_string(),
        at,
        1,
    ))?;
    let id = custom.id.filter(|i| valid_id(i)).ok_or((
        "`custom.id` is missing or not an id (letters, digits, `-` and `_`, starting with a letter)"
            .to_string(),
        at,
        1,
    ))?;
    let severity = custom.severity.ok_or((
        format!("{id}: `custom.severity` is missing (low, medium, high or critical)"),
        at,
        1,
    ))?;
    let title = block.title.ok_or((format!("{id}: `title` is missing"), at, 1))?;
    let description = block.description.unwrap_or_else(|| title.clone());
    let references = block
        .related_resources
        .into_iter()
        .chain(custom.references)
        .map(Related::reference)
        .collect::<Vec<_>>();
    let help_url = (!shipped).then(|| {
        references
            .first()
            .map_or(WRITING_POLICIES.to_string(), |r| r.url.clone())
    });
    let group = custom.group.unwrap_or_else(|| "custom".into());
    Ok(PolicyMeta {
        slug: custom.slug.unwrap_or_else(|| package.replace('_', "-")),
        summary: first_sentence(&description),
        remediation: custom.remediation.unwrap_or_else(|| description.clone()),
        rationale: description,
        id,
        title,
        severity,
        references,
        compliance: Compliance::default(),
        tags: vec!["custom".into()],
        examples: Vec::new(),
        default_enabled: !custom.opt_in,
        opt_in_group: custom.opt_in.then(|| group.clone()),
        group,
        help_url,
    })
}

impl Related {
    fn reference(self) -> Reference {
        match self {
            Related::Url(url) => Reference {
                title: url.clone(),
                url,
            },
            Related::Ref { url, description } => Reference {
                title: description.unwrap_or_else(|| url.clone()),
                url,
            },
        }
    }
}

fn valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && id.len() <= 64
}

fn first_sentence(text: &str) -> String {
    let text = super::one_line(text);
    match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = "# METADATA\n# title: Buckets carry an owner tag\n# description: >-\n#   Every bucket names its owner. Untagged buckets are orphaned.\n# related_resources:\n#   - ref: https://example.com/tagging\n#     description: Tagging standard\n# custom:\n#   id: ORG001\n#   severity: medium\n#   remediation: Add an `owner` tag.\npackage bucketguard.owner_tag\n";

    #[test]
    fn reads_every_field() {
        let m = parse(FULL, "owner_tag", false).unwrap();
        assert_eq!(m.id, "ORG001");
        assert_eq!(m.slug, "owner-tag");
        assert_eq!(m.title, "Buckets carry an owner tag");
        assert_eq!(m.severity, Severity::Medium);
        assert_eq!(m.summary, "Every bucket names its owner.");
        assert_eq!(
            m.rationale,
            "Every bucket names its owner. Untagged buckets are orphaned."
        );
        assert_eq!(m.remediation, "Add an `owner` tag.");
        assert_eq!(m.references.len(), 1);
        assert_eq!(m.references[0].title, "Tagging standard");
        assert_eq!(m.references[0].url, "https://example.com/tagging");
        assert_eq!(m.group, "custom");
        assert!(m.default_enabled);
        assert_eq!(m.opt_in_group, None);
        assert_eq!(m.help_url.as_deref(), Some("https://example.com/tagging"));
        assert_eq!(parse(FULL, "owner_tag", true).unwrap().help_url, None);
    }

    #[test]
    fn problems_name_their_line() {
        let no_block = "package bucketguard.x\n";
        assert_eq!(parse(no_block, "x", false).unwrap_err().1, 1);
        let no_id = "\n# METADATA\n# title: T\n# custom:\n#   severity: low\npackage bucketguard.x\n";
        let (msg, line, _) = parse(no_id, "x", false).unwrap_err();
        assert!(msg.contains("`custom.id` is missing"), "{msg}");
        assert_eq!(line, 2);
        // `House rule:` is a mapping inside a value: at the second colon, column 24 of the file.
        let bad_yaml = "# METADATA\n# description: House rule: every\n";
        let (msg, line, column) = parse(bad_yaml, "x", false).unwrap_err();
        assert!(
            msg.starts_with("the `# METADATA` block is not valid: mapping values"),
            "{msg}"
        );
        assert!(!msg.contains(" at line "), "{msg}");
        assert_eq!((line, column), (2, 26));
        let bad_severity = "# METADATA\n# title: T\n# custom:\n#   id: A1\n#   severity: urgent\n";
        assert!(
            parse(bad_severity, "x", false)
                .unwrap_err()
                .0
                .contains("not valid")
        );
        let no_severity = "# METADATA\n# title: T\n# custom:\n#   id: A1\n";
        assert!(
            parse(no_severity, "x", false)
                .unwrap_err()
                .0
                .contains("`custom.severity` is missing")
        );
        let bad_id = "# METADATA\n# title: T\n# custom:\n#   id: 1 or 2\n#   severity: low\n";
        assert!(parse(bad_id, "x", false).unwrap_err().0.contains("not an id"));
    }

    // Ids go into SARIF rule ids, anchors and suppression comments: letters, digits, `-`, `_`.
    #[test]
    fn ids_are_letters_digits_dashes_and_underscores() {
        for good in ["ORG001", "org-tags_2", "A", &"x".repeat(64)] {
            assert!(valid_id(good), "{good}");
        }
        for bad in [
            "",
            "1ORG",
            "-a",
            "_a",
            "ORG 1",
            "ORG.1",
            "ORG/1",
            "ÖRG1",
            "ORG#1",
            &"x".repeat(65),
        ] {
            assert!(!valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn opt_in_policies_form_their_group() {
        let text = "# METADATA\n# title: T\n# custom:\n#   id: BGR1\n#   severity: low\n#   group: resilience\n#   opt_in: true\n";
        let m = parse(text, "x", false).unwrap();
        assert!(!m.default_enabled);
        assert_eq!(m.opt_in_group.as_deref(), Some("resilience"));
        assert_eq!(m.group, "resilience");
    }
}
