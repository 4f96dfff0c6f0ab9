//! README.md stays true: its policy table is the catalog's. Run with `UPDATE_README=1` to rewrite it.

use bucketguard::policy;
use bucketguard::report::docs::with_readme_table;

#[test]
fn readme_policy_table_matches_the_catalog() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let metas: Vec<_> = policy::shipped().iter().map(|p| p.meta.clone()).collect();
    let expected = with_readme_table(&readme, &metas).expect("README.md has the policy-table markers");
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(path, &expected).unwrap();
        return;
    }
    assert!(
        readme == expected,
        "README.md's policy table is stale; run `UPDATE_README=1 cargo test --test readme`"
    );
}

#[test]
fn readme_documents_every_scan_option() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let cmd = <bucketguard::cli::Cli as clap::CommandFactory>::command();
    let scan = cmd.find_subcommand("scan").unwrap();
    for arg in scan.get_arguments() {
        if let Some(long) = arg.get_long() {
            assert!(
                readme.contains(&format!("--{long}")),
                "README.md does not document `scan --{long}`"
            );
        }
    }
}

/// Flags README.md names that belong to other tools (cargo, the bench and mutation scripts).
const OTHER_TOOLS_FLAGS: &[&str] = &[
    "--all-targets", // cargo
    "--check",
    "--git",
    "--ignored",
    "--locked",
    "--nocapture",
    "--path",
    "--release",
    "--test",
    "--full", // bench/run.sh
    "--runs",
    "--with-checkov",
    "--iterate",     // scripts/mutants.sh
    "--no-ext-diff", // git, as --diff-base runs it
    "--no-textconv",
    "--shard",
];

#[test]
fn every_flag_the_readme_names_exists() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let cmd = <bucketguard::cli::Cli as clap::CommandFactory>::command();
    let mut known: Vec<String> = vec!["--help".into(), "--version".into()];
    let mut stack = vec![&cmd];
    while let Some(c) = stack.pop() {
        known.extend(
            c.get_arguments()
                .filter_map(|a| a.get_long())
                .map(|l| format!("--{l}")),
        );
        stack.extend(c.get_subcommands());
    }
    let named = readme.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'));
    let mut unknown: Vec<&str> = named
        .filter(|w| w.starts_with("--") && w[2..].starts_with(|c: char| c.is_ascii_lowercase()))
        .filter(|w| !known.iter().any(|k| k == w) && !OTHER_TOOLS_FLAGS.contains(w))
        .collect();
    unknown.dedup();
    assert!(
        unknown.is_empty(),
        "README.md names flags no bucketguard command has: {unknown:?}"
    );
}

/// Every TOML example of the README is a configuration bucketguard accepts.
#[test]
fn readme_config_examples_are_accepted() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let examples: Vec<&str> = readme
        .split("```toml\n")
        .skip(1)
        .filter_map(|rest| rest.split("\n```").next())
        .collect();
    assert!(!examples.is_empty(), "README.md has no ```toml example");
    for example in examples {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join(".bucketguard.toml");
        std::fs::write(&config, example).unwrap();
        // The directory of custom policies the example names (empty is fine).
        std::fs::create_dir(dir.path().join("policies")).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_bucketguard"))
            .args(["config", "--print", "--config"])
            .arg(&config)
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README.md's example\n{example}\nis refused: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn readme_lists_every_migrated_check() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for (theirs, ours) in bucketguard::suppress::MIGRATED_CHECKS {
        let row = format!("| `{theirs}` | {} |", ours.join(", "));
        assert!(readme.contains(&row), "README.md lacks the row {row}");
    }
}
