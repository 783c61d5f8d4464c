//! The MySQL cursor face: a Python DB-API session over one MySQL connection, running the
//! commands of a cursor script (and of the TUI's stepping keys) against the engine and
//! recording each as the Python a student would type and the value Python would print.
//! Twin of `db/sqlite/session.rs`. See `docs/cursor-script.md`.

mod fetch;
mod loops;

use super::{ConnectOptions, Connection, Cursor};
use crate::db::api::{Attribute, Command, Entry, Outcome, StepResult};
use crate::db::{CursorOptions, DbError, ExceptionClass, RawRow};
use crate::pyrepr::{PyValue, str_repr};

/// A DB-API session: one connection, the current cursor, pending parameters.
#[derive(Debug)]
pub struct Session {
    options: ConnectOptions,
    cnx: Connection,
    cursor: Option<Cursor>,
    params: Option<Vec<PyValue>>,
    params_many: Option<Vec<Vec<PyValue>>>,
    params_dict: Option<Vec<(String, PyValue)>>,
}

fn no_attribute(name: &str) -> DbError {
    DbError::new(
        ExceptionClass::AttributeError,
        format!("'NoneType' object has no attribute '{name}'"),
    )
}

impl Session {
    /// Connects as `mysql.connector.connect(**config)` does (autocommit off).
    ///
    /// # Failure
    /// The connection error.
    pub fn connect(options: &ConnectOptions) -> Result<Self, DbError> {
        Ok(Session {
            options: options.clone(),
            cnx: Connection::connect(options, false)?,
            cursor: None,
            params: None,
            params_many: None,
            params_dict: None,
        })
    }

    /// The connection under the cursor, for what runs outside the DB-API face (raw queries,
    /// the packet-size check, `SELECT DATABASE()`).
    pub fn connection(&mut self) -> &mut Connection {
        &mut self.cnx
    }

    /// Facts about the server.
    pub fn server(&self) -> &crate::db::ServerInfo {
        self.cnx.server()
    }

    /// Are rows of the current result still unread?
    pub fn unread_result(&self) -> bool {
        self.cnx.unread_result()
    }

    /// The session's state as the server last reported it.
    pub fn state(&self) -> &crate::db::SessionState {
        self.cnx.state()
    }

    /// Is autocommit on (as the connection last set it)?
    pub fn autocommit(&self) -> bool {
        self.cnx.autocommit()
    }

    /// Was the connection lost?
    pub fn is_gone(&self) -> bool {
        self.cnx.is_gone()
    }

    /// The connection's socket, for a canceller that may have to cut it.
    pub fn socket(&self) -> Option<&crate::db::SessionSocket> {
        self.cnx.socket()
    }

    /// The current cursor, if one was created.
    pub fn cursor(&self) -> Option<&Cursor> {
        self.cursor.as_ref()
    }

    /// Runs one command and returns what it printed (fetched rows are not kept).
    pub fn run(&mut self, command: Command) -> Vec<Entry> {
        self.step_into(command, &mut |_| {}, None)
    }

    /// Runs one command, keeping the fetched rows as well.
    pub fn step(&mut self, command: Command) -> StepResult {
        let mut rows = Vec::new();
        let entries = self.step_into(command, &mut |row| rows.push(row), None);
        StepResult { entries, rows }
    }

    /// Runs one command, handing fetched rows to `sink` as they are read. With
    /// `preview`, entries are for a display: a fetch of more rows than that shows only
    /// the first ones (a million-row `fetchall()` is not printed in full), and a long
    /// value is abridged before the rows go to `sink` (see
    /// [`PREVIEW_VALUE_BYTES`](crate::db::api::PREVIEW_VALUE_BYTES)); without, entries
    /// are exact.
    pub fn step_into(
        &mut self,
        command: Command,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) -> Vec<Entry> {
        let mut entries = Vec::new();
        let out = &mut entries;
        match command {
            Command::Cursor(options) => self.cursor_with(options, out),
            Command::Params(params) => {
                self.params_many = None;
                self.params_dict = None;
                self.params = Some(params);
            }
            Command::ParamsMany(list) => {
                self.params = None;
                self.params_dict = None;
                self.params_many = Some(list);
            }
            Command::ParamsDict(dict) => {
                self.params = None;
                self.params_many = None;
                self.params_dict = Some(dict);
            }
            Command::Execute(sql) if self.params_dict.is_some() => self.execute_dict(&sql, out),
            Command::Execute(sql) if self.params_many.is_some() => self.executemany(&sql, out),
            Command::Execute(sql) => self.execute(&sql, out),
            Command::Iterate => self.iterate(out, sink, preview),
            Command::Arraysize(n) => self.set_arraysize(n, out),
            Command::FetchOne => self.fetch_one(out, sink, preview),
            Command::FetchMany(size) => self.fetch_many(size, out, sink, preview),
            Command::FetchAll if preview.is_none() => self.fetch_all_exact(out, sink),
            Command::FetchAll => self.fetch_all_preview(out, sink, preview),
            Command::Get(attribute) => self.get(attribute, out),
            Command::Close => self.close_cursor(out),
            Command::Commit => {
                let result = self.cnx.commit().map(|()| PyValue::None);
                out.push(Entry::from_result("cnx.commit()".into(), result));
            }
            Command::Rollback => {
                let result = self.cnx.rollback().map(|()| PyValue::None);
                out.push(Entry::from_result("cnx.rollback()".into(), result));
            }
            Command::Autocommit(on) => {
                let result = self.cnx.set_autocommit(on).map(|()| PyValue::None);
                let code = format!("cnx.autocommit = {}", PyValue::Bool(on));
                out.push(Entry::from_result(code, result));
            }
            Command::Reconnect => self.reconnect(out),
        }
        entries
    }

    /// `cursor.execute(sql, {...})` with the pending dict.
    fn execute_dict(&mut self, sql: &str, entries: &mut Vec<Entry>) {
        self.ensure_cursor(entries);
        let dict = self.params_dict.take().unwrap_or_default();
        let code = format!(
            "cursor.execute({}, {})",
            str_repr(sql),
            PyValue::Dict(dict.clone())
        );
        let result = match self.cursor.as_mut() {
            Some(c) => c.execute_dict(&mut self.cnx, sql, &dict),
            None => Err(no_attribute("execute")),
        };
        entries.push(Entry::from_result(code, result.map(|()| PyValue::None)));
    }

    /// `cursor.execute(sql)`, or with the pending tuple.
    fn execute(&mut self, sql: &str, entries: &mut Vec<Entry>) {
        self.ensure_cursor(entries);
        let params = self.params.take();
        let code = match &params {
            None => format!("cursor.execute({})", str_repr(sql)),
            Some(p) => format!(
                "cursor.execute({}, {})",
                str_repr(sql),
                PyValue::Tuple(p.clone())
            ),
        };
        let result = match self.cursor.as_mut() {
            Some(c) => c.execute(&mut self.cnx, sql, params.as_deref().unwrap_or(&[])),
            None => Err(no_attribute("execute")),
        };
        entries.push(Entry::from_result(code, result.map(|()| PyValue::None)));
    }

    /// `cursor.<attribute>`.
    fn get(&mut self, attribute: Attribute, entries: &mut Vec<Entry>) {
        self.ensure_cursor(entries);
        let value = match &self.cursor {
            None => Err(no_attribute(attribute.name())),
            Some(c) => Ok(match attribute {
                Attribute::Rowcount => PyValue::Int(c.rowcount().into()),
                Attribute::Lastrowid => c
                    .lastrowid()
                    .map_or(PyValue::None, |id| PyValue::Int(id.into())),
                Attribute::ColumnNames => {
                    PyValue::Tuple(c.column_names().into_iter().map(PyValue::Str).collect())
                }
                Attribute::Description => c.description(),
                Attribute::WithRows => PyValue::Bool(c.with_rows()),
                Attribute::Statement => c.statement(),
            }),
        };
        entries.push(Entry::from_result(
            format!("cursor.{}", attribute.name()),
            value,
        ));
    }

    /// `cursor.close()`.
    fn close_cursor(&mut self, entries: &mut Vec<Entry>) {
        self.ensure_cursor(entries);
        let result = match self.cursor.as_mut() {
            Some(c) => c
                .close(&mut self.cnx)
                .map(|r| r.map_or(PyValue::None, PyValue::Bool)),
            None => Err(no_attribute("close")),
        };
        entries.push(Entry::from_result("cursor.close()".into(), result));
    }

    /// `cnx.close()` then a fresh `mysql.connector.connect(**config)`: the cursor is gone.
    fn reconnect(&mut self, entries: &mut Vec<Entry>) {
        self.cnx.close();
        entries.push(Entry::new("cnx.close()".into(), Outcome::None));
        let outcome = match Connection::connect(&self.options, false) {
            Ok(cnx) => {
                self.cnx = cnx;
                Outcome::None
            }
            Err(e) => Outcome::Error(e),
        };
        entries.push(Entry::new(
            "cnx = mysql.connector.connect(**config)".into(),
            outcome,
        ));
        self.cursor = None;
    }

    /// A statement or cursor command before any `\cursor` creates the default cursor.
    fn ensure_cursor(&mut self, entries: &mut Vec<Entry>) {
        if self.cursor.is_none() {
            self.cursor_with(CursorOptions::default(), entries);
        }
    }

    /// `cursor = cnx.cursor(...)`: a refused combination keeps the previous cursor.
    fn cursor_with(&mut self, options: CursorOptions, entries: &mut Vec<Entry>) {
        let outcome = match self.cnx.cursor(options) {
            Ok(cursor) => {
                self.cursor = Some(cursor);
                Outcome::None
            }
            Err(e) => Outcome::Error(e),
        };
        entries.push(Entry::new(
            format!("cursor = {}", options.python_call()),
            outcome,
        ));
    }
}
