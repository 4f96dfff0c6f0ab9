//! Hash functions (hex or base64 digests of a string or of a file in the module), uuidv5;
//! uuid and bcrypt are random, so not known before apply.

use crate::model::Reason;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use super::encoding::base64;
use super::fs::read_bytes;
use super::{R, s};
use crate::eval::Evaluator;
use crate::model::{Node, Val};

pub fn call(ev: &Evaluator, name: &str, a: &[Node]) -> Option<R> {
    let (file, algo) = match name.strip_prefix("file") {
        Some(rest) if rest != "exists" && rest != "set" && !rest.is_empty() => (true, rest),
        _ => (false, name),
    };
    let (hex, algo) = match algo.strip_prefix("base64") {
        Some(a) => (false, a),
        None => (true, algo),
    };
    let digest: fn(&[u8]) -> Vec<u8> = match algo {
        "md5" if hex => |b| Md5::digest(b).to_vec(),
        "sha1" if hex => |b| Sha1::digest(b).to_vec(),
        "sha256" => |b| Sha256::digest(b).to_vec(),
        "sha512" => |b| Sha512::digest(b).to_vec(),
        // filebase64: the file's bytes themselves.
        "" if file && !hex => |b| b.to_vec(),
        _ => return other(name, a),
    };
    let input = match a.first() {
        None => return Some(Err(format!("{name}() needs 1 argument").into())),
        Some(x) if file => s(x).and_then(|p| read_bytes(ev, &p)),
        Some(x) => s(x).map(String::into_bytes),
    };
    Some(input.map(|b| {
        let d = digest(&b);
        Val::Str(if hex {
            hex_string(&d).into()
        } else {
            base64(&d).into()
        })
    }))
}

fn other(name: &str, a: &[Node]) -> Option<R> {
    Some(match name {
        "uuid" => Err(Reason::not_known(
            "uuid() is random: its value is not known before apply",
        )),
        "bcrypt" => Err(Reason::not_known(
            "bcrypt() uses a random salt: its value is not known before apply",
        )),
        // Decrypting a secret with a private key: no S3 setting depends on it.
        "rsadecrypt" => Err(Reason::not_known(
            "rsadecrypt() is not supported: the scan does not decrypt secrets",
        )),
        "uuidv5" => match a {
            [ns, n] => s(ns).and_then(|ns| Ok(Val::Str(uuidv5(&ns, &s(n)?)?.into()))),
            _ => Err("uuidv5() needs 2 arguments".into()),
        },
        _ => return None,
    })
}

fn hex_string(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// RFC 4122 version 5: SHA-1 of the namespace's bytes and the name.
fn uuidv5(ns: &str, name: &str) -> Result<String, Reason> {
    let ns = match ns {
        "dns" => "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
        "url" => "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
        "oid" => "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
        "x500" => "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
        other => other,
    };
    let hex: String = ns.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("uuidv5(): \"{ns}\" is not a UUID or a known namespace").into());
    }
    let bytes: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap_or(0))
        .collect();
    let mut h = Sha1::digest([bytes.as_slice(), name.as_bytes()].concat()).to_vec();
    h[6] = (h[6] & 0x0f) | 0x50;
    h[8] = (h[8] & 0x3f) | 0x80;
    let x = hex_string(&h[..16]);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..32]
    ))
}
