//! `Step`: what one command did, typed — the call, its outcome (a typed error with its
//! class and errno), the cursor afterwards and the session's autocommit state. Front ends
//! decide from a `Step`; its entries (the Python text) are for display and export only.

use super::{Command, Entry, Outcome};
use crate::db::convert::Decoding;
use crate::db::{Columns, CursorOptions, DbError, RawRow, RowShape};

/// Where a cursor stands.
#[derive(Debug, Clone)]
pub struct CursorStatus {
    /// The reference's class name (`MySQLCursorDict`) or sqlite3's (`Cursor`).
    pub class: String,
    /// How it was made (`cnx.cursor(dictionary=True)`).
    pub python_call: String,
    /// `cursor.rowcount`.
    pub rowcount: i64,
    /// `cursor.lastrowid`.
    pub lastrowid: Option<u64>,
    /// Rows of the current result are still on the wire.
    pub unread: bool,
    /// A buffered cursor's rows not fetched yet.
    pub buffered_remaining: Option<usize>,
    /// The current result's columns.
    pub columns: Option<Columns>,
    /// How its rows become Python values.
    pub decoding: Decoding,
    /// The Python shape of its rows.
    pub shape: RowShape,
    /// The options it was made with.
    pub options: CursorOptions,
    /// [`Cursor::results`](crate::db::Cursor::results), where the backend counts them
    /// (`None`: every `execute` starts a new result).
    pub results: Option<u64>,
}

/// The typed result of one command.
#[derive(Debug, Clone)]
pub struct Step {
    /// The command that ran.
    pub call: Command,
    /// The Python lines it printed (display and export only).
    pub entries: Vec<Entry>,
    /// The exception it raised, if any (an implicit `cnx.cursor()` before it included).
    pub error: Option<DbError>,
    /// The cursor started a new result (or dropped its old one): the previous rows are
    /// gone from the cursor, so a grid of them must go too.
    pub new_result: bool,
    /// Where the cursor stands afterwards (position, rowcount, columns, options).
    pub cursor: Option<CursorStatus>,
    /// Autocommit afterwards, where the backend knows it.
    pub autocommit: Option<bool>,
    /// Rows a fetch handed out.
    pub fetched: usize,
}

impl Step {
    /// The step of `call`, from what the engine reports before and after it.
    pub fn new(
        call: Command,
        entries: Vec<Entry>,
        before: Option<&CursorStatus>,
        after: Option<CursorStatus>,
        autocommit: Option<bool>,
    ) -> Self {
        let error = entries.iter().find_map(|e| match &e.outcome {
            Outcome::Error(err) => Some(err.clone()),
            _ => None,
        });
        let new_result = match (&call, after.as_ref()) {
            (Command::Execute(_), Some(after)) => match (before, after.results) {
                (Some(before), Some(now)) => before.results != Some(now),
                // A fresh cursor, or a backend whose every execute starts over.
                _ => true,
            },
            (Command::Close | Command::Reconnect, _) => error.is_none(),
            (Command::Execute(_), None) => true,
            _ => false,
        };
        Step {
            call,
            entries,
            error,
            new_result,
            cursor: after,
            autocommit,
            fetched: 0,
        }
    }

    /// Did the call return without raising?
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }

    /// Did `execute` run a statement on the server?
    pub fn executed(&self) -> bool {
        matches!(self.call, Command::Execute(_)) && self.ok()
    }

    /// Did the call raise the reference's `Unread result found` (rows of the previous
    /// result still on the wire)?
    pub fn unread_result(&self) -> bool {
        self.error
            .as_ref()
            .is_some_and(|e| *e == DbError::unread_result())
    }

    /// The statement of an `execute` call.
    pub fn sql(&self) -> Option<&str> {
        match &self.call {
            Command::Execute(sql) => Some(sql),
            _ => None,
        }
    }

    /// Did the call succeed and leave a result set to fetch from?
    pub fn has_rows(&self) -> bool {
        self.executed()
            && self
                .cursor
                .as_ref()
                .is_some_and(|s| s.unread || s.buffered_remaining.is_some_and(|n| n > 0))
    }
}

/// What a step produced: its transcript entries and, for fetches, the rows as they came
/// off the wire (for grids and tables).
#[derive(Debug, Default)]
pub struct StepResult {
    /// Transcript entries, in order.
    pub entries: Vec<Entry>,
    /// The fetched rows (fetch commands only).
    pub rows: Vec<RawRow>,
}
