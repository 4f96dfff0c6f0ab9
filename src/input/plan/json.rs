//! JSON values that borrow their strings from the plan text.
//!
//! `serde_json::Value` allocates every key and string and keeps objects in B-trees; a plan's
//! `values`, `after_unknown` and `expressions` are read once and thrown away, so this keeps
//! them as slices of the text with objects as sorted vectors.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// A JSON value. Object members are sorted by key, a repeated key keeping its last value (as
/// `serde_json::Value` does), so iteration order is the B-tree order the model uses.
#[derive(Clone, Debug)]
pub(super) enum Js<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(Cow<'a, str>),
    Arr(Vec<Js<'a>>),
    Obj(Vec<(Cow<'a, str>, Js<'a>)>),
    /// A value serde_json cannot read, and why (a number out of range for an f64, nesting past
    /// its 128 levels): only from [`Js::parse_members`].
    Unreadable(String),
}

impl<'a> Js<'a> {
    /// The raw JSON parsed; `None` when it is not valid JSON.
    pub(super) fn parse(raw: &'a RawValue) -> Option<Js<'a>> {
        serde_json::from_str(raw.get()).ok()
    }

    /// [`Js::parse`] for a value that must not be lost whole: an object that cannot be read at
    /// once is read member by member, a member that cannot be read becoming
    /// [`Js::Unreadable`] and listed in `bad` (with its text, whose position is in the plan's)
    /// while the others keep their values.
    pub(super) fn parse_members(raw: &'a RawValue, bad: &mut Vec<(&'a str, String)>) -> Js<'a> {
        let why = match serde_json::from_str(raw.get()) {
            Ok(v) => return v,
            Err(e) => reason(&e),
        };
        let Ok(members) = serde_json::from_str::<std::collections::BTreeMap<String, &'a RawValue>>(raw.get())
        else {
            bad.push((raw.get(), why.clone()));
            return Js::Unreadable(why);
        };
        let mut read = |v: &'a RawValue| {
            serde_json::from_str(v.get()).unwrap_or_else(|e| {
                bad.push((v.get(), reason(&e)));
                Js::Unreadable(reason(&e))
            })
        };
        Js::Obj(
            members
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k), read(v)))
                .collect(),
        )
    }

    /// Why the value could not be read, for [`Js::Unreadable`].
    pub(super) fn unreadable(&self) -> Option<&str> {
        match self {
            Js::Unreadable(why) => Some(why),
            _ => None,
        }
    }

    /// Member `key` of an object; `None` for other values.
    pub(super) fn get(&self, key: &str) -> Option<&Js<'a>> {
        match self {
            Js::Obj(members) => members
                .binary_search_by(|(k, _)| (**k).cmp(key))
                .ok()
                .map(|i| &members[i].1),
            _ => None,
        }
    }

    /// The member values of an object (none for other values).
    pub(super) fn values(&self) -> impl Iterator<Item = &Js<'a>> {
        let members: &[(Cow<str>, Js)] = match self {
            Js::Obj(m) => m,
            _ => &[],
        };
        members.iter().map(|(_, v)| v)
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Js::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// serde_json's message without its " at line L column C" (the position is reported apart).
fn reason(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    msg.split(" at line ").next().unwrap_or(&msg).to_string()
}

impl<'de: 'a, 'a> Deserialize<'de> for Js<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsVisitor(std::marker::PhantomData))
    }
}

struct JsVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for JsVisitor<'a> {
    type Value = Js<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Js<'a>, E> {
        Ok(Js::Bool(v))
    }
    // Numbers become f64 as the model keeps them (`serde_json::Number::as_f64`).
    fn visit_i64<E>(self, v: i64) -> Result<Js<'a>, E> {
        Ok(Js::Num(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Js<'a>, E> {
        Ok(Js::Num(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Js<'a>, E> {
        Ok(Js::Num(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Js<'a>, E> {
        Ok(Js::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Js<'a>, E> {
        Ok(Js::Str(Cow::Owned(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Js<'a>, E> {
        Ok(Js::Str(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> Result<Js<'a>, E> {
        Ok(Js::Null)
    }
    fn visit_none<E>(self) -> Result<Js<'a>, E> {
        Ok(Js::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Js<'a>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Js::Arr(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Js<'a>, A::Error> {
        let mut members: Vec<(Cow<'a, str>, Js<'a>)> = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some((Str(k), v)) = map.next_entry()? {
            members.push((k, v));
        }
        // Terraform writes keys sorted; sort anyway (stable, so repeated keys keep their order).
        if !members.is_sorted_by(|a, b| a.0 < b.0) {
            members.sort_by(|a, b| a.0.cmp(&b.0));
            if members.windows(2).any(|w| w[0].0 == w[1].0) {
                members = last_of_each_key(members);
            }
        }
        Ok(Js::Obj(members))
    }
}

/// Sorted members with repeated keys → one member per key, its last value.
fn last_of_each_key<'a>(members: Vec<(Cow<'a, str>, Js<'a>)>) -> Vec<(Cow<'a, str>, Js<'a>)> {
    let mut out: Vec<(Cow<'a, str>, Js<'a>)> = Vec::with_capacity(members.len());
    for m in members {
        match out.last_mut() {
            Some(last) if last.0 == m.0 => *last = m,
            _ => out.push(m),
        }
    }
    out
}

/// A JSON string, borrowed from the text unless it has escapes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Str<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Str<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Js<'_> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn objects_sort_and_keep_the_last_repeated_key() {
        let v = parse(r#"{"b":1,"a":{"x":null},"b":2,"c\"":"q\u00e9"}"#);
        let keys: Vec<&str> = match &v {
            Js::Obj(m) => m.iter().map(|(k, _)| &**k).collect(),
            _ => panic!("not an object"),
        };
        assert_eq!(keys, ["a", "b", "c\""]);
        assert!(matches!(v.get("b"), Some(Js::Num(n)) if *n == 2.0));
        assert!(matches!(v.get("a").and_then(|a| a.get("x")), Some(Js::Null)));
        assert_eq!(v.get("c\"").and_then(Js::as_str), Some("qé"));
        assert!(v.get("z").is_none());
        assert!(parse("[1]").get("a").is_none());
    }

    #[test]
    fn plain_strings_borrow_from_the_text() {
        assert!(matches!(parse(r#""abc""#), Js::Str(Cow::Borrowed("abc"))));
        assert!(matches!(parse(r#"[-1, 2.5, true]"#), Js::Arr(a) if a.len() == 3));
    }
}
