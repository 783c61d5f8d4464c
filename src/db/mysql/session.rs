//! The MySQL cursor face: a Python DB-API session over one MySQL connection, running the
//! commands of a cursor script (and of the TUI's stepping keys) against the engine and
//! recording each as the Python a student would type and the value Python would print.
//! Twin of `db/sqlite/session.rs`. See `docs/cursor-script.md`.

mod loops;

use std::fmt::Write as _;

use super::{ConnectOptions, Connection, Cursor};
use crate::db::api::{Attribute, Command, Entry, Outcome, StepResult, for_display};
use crate::db::convert::row_to_python;
use crate::db::{CursorOptions, DbError, ExceptionClass, RawRow, shape_row};
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

    /// The connection.
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
    /// value is abridged before the rows go to `sink` (see [`PREVIEW_VALUE_BYTES`]);
    /// without, entries are exact.
    pub fn step_into(
        &mut self,
        command: Command,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) -> Vec<Entry> {
        let mut entries = Vec::new();
        match command {
            Command::Cursor(options) => {
                let created = self.cnx.cursor(options);
                let outcome = match created {
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
            Command::Execute(sql) if self.params_dict.is_some() => {
                self.ensure_cursor(&mut entries);
                let dict = self.params_dict.take().unwrap_or_default();
                let code = format!(
                    "cursor.execute({}, {})",
                    str_repr(&sql),
                    PyValue::Dict(dict.clone())
                );
                let result = match self.cursor.as_mut() {
                    Some(c) => c.execute_dict(&mut self.cnx, &sql, &dict),
                    None => Err(no_attribute("execute")),
                };
                entries.push(Entry::from_result(code, result.map(|()| PyValue::None)));
            }
            Command::Execute(sql) if self.params_many.is_some() => {
                self.executemany(&sql, &mut entries);
            }
            Command::Iterate => self.iterate(&mut entries, sink, preview),
            Command::Arraysize(n) => self.set_arraysize(n, &mut entries),
            Command::Execute(sql) => {
                self.ensure_cursor(&mut entries);
                let params = self.params.take();
                let code = match &params {
                    None => format!("cursor.execute({})", str_repr(&sql)),
                    Some(p) => format!(
                        "cursor.execute({}, {})",
                        str_repr(&sql),
                        PyValue::Tuple(p.clone())
                    ),
                };
                let result = match self.cursor.as_mut() {
                    Some(c) => c.execute(&mut self.cnx, &sql, params.as_deref().unwrap_or(&[])),
                    None => Err(no_attribute("execute")),
                };
                entries.push(Entry::from_result(code, result.map(|()| PyValue::None)));
            }
            Command::FetchOne => self.fetch(&mut entries, "fetchone()".into(), |c, cnx| {
                let row = c.fetchone_raw(cnx)?;
                let value = match &row {
                    None => PyValue::None,
                    Some(r) => c.shape_at(r, 0, &c.column_names())?,
                };
                let outcome = for_display(Outcome::from_value(value), preview);
                if let Some(row) = row {
                    sink(row);
                }
                Ok(outcome)
            }),
            Command::FetchMany(size) => {
                let call = match size {
                    None => "fetchmany()".to_owned(),
                    Some(n) => format!("fetchmany({n})"),
                };
                self.fetch(&mut entries, call, |c, cnx| {
                    let (values, rows) = c.fetchmany_with_rows(cnx, size)?;
                    let outcome = for_display(Outcome::Value(PyValue::List(values)), preview);
                    rows.into_iter().for_each(&mut *sink);
                    Ok(outcome)
                });
            }
            Command::FetchAll if preview.is_none() => {
                self.fetch(&mut entries, "fetchall()".into(), |c, cnx| {
                    // Each row is written out as it arrives: a million rows cost their text,
                    // not a million Python values. An error drops the text, as Python prints
                    // only the exception.
                    let names = c.column_names();
                    let (decoding, shape) = c.decoding_and_shape();
                    let mut text = String::from("[");
                    let mut failed = None;
                    let mut index = 0;
                    c.fetchall_each(cnx, &mut |row, columns| {
                        if failed.is_none() {
                            let columns: &[crate::db::Column] = columns.map_or(&[], |c| c);
                            let shaped = row_to_python(&row, columns, decoding)
                                .and_then(|v| shape_row(v, &names, shape));
                            match shaped {
                                Ok(value) => {
                                    if index > 0 {
                                        text.push_str(", ");
                                    }
                                    let _ = write!(text, "{value}");
                                }
                                Err(e) => failed = Some(e),
                            }
                        }
                        index += 1;
                        sink(row);
                    })?;
                    if let Some(e) = failed {
                        return Err(e);
                    }
                    text.push(']');
                    Ok(Outcome::Printed(text))
                })
            }
            Command::FetchAll => self.fetch(&mut entries, "fetchall()".into(), |c, cnx| {
                let limit = preview.unwrap_or(usize::MAX);
                let mut kept: Vec<RawRow> = Vec::new();
                let total = c.fetchall_each(cnx, &mut |row, _| {
                    if kept.len() <= limit {
                        kept.push(row.clone());
                    }
                    sink(row);
                })?;
                if total as usize > limit {
                    kept.truncate(limit.min(10));
                    return Ok(Outcome::Truncated {
                        shown: c.shape(kept)?,
                        total,
                    });
                }
                Ok(Outcome::Value(PyValue::List(c.shape(kept)?)))
            }),
            Command::Get(attribute) => {
                self.ensure_cursor(&mut entries);
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
            Command::Close => {
                self.ensure_cursor(&mut entries);
                let result = match self.cursor.as_mut() {
                    Some(c) => c
                        .close(&mut self.cnx)
                        .map(|r| r.map_or(PyValue::None, PyValue::Bool)),
                    None => Err(no_attribute("close")),
                };
                entries.push(Entry::from_result("cursor.close()".into(), result));
            }
            Command::Commit => {
                let result = self.cnx.commit().map(|()| PyValue::None);
                entries.push(Entry::from_result("cnx.commit()".into(), result));
            }
            Command::Rollback => {
                let result = self.cnx.rollback().map(|()| PyValue::None);
                entries.push(Entry::from_result("cnx.rollback()".into(), result));
            }
            Command::Autocommit(on) => {
                let result = self.cnx.set_autocommit(on).map(|()| PyValue::None);
                let code = format!("cnx.autocommit = {}", PyValue::Bool(on));
                entries.push(Entry::from_result(code, result));
            }
            Command::Reconnect => {
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
        }
        entries
    }

    /// A statement or cursor command before any `\cursor` creates the default cursor.
    fn ensure_cursor(&mut self, entries: &mut Vec<Entry>) {
        if self.cursor.is_none() {
            self.cursor_with(CursorOptions::default(), entries);
        }
    }

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

    fn fetch(
        &mut self,
        entries: &mut Vec<Entry>,
        call: String,
        f: impl FnOnce(&mut Cursor, &mut Connection) -> Result<Outcome, DbError>,
    ) {
        self.ensure_cursor(entries);
        let outcome = match self.cursor.as_mut() {
            Some(c) => f(c, &mut self.cnx).unwrap_or_else(Outcome::Error),
            None => Outcome::Error(no_attribute(call.split('(').next().unwrap_or(""))),
        };
        entries.push(Entry::new(format!("cursor.{call}"), outcome));
    }
}
