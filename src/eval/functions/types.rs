//! Functions about values rather than their content. The scan does not track sensitive or
//! ephemeral marks: sensitive() and nonsensitive() return their argument, issensitive() is not
//! known.

use super::R;
use crate::model::Node;

pub fn call(name: &str, a: &[Node]) -> Option<R> {
    let arg = || {
        a.first()
            .map(|x| x.val.clone())
            .ok_or(format!("{name}() needs 1 argument"))
    };
    Some(match name {
        "sensitive" | "nonsensitive" | "ephemeralasnull" => arg(),
        "issensitive" => {
            Err("issensitive() is not supported: the scan does not track sensitive values".into())
        }
        "type" => Err("type() is only available in terraform console".into()),
        "yamldecode" | "yamlencode" => Err(format!("{name}() is not supported")),
        _ => return None,
    })
}
