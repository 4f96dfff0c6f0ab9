//! Terraform sources (`.tf` native syntax and `.tf.json`) → evaluated resources.

use std::collections::BTreeMap;

use hcl_edit::Span;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Body as HclBody, Structure};

use crate::eval::config::{Attr, Block, Body, Expr};
use crate::eval::{Evaluator, Scope, reorigin};
use crate::input::{InputError, Loaded, tfjson};
use crate::model::{FileId, Node, Origin, Resource, Sources, Val};

/// Variable values from outside the module: `--var-file` files and `--var name=value`.
pub struct VarInputs<'a> {
    pub var_files: &'a [FileId],
    pub vars: &'a [(String, String)],
}

enum Parsed {
    Hcl(FileId, HclBody),
    Json(FileId, serde_json::Value),
}

/// Parse one file; errors carry the file position.
fn parse(sources: &Sources, id: FileId) -> Result<Parsed, InputError> {
    let f = sources.get(id);
    if f.display.ends_with(".json") {
        tfjson::parse(sources, id).map(|v| Parsed::Json(id, v))
    } else {
        hcl_edit::parser::parse_body(&f.text)
            .map(|b| Parsed::Hcl(id, b))
            .map_err(|e| {
                let off = e.location().offset();
                InputError::at(sources, Origin::new(id, off..off), e.message().to_string())
            })
    }
}

/// The configuration view of a native-syntax body.
pub fn hcl_body(file: FileId, body: &HclBody) -> Body<'_> {
    let mut out = Body::default();
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => out.attrs.push(Attr {
                name: a.key.as_str().to_string(),
                expr: Expr::Hcl(&a.value),
                origin: Origin::new(file, a.span().unwrap_or(0..0)),
            }),
            Structure::Block(b) => {
                let span = b.span().unwrap_or(0..0);
                let head_end = b
                    .labels
                    .last()
                    .and_then(|l| l.span())
                    .or_else(|| b.ident.span())
                    .map_or(span.start, |r| r.end);
                out.blocks.push(Block {
                    kind: b.ident.as_str().to_string(),
                    labels: b.labels.iter().map(|l| l.as_str().to_string()).collect(),
                    body: hcl_body(file, &b.body),
                    origin: Origin::new(file, span.start..head_end.max(span.start)),
                })
            }
        }
    }
    out
}

/// Evaluate one module directory as a root module.
pub fn load_module(
    sources: &Sources,
    dir: &str,
    files: &[FileId],
    tfvars: &[FileId],
    vars: &VarInputs,
) -> Loaded {
    let mut loaded = Loaded::default();
    let mut parsed = Vec::new();
    for &id in files {
        match parse(sources, id) {
            Ok(p) => parsed.push(p),
            Err(e) => loaded.errors.push(e),
        }
    }
    let mut top: Vec<Block> = Vec::new();
    for p in &parsed {
        match p {
            Parsed::Hcl(id, b) => top.extend(hcl_body(*id, b).blocks),
            Parsed::Json(id, v) => top.extend(tfjson::top_blocks(sources, *id, v)),
        }
    }
    let fs_dir = files
        .first()
        .and_then(|&id| sources.get(id).path.parent().map(|p| p.to_path_buf()));
    let mut ev = Evaluator::new(dir, fs_dir, "", &top);

    // Variable values in Terraform's precedence, lowest first.
    let root = Scope::root();
    let mut values: BTreeMap<String, Node> = BTreeMap::new();
    let mut types: BTreeMap<String, Option<String>> = BTreeMap::new();
    for b in top.iter().filter(|b| b.kind == "variable") {
        let Some(name) = b.labels.first() else { continue };
        types.insert(name.clone(), var_type(b));
        if let Some(d) = b.body.attr("default") {
            values.insert(name.clone(), ev.eval_expr(d.expr, &root, d.origin));
        }
    }
    for (name, ty) in &types {
        if let Ok(raw) = std::env::var(format!("TF_VAR_{name}")) {
            values.insert(
                name.clone(),
                raw_var(&ev, &raw, ty.as_deref(), &root, default_origin(&top)),
            );
        }
    }
    let mut auto: Vec<FileId> = tfvars.to_vec();
    auto.sort_by_key(|&id| tfvars_rank(&sources.get(id).display));
    let mut var_parsed = Vec::new();
    for id in auto.into_iter().chain(vars.var_files.iter().copied()) {
        match parse(sources, id) {
            Ok(p) => var_parsed.push(p),
            Err(e) => loaded.errors.push(e),
        }
    }
    for p in &var_parsed {
        match p {
            Parsed::Hcl(id, b) => {
                for a in hcl_body(*id, b).attrs {
                    if types.contains_key(&a.name) {
                        let mut v = ev.eval_expr(a.expr, &root, a.origin);
                        reorigin(&mut v, a.origin);
                        values.insert(a.name, v);
                    }
                }
            }
            Parsed::Json(id, v) => {
                if let serde_json::Value::Object(o) = v {
                    for (k, x) in o {
                        if types.contains_key(k) {
                            values.insert(k.clone(), Node::from_json(x, tfjson::key_origin(sources, *id, k)));
                        }
                    }
                } else {
                    loaded.errors.push(InputError::at(
                        sources,
                        Origin::new(*id, 0..0),
                        "a variables file must hold a JSON object",
                    ));
                }
            }
        }
    }
    for (name, raw) in vars.vars {
        if let Some(ty) = types.get(name) {
            values.insert(
                name.clone(),
                raw_var(&ev, raw, ty.as_deref(), &root, default_origin(&top)),
            );
        }
    }
    for name in types.keys() {
        values
            .entry(name.clone())
            .or_insert_with(|| Node::unknown(format!("var.{name} has no value"), default_origin(&top)));
    }
    ev.vars = values;

    for key in ev.order.clone() {
        let Some(block) = ev.block(&key) else { continue };
        let Some(evaluated) = ev.take(&key) else { continue };
        for inst in evaluated.instances {
            loaded.resources.push(Resource {
                address: inst.address.clone(),
                module: String::new(),
                mode: key.0,
                rtype: key.1.clone(),
                name: key.2.clone(),
                body: inst.into_body(),
                origin: block.origin,
                root: dir.to_string(),
            });
        }
    }
    loaded
}

fn default_origin(top: &[Block]) -> Origin {
    top.first().map_or_else(Origin::default, |b| b.origin)
}

/// terraform.tfvars, then terraform.tfvars.json, then *.auto.tfvars(.json) by name.
fn tfvars_rank(display: &str) -> (u8, String) {
    let name = display.rsplit('/').next().unwrap_or(display);
    match name {
        "terraform.tfvars" => (0, String::new()),
        "terraform.tfvars.json" => (1, String::new()),
        n => (2, n.to_string()),
    }
}

/// The declared type's name when it is a plain keyword (`string`, `number`...).
fn var_type(b: &Block) -> Option<String> {
    match b.body.attr("type")?.expr {
        Expr::Hcl(Expression::Variable(id)) => Some(id.as_str().to_string()),
        Expr::Hcl(_) => Some("complex".into()),
        Expr::Json(serde_json::Value::String(s)) => Some(s.clone()),
        Expr::Json(_) => Some("complex".into()),
    }
}

/// A `--var` / `TF_VAR_` value: taken literally for string (or untyped) variables, otherwise
/// parsed as an HCL expression.
fn raw_var(ev: &Evaluator, raw: &str, ty: Option<&str>, sc: &Scope, at: Origin) -> Node {
    match ty {
        None | Some("string") => Node::new(Val::Str(raw.to_string()), at),
        _ => match hcl_edit::parser::parse_expr(raw) {
            Ok(e) => ev.eval(&e, sc, at),
            Err(e) => Node::unknown(format!("invalid variable value: {}", e.message()), at),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Mode, SourceFile};
    use std::sync::Arc;

    pub struct Fixture {
        pub sources: Sources,
        pub loaded: Loaded,
        _dir: tempfile::TempDir,
    }

    impl Fixture {
        fn res(&self, addr: &str) -> &Resource {
            self.loaded
                .resources
                .iter()
                .find(|r| r.address == addr)
                .unwrap_or_else(|| panic!("no {addr} in {:?}", self.addrs()))
        }
        fn addrs(&self) -> Vec<&str> {
            self.loaded.resources.iter().map(|r| r.address.as_str()).collect()
        }
        fn attr(&self, addr: &str, key: &str) -> &Node {
            self.res(addr)
                .body
                .get(key)
                .unwrap_or_else(|| panic!("no {key} in {addr}: {:?}", self.res(addr).body))
        }
        fn s(&self, addr: &str, key: &str) -> &str {
            let n = self.attr(addr, key);
            n.as_str()
                .unwrap_or_else(|| panic!("{addr}.{key} is {:?}", n.val))
        }
        fn line(&self, o: Origin) -> u32 {
            self.sources.start(o).line
        }
    }

    fn unknown(n: &Node) -> &str {
        match &n.val {
            Val::Unknown(r) => r,
            v => panic!("expected unknown, got {v:?}"),
        }
    }

    fn load_with(files: &[(&str, &str)], var_files: &[(&str, &str)], vars: &[(&str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let mut sources = Sources::default();
        let (mut cfg, mut tfvars, mut vf) = (Vec::new(), Vec::new(), Vec::new());
        for (name, text) in files.iter().chain(var_files) {
            let path = dir.path().join(name);
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p).unwrap();
            }
            std::fs::write(&path, text).unwrap();
            if name.contains('/') {
                continue;
            }
            let id = sources.add(SourceFile::new(path, format!("m/{name}"), Arc::from(*text)));
            if var_files.iter().any(|(n, _)| n == name) {
                vf.push(id);
            } else if name.ends_with(".tfvars") || name.ends_with(".tfvars.json") {
                tfvars.push(id);
            } else {
                cfg.push(id);
            }
        }
        let vars: Vec<(String, String)> = vars.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let loaded = load_module(
            &sources,
            "m",
            &cfg,
            &tfvars,
            &VarInputs {
                var_files: &vf,
                vars: &vars,
            },
        );
        Fixture {
            sources,
            loaded,
            _dir: dir,
        }
    }

    fn load(files: &[(&str, &str)]) -> Fixture {
        load_with(files, &[], &[])
    }

    #[test]
    fn resources_attributes_blocks_and_origins() {
        let f = load(&[(
            "main.tf",
            r#"
resource "aws_s3_bucket" "b" {
  bucket = "logs"
  count_me = 1
  lifecycle {
    prevent_destroy = true
  }
  depends_on = [aws_s3_bucket.c]
}

resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#,
        )]);
        assert!(f.loaded.errors.is_empty(), "{:?}", f.loaded.errors);
        assert_eq!(f.addrs(), ["aws_s3_bucket.b", "aws_s3_bucket_versioning.v"]);
        let b = f.res("aws_s3_bucket.b");
        assert_eq!(b.mode, Mode::Managed);
        assert_eq!(
            (b.rtype.as_str(), b.name.as_str(), b.root.as_str()),
            ("aws_s3_bucket", "b", "m")
        );
        assert_eq!(f.line(b.origin), 2);
        // The header only: `resource "aws_s3_bucket" "b"`.
        assert_eq!(f.sources.end(b.origin).line, 2);
        assert_eq!(f.s("aws_s3_bucket.b", "bucket"), "logs");
        assert!(b.body.get("lifecycle").is_none() && b.body.get("depends_on").is_none());
        assert!(b.body.get("id").is_none() && b.body.get("arn").is_none());
        let bucket = f.attr("aws_s3_bucket.b", "bucket");
        let text =
            &f.sources.get(bucket.origin.file).text[bucket.origin.start as usize..bucket.origin.end as usize];
        assert_eq!(text, r#"bucket = "logs""#);

        let v = f.attr("aws_s3_bucket_versioning.v", "bucket");
        assert_eq!(v.as_str(), Some("logs"));
        assert_eq!(v.refs, ["aws_s3_bucket.b"]);
        assert_eq!(f.line(v.origin), 12);
        let blocks = f
            .res("aws_s3_bucket_versioning.v")
            .body
            .blocks("versioning_configuration");
        assert_eq!(blocks.len(), 1);
        assert_eq!(f.line(blocks[0].origin), 13);
        assert_eq!(blocks[0].get("status").and_then(Node::as_str), Some("Enabled"));
    }

    #[test]
    fn parse_error_is_located_and_other_files_load() {
        let f = load(&[
            ("a.tf", "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \n}\n"),
            ("b.tf", "resource \"aws_s3_bucket\" \"b\" {}\n"),
        ]);
        assert_eq!(f.addrs(), ["aws_s3_bucket.b"]);
        assert_eq!(f.loaded.errors.len(), 1);
        let e = &f.loaded.errors[0];
        assert_eq!(e.path, "m/a.tf");
        assert!(e.line.is_some_and(|l| l >= 2), "{e:?}");
        assert!(e.column.is_some());
    }
}
