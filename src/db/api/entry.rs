//! `Entry`: one line of Python and what Python printed for it.

use std::fmt::{self, Write as _};

use crate::db::DbError;
use crate::pyrepr::{PyValue, display_prefix};

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
    /// What the expression printed or raised; `Outcome::None` when Python prints nothing.
    pub outcome: Outcome,
}

impl Entry {
    /// `code` without its `>>> ` prompt: the prompt is added where the entry is printed.
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

    /// Writes the printed lines to `out` (as [`Entry::lines`]), formatting a long value
    /// straight into the writer rather than into a string first.
    ///
    /// # Failure
    /// The writer's error.
    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        if self.outcome == Outcome::Comment {
            return writeln!(out, "# {}", self.code);
        }
        writeln!(out, ">>> {}", self.code)?;
        if self.prints_value() {
            writeln!(out, "{}", Printed(&self.outcome))?;
        }
        Ok(())
    }

    /// The printed lines: `>>> code`, then the repr or the exception, if any; a comment
    /// is the one line `# text`, without a prompt.
    pub fn lines(&self) -> Vec<String> {
        if self.outcome == Outcome::Comment {
            return vec![format!("# {}", self.code)];
        }
        let mut lines = vec![format!(">>> {}", self.code)];
        if self.prints_value() {
            lines.push(Printed(&self.outcome).to_string());
        }
        lines
    }

    fn prints_value(&self) -> bool {
        !matches!(self.outcome, Outcome::None | Outcome::Comment)
    }

    /// The entry for a display: a printed value longer than `max` bytes is cut there and
    /// marked, so a 100 MB cell costs a screenful of text. The `code` stays whole; the
    /// transcript of `rowwise script` never goes through here and stays exact.
    #[must_use]
    pub fn abridged(self, max: usize) -> Entry {
        Entry {
            code: self.code,
            outcome: self.outcome.abridged(max),
        }
    }

    /// [`Entry::lines`] for a display, abridged as [`Entry::abridged`].
    pub fn display_lines(&self, max: usize) -> Vec<String> {
        match self.outcome.abridged_text(max) {
            None => self.lines(),
            Some(text) => vec![format!(">>> {}", self.code), text],
        }
    }
}

impl Outcome {
    /// The outcome for a display (see [`Entry::abridged`]).
    #[must_use]
    pub fn abridged(self, max: usize) -> Outcome {
        match self.abridged_text(max) {
            None => self,
            Some(text) => Outcome::Printed(text),
        }
    }

    fn abridged_text(&self, max: usize) -> Option<String> {
        if matches!(self, Outcome::None | Outcome::Comment | Outcome::Error(_)) {
            return None;
        }
        let (text, cut) = display_prefix(&Printed(self), max);
        cut.then(|| format!("{text}…  # abridged for display: the first {max} bytes of the repr"))
    }
}

/// The line Python prints for an outcome (nothing for `None` and comments).
struct Printed<'a>(&'a Outcome);

impl fmt::Display for Printed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Outcome::None | Outcome::Comment => Ok(()),
            Outcome::Value(v) => write!(f, "{v}"),
            Outcome::Printed(text) => f.write_str(text),
            Outcome::Error(e) => f.write_str(&e.python_line()),
            Outcome::Truncated { shown, total } => {
                f.write_char('[')?;
                for item in shown {
                    write!(f, "{item}, ")?;
                }
                write!(f, "...]  # {total} rows; the first {} shown", shown.len())
            }
        }
    }
}

/// Longest printed value of an entry made with a `preview` (bytes of its repr): a
/// 100 MB cell's Python value is let go before its row is handed on, not after.
pub const PREVIEW_VALUE_BYTES: usize = 16 * 1024;

/// The outcome as a preview shows it (abridged), or exact without a preview.
pub fn for_display(outcome: Outcome, preview: Option<usize>) -> Outcome {
    match preview {
        Some(_) => outcome.abridged(PREVIEW_VALUE_BYTES),
        None => outcome,
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

    #[test]
    fn a_long_value_is_abridged_for_display_and_written_whole() {
        let row = PyValue::Tuple(vec![PyValue::Bytes(vec![0xff; 10_000])]);
        let entry = Entry::from_result("cursor.fetchone()".into(), Ok(row.clone()));
        let mut written = Vec::new();
        entry.write_to(&mut written).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            format!(">>> cursor.fetchone()\n{row}\n")
        );
        let short = entry.abridged(100).lines();
        assert_eq!(short.len(), 2);
        assert!(short[1].starts_with("(b'\\xff\\xff"), "{}", short[1]);
        assert!(short[1].ends_with("# abridged for display: the first 100 bytes of the repr"));
        assert!(short[1].len() < 200);
    }

    #[test]
    fn short_values_and_errors_are_not_abridged() {
        let entry = Entry::from_result("cursor.rowcount".into(), Ok(PyValue::Int(-1)));
        assert_eq!(entry.clone().abridged(100), entry);
    }
}
