//! Embeds every `policies/*.toml` so the metadata ships inside the binary.
use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=policies");
    let mut files: Vec<_> = fs::read_dir("policies")
        .expect("policies/ directory")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    // As JSON: the scan reads every policy's metadata before it starts, and serde_json reads
    // it in a fraction of the time the TOML parser takes.
    let mut out = String::from("pub static POLICY_FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy();
        let text = fs::read_to_string(path).expect("readable policy file");
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("policies/{name}: {e}"));
        let json = serde_json::to_string(&value).expect("TOML values are JSON values");
        out.push_str(&format!("    ({name:?}, {json:?}),\n"));
    }
    out.push_str("];\n");
    // Every policy id, sorted: `policy::rules::RULES` is checked against it at compile time, so a
    // policy without a check (or a check without a policy) fails the build.
    let mut ids: Vec<String> = files
        .iter()
        .map(|path| {
            let text = fs::read_to_string(path).expect("readable policy file");
            let value: toml::Value = toml::from_str(&text).expect("parsed above");
            match value.get("id").and_then(toml::Value::as_str) {
                Some(id) => id.to_string(),
                None => panic!("{}: no `id`", path.display()),
            }
        })
        .collect();
    ids.sort();
    out.push_str(&format!("pub const POLICY_IDS: &[&str] = &{ids:?};\n"));
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("policy_files.rs");
    fs::write(dest, out).expect("write policy_files.rs");
}
