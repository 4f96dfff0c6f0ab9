//! `--format html`: the report of the demo and of a hostile fixture, checked against the JSON
//! report of the same scan; then (ignored unless Chromium is installed, `.ci/run` runs it) opened
//! in headless Chromium, its DOM checked after the script ran and a screenshot saved.

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

/// Would mark the page if a script or handler from the scanned text ran.
const PWN: &str = "document.body.setAttribute('data-pwned','1')";

/// A fixture whose names, values, statement ids and file name are markup, with bidi and ESC.
fn hostile_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let name = format!(
        "<script>{PWN}</script>\\\"><img src=x onerror=\\\"{PWN}\\\">\u{202e}gnp.\u{1b}[2J<img src=http://example.invalid/x>"
    );
    let tf = format!(
        r#"resource "aws_s3_bucket" "evil" {{
  bucket = "{name}"
  tags   = {{ Name = "<svg onload=\"{PWN}\">" }}
}}

resource "aws_s3_bucket_acl" "evil" {{
  bucket = aws_s3_bucket.evil.id
  acl    = "public-read"
}}

resource "aws_s3_bucket_policy" "evil" {{
  bucket = aws_s3_bucket.evil.id
  policy = jsonencode({{
    Statement = [{{ Sid = "<img src=x onerror={PWN}>", Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "*" }}]
  }})
}}

resource "aws_s3_bucket" "keyed" {{
  for_each = toset(["<b onmouseover=\"{PWN}\">k</b>", "{lri}x{pdi}"])
  bucket   = each.key
}}
"#,
        lri = '\u{2066}',
        pdi = '\u{2069}'
    );
    std::fs::write(dir.path().join("evil\"><img src=x onerror=alert(1)>.tf"), tf).unwrap();
    dir
}

/// The HTML and JSON reports of one scan of `path`.
fn reports(path: &Path, out: &Path) -> (PathBuf, serde_json::Value) {
    let html = out.join("report.html");
    let json = out.join("report.json");
    let run = Command::new(env!("CARGO_BIN_EXE_bucketguard"))
        .arg("scan")
        .arg(path)
        .arg("--format")
        .arg(format!("html={}", html.display()))
        .arg("--format")
        .arg(format!("json={}", json.display()))
        .args(["--fail-on", "high"])
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_WORKSPACE")
        .output()
        .expect("run bucketguard");
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let doc = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    (html, doc)
}

/// Each `attr="…"` value of the elements named `tag` (as `<tag class="…"` prefix), in order.
fn attr_values(html: &str, open: &str, attr: &str) -> Vec<String> {
    html.match_indices(open)
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>')?];
            let at = tag.find(&format!(" {attr}=\""))? + attr.len() + 3;
            Some(tag[at..at + tag[at..].find('"')?].to_string())
        })
        .collect()
}

/// What the report (served or rendered) must agree on with the JSON report; and that the input
/// added no element or attribute.
fn check(html: &str, doc: &serde_json::Value, what: &str) {
    let buckets = doc["buckets"].as_array().unwrap();
    let verdicts: Vec<String> = buckets
        .iter()
        .map(|b| b["exposure"]["verdict"].as_str().unwrap().to_string())
        .collect();
    let shown = attr_values(html, "<section class=\"bucket\"", "data-verdict");
    assert_eq!(shown.len(), buckets.len(), "{what}: one section per bucket");
    assert_eq!(shown, verdicts, "{what}: verdicts in bucket order");
    let findings = doc["summary"]["findings"]["total"].as_u64().unwrap() as usize;
    assert_eq!(
        html.matches("<article class=\"finding\"").count(),
        findings,
        "{what}: findings"
    );
    assert_eq!(
        html.matches("<script").count(),
        1,
        "{what}: only the report's script"
    );
    for bad in [
        "<img",
        "<svg onload",
        "<b ",
        "data-pwned=\"",
        "\u{202e}",
        "\u{2066}",
        "\u{1b}",
    ] {
        assert!(
            !html.contains(bad),
            "{what}: {bad:?} from the input is in the page"
        );
    }
    assert!(!html.contains(" src=\""), "{what}: nothing is loaded");
}

#[test]
fn html_report_agrees_with_json_and_escapes_input() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let (html, doc) = reports(&repo.join("testdata/demo"), out.path());
    check(&std::fs::read_to_string(html).unwrap(), &doc, "demo");
    let evil = hostile_dir();
    let (html, doc) = reports(evil.path(), out.path());
    let text = std::fs::read_to_string(html).unwrap();
    check(&text, &doc, "hostile");
    assert!(doc["summary"]["findings"]["total"].as_u64().unwrap() > 0);
    assert!(
        text.contains("&lt;script&gt;document.body"),
        "the name is shown as text"
    );
}

/// Chromium's own services (sign-in, network time, component updates), which it contacts
/// whatever the page; no request of the page (an image, a script, a font, a rule-doc link on
/// github.com, the fixture's example.invalid) goes to them.
fn browser_own(host: &str) -> bool {
    ["google.com", "googleapis.com", "gvt1.com", "gstatic.com"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

/// A proxy that records requests: Chromium sends every request through it, so none but the
/// browser's own means the page made no network request.
fn recording_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let requests = Arc::clone(&seen);
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let mut buf = [0u8; 512];
            let n = conn.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]);
            let line = head.lines().next().unwrap_or("").to_string();
            // A connection closed before it sent anything is no request: Chromium may open spare
            // connections to its proxy ahead of need (a possible cause of this test's one
            // unexplained failure, whose message was not kept).
            if line.is_empty() {
                continue;
            }
            let target = line.split(' ').nth(1).unwrap_or("");
            let host = target
                .trim_start_matches("http://")
                .split([':', '/'])
                .next()
                .unwrap_or("");
            if !browser_own(host) {
                requests.lock().unwrap().push(line);
            }
        }
    });
    (addr, seen)
}

/// `chromium --headless` on `page` with extra `args`; its standard output.
fn chromium(page: &Path, profile: &Path, proxy: &str, args: &[String]) -> String {
    let out = Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        .args(["--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions"])
        .args(["--no-pings", "--disable-domain-reliability", "--disable-default-apps"])
        .args(["--disable-client-side-phishing-detection", "--disable-field-trial-config"])
        .arg("--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,DialMediaRouteProvider")
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--proxy-server=http://{proxy}"))
        .arg("--proxy-bypass-list=<-loopback>")
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
}

#[test]
#[ignore = "needs chromium (Debian's package); .ci/run runs it when chromium is on PATH"]
fn chromium_renders_the_report_without_running_input() {
    if !on_path("chromium") {
        eprintln!("SKIPPED: chromium is not on PATH");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-browser");
    std::fs::create_dir_all(&shots).unwrap();
    let evil = hostile_dir();
    for (what, input) in [
        ("demo", repo.join("testdata/demo")),
        ("hostile", evil.path().to_path_buf()),
    ] {
        let out = tempfile::tempdir().unwrap();
        let (page, doc) = reports(&input, out.path());
        let (proxy, requests) = recording_proxy();
        let profile = out.path().join("profile");
        let dom = chromium(&page, &profile, &proxy, &["--dump-dom".into()]);
        check(&dom, &doc, what);
        // The report's own script ran (it shows the filters) and the page is the report.
        assert!(
            dom.contains("<form id=\"filters\" role=\"search\""),
            "{what}: the script did not run"
        );
        assert!(dom.contains("<h1>bucketguard report</h1>"));
        let shot = shots.join(format!("{what}.png"));
        let size = "--window-size=1280,2000".to_string();
        chromium(
            &page,
            &profile,
            &proxy,
            &[format!("--screenshot={}", shot.display()), size],
        );
        assert!(
            std::fs::metadata(&shot).unwrap().len() > 10_000,
            "{what}: a screenshot"
        );
        let made = requests.lock().unwrap().clone();
        assert!(made.is_empty(), "{what}: network requests were made: {made:?}");
        eprintln!("{what}: screenshot {}", shot.display());
    }
}
