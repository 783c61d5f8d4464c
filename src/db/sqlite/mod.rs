//! The embedded SQLite demo database (rusqlite, bundled SQLite) behind the [`Database`]
//! interface, so every front end works with no server at all.
//!
//! Two faces over one connection: the `mysql`-client-like face (`query` / `next_row`,
//! for batch output and grids), and the DB-API face (`step`), which behaves and prints
//! exactly like Python 3.11's `sqlite3` module — see docs/sqlite-transcript.md. The
//! connection lives on its own thread (the private `worker` module), so a statement stays open between
//! calls and rows are read from the file only as they are asked for.

mod cursor;
mod demo;
mod error;
mod session;
mod sql;
mod value;
mod worker;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

pub use demo::{DEMO_FILE, DemoError, SEED_SQL, default_demo_path, ensure_demo, reset_demo};
pub(crate) use error::from_rusqlite;

use super::api::{
    Cancel, Cancelled, Canceller, Command, CursorStatus, Database, DatabaseInfo, Demo, Dialect,
    Entry, OkInfo, Queries, QueryStart, Stepping,
};
use super::convert::Decoding;
use super::{Columns, CursorOptions, DbError, ExceptionClass, RawRow, RowShape};
use cursor::RowFactory;
use session::SqliteSession;
use value::SqlValue;
use worker::{SqlRow, Start};

/// An SQLite file behind the [`Database`] interface.
#[derive(Debug)]
pub struct SqliteDatabase {
    session: SqliteSession,
    autocommit: bool,
    batch: BatchResult,
}

/// Where `query` / `next_row` stand: the row SQLite has produced but not yet handed out,
/// an error met while reading past it, and the statements still to run.
#[derive(Debug, Default)]
struct BatchResult {
    row: Option<SqlRow>,
    error: Option<DbError>,
    rest: VecDeque<String>,
}

impl SqliteDatabase {
    /// Opens an SQLite file (created empty if missing). `autocommit` starts the DB-API
    /// session with `isolation_level = None`; without it the session starts as
    /// `sqlite3.connect` does (`isolation_level = ''`: a transaction opens before DML).
    /// `query` always runs statements as SQLite does by itself (each its own transaction
    /// unless one is open), as the `sqlite3` command-line shell does.
    ///
    /// # Failure
    /// `sqlite3.OperationalError: unable to open database file` and the like.
    pub fn open(path: &Path, autocommit: bool) -> Result<Self, DbError> {
        Ok(SqliteDatabase {
            session: SqliteSession::open(path, autocommit)?,
            autocommit,
            batch: BatchResult::default(),
        })
    }

    /// Opens the demo file, creating and seeding it first if it does not exist yet.
    ///
    /// # Failure
    /// The file cannot be created, seeded or opened.
    pub fn open_demo(path: &Path, autocommit: bool) -> Result<Self, DemoError> {
        ensure_demo(path)?;
        Self::open(path, autocommit).map_err(|source| DemoError::Sqlite {
            path: path.to_path_buf(),
            source,
        })
    }

    /// The file this demo database was opened from (`sqlite3.connect`'s argument).
    pub fn path(&self) -> &Path {
        self.session.path()
    }

    /// Starts one statement of a batch text.
    fn start_batch(&mut self, sql: String) -> Result<QueryStart, DbError> {
        self.batch.row = None;
        self.batch.error = None;
        let link = self.session.link().ok_or_else(error::closed_database)?;
        let dml = sql::is_dml(&sql);
        let (result, facts) = link.start(Start {
            sql,
            params: Vec::new(),
            begin: None,
        });
        let Some(started) = result? else {
            return Ok(QueryStart::Done(OkInfo::default()));
        };
        if started.columns.is_empty() {
            return Ok(QueryStart::Done(OkInfo {
                affected_rows: if dml { facts.changes } else { 0 },
                insert_id: u64::try_from(facts.last_insert_rowid).unwrap_or(0),
                warnings: 0,
                info: String::new(),
            }));
        }
        let columns = started.described_columns();
        self.batch.row = started.row;
        Ok(QueryStart::Rows(columns))
    }
}

impl Queries for SqliteDatabase {
    /// Runs the statements of `sql` one at a time (the next ones through `next_result`).
    fn query(&mut self, sql: &str) -> Result<QueryStart, DbError> {
        // One connection has one open statement here: the batch takes it over.
        self.session.release_statement();
        let mut statements: VecDeque<String> = sql::split_statements(sql)
            .into_iter()
            .map(str::to_owned)
            .collect();
        let first = statements.pop_front().unwrap_or_default();
        self.batch.rest = statements;
        self.start_batch(first)
    }

    /// The next row. Reading the result whole is never needed: each call steps SQLite
    /// once, so memory stays constant however large the result.
    fn next_row(&mut self) -> Result<Option<RawRow>, DbError> {
        if let Some(e) = self.batch.error.take() {
            return Err(e);
        }
        let Some(row) = self.batch.row.take() else {
            return Ok(None);
        };
        let link = self.session.link().ok_or_else(error::closed_database)?;
        match link.step().0 {
            Ok(next) => self.batch.row = next,
            Err(e) => self.batch.error = Some(e),
        }
        Ok(Some(row.iter().map(SqlValue::to_cell).collect()))
    }

    fn next_result(&mut self) -> Option<Result<QueryStart, DbError>> {
        let sql = self.batch.rest.pop_front()?;
        Some(self.start_batch(sql))
    }

    fn warning_count(&mut self) -> u16 {
        0
    }

    fn warnings(&mut self) -> Result<Vec<(String, u32, String)>, DbError> {
        Ok(Vec::new())
    }
}

impl Stepping for SqliteDatabase {
    fn step_into(
        &mut self,
        command: Command,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) -> Vec<Entry> {
        self.batch = BatchResult::default();
        self.session.step_into(command, sink, preview)
    }

    fn cursor_status(&self) -> Option<CursorStatus> {
        let cursor = self.session.cursor()?;
        Some(CursorStatus {
            class: "sqlite3.Cursor".to_owned(),
            python_call: "cnx.cursor()".to_owned(),
            rowcount: cursor.rowcount(),
            lastrowid: cursor
                .lastrowid_value()
                .and_then(|id| u64::try_from(id).ok()),
            unread: cursor.unread(),
            buffered_remaining: None,
            columns: cursor.columns().cloned(),
            decoding: Decoding::Sqlite,
            shape: match cursor.row_factory() {
                RowFactory::Tuple => RowShape::Tuple,
                RowFactory::Row => RowShape::SqliteRow,
            },
            options: CursorOptions::default(),
            results: None,
        })
    }

    fn cursor_arraysize(&self) -> Option<i64> {
        self.session.cursor().map(|c| i64::from(c.arraysize))
    }

    fn cursor_columns(&self) -> Option<Columns> {
        self.session.cursor_columns()
    }
}

impl Database for SqliteDatabase {
    fn info(&self) -> DatabaseInfo {
        let path = self.session.path();
        DatabaseInfo {
            label: format!("demo: {}", path.display()),
            server_version: format!("SQLite {}", rusqlite::version()),
            connection_id: None,
            dialect: Dialect::Sqlite,
            user: String::new(),
            database: path.file_name().map(|n| n.to_string_lossy().into_owned()),
            security: None,
        }
    }

    fn canceller(&self) -> Canceller {
        Canceller::new(Interrupt(self.session.interrupt_handle()))
    }

    fn reconnect(&mut self) -> Result<(), DbError> {
        self.batch = BatchResult::default();
        self.session.reopen(self.autocommit)
    }

    fn in_transaction(&mut self) -> Result<bool, DbError> {
        Ok(self
            .session
            .link()
            .is_some_and(|link| !link.facts().autocommit))
    }

    fn is_gone(&self) -> bool {
        self.session.link().is_none_or(worker::Link::is_gone)
    }

    fn demo(&mut self) -> Option<&mut dyn Demo> {
        Some(self)
    }

    /// Every column of every table and view, from SQLite's own catalogue.
    fn schema(&mut self) -> Result<Vec<(String, String)>, DbError> {
        let link = self.session.link().ok_or_else(error::closed_database)?;
        let rows = link.read_all(
            "SELECT m.name, p.name FROM sqlite_schema AS m, pragma_table_info(m.name) AS p
             WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY m.name, p.cid",
        )?;
        Ok(rows
            .into_iter()
            .filter_map(|row| match row.as_slice() {
                [SqlValue::Text(table), SqlValue::Text(column)] => Some((
                    String::from_utf8_lossy(table).into_owned(),
                    String::from_utf8_lossy(column).into_owned(),
                )),
                _ => None,
            })
            .collect())
    }
}

impl SqliteDatabase {
    /// Restores the file to the seeded demo data. This connection first lets go of its
    /// open statement and rolls back its own transaction, which would otherwise hold the
    /// locks the reset needs (the reset discards those changes anyway).
    ///
    /// # Failure
    /// See [`reset_demo`]; also the rollback's error.
    pub fn reset(&mut self) -> Result<(), DemoError> {
        self.batch = BatchResult::default();
        self.session.release_statement();
        let path = self.session.path().to_path_buf();
        if let Some(link) = self.session.link() {
            link.reset();
            if !link.facts().autocommit {
                link.exec("ROLLBACK")
                    .0
                    .map_err(|source| DemoError::Sqlite {
                        path: path.clone(),
                        source,
                    })?;
            }
        }
        reset_demo(&path)
    }
}

#[cfg(test)]
mod tests;

impl Demo for SqliteDatabase {
    fn path(&self) -> PathBuf {
        self.session.path().to_path_buf()
    }

    fn reset(&mut self) -> Result<(), DbError> {
        SqliteDatabase::reset(self).map_err(|e| match e {
            DemoError::Sqlite { source, .. } => source,
            other => DbError::sqlite(ExceptionClass::OperationalError, other.to_string()),
        })
    }
}

/// SQLite's interrupt handle as a [`Canceller`].
struct Interrupt(std::sync::Arc<rusqlite::InterruptHandle>);

impl Cancel for Interrupt {
    fn cancel(&self) -> Result<Cancelled, DbError> {
        self.0.interrupt();
        Ok(Cancelled::Sent)
    }

    fn describe(&self) -> String {
        "Canceller::Sqlite".to_owned()
    }
}
