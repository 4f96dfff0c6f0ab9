//! Repository-controlled data is untrusted (issue 15, "Security"; SECURITY.md): a repository
//! cannot make a scan run its programs, write outside the working directory, read files outside
//! the scanned tree, block on a FIFO, or put escape sequences, bidi controls and live @mentions
//! into what the scan prints. Each input is made here, in a temporary directory, and the binary
//! runs in it as a CI job would.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A bucket anyone can write to: BG10x findings with its address and file.
const PUBLIC: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n\n\
resource \"aws_s3_bucket_acl\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  acl    = \"public-read-write\"\n}\n";

/// A repository (`repo/`) and a directory next to it standing for the rest of the machine.
struct Fixture {
    _tmp: tempfile::TempDir,
    repo: PathBuf,
    outside: PathBuf,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    // Real paths: the checks compare canonical paths, and messages show them.
    let base = tmp.path().canonicalize().unwrap();
    let (repo, outside) = (base.join("repo"), base.join("outside"));
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    Fixture {
        _tmp: tmp,
        repo,
        outside,
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[cfg(unix)]
fn executable(path: &Path, script: &str) {
    use std::os::unix::fs::PermissionsExt;
    write(path, script);
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// The binary run in `dir` with `args`; `path`: the PATH it sees (else the test's). A run that
/// has not ended after a minute is killed and the test fails: a hostile input must never make
/// the scan wait (this guards against a hang, it measures nothing).
fn run_in(dir: &Path, args: &[&str], path: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bucketguard"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(p) = path {
        cmd.env("PATH", p);
    }
    let mut child = cmd.spawn().unwrap();
    // Drained while it runs: a report larger than the pipe's buffer must not stall it.
    let drain = |r: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(child.stdout.take().map(|r| Box::new(r) as _));
    let err = drain(child.stderr.take().map(|r| Box::new(r) as _));
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("bucketguard {args:?} did not finish: it blocked on its input");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn run(dir: &Path, args: &[&str]) -> Output {
    run_in(dir, args, None)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}\nstderr: {}", stdout(o), stderr(o)))
}

// 1. terraform is found on PATH before the directory changes, relative entries ignored.

#[cfg(unix)]
#[test]
fn a_terraform_committed_next_to_a_binary_plan_never_runs() {
    let f = fixture();
    let marker = f.outside.join("ran");
    std::fs::write(f.repo.join("tf.plan"), b"PK\x03\x04not really a plan").unwrap();
    let script = format!("#!/bin/sh\ntouch '{}'\n", marker.display());
    executable(&f.repo.join("terraform"), &script);
    executable(&f.repo.join("bin/terraform"), &script);
    // `.`, an empty entry and `bin`: each would name the committed script from the plan's
    // directory.
    for path in [".", "", "bin", ".::bin"] {
        let out = run_in(&f.repo, &["scan", "tf.plan", "--format", "json"], Some(path));
        assert!(!marker.exists(), "PATH={path:?} ran the repository's terraform");
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let message = json(&out)["errors"][0]["message"].as_str().unwrap().to_string();
        assert!(message.contains("--terraform"), "{message}");
    }
    // In a subdirectory too: the directory change to the plan's directory comes later.
    std::fs::create_dir(f.repo.join("sub")).unwrap();
    std::fs::rename(f.repo.join("tf.plan"), f.repo.join("sub/tf.plan")).unwrap();
    executable(&f.repo.join("sub/terraform"), &script);
    run_in(&f.repo, &["scan", "sub/tf.plan"], Some("."));
    assert!(!marker.exists(), "the plan's directory's terraform ran");
}

#[cfg(unix)]
#[test]
fn terraform_flag_names_the_program() {
    let f = fixture();
    std::fs::write(f.repo.join("tf.plan"), b"PK\x03\x04binary").unwrap();
    // A stand-in for terraform outside the repository: prints an empty plan.
    let tool = f.outside.join("tf");
    executable(
        &tool,
        "#!/bin/sh\n[ \"$1 $2 $3\" = \"show -json tf.plan\" ] || exit 3\n\
         echo '{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{}}}'\n",
    );
    let out = run_in(
        &f.repo,
        &[
            "scan",
            "tf.plan",
            "--terraform",
            tool.to_str().unwrap(),
            "--format",
            "json",
        ],
        Some(""),
    );
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(json(&out)["errors"], serde_json::json!([]));
}

// 2. Reports are not written through a symlink the repository planted.

#[cfg(unix)]
#[test]
fn a_report_symlink_in_the_repository_is_not_followed() {
    let f = fixture();
    write(&f.repo.join("main.tf"), PUBLIC);
    let target = f.outside.join("victim");
    std::fs::write(&target, "keep").unwrap();
    std::os::unix::fs::symlink(&target, f.repo.join("bucketguard.sarif")).unwrap();
    for args in [
        &["scan", ".", "--format", "sarif=bucketguard.sarif"][..],
        &["scan", ".", "--format", "sarif", "--output", "bucketguard.sarif"],
        &["scan", ".", "--write-baseline", "bucketguard.sarif"],
    ] {
        let out = run(&f.repo, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("symbolic link"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep", "{args:?}");
    }
    // A directory symlink on the way out of the working directory, too.
    std::os::unix::fs::symlink(&f.outside, f.repo.join("reports")).unwrap();
    let out = run(&f.repo, &["scan", ".", "--format", "json=reports/out.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("outside the working directory"),
        "{}",
        stderr(&out)
    );
    assert!(!f.outside.join("out.json").exists());
    // Outside the working directory by the command line's own choice: written.
    let out = run(&f.repo, &["scan", ".", "--format", "json=../outside/chosen.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(f.outside.join("chosen.json").is_file());
    // An ordinary file is overwritten as before.
    std::fs::write(f.repo.join("plain.json"), "old contents, longer than none").unwrap();
    let out = run(&f.repo, &["scan", ".", "--format", "json=plain.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = std::fs::read_to_string(f.repo.join("plain.json")).unwrap();
    assert!(text.starts_with('{') && text.ends_with("}\n"), "{text}");
}

// 3. The repository's config reads nothing outside the scanned tree.

const SECRET: &str = "S3CR3T-T0KEN-VALUE";

fn secret_fixture() -> Fixture {
    let f = fixture();
    write(
        &f.repo.join("main.tf"),
        "variable \"name\" {\n  default = \"x\"\n}\n\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\n",
    );
    write(
        &f.outside.join("credentials.tfvars"),
        &format!("name = \"{SECRET}\"\n"),
    );
    f
}

fn assert_no_secret(out: &Output) {
    for text in [stdout(out), stderr(out)] {
        assert!(!text.contains(SECRET), "the secret leaked:\n{text}");
    }
}

#[test]
fn config_var_files_outside_the_tree_are_a_config_error() {
    let f = secret_fixture();
    let absolute = f.outside.join("credentials.tfvars");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&absolute, f.repo.join("inside.tfvars")).unwrap();
    let mut cases = vec![
        "../outside/credentials.tfvars".to_string(),
        "sub/../../outside/credentials.tfvars".to_string(),
        absolute.display().to_string(),
    ];
    if cfg!(unix) {
        cases.push("inside.tfvars".into());
    }
    for name in cases {
        write(
            &f.repo.join(".bucketguard.toml"),
            &format!("fail-on = \"never\"\nvar-files = [\"{name}\"]\n"),
        );
        for format in ["json", "sarif", "markdown", "text"] {
            let out = run(&f.repo, &["scan", ".", "--format", format]);
            assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
            let err = stderr(&out);
            assert!(
                err.contains(".bucketguard.toml:2:14: `var-files`")
                    && err.contains("outside the scanned tree"),
                "{name}: {err}"
            );
            assert_no_secret(&out);
        }
    }
    // The command line may name any file: the user chose it.
    std::fs::remove_file(f.repo.join(".bucketguard.toml")).unwrap();
    let out = run(
        &f.repo,
        &[
            "scan",
            ".",
            "--var-file",
            absolute.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(stdout(&out).contains(SECRET), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn a_config_file_symlinked_out_of_the_tree_is_not_read() {
    let f = secret_fixture();
    write(
        &f.outside.join("machine.toml"),
        &format!("fail-on = \"{SECRET}\"\n"),
    );
    std::os::unix::fs::symlink(f.outside.join("machine.toml"), f.repo.join(".bucketguard.toml")).unwrap();
    let out = run(&f.repo, &["scan", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("symbolic link leading outside the scanned tree"),
        "{}",
        stderr(&out)
    );
    assert_no_secret(&out);
    // Named on the command line, it is read.
    let out = run(&f.repo, &["scan", ".", "--config", "../outside/machine.toml"]);
    assert!(stderr(&out).contains(SECRET), "{}", stderr(&out));
}

// 4. Config values in messages, bidi controls in JSON and SARIF, @mentions in Markdown.

#[test]
fn config_values_in_error_messages_are_escaped() {
    let f = fixture();
    write(&f.repo.join("main.tf"), PUBLIC);
    write(
        &f.repo.join(".bucketguard.toml"),
        "fail-on = \"\\u001b]0;owned\\u0007\\u001b[2J\\u202Eevil\"\nselect = [\"\\u2066x\"]\n",
    );
    for args in [&["scan", "."][..], &["config", "--print"]] {
        let out = run(&f.repo, args);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{2066}'] {
            assert!(
                !err.contains(bad),
                "{bad:?} reached the terminal: {}",
                err.escape_debug()
            );
        }
        assert!(
            err.contains("\\u{1b}]0;owned\\u{7}") && err.contains("\\u{202e}evil"),
            "{err}"
        );
    }
}

#[test]
fn json_and_sarif_escape_bidi_controls() {
    let f = fixture();
    // Trojan Source in a file name and a resource name: both reach the reports.
    let name = "a\u{202e}fdp.\u{2066}tf\u{2069}.tf";
    write(
        &f.repo.join(name),
        &PUBLIC
            .replace("\"b\" {", "\"b\u{202d}x\" {")
            .replace("aws_s3_bucket.b.id", "\"b\""),
    );
    for format in ["json", "sarif"] {
        let out = run(&f.repo, &["scan", ".", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let text = stdout(&out);
        for bad in [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2069}',
        ] {
            assert!(!text.contains(bad), "{format}: raw {bad:?}");
        }
        assert!(text.contains("\\u202d"), "{format}: {text}");
        // Still the same document: the escapes decode to the characters.
        let doc = json(&out);
        let all = doc.to_string();
        assert!(all.contains('\u{202d}'), "{format}");
    }
    let doc = json(&run(&f.repo, &["scan", ".", "--format", "json"]));
    assert_eq!(doc["findings"][0]["bucket"], "aws_s3_bucket.b\u{202d}x");
}

#[test]
fn markdown_neutralizes_mentions_from_scanned_files() {
    let f = fixture();
    write(
        &f.repo.join("cc @octocat.tf"),
        &PUBLIC
            .replace("\"b\" {", "\"b@org/security-team\" {")
            .replace("aws_s3_bucket.b.id", "\"b\""),
    );
    write(&f.repo.join("bad.tf"), "locals {\n  x = \"@admin\n}\n");
    let out = run(&f.repo, &["scan", ".", "--format", "markdown"]);
    let md = stdout(&out);
    assert!(md.contains("octocat"), "{md}");
    for mention in ["@octocat", "@org", "@admin"] {
        assert!(!md.contains(mention), "{mention} is live:\n{md}");
    }
    assert!(md.contains("@\u{2060}octocat"), "{md}");
}

// 5. git runs without the repository's fsmonitor, hooks, external diff and filters.

#[cfg(unix)]
#[test]
fn diff_base_never_runs_the_repositorys_git_config() {
    if !support::available(
        support::runs("git", &["--version"]),
        "diff_base_never_runs_the_repositorys_git_config",
        "git",
    ) {
        return;
    }
    let f = fixture();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "-c",
                "core.hooksPath=/dev/null",
            ])
            .args(args)
            .current_dir(&f.repo)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    write(&f.repo.join("main.tf"), PUBLIC);
    write(&f.repo.join(".gitattributes"), "*.tf filter=evil diff=evil\n");
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "init"]);
    let marker = f.outside.join("ran");
    let script = f.outside.join("hook.sh");
    executable(
        &script,
        &format!("#!/bin/sh\necho \"$0 $*\" >> '{}'\ncat\n", marker.display()),
    );
    let s = script.display().to_string();
    for (key, value) in [
        ("core.fsmonitor", s.clone()),
        ("filter.evil.clean", s.clone()),
        ("filter.evil.process", s.clone()),
        ("diff.evil.textconv", s.clone()),
        ("diff.evil.command", s.clone()),
        ("diff.external", s.clone()),
        ("core.hooksPath", f.outside.display().to_string()),
    ] {
        git(&["config", key, &value]);
    }
    executable(
        &f.outside.join("post-index-change"),
        &format!("#!/bin/sh\n'{s}' hook\n"),
    );
    write(&f.repo.join("main.tf"), &format!("{PUBLIC}\n# changed\n"));
    write(&f.repo.join("new.tf"), "locals {}\n");
    let out = run(&f.repo, &["scan", ".", "--diff-base", "HEAD", "--format", "json"]);
    assert!(
        !marker.exists(),
        "the repository's git config ran: {}",
        std::fs::read_to_string(&marker).unwrap_or_default()
    );
    let doc = json(&out);
    assert_eq!(doc["errors"], serde_json::json!([]), "git failed");
    assert_eq!(out.status.code(), Some(1), "the changed bucket is reported");
}

// 6. Module directories outside the scanned tree are refused with a warning.

fn outside_module(f: &Fixture) -> PathBuf {
    let m = f.outside.join("mod");
    write(
        &m.join("main.tf"),
        &format!(
            "# {SECRET}\n{}",
            PUBLIC.replace("\"b\"", "\"leak\"").replace(".b.", ".leak.")
        ),
    );
    m
}

fn assert_refused(out: &Output, module: &str) {
    let doc = json(out);
    assert_eq!(doc["findings"], serde_json::json!([]), "{}", stdout(out));
    assert_no_secret(out);
    let text = stdout(out);
    assert!(!text.contains("leak") && !text.contains("outside/mod/"), "{text}");
    let warnings = doc["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| {
            let m = w["message"].as_str().unwrap_or("");
            w["file"] == "main.tf" && m.starts_with(module) && m.contains("not read")
        }),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_module_source_leaving_the_tree_is_refused() {
    let f = fixture();
    let m = outside_module(&f);
    std::os::unix::fs::symlink(&m, f.repo.join("m")).unwrap();
    write(&f.repo.join("main.tf"), "module \"m\" {\n  source = \"./m\"\n}\n");
    let out = run(&f.repo, &["scan", ".", "--format", "json", "--verbose"]);
    assert_refused(&out, "module.m:");
    // Through `..`, too.
    write(
        &f.repo.join("main.tf"),
        "module \"m\" {\n  source = \"../outside/mod\"\n}\n",
    );
    let out = run(&f.repo, &["scan", ".", "--format", "json"]);
    assert_refused(&out, "module.m:");
}

#[test]
fn modules_json_dirs_leaving_the_tree_are_refused() {
    let f = fixture();
    let m = outside_module(&f);
    write(
        &f.repo.join("main.tf"),
        "module \"r\" {\n  source = \"terraform-aws-modules/s3-bucket/aws\"\n}\n",
    );
    for dir in [
        m.display().to_string(),
        "../outside/mod".into(),
        ".terraform/../../outside/mod".into(),
    ] {
        let manifest = serde_json::json!({"Modules": [
            {"Key": "", "Source": "", "Dir": "."},
            {"Key": "r", "Source": "registry.terraform.io/terraform-aws-modules/s3-bucket/aws", "Dir": dir},
        ]});
        write(
            &f.repo.join(".terraform/modules/modules.json"),
            &manifest.to_string(),
        );
        let out = run(&f.repo, &["scan", ".", "--format", "json"]);
        assert_refused(&out, "module.r:");
    }
}

// 7. Only regular files are read, and at most 256 MiB of each.

#[cfg(unix)]
#[test]
fn fifos_are_refused_never_waited_on() {
    let f = fixture();
    if !support::available(
        mkfifo(&f.outside.join("probe")),
        "fifos_are_refused_never_waited_on",
        "mkfifo",
    ) {
        return;
    }
    assert!(mkfifo(&f.repo.join("acl.txt")));
    write(
        &f.repo.join("main.tf"),
        &PUBLIC.replace("\"public-read-write\"", "file(\"${path.module}/acl.txt\")"),
    );
    // As a file() argument: the value is unknown, with the reason.
    let out = run(&f.repo, &["scan", ".", "--format", "json"]);
    assert!(
        stdout(&out).contains("not a regular file (a FIFO)"),
        "{}",
        stdout(&out)
    );
    // As modules.json: an input error.
    std::fs::create_dir_all(f.repo.join(".terraform/modules")).unwrap();
    assert!(mkfifo(&f.repo.join(".terraform/modules/modules.json")));
    let out = run(&f.repo, &["scan", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let errors = json(&out)["errors"].to_string();
    assert!(
        errors.contains("modules.json") && errors.contains("a FIFO"),
        "{errors}"
    );
    std::fs::remove_file(f.repo.join(".terraform/modules/modules.json")).unwrap();
    // As a var file: of the config file (a config error) or of the command line (an input error).
    assert!(mkfifo(&f.repo.join("vars.tfvars")));
    write(
        &f.repo.join(".bucketguard.toml"),
        "var-files = [\"vars.tfvars\"]\n",
    );
    let out = run(&f.repo, &["scan", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(".bucketguard.toml:1:14: `var-files`: `vars.tfvars` is a FIFO"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(f.repo.join(".bucketguard.toml")).unwrap();
    let out = run(
        &f.repo,
        &["scan", ".", "--var-file", "vars.tfvars", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        json(&out)["errors"].to_string().contains("a FIFO"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_file_over_the_size_cap_is_not_read() {
    let f = fixture();
    // Sparse: no disk space, and never read.
    let big = std::fs::File::create(f.repo.join("acl.txt")).unwrap();
    big.set_len((256 << 20) + 1).unwrap();
    write(
        &f.repo.join("main.tf"),
        &PUBLIC.replace("\"public-read-write\"", "file(\"${path.module}/acl.txt\")"),
    );
    let out = run(&f.repo, &["scan", ".", "--format", "json"]);
    assert!(stdout(&out).contains("larger than 256 MiB"), "{}", stdout(&out));
    // As a var file of the command line.
    std::fs::rename(f.repo.join("acl.txt"), f.repo.join("big.tfvars")).unwrap();
    let out = run(
        &f.repo,
        &["scan", ".", "--var-file", "big.tfvars", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(json(&out)["errors"].to_string().contains("larger than 256 MiB"));
}

/// The usual layout still loads: a root module under the working directory calling a sibling
/// through `../..` and an installed module, both inside the working directory, one through a
/// symlink that stays inside.
#[cfg(unix)]
#[test]
fn modules_inside_the_tree_still_load() {
    let f = fixture();
    write(&f.repo.join("modules/bucket/main.tf"), PUBLIC);
    std::os::unix::fs::symlink(f.repo.join("modules/bucket"), f.repo.join("modules/linked")).unwrap();
    write(
        &f.repo.join("envs/prod/main.tf"),
        "module \"a\" {\n  source = \"../../modules/bucket\"\n}\n\nmodule \"b\" {\n  source = \"../../modules/linked\"\n}\n",
    );
    let out = run(&f.repo, &["scan", "envs/prod", "--format", "json"]);
    let doc = json(&out);
    assert_eq!(doc["warnings"], serde_json::json!([]), "{}", stdout(&out));
    let buckets: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["bucket"].as_str())
        .collect();
    assert!(
        buckets.contains(&"module.a.aws_s3_bucket.b") && buckets.contains(&"module.b.aws_s3_bucket.b"),
        "{buckets:?}"
    );
}

/// In a git checkout, the tree is the whole work tree: a root module scanned from its own
/// directory reaches the repository's shared modules. Outside git it is the working directory
/// and the paths given, and a symlink out of the checkout is refused either way.
#[test]
fn a_root_module_scanned_from_its_directory_reaches_the_repositorys_modules() {
    let f = fixture();
    write(&f.repo.join("modules/bucket/main.tf"), PUBLIC);
    write(&f.outside.join("main.tf"), PUBLIC);
    std::os::unix::fs::symlink(&f.outside, f.repo.join("modules/escape")).unwrap();
    let prod = f.repo.join("envs/prod");
    write(
        &prod.join("main.tf"),
        "module \"a\" {\n  source = \"../../modules/bucket\"\n}\n\nmodule \"m\" {\n  source = \"../../modules/escape\"\n}\n",
    );
    let module_a_found = |out: &Output| {
        json(out)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["bucket"] == "module.a.aws_s3_bucket.b")
    };
    // Not a git checkout: ../../modules is outside the tree.
    let out = run(&prod, &["scan", ".", "--format", "json"]);
    assert!(!module_a_found(&out), "{}", stdout(&out));

    std::fs::create_dir(f.repo.join(".git")).unwrap();
    let out = run(&prod, &["scan", ".", "--format", "json"]);
    assert!(module_a_found(&out), "{}", stdout(&out));
    let warnings = json(&out)["warnings"].to_string();
    assert!(
        warnings.contains("module.m: module source") && warnings.contains("not read"),
        "{warnings}"
    );
    assert!(
        !stdout(&out).contains("module.m.aws_s3_bucket"),
        "{}",
        stdout(&out)
    );
}
