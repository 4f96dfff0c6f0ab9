//! Every policy's examples, through the whole pipeline: bad examples yield the policy's finding on
//! the line marked `# <- finding` (and nowhere else); good examples yield neither a finding nor an
//! undecided verdict for it.

use bucketguard::policy::meta::{ExampleKind, ExampleStyle, FINDING_MARKER};
use bucketguard::{Settings, policy, scan};

fn marked_lines(code: &str) -> Vec<u32> {
    code.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(FINDING_MARKER))
        .map(|(i, _)| i as u32 + 1)
        .collect()
}

#[test]
fn every_policy_has_good_and_bad_examples() {
    for p in policy::all() {
        let ex = &p.meta.examples;
        assert!(
            ex.iter().any(|e| e.kind == ExampleKind::Bad),
            "{} has no bad example",
            p.meta.id
        );
        assert!(
            ex.iter().any(|e| e.kind == ExampleKind::Good),
            "{} has no good example",
            p.meta.id
        );
        for e in ex.iter().filter(|e| e.kind == ExampleKind::Bad) {
            assert!(
                !marked_lines(&e.code).is_empty(),
                "{} example `{}` marks no line",
                p.meta.id,
                e.name
            );
        }
    }
}

#[test]
fn bucket_policies_have_examples_in_both_styles() {
    // Account-level, object and trail policies have a single style; bucket settings have two.
    for p in policy::all() {
        if matches!(
            p.meta.id.as_str(),
            "BG105" | "BG113" | "BG302" | "BG501" | "BG601" | "BG602" | "BG603" | "BG604"
        ) {
            continue;
        }
        for style in [ExampleStyle::Inline, ExampleStyle::Separate] {
            for kind in [ExampleKind::Bad, ExampleKind::Good] {
                assert!(
                    p.meta.examples.iter().any(|e| e.style == style && e.kind == kind),
                    "{} lacks a {kind:?} {style:?} example",
                    p.meta.id
                );
            }
        }
    }
}

#[test]
fn examples_yield_their_findings_at_the_marked_lines() {
    let mut failures = Vec::new();
    for p in policy::all() {
        for (n, e) in p.meta.examples.iter().enumerate() {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("main.tf"), &e.code).unwrap();
            let mut settings =
                Settings::new(vec![dir.path().to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
            settings.root = dir.path().to_path_buf();
            settings.policies = vec![p];
            let result = scan(&settings);
            let label = format!(
                "{} example #{n} `{}` ({:?}, {:?})",
                p.meta.id, e.name, e.kind, e.style
            );
            if !result.errors.is_empty() {
                failures.push(format!("{label}: input errors {:?}", result.errors));
                continue;
            }
            let mut lines: Vec<u32> = result
                .findings
                .iter()
                .map(|f| result.sources.start(f.origin).line)
                .collect();
            lines.sort();
            lines.dedup();
            match e.kind {
                ExampleKind::Bad => {
                    let want = marked_lines(&e.code);
                    if lines != want {
                        failures.push(format!(
                            "{label}: findings on lines {lines:?}, marked {want:?}; undecided: {:?}",
                            result.undecided.iter().map(|u| &u.reason).collect::<Vec<_>>()
                        ));
                    }
                }
                ExampleKind::Good => {
                    if !result.findings.is_empty() || !result.undecided.is_empty() {
                        failures.push(format!(
                            "{label}: findings {:?}, undecided {:?}",
                            result.findings.iter().map(|f| &f.message).collect::<Vec<_>>(),
                            result.undecided.iter().map(|u| &u.reason).collect::<Vec<_>>()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
