//! A Python `sqlite3` session over the demo database: the commands of a cursor script run
//! against a [`PyCursor`], each recorded as the Python that `sqlite3` needs and what it
//! prints. Where a command names something `sqlite3` does not have (buffered, raw or
//! prepared cursors, dictionary rows, `cnx.autocommit`, `%s` placeholders), the
//! transcript says so in a `# comment` line and does the nearest honest thing; it never
//! shows Python that would not run. See docs/sqlite-transcript.md.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::super::{Columns, CursorOptions, DbError, ExceptionClass, RawRow};
use super::cursor::{PyCursor, RowFactory};
use super::error::closed_database;
use super::sql::qmark_placeholders;
use super::worker::Link;
use crate::db::api::{Attribute, Command, Entry, Outcome};
use crate::pyrepr::{PyValue, str_repr};

mod fetch;
mod loops;

/// Why each cursor option has no `sqlite3` counterpart, in the script's flag order.
const NO_SUCH_OPTION: [(&str, &str); 5] = [
    (
        "buffered",
        "sqlite3 has no buffered cursors: a cursor reads its rows from the file as you fetch them",
    ),
    (
        "raw",
        "sqlite3 has no raw cursors: values always arrive as int, float, str, bytes or None",
    ),
    (
        "prepared",
        "sqlite3 has no prepared=True: it prepares every statement itself and binds ? parameters",
    ),
    (
        "dictionary",
        "sqlite3 has no dictionary cursors: sqlite3.Row rows are read by name, row['name']",
    ),
    (
        "named_tuple",
        "sqlite3 has no named-tuple cursors: sqlite3.Row rows are read by name, row['name']",
    ),
];

const QMARK_NOTE: &str = "sqlite3 uses ? placeholders, not %s: rewritten below";
const AUTOCOMMIT_ON_NOTE: &str =
    "Python 3.11's sqlite3 has no cnx.autocommit: isolation_level None means autocommit";
const AUTOCOMMIT_OFF_NOTE: &str = "Python 3.11's sqlite3 has no cnx.autocommit: isolation_level '' (the default) begins a transaction before INSERT, UPDATE, DELETE and REPLACE";

/// One `sqlite3` connection (`cnx`), its current cursor and pending parameters.
pub(crate) struct SqliteSession {
    path: PathBuf,
    link: Option<Link>,
    interrupt: Arc<rusqlite::InterruptHandle>,
    isolation_level: Option<String>,
    row_factory: RowFactory,
    cursor: Option<PyCursor>,
    params: Option<Vec<PyValue>>,
    params_many: Option<Vec<Vec<PyValue>>>,
}

impl std::fmt::Debug for SqliteSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteSession")
            .field("path", &self.path)
            .field("open", &self.link.is_some())
            .field("isolation_level", &self.isolation_level)
            .field("cursor", &self.cursor)
            // `open` stands for the link; the handles and pending parameters are internals.
            .finish_non_exhaustive()
    }
}

fn no_attribute(name: &str) -> DbError {
    DbError::sqlite(
        ExceptionClass::AttributeError,
        format!("'NoneType' object has no attribute '{name}'"),
    )
}

/// `cursor.execute(...)` returns the cursor itself, which the REPL echoes.
fn cursor_object() -> PyValue {
    PyValue::Object("sqlite3.Cursor".into())
}

impl SqliteSession {
    /// `cnx = sqlite3.connect(path)`; `autocommit` starts it with `isolation_level = None`.
    ///
    /// # Failure
    /// The file cannot be opened.
    pub(crate) fn open(path: &Path, autocommit: bool) -> Result<Self, DbError> {
        let link = Link::open(path)?;
        Ok(SqliteSession {
            path: path.to_path_buf(),
            interrupt: link.interrupt_handle(),
            link: Some(link),
            isolation_level: (!autocommit).then(String::new),
            row_factory: RowFactory::Tuple,
            cursor: None,
            params: None,
            params_many: None,
        })
    }

    /// The database file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, unless `cnx.close()` left it closed.
    pub(crate) fn link(&self) -> Option<&Link> {
        self.link.as_ref()
    }

    /// Lets the connection drop the cursor's open statement for other work.
    pub(crate) fn release_statement(&mut self) {
        if let Some(cursor) = self.cursor.as_mut()
            && cursor.has_statement()
        {
            cursor.forget_statement();
            if let Some(link) = &self.link {
                link.reset();
            }
        }
    }

    /// The interrupt handle of the current (or last) connection.
    pub(crate) fn interrupt_handle(&self) -> Arc<rusqlite::InterruptHandle> {
        Arc::clone(&self.interrupt)
    }

    /// The current cursor's result columns.
    pub(crate) fn cursor_columns(&self) -> Option<Columns> {
        self.cursor.as_ref().and_then(|c| c.columns().cloned())
    }

    /// The current cursor, if one was made.
    pub(crate) fn cursor(&self) -> Option<&PyCursor> {
        self.cursor.as_ref()
    }

    /// Opens the file again as a fresh connection (what a front end's reconnect does).
    ///
    /// # Failure
    /// The file cannot be opened.
    pub(crate) fn reopen(&mut self, autocommit: bool) -> Result<(), DbError> {
        self.link = None;
        *self = SqliteSession::open(&self.path, autocommit)?;
        Ok(())
    }

    /// The file name `sqlite3.connect(...)` is shown with: the name alone, so a transcript
    /// does not depend on where the file lives.
    fn shown_path(&self) -> String {
        let name = self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        str_repr(&name)
    }

    /// Runs one command, handing fetched rows to `sink` as they are read. With `preview`,
    /// a `fetchall()` of more rows than that shows only its first ones in the entry.
    pub(crate) fn step_into(
        &mut self,
        command: Command,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) -> Vec<Entry> {
        let mut entries = Vec::new();
        let out = &mut entries;
        match command {
            Command::Cursor(options) => self.new_cursor(options, out),
            Command::Params(params) => {
                self.params_many = None;
                self.params = Some(params);
            }
            Command::ParamsMany(list) => {
                self.params = None;
                self.params_many = Some(list);
            }
            // The demo's qmark cursor has no `%(name)s`: refused out loud, not dropped.
            Command::ParamsDict(dict) => out.push(Entry::from_result(
                format!("params = {}", PyValue::Dict(dict)),
                Err(DbError::sqlite(
                    ExceptionClass::NotSupportedError,
                    "rowwise sends dict parameters to MySQL/MariaDB only",
                )),
            )),
            Command::Execute(sql) if self.params_many.is_some() => self.executemany(sql, out),
            Command::Execute(sql) => self.execute(sql, out),
            Command::Iterate => self.iterate(out, sink, preview),
            Command::Arraysize(n) => self.set_arraysize(n, out),
            Command::FetchOne => self.fetch_one(out, sink),
            Command::FetchMany(size) => self.fetch_many(size, out, sink),
            Command::FetchAll => self.fetch_all(out, sink, preview),
            Command::Get(attribute) => self.get(attribute, out),
            Command::Close => {
                self.ensure_cursor(out);
                let result = match self.cursor.as_mut() {
                    Some(c) => c.close(self.link.as_ref()).map(|()| PyValue::None),
                    None => Err(no_attribute("close")),
                };
                out.push(Entry::from_result("cursor.close()".into(), result));
            }
            Command::Commit => self.end_transaction("COMMIT", "cnx.commit()", out),
            Command::Rollback => self.end_transaction("ROLLBACK", "cnx.rollback()", out),
            Command::Autocommit(on) => self.set_autocommit(on, out),
            Command::Reconnect => self.reconnect(out),
        }
        entries
    }

    /// `\cursor [options]`: explains the options `sqlite3` lacks, sets the row factory the
    /// row shape needs, then `cursor = cnx.cursor()`.
    fn new_cursor(&mut self, options: CursorOptions, entries: &mut Vec<Entry>) {
        for (name, why) in NO_SUCH_OPTION {
            if options.get(name) {
                entries.push(Entry::comment(why));
            }
        }
        let wanted = if options.dictionary || options.named_tuple {
            RowFactory::Row
        } else {
            RowFactory::Tuple
        };
        if wanted != self.row_factory {
            let value = match wanted {
                RowFactory::Row => "sqlite3.Row",
                RowFactory::Tuple => "None",
            };
            entries.push(Entry::new(
                format!("cnx.row_factory = {value}"),
                Outcome::None,
            ));
            self.row_factory = wanted;
        }
        self.create_cursor(entries);
    }

    fn create_cursor(&mut self, entries: &mut Vec<Entry>) {
        let outcome = if self.link.is_none() {
            Outcome::Error(closed_database())
        } else {
            // The cursor this one replaces is garbage, and its statement with it.
            self.release_statement();
            self.cursor = Some(PyCursor::new(self.row_factory));
            Outcome::None
        };
        entries.push(Entry::new("cursor = cnx.cursor()".into(), outcome));
    }

    /// A statement or cursor command before any `\cursor` creates the default cursor.
    fn ensure_cursor(&mut self, entries: &mut Vec<Entry>) {
        if self.cursor.is_none() {
            self.create_cursor(entries);
        }
    }

    fn execute(&mut self, sql: String, entries: &mut Vec<Entry>) {
        self.ensure_cursor(entries);
        let params = self.params.take();
        let mut sql = sql;
        if params.is_some()
            && let Some(rewritten) = qmark_placeholders(&sql)
        {
            entries.push(Entry::comment(QMARK_NOTE));
            sql = rewritten;
        }
        let code = match &params {
            None => format!("cursor.execute({})", str_repr(&sql)),
            Some(p) => format!(
                "cursor.execute({}, {})",
                str_repr(&sql),
                PyValue::Tuple(p.clone())
            ),
        };
        let level = self.isolation_level.as_deref();
        let result = match self.cursor.as_mut() {
            Some(c) => c
                .execute(
                    self.link.as_ref(),
                    &sql,
                    params.as_deref().unwrap_or(&[]),
                    level,
                )
                .map(|()| cursor_object()),
            None => Err(no_attribute("execute")),
        };
        entries.push(Entry::from_result(code, result));
    }

    fn get(&mut self, attribute: Attribute, entries: &mut Vec<Entry>) {
        self.ensure_cursor(entries);
        let name = attribute.name();
        let value = match &self.cursor {
            None => Err(no_attribute(name)),
            Some(c) => match attribute {
                Attribute::Rowcount => Ok(PyValue::Int(i128::from(c.rowcount()))),
                Attribute::Lastrowid => Ok(c.lastrowid()),
                Attribute::Description => Ok(c.description()),
                Attribute::ColumnNames | Attribute::WithRows | Attribute::Statement => {
                    Err(DbError::sqlite(
                        ExceptionClass::AttributeError,
                        format!("'sqlite3.Cursor' object has no attribute '{name}'"),
                    ))
                }
            },
        };
        entries.push(Entry::from_result(format!("cursor.{name}"), value));
    }

    /// `cnx.commit()` / `cnx.rollback()`: SQL only when a transaction is open.
    fn end_transaction(&mut self, sql: &str, code: &str, entries: &mut Vec<Entry>) {
        let result = self.finish_transaction(sql);
        entries.push(Entry::from_result(
            code.to_owned(),
            result.map(|()| PyValue::None),
        ));
    }

    fn finish_transaction(&self, sql: &str) -> Result<(), DbError> {
        let link = self.link.as_ref().ok_or_else(closed_database)?;
        if link.facts().autocommit {
            return Ok(());
        }
        link.exec(sql).0
    }

    /// `\autocommit on|off` as Python 3.11 spells it: `isolation_level` None or `''`.
    /// Setting None commits an open transaction (and so needs an open connection);
    /// setting `''` only records the level.
    fn set_autocommit(&mut self, on: bool, entries: &mut Vec<Entry>) {
        let (note, code) = if on {
            (AUTOCOMMIT_ON_NOTE, "cnx.isolation_level = None")
        } else {
            (AUTOCOMMIT_OFF_NOTE, "cnx.isolation_level = ''")
        };
        entries.push(Entry::comment(note));
        let result = if on {
            self.isolation_level = None;
            self.finish_transaction("COMMIT")
        } else {
            self.isolation_level = Some(String::new());
            Ok(())
        };
        entries.push(Entry::from_result(
            code.to_owned(),
            result.map(|()| PyValue::None),
        ));
    }

    /// `cnx.close()`, then `cnx = sqlite3.connect('demo.sqlite3')`; the cursor is gone.
    /// Closing discards an open transaction, as SQLite does.
    fn reconnect(&mut self, entries: &mut Vec<Entry>) {
        self.link = None;
        entries.push(Entry::new("cnx.close()".into(), Outcome::None));
        let code = format!("cnx = sqlite3.connect({})", self.shown_path());
        let outcome = match Link::open(&self.path) {
            Ok(link) => {
                self.interrupt = link.interrupt_handle();
                self.link = Some(link);
                self.isolation_level = Some(String::new());
                self.row_factory = RowFactory::Tuple;
                Outcome::None
            }
            Err(e) => Outcome::Error(e),
        };
        entries.push(Entry::new(code, outcome));
        self.cursor = None;
    }
}
