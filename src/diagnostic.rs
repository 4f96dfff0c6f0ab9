//! What the scan says about its inputs besides findings: an input it could not read (error), a
//! suppression that no longer applies (warning), a module it could not see (note). One type for
//! every layer, with where it is; it depends only on the model's file positions.

use serde::Serialize;

use crate::model::{Origin, Sources};

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Severity {
    /// An input could not be read or parsed; the rest of the scan goes on.
    #[default]
    Error,
    /// Something the user wrote does not do what it says (an expired or unused suppression).
    Warning,
    /// A limit of the scan the user should know about (a remote module that is not installed).
    Note,
}

/// A message about a place in the inputs (or a whole file).
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    /// Not serialized: the report's lists (errors, warnings, notes) say it.
    #[serde(skip)]
    pub severity: Severity,
    pub path: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    #[serde(skip)]
    pub origin: Option<Origin>,
}

impl Diagnostic {
    /// An error without a position (unreadable file, missing terraform...).
    pub fn file(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            origin: None,
        }
    }

    /// An error at `origin`, with line and column filled in from `sources`.
    pub fn at(sources: &Sources, origin: Origin, message: impl Into<String>) -> Self {
        let lc = sources.start(origin);
        Diagnostic {
            severity: Severity::Error,
            path: sources.display(origin).to_string(),
            line: Some(lc.line),
            column: Some(lc.column),
            message: message.into(),
            origin: Some(origin),
        }
    }

    /// `:LINE:COL`, `:LINE` or nothing, as far as the position is known: what follows the path.
    pub fn line_col(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!(":{l}:{c}"),
            (Some(l), None) => format!(":{l}"),
            _ => String::new(),
        }
    }

    /// The same message at another severity.
    pub fn with_severity(self, severity: Severity) -> Self {
        Diagnostic { severity, ..self }
    }
}
