//! The generic evaluated value both front ends produce: a JSON-like tree in which every node
//! remembers where it came from, which resources it was derived from, and may be Unknown.
//! Nested blocks are lists of maps, as in `terraform show -json`.

use super::source::Origin;

/// A map node's entries, sorted by key. A sorted vector rather than a `BTreeMap`: most maps hold a
/// handful of attributes, where a B-tree's fixed-size nodes cost several times the memory.
pub type Map = litemap::LiteMap<String, Node>;

#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Bool(bool),
    Number(f64),
    Str(Str),
    List(Vec<Node>),
    Map(Map),
    /// Not known to the scanner (a variable without a value, a computed attribute, an
    /// unsupported function...) or an evaluation error. The reason says why, for the user, and
    /// which of the two it is (see [`Reason`]).
    Unknown(Reason),
    /// Not known either, but partly: a string (or JSON text) whose unknown parts are holes
    /// (see [`super::partial`]). Everything that wants a plain value sees an Unknown; only
    /// policy reading looks inside.
    Partial(Box<Partial>),
}

/// A string value, shared by its copies: a reference copies the value it reads, and one policy
/// document's JSON read by N bucket policies would otherwise be N strings.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Str(std::sync::Arc<str>);

impl Str {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where the text is: the same for every copy, while one lives.
    pub fn address(&self) -> usize {
        self.0.as_ptr() as usize
    }

    /// Whether another value holds this string too (then this one adds no copy of its text).
    pub fn is_shared(&self) -> bool {
        std::sync::Arc::strong_count(&self.0) > 1
    }
}

impl std::ops::Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Str {
    fn from(s: String) -> Self {
        Str(s.into())
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Self {
        Str(s.into())
    }
}

impl std::fmt::Debug for Str {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Str {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

/// A partly known string: `text` with hole characters where values are not known.
#[derive(Clone, Debug, PartialEq)]
pub struct Partial {
    pub text: String,
    /// Why the holes are not known (the first of them), for the user.
    pub reason: Reason,
}

/// Why a value is Unknown: the text for the user, and whether it is an evaluation error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    text: String,
    kind: Kind,
}

/// What an Unknown is. `try()` falls back on an `Error` and `can()` gives false for it; a value
/// that is `NotKnown` stays unknown through them, since Terraform might know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An evaluation error: a function's argument or type error, an invalid operation, a
    /// missing attribute or element. The default of a reason made from text.
    Error,
    /// A value not known before apply (a variable without a value, an attribute computed by the
    /// provider) or not known to the scan (an unsupported function, a module not installed).
    NotKnown,
}

impl Reason {
    /// A value the scan does not know, which Terraform might: not an error.
    pub fn not_known(text: impl Into<String>) -> Self {
        Reason {
            text: text.into(),
            kind: Kind::NotKnown,
        }
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn is_error(&self) -> bool {
        self.kind == Kind::Error
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Another text of the same kind (`reason.map(|r| format!("x: {r}"))`).
    pub fn map(&self, f: impl FnOnce(&str) -> String) -> Self {
        Reason {
            text: f(&self.text),
            kind: self.kind,
        }
    }
}

impl Default for Reason {
    fn default() -> Self {
        Reason::from(String::new())
    }
}

impl From<String> for Reason {
    fn from(text: String) -> Self {
        Reason {
            text,
            kind: Kind::Error,
        }
    }
}

impl From<&str> for Reason {
    fn from(text: &str) -> Self {
        Reason::from(text.to_string())
    }
}

impl From<&Reason> for Reason {
    fn from(r: &Reason) -> Self {
        r.clone()
    }
}

impl std::ops::Deref for Reason {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for Reason {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl std::borrow::Borrow<str> for Reason {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<str> for Reason {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Reason {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<String> for Reason {
    fn eq(&self, other: &String) -> bool {
        &self.text == other
    }
}

impl Val {
    /// Why the value is not known: Some for Unknown and Partial.
    pub fn unknown_reason(&self) -> Option<&Reason> {
        match self {
            Val::Unknown(r) => Some(r),
            Val::Partial(p) => Some(&p.reason),
            _ => None,
        }
    }

    pub fn partial(text: String, reason: impl Into<Reason>) -> Val {
        let reason = reason.into();
        Val::Partial(Box::new(Partial { text, reason }))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub val: Val,
    pub origin: Origin,
    /// Full instance addresses of the resources this value was derived from
    /// (`module.a.aws_s3_bucket.b["k"]`), used to link resources to their bucket.
    pub refs: Refs,
}

/// A value's refs, shared by its copies: a value derived from N resources has N refs, and each
/// reference to it copies them (N bucket policies of one document naming N buckets: N² strings).
#[derive(Clone, Debug, Default)]
pub struct Refs(Option<std::sync::Arc<Vec<String>>>);

impl Refs {
    /// Append the refs of `src` that `self` lacks, in order; shares `src` when `self` has none.
    pub fn add(&mut self, src: &Refs) {
        match (&self.0, &src.0) {
            (_, None) => {}
            (None, Some(_)) => *self = src.clone(),
            (Some(a), Some(b)) if std::sync::Arc::ptr_eq(a, b) => {}
            // What `a ++ b` is when `b` begins with `a` (refs hold no duplicates): a document's
            // json carries its instance's address first, then what it names.
            (Some(a), Some(b)) if b.starts_with(a) => *self = src.clone(),
            (Some(a), Some(b)) => {
                // Often all there already (a document's refs, met again through its
                // attribute): then `self` stays shared.
                let new = missing(a, b);
                if !new.is_empty() {
                    self.make_mut().extend(new);
                }
            }
        }
    }

    pub fn push(&mut self, r: String) {
        self.make_mut().push(r);
    }

    pub fn into_vec(self) -> Vec<String> {
        self.0
            .map(|a| std::sync::Arc::try_unwrap(a).unwrap_or_else(|a| (*a).clone()))
            .unwrap_or_default()
    }

    fn make_mut(&mut self) -> &mut Vec<String> {
        std::sync::Arc::make_mut(self.0.get_or_insert_with(Default::default))
    }
}

impl std::ops::Deref for Refs {
    type Target = [String];
    fn deref(&self) -> &[String] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl From<Vec<String>> for Refs {
    fn from(v: Vec<String>) -> Self {
        Refs((!v.is_empty()).then(|| std::sync::Arc::new(v)))
    }
}

impl PartialEq for Refs {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Refs {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.len() == N && self.iter().zip(other).all(|(a, b)| a == b)
    }
}

/// Append the refs of `src` that `dst` lacks, in order. Past a few refs a hash set finds them:
/// a value derived from N resources has N refs, and a linear search for each is quadratic.
pub fn extend_unique(dst: &mut Vec<String>, src: &[String]) {
    let new = missing(dst, src);
    dst.extend(new);
}

/// The refs of `src` that `dst` lacks, in order.
fn missing(dst: &[String], src: &[String]) -> Vec<String> {
    if dst.len() * src.len() <= 256 {
        let mut new: Vec<String> = Vec::new();
        for r in src {
            if !dst.contains(r) && !new.contains(r) {
                new.push(r.clone());
            }
        }
        return new;
    }
    let mut seen: rustc_hash::FxHashSet<&str> = dst.iter().map(String::as_str).collect();
    src.iter().filter(|r| seen.insert(r.as_str())).cloned().collect()
}

impl Node {
    pub fn new(val: Val, origin: Origin) -> Self {
        Node {
            val,
            origin,
            refs: Refs::default(),
        }
    }

    /// An Unknown: an evaluation error when `reason` is text, else of the reason's kind.
    pub fn unknown(reason: impl Into<Reason>, origin: Origin) -> Self {
        Node::new(Val::Unknown(reason.into()), origin)
    }

    /// An Unknown that is not an error: a value the scan does not know (see [`Kind::NotKnown`]).
    pub fn not_known(reason: impl Into<String>, origin: Origin) -> Self {
        Node::new(Val::Unknown(Reason::not_known(reason)), origin)
    }

    pub fn with_refs(mut self, refs: impl Into<Refs>) -> Self {
        self.refs = refs.into();
        self
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.val, Val::Unknown(_) | Val::Partial(_))
    }

    /// The value where a whole value is needed (a condition, a collection, an attribute's
    /// object): an Unknown as it is, a partly known string as an Unknown at `at` with its reason
    /// and refs. Known values are returned unchanged.
    pub fn into_unknown(self, at: Origin) -> Node {
        match self.val {
            Val::Partial(p) => Node::unknown(p.reason, at).with_refs(self.refs),
            _ => self,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.val, Val::Null)
    }

    /// Attribute `key` of a map node; `None` when absent or null.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.val {
            Val::Map(m) => m.get(key).filter(|n| !n.is_null()),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.val {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.val {
            Val::Bool(b) => Some(*b),
            // Terraform converts "true"/"false" strings to bool where a bool is expected.
            Val::Str(s) if s == "true" => Some(true),
            Val::Str(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    pub fn as_list(&self) -> &[Node] {
        match &self.val {
            Val::List(l) => l,
            _ => &[],
        }
    }

    /// Nested blocks named `key`: a list of maps (a single map is accepted too).
    pub fn blocks(&self, key: &str) -> Vec<&Node> {
        match self.get(key) {
            Some(n) => match &n.val {
                Val::List(l) => l.iter().filter(|b| !b.is_null()).collect(),
                Val::Map(_) | Val::Unknown(_) | Val::Partial(_) => vec![n],
                _ => Vec::new(),
            },
            None => Vec::new(),
        }
    }

    /// The first Unknown (or Partial) inside this node, if any.
    pub fn find_unknown(&self) -> Option<&Node> {
        match &self.val {
            Val::Unknown(_) | Val::Partial(_) => Some(self),
            Val::List(l) => l.iter().find_map(Node::find_unknown),
            Val::Map(m) => m.values().find_map(Node::find_unknown),
            _ => None,
        }
    }

    /// Why this value is not fully known: the reason of its first Unknown, or of its first
    /// Partial with a hole that is not a symbol, else of its first Partial (symbols only).
    pub fn hole_reason(&self) -> Option<&Reason> {
        fn walk<'a>(n: &'a Node, symbolic: &mut Option<&'a Reason>) -> Option<&'a Reason> {
            match &n.val {
                Val::Unknown(r) => Some(r),
                Val::Partial(p) if super::partial::only_symbols(&p.text) => {
                    symbolic.get_or_insert(&p.reason);
                    None
                }
                Val::Partial(p) => Some(&p.reason),
                Val::List(l) => l.iter().find_map(|c| walk(c, symbolic)),
                Val::Map(m) => m.values().find_map(|c| walk(c, symbolic)),
                _ => None,
            }
        }
        let mut symbolic = None;
        walk(self, &mut symbolic).or(symbolic)
    }

    /// The plain JSON value, or `None` when any part is Unknown.
    pub fn to_json(&self) -> Option<serde_json::Value> {
        use serde_json::Value as J;
        Some(match &self.val {
            Val::Null => J::Null,
            Val::Bool(b) => J::Bool(*b),
            Val::Number(n) => number_to_json(*n),
            Val::Str(s) => J::String(s.to_string()),
            Val::List(l) => J::Array(l.iter().map(Node::to_json).collect::<Option<_>>()?),
            Val::Map(m) => J::Object(
                m.iter()
                    .map(|(k, v)| Some((k.clone(), v.to_json()?)))
                    .collect::<Option<_>>()?,
            ),
            Val::Unknown(_) | Val::Partial(_) => return None,
        })
    }

    /// Build a node tree from plain JSON, every node at `origin`.
    pub fn from_json(value: &serde_json::Value, origin: Origin) -> Node {
        use serde_json::Value as J;
        let val = match value {
            J::Null => Val::Null,
            J::Bool(b) => Val::Bool(*b),
            J::Number(n) => Val::Number(n.as_f64().unwrap_or(0.0)),
            J::String(s) => Val::Str(s.as_str().into()),
            J::Array(a) => Val::List(a.iter().map(|v| Node::from_json(v, origin)).collect()),
            J::Object(o) => Val::Map(
                o.iter()
                    .map(|(k, v)| (k.clone(), Node::from_json(v, origin)))
                    .collect(),
            ),
        };
        Node::new(val, origin)
    }
}

/// Integers print without a fraction, as Terraform's jsonencode does.
pub fn number_to_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

// The kind of an Unknown costs no memory: the enum's tag shares its byte.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Val>() == 32 && std::mem::size_of::<Node>() == 56);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_are_shared_until_one_copy_gains_its_own() {
        let doc: Refs = vec!["data.d".to_string(), "b[0]".into(), "b[1]".into()].into();
        let shared = |r: &Refs| {
            r.0.as_ref()
                .is_some_and(|a| std::sync::Arc::ptr_eq(a, doc.0.as_ref().unwrap()))
        };
        // Read through its instance ([data.d]), the document's refs are taken whole.
        let mut read: Refs = vec!["data.d".to_string()].into();
        read.add(&doc);
        assert!(shared(&read));
        assert_eq!(read, ["data.d", "b[0]", "b[1]"]);
        // Adding what it holds keeps it shared; a new ref makes it its own.
        read.add(&vec!["b[1]".to_string()].into());
        assert!(shared(&read));
        read.add(&vec!["x".to_string(), "b[0]".into()].into());
        assert!(!shared(&read));
        assert_eq!(read, ["data.d", "b[0]", "b[1]", "x"]);
        assert_eq!(doc, ["data.d", "b[0]", "b[1]"]);
        // Otherwise in order: the refs met first come first.
        let mut other: Refs = vec!["b[1]".to_string(), "y".into()].into();
        other.add(&doc);
        assert_eq!(other, ["b[1]", "y", "data.d", "b[0]"]);
    }
}
