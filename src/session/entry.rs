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
    /// Not code at all: a `# comment` line explaining what the Python module does instead
    /// of something the user asked for (the entry's `code` is the comment's text).
    Comment,
    /// A value already written out as its `repr()` (long results are rendered row by row
    /// as they are fetched, instead of being kept as values).
    Printed(String),
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

    /// A `# text` comment line.
    pub fn comment(text: impl Into<String>) -> Self {
        Entry {
            code: text.into(),
            outcome: Outcome::Comment,
        }
    }

    /// Writes the printed lines to `out` (as [`Entry::lines`], without copying a long value).
    ///
    /// # Failure
    /// The writer's error.
    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        match &self.outcome {
            Outcome::Printed(text) => {
                writeln!(out, ">>> {}", self.code)?;
                out.write_all(text.as_bytes())?;
                out.write_all(b"\n")
            }
            _ => self
                .lines()
                .iter()
                .try_for_each(|line| writeln!(out, "{line}")),
        }
    }

    /// The printed lines: `>>> code`, then the repr or the exception, if any; a comment
    /// is the one line `# text`, without a prompt.
    pub fn lines(&self) -> Vec<String> {
        if self.outcome == Outcome::Comment {
            return vec![format!("# {}", self.code)];
        }
        let mut lines = vec![format!(">>> {}", self.code)];
        match &self.outcome {
            Outcome::None | Outcome::Comment => {}
            Outcome::Value(v) => lines.push(v.to_string()),
            Outcome::Printed(text) => lines.push(text.clone()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_print_one_line_without_a_prompt() {
        let entry = Entry::comment("sqlite3 has no buffered cursors");
        assert_eq!(entry.lines(), vec!["# sqlite3 has no buffered cursors"]);
    }

    #[test]
    fn values_print_after_the_code_and_none_prints_nothing() {
        let entry = Entry::from_result("cursor.rowcount".into(), Ok(PyValue::Int(-1)));
        assert_eq!(entry.lines(), vec![">>> cursor.rowcount", "-1"]);
        let entry = Entry::from_result("cursor.close()".into(), Ok(PyValue::None));
        assert_eq!(entry.lines(), vec![">>> cursor.close()"]);
    }
}
