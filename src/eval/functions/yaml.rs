//! yamldecode and yamlencode, as Terraform's go-cty-yaml reads and writes YAML.

mod decode;
mod encode;
mod scalar;
mod time;

use super::{R, s};
use crate::model::Reason;
use crate::model::{Node, Origin};

pub fn call(name: &str, a: &[Node], at: Origin) -> Option<R> {
    let arg = || {
        a.first()
            .ok_or(Reason::from(format!("{name}() needs 1 argument")))
    };
    Some(match name {
        "yamldecode" => arg().and_then(|x| decode::decode(&s(x)?, at)),
        "yamlencode" => arg().and_then(|x| encode::encode(x).map(|s| crate::model::Val::Str(s.into()))),
        _ => return None,
    })
}
