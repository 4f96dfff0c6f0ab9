//! Output must be byte-identical whatever the number of threads: the scan runs roots, modules
//! and policy checks in parallel (rayon), and nothing of that order may leak into reports.

use std::path::Path;
use std::process::Command;

/// The report bytes for `args` scanned with `threads` rayon threads.
fn report(threads: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_bucketguard"))
        .arg("scan")
        .args(args)
        .args(["--fail-on", "never"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("run bucketguard");
    assert!(
        !out.stdout.is_empty(),
        "no report for {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn reports_do_not_depend_on_the_thread_count() {
    // The whole testdata tree as sources (every case, bad input included), and every plan.
    let mut inputs: Vec<Vec<String>> = vec![vec!["testdata".into()]];
    let mut plans: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata"))
        .unwrap()
        .map(|e| e.unwrap().path().join("plan.json"))
        .filter(|p| p.is_file())
        .map(|p| {
            format!(
                "testdata/{}/plan.json",
                p.parent().unwrap().file_name().unwrap().to_string_lossy()
            )
        })
        .collect();
    plans.sort();
    assert!(plans.len() >= 3, "expected testdata plans, found {plans:?}");
    inputs.push(plans);
    for paths in &inputs {
        for format in ["json", "sarif", "text"] {
            let mut args: Vec<&str> = paths.iter().map(String::as_str).collect();
            // Custom Rego policies too: the shipped pack and the examples.
            args.extend(["--enable", "resilience", "--policy-dir", "examples/policies"]);
            args.extend(["--format", format]);
            let one = report("1", &args);
            let many = report("8", &args);
            assert!(
                one == many,
                "{format} report of {paths:?} differs between 1 and 8 threads"
            );
            // A second parallel run, as work stealing varies from run to run.
            assert!(
                report("8", &args) == one,
                "{format} report of {paths:?} is not stable"
            );
        }
    }
}
