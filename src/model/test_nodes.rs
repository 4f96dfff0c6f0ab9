//! Small evaluated trees for the model's unit tests: each node at its own one-byte origin.

use super::node::{Map, Node, Val};
use super::resource::{Mode, Resource};
use super::source::{FileId, Origin};

pub fn o(start: u32) -> Origin {
    Origin {
        file: FileId(0),
        start,
        end: start + 1,
    }
}

pub fn s(v: &str, at: u32) -> Node {
    Node::new(Val::Str(v.into()), o(at))
}

pub fn map(entries: Vec<(&str, Node)>, at: u32) -> Node {
    let m: Map = entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    Node::new(Val::Map(m), o(at))
}

pub fn list(items: Vec<Node>, at: u32) -> Node {
    Node::new(Val::List(items), o(at))
}

/// A managed resource `rtype.name` of root `r` with this body, at origin 0.
pub fn resource(rtype: &str, name: &str, body: Node) -> Resource {
    Resource {
        address: format!("{rtype}.{name}"),
        module: String::new(),
        mode: Mode::Managed,
        rtype: rtype.into(),
        name: name.into(),
        body,
        origin: o(0),
        root: "r".into(),
        module_calls: Vec::new(),
        planned: None,
        bucket_expr: None,
    }
}
