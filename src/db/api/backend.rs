//! `Database`: what the front ends (batch, line mode, TUI) need from a database, whether a
//! MySQL server or the embedded SQLite demo. Database work happens on whatever thread owns
//! the value; only a [`Canceller`] crosses to other threads.

use std::path::PathBuf;

use super::{Canceller, Command, CursorStatus, Entry, QueryStart, Step, StepResult};
use crate::db::security::Security;
use crate::db::{Columns, DbError, ExceptionClass, RawRow};

/// Which SQL dialect and Python module a database speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// MySQL / MariaDB, through mysql-connector-python.
    MySql,
    /// SQLite, through Python's `sqlite3`.
    Sqlite,
}

/// What the status bar and prompt show about a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseInfo {
    /// `user@host:port/db`, or the demo file.
    pub label: String,
    /// The server's version string.
    pub server_version: String,
    /// The session id a KILL QUERY needs (MySQL only).
    pub connection_id: Option<u32>,
    /// Which backend answered: decides the Python module the transcript and the export speak
    /// (`mysql.connector` or `sqlite3`).
    pub dialect: Dialect,
    /// The user connected as; empty for the SQLite demo, which has no users.
    pub user: String,
    /// The current database, if any.
    pub database: Option<String>,
    /// The TLS mode asked for and what was negotiated (MySQL only).
    pub security: Option<Security>,
}

/// The mysql client's face of a database: statements in, every result read as it comes
/// (batch and line mode, the grid).
pub trait Queries {
    /// Runs a statement the way the `mysql` client does (see
    /// [`Connection::query`](crate::db::Connection::query)).
    ///
    /// # Failure
    /// The database's error.
    fn query(&mut self, sql: &str) -> Result<QueryStart, DbError>;

    /// [`Queries::query`] for SQL read as bytes (a file, piped input): a server gets them
    /// unchanged. A database that takes only text (SQLite) refuses bytes that are no
    /// UTF-8, saying where, rather than changing them.
    ///
    /// # Failure
    /// The database's error, or the refusal above.
    fn query_bytes(&mut self, sql: &[u8]) -> Result<QueryStart, DbError> {
        match std::str::from_utf8(sql) {
            Ok(text) => self.query(text),
            Err(e) => Err(DbError::new(
                ExceptionClass::ProgrammingError,
                format!(
                    "the statement is not valid UTF-8 (byte {} of it), and this database takes only UTF-8 text",
                    e.valid_up_to() + 1
                ),
            )),
        }
    }

    /// The next row of the current result.
    ///
    /// # Failure
    /// The database's error if the result fails mid-way.
    fn next_row(&mut self) -> Result<Option<RawRow>, DbError>;

    /// The next result of the last statement, if it had several.
    fn next_result(&mut self) -> Option<Result<QueryStart, DbError>>;

    /// Warnings of the last statement.
    fn warning_count(&mut self) -> u16;

    /// `SHOW WARNINGS` as rows of (level, code, message).
    ///
    /// # Failure
    /// The database's error.
    fn warnings(&mut self) -> Result<Vec<(String, u32, String)>, DbError>;
}

/// The DB-API face of a database: session commands in, the Python they print out.
pub trait Stepping {
    /// One DB-API step handing fetched rows to `sink` as they are read; with `preview`,
    /// a long fetch shows only its first rows in the transcript (see
    /// [`PREVIEW_VALUE_BYTES`](super::PREVIEW_VALUE_BYTES)). The one stepping method a
    /// backend writes: the others are built on it.
    fn step_into(
        &mut self,
        command: Command,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) -> Vec<Entry>;

    /// One DB-API step, keeping the fetched rows as well.
    fn step(&mut self, command: Command) -> StepResult {
        let mut rows = Vec::new();
        let entries = self.step_into(command, &mut |row| rows.push(row), None);
        StepResult { entries, rows }
    }

    /// Where the current cursor stands, for the grid and the status bar.
    fn cursor_status(&self) -> Option<CursorStatus>;

    /// The current cursor's columns and row shape, if a cursor exists.
    fn cursor_columns(&self) -> Option<Columns>;

    /// The current cursor's `arraysize`, if a cursor exists.
    fn cursor_arraysize(&self) -> Option<i64> {
        None
    }
}

/// What a front end needs from a database: both faces, and the session around them.
pub trait Database: Queries + Stepping + Send {
    /// Facts for the status bar and prompt.
    fn info(&self) -> DatabaseInfo;

    /// A handle that cancels the running statement from another thread.
    fn canceller(&self) -> Canceller;

    /// One DB-API step with its typed result (see [`Step`]): what front ends decide from.
    fn run_step(
        &mut self,
        command: Command,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) -> Step {
        let (before, call) = (self.cursor_status(), command.clone());
        let entries = self.step_into(command, sink, preview);
        let (after, autocommit) = (self.cursor_status(), self.autocommit());
        Step::new(call, entries, before.as_ref(), after, autocommit)
    }

    /// Opens a fresh session after the connection was lost.
    ///
    /// # Failure
    /// The connection error.
    fn reconnect(&mut self) -> Result<(), DbError>;

    /// Is a transaction open (uncommitted changes may exist)?
    ///
    /// # Failure
    /// The database's error.
    fn in_transaction(&mut self) -> Result<bool, DbError>;

    /// Was the connection lost (so the next statement must reconnect)?
    fn is_gone(&self) -> bool;

    /// Is autocommit on, as the server last said (`None`: this database does not say,
    /// and only what was set through rowwise is known).
    fn autocommit(&self) -> Option<bool> {
        None
    }

    /// Notices, before a statement is sent, a connection that the server closed while it
    /// sat idle (restart, `wait_timeout`): true when it found one (`is_gone` is then
    /// true), so that the statement runs on a fresh session instead of failing.
    fn probe(&mut self) -> bool {
        false
    }

    /// The demo database's own operations, when this is the demo.
    fn demo(&mut self) -> Option<&mut dyn Demo> {
        None
    }

    /// `(table, column)` pairs of the current database, for completion.
    ///
    /// # Failure
    /// The database's error.
    fn schema(&mut self) -> Result<Vec<(String, String)>, DbError>;
}

/// What only the SQLite demo database can do.
pub trait Demo {
    /// Where the demo database lives on disk (what `--demo` opened).
    fn path(&self) -> PathBuf;

    /// Restores it to its seeded state.
    ///
    /// # Failure
    /// The file cannot be rebuilt.
    fn reset(&mut self) -> Result<(), DbError>;
}

/// Restores the demo database to its seeded state.
///
/// # Failure
/// Any database but the demo refuses; the demo's own error.
pub fn reset_demo(db: &mut dyn Database) -> Result<(), DbError> {
    match db.demo() {
        Some(demo) => demo.reset(),
        None => Err(DbError::new(
            ExceptionClass::InterfaceError,
            "only the demo database can be reset",
        )),
    }
}

/// The demo database's file, when `db` is the demo.
pub fn demo_path(db: &mut dyn Database) -> Option<PathBuf> {
    db.demo().map(|d| d.path())
}
