//! Configuration blocks located in source text, shared by inline suppressions and
//! `--diff-base`: a block's `{ ... }` extent, `module "NAME"` call blocks, and the blocks that
//! configure each bucket (its own and its linked resources'). A textual look: the model keeps
//! attribute origins, not block extents.

use crate::input::discover::is_config_file;
use crate::model::{FileId, Model, Origin, Sources};

/// The byte range of the `{ ... }` body that starts at the first `{` at or after `from`,
/// skipping strings and (outside JSON) comments and heredocs. `None` when unbalanced.
pub fn block_extent(text: &str, from: usize, json: bool) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = from;
    let mut depth = 0usize;
    let mut open = None;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'#' if !json => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if !json && b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if !json && b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 1);
            }
            // Native syntax: the pre-parse lexer follows heredocs and templates too.
            b'{' if !json => return crate::input::prune::block_end(b, i).map(|end| (from, end)),
            b'{' => {
                open.get_or_insert(i);
                depth += 1;
            }
            b'}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return Some((from, i + 1));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A bucket identity: (root, address).
pub type BucketKey = (String, String);

/// A configuration block (resource header origin and its extent) and the bucket it configures.
#[derive(Clone, Debug)]
pub struct Anchor {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
    pub bucket: BucketKey,
}

/// Resource block headers by (root, address): the model's origins point at attributes (an ACL's
/// `acl = ...`), so block extents are taken from the header of the resource that declares them.
pub type Headers = std::collections::BTreeMap<BucketKey, Origin>;

/// The blocks of every bucket and of the separate resources linked to it, in the configuration
/// files `in_file` selects.
pub fn anchors(
    model: &Model,
    sources: &Sources,
    headers: &Headers,
    in_file: impl Fn(FileId) -> bool,
) -> Vec<Anchor> {
    let mut out = Vec::new();
    for b in &model.buckets {
        let mut origins = vec![(b.address.as_str(), b.origin)];
        origins.extend(b.acls.iter().map(|x| (x.address.as_str(), x.origin)));
        origins.extend(
            b.public_access_block
                .iter()
                .map(|x| (x.address.as_str(), x.origin)),
        );
        origins.extend(b.ownership.iter().map(|x| (x.address.as_str(), x.origin)));
        origins.extend(b.encryption.iter().map(|x| (x.address.as_str(), x.origin)));
        origins.extend(b.logging.iter().map(|x| (x.address.as_str(), x.origin)));
        origins.extend(b.versioning.iter().map(|x| (x.address.as_str(), x.origin)));
        origins.extend(b.policies.iter().map(|x| (x.address.as_str(), x.origin)));
        origins.extend(b.objects.iter().map(|x| (x.address.as_str(), x.origin)));
        for (i, (address, origin)) in origins.into_iter().enumerate() {
            // Inline settings (v3 `acl = ...`) live inside the bucket's own block.
            if i > 0 && address == b.address {
                continue;
            }
            let origin = headers
                .get(&(b.root.clone(), address.to_string()))
                .copied()
                .unwrap_or(origin);
            let file = sources.get(origin.file);
            if !is_config_file(&file.display) || !in_file(origin.file) {
                continue;
            }
            let json = file.kind() == crate::model::FileKind::Json;
            if let Some((start, end)) = block_extent(&file.text, origin.start as usize, json) {
                out.push(Anchor {
                    file: origin.file,
                    start,
                    end,
                    bucket: (b.root.clone(), b.address.clone()),
                });
            }
        }
    }
    out
}

/// `module "NAME" {` blocks of a `.tf` file: NAME and the byte extent.
pub fn module_blocks_in(text: &str) -> Vec<(String, (usize, usize))> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("module") {
            let rest = rest.trim_start();
            if let Some(name) = rest.strip_prefix('"').and_then(|r| r.split('"').next()) {
                let at = start + (line.len() - t.len());
                if let Some(extent) = block_extent(text, at, false) {
                    out.push((name.to_string(), extent));
                }
            }
        }
        start += line.len();
    }
    out
}

/// `module "NAME" {` blocks in the `.tf` files `in_file` selects: (file, start, end, NAME).
pub fn module_blocks(
    sources: &Sources,
    in_file: impl Fn(FileId) -> bool,
) -> Vec<(FileId, usize, usize, String)> {
    let mut out = Vec::new();
    for (id, file) in sources.iter() {
        if file.display.ends_with(".tf") && in_file(id) {
            out.extend(
                module_blocks_in(&file.text)
                    .into_iter()
                    .map(|(name, (s, e))| (id, s, e, name)),
            );
        }
    }
    out
}

pub use crate::model::address::in_module;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extents() {
        let t = "resource \"a\" \"b\" {\n  x = \"}\" # }\n  y { z = 1 }\n}\nrest";
        let (s, e) = block_extent(t, 0, false).unwrap();
        assert_eq!(&t[s..e], &t[..t.len() - 5]);
    }

    #[test]
    fn module_instances() {
        assert!(in_module("module.m.aws_s3_bucket.b", "m"));
        assert!(in_module("module.a.module.m[\"k\"].aws_s3_bucket.b", "m"));
        assert!(!in_module("module.mm.aws_s3_bucket.b", "m"));
    }
}
