//! Where batch results go: a writer per result set, or one writer for the whole run (a
//! JSON document that must stay one value), and how `--xml` shows a statement.

use std::io::{self, Write};
use std::sync::Arc;

use crate::output::{Collations, RowWriter};
use crate::sql::{ReadStatement, Terminator};

/// Where results go: a writer per result, or one writer for the whole run (a JSON
/// document).
pub(super) enum Sink<'o> {
    /// With the collation names when `--column-type-info` shows tables' metadata.
    PerResult(&'o mut dyn Write, Option<Arc<Collations>>),
    Document(Box<dyn RowWriter + 'o>),
}

impl Sink<'_> {
    pub(super) fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::PerResult(out, _) => out.flush(),
            Sink::Document(w) => w.end(),
        }
    }

    pub(super) fn finish(&mut self) -> io::Result<()> {
        match self {
            Sink::PerResult(out, _) => out.flush(),
            Sink::Document(w) => w.finish(),
        }
    }
}

/// The statement as the mysql client shows it in `--xml`: as read, with the whitespace up
/// to its delimiter, and a last statement with the newline of its line.
pub(super) fn shown_statement(statement: &ReadStatement) -> Vec<u8> {
    let mut text = statement.text.clone();
    text.extend_from_slice(&statement.trailing);
    if statement.terminator == Terminator::EndOfInput && !text.ends_with(b"\n") {
        text.push(b'\n');
    }
    text
}
