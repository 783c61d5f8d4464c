//! `Entry`: one line of Python and what Python printed for it.

use crate::db::DbError;
use crate::pyrepr::PyValue;

/// What a Python expression gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// `None`: the REPL prints nothing.
    None,
    /// A value, printed as its `repr()`.
    Value(PyValue),
    /// A raised exception, printed as `Class: message`.
    Error(DbError),
    /// A long list shown in part: its first items and how many there were.
    Truncated {
        /// The first items.
        shown: Vec<PyValue>,
        /// How many items the list has.
        total: u64,
    },
}

impl Outcome {
    /// The outcome of a call that returned `value` (nothing printed for `None`).
    pub fn from_value(value: PyValue) -> Self {
        match value {
            PyValue::None => Outcome::None,
            value => Outcome::Value(value),
        }
    }
}

/// One transcript entry: `>>> code` and the outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The Python expression, without the `>>> ` prompt.
    pub code: String,
    /// Its outcome.
    pub outcome: Outcome,
}

impl Entry {
    /// An entry.
    pub fn new(code: String, outcome: Outcome) -> Self {
        Entry { code, outcome }
    }

    /// An entry from a call's result; a `None` value prints nothing, as in the REPL.
    pub fn from_result(code: String, result: Result<PyValue, DbError>) -> Self {
        let outcome = match result {
            Ok(PyValue::None) => Outcome::None,
            Ok(value) => Outcome::Value(value),
            Err(e) => Outcome::Error(e),
        };
        Entry { code, outcome }
    }

    /// The printed lines: `>>> code`, then the repr or the exception, if any.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!(">>> {}", self.code)];
        match &self.outcome {
            Outcome::None => {}
            Outcome::Value(v) => lines.push(v.to_string()),
            Outcome::Error(e) => lines.push(e.python_line()),
            Outcome::Truncated { shown, total } => {
                let items: Vec<String> = shown.iter().map(ToString::to_string).collect();
                lines.push(format!(
                    "[{}, ...]  # {total} rows; the first {} shown",
                    items.join(", "),
                    shown.len()
                ));
            }
        }
        lines
    }
}
