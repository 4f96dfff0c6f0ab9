//! README.md stays true: its policy table is the catalog's. Run with `UPDATE_README=1` to rewrite it.

use bucketguard::policy;
use bucketguard::report::docs::with_readme_table;

#[test]
fn readme_policy_table_matches_the_catalog() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let metas: Vec<_> = policy::all().iter().map(|p| p.meta.clone()).collect();
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
