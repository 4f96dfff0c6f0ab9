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
    let mut out = String::from("pub static POLICY_FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        let abs = fs::canonicalize(path).expect("policy path");
        let name = path.file_name().unwrap().to_string_lossy();
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("policy_files.rs");
    fs::write(dest, out).expect("write policy_files.rs");
}
