//! A setting in the normalized model: set explicitly, defaulted, or Unknown, always with a place.

use super::source::Origin;

#[derive(Clone, Debug, PartialEq)]
pub enum Value<T> {
    /// Written in the configuration (or known in the plan) at this origin.
    Set(T, Origin),
    /// Not written: the AWS / provider default applies. The origin is the block that would hold it.
    Default(T, Origin),
    /// Written, but the scanner cannot tell the value; the string says why.
    Unknown(String, Origin),
}

impl<T> Value<T> {
    pub fn origin(&self) -> Origin {
        match self {
            Value::Set(_, o) | Value::Default(_, o) | Value::Unknown(_, o) => *o,
        }
    }

    /// The value when known, set or defaulted.
    pub fn known(&self) -> Option<&T> {
        match self {
            Value::Set(v, _) | Value::Default(v, _) => Some(v),
            Value::Unknown(..) => None,
        }
    }

    pub fn is_set(&self) -> bool {
        matches!(self, Value::Set(..))
    }

    pub fn unknown_reason(&self) -> Option<&str> {
        match self {
            Value::Unknown(r, _) => Some(r),
            _ => None,
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Value<U> {
        match self {
            Value::Set(v, o) => Value::Set(f(v), o),
            Value::Default(v, o) => Value::Default(f(v), o),
            Value::Unknown(r, o) => Value::Unknown(r, o),
        }
    }
}
