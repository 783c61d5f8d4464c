//! `Cursor`: a DB-API cursor that behaves exactly like mysql-connector-python 8.4.0's
//! pure-Python cursor classes — the same state after every call, the same values, the same
//! exceptions. Each method below ports the reference method of the same name; where the
//! classes differ (buffered, raw, prepared, dict, named tuple) the match arms say which
//! class does what.
//!
//! A cursor does not own its connection: every call takes the [`Connection`], as the
//! reference's cursor holds a (weak) reference to it.

use super::connection::{Connection, PreparedStatement, Response, binary_param};
use super::params::{interpolate, placeholders_to_question_marks};
use crate::db::convert::Decoding;
use crate::db::{Columns, CursorClass, CursorOptions, DbError, ExceptionClass, RawRow, RowShape};
use crate::pyrepr::PyValue;

mod dict;
mod fetch;
mod many;

pub use many::CursorIter;

/// What `execute` last ran, as the reference keeps it: bytes after client-side
/// interpolation, or the statement text for prepared cursors.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Executed {
    Bytes(Vec<u8>),
    Text(String),
}

/// A DB-API cursor (see the module documentation).
#[derive(Debug)]
pub struct Cursor {
    class: CursorClass,
    options: CursorOptions,
    connected: bool,
    description: Option<Columns>,
    /// Columns of the rows last read, which decide their conversion.
    row_columns: Option<Columns>,
    rowcount: i64,
    last_insert_id: Option<u64>,
    warning_count: u16,
    executed: Option<Executed>,
    /// The row read ahead by an unbuffered cursor (`_nextrow`).
    nextrow: Option<RawRow>,
    /// The columns `nextrow` was read with: a prepared cursor can hand it out after a
    /// later statement changed the columns, and then it keeps its own shape.
    nextrow_columns: Option<Columns>,
    /// Set while the first row of the last fetch is such a left-over row.
    stale_columns: Option<Columns>,
    /// All rows of a buffered cursor (`_rows`) and the index of the next one.
    rows: Option<Vec<RawRow>>,
    next_row: usize,
    prepared: Option<PreparedStatement>,
    /// `cursor.arraysize`: rows `fetchmany()` returns without an argument. Any int, as
    /// in the reference: 0 or a negative size makes `fetchmany()` return nothing.
    pub arraysize: i64,
    /// Results begun or dropped so far (see [`Cursor::results`]).
    results: u64,
}

fn type_error_not_subscriptable() -> DbError {
    DbError::new(
        ExceptionClass::TypeError,
        "'NoneType' object is not subscriptable",
    )
}

/// Python's `str.strip()` whitespace (Unicode `White_Space` plus the separators `\x1c`-`\x1f`).
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

impl Connection {
    /// `cnx.cursor(...)`.
    ///
    /// # Failure
    /// `InternalError: Unread result found` while rows are unread; `OperationalError`
    /// when the server does not answer a ping; `ValueError` for a combination the
    /// reference has no cursor class for.
    pub fn cursor(&mut self, options: CursorOptions) -> Result<Cursor, DbError> {
        self.handle_unread_result()?;
        if !self.is_connected() {
            return Err(DbError::new(
                ExceptionClass::OperationalError,
                "MySQL Connection not available",
            ));
        }
        Cursor::new(options)
    }
}

impl Cursor {
    /// A fresh cursor of the class `options` select (`cnx.cursor(...)` after its checks;
    /// prefer [`Connection::cursor`]).
    ///
    /// # Failure
    /// `ValueError` for a combination the reference refuses.
    pub fn new(options: CursorOptions) -> Result<Self, DbError> {
        Ok(Cursor {
            class: options.class()?,
            options,
            connected: true,
            description: None,
            row_columns: None,
            rowcount: -1,
            last_insert_id: None,
            warning_count: 0,
            executed: None,
            nextrow: None,
            nextrow_columns: None,
            stale_columns: None,
            rows: None,
            next_row: 0,
            prepared: None,
            arraysize: 1,
            results: 0,
        })
    }

    /// How many times this cursor began a new result or dropped its old one: a front end
    /// compares it across a step to know whether the rows it shows are still the cursor's
    /// (an `execute` refused with `Unread result found` leaves them in place).
    pub fn results(&self) -> u64 {
        self.results
    }

    /// The reference class this cursor stands for.
    pub fn class(&self) -> CursorClass {
        self.class
    }

    /// The options this cursor was made with.
    pub fn options(&self) -> CursorOptions {
        self.options
    }

    fn decoding(&self) -> Decoding {
        if self.class.is_prepared() {
            Decoding::Binary
        } else if self.class.is_raw() {
            Decoding::Raw
        } else {
            Decoding::Text
        }
    }

    /// `_reset_result()`, including the class's `reset()`.
    fn reset_result(&mut self) {
        self.results += 1;
        self.rowcount = -1;
        self.nextrow = None;
        self.warning_count = 0;
        self.description = None;
        self.executed = None;
        self.rows = None;
    }

    fn check_executed(&self) -> Result<(), DbError> {
        if self.executed.is_none() {
            Err(DbError::no_result_set())
        } else {
            Ok(())
        }
    }

    /// `cursor.execute(operation, params)`.
    ///
    /// An empty `params` behaves as Python's `None` and `()` do (no interpolation for
    /// the text protocol).
    ///
    /// # Failure
    /// The reference's exceptions: `Unread result found`, `Cursor is not connected`,
    /// parameter `ProgrammingError`s, the server's errors, and
    /// `Use multi=True when executing multiple statements`.
    pub fn execute(
        &mut self,
        cnx: &mut Connection,
        operation: &str,
        params: &[PyValue],
    ) -> Result<(), DbError> {
        if self.class.is_prepared() {
            return self.execute_prepared(cnx, operation, params);
        }
        self.execute_text(cnx, operation, !params.is_empty(), "format", |nbe, hex| {
            if hex {
                super::params::interpolate_hex(operation, params, nbe).map(String::into_bytes)
            } else {
                interpolate(operation.as_bytes(), params, nbe)
            }
        })
    }

    /// The text-protocol `execute`, for either parameter style: drops the old result,
    /// builds the statement with `render(no_backslash_escapes, hex)` (`hex`: byte strings
    /// that are not UTF-8 as hex literals, since the driver sends text), remembers and
    /// sends it. `style` names the reference's parameter style in its errors.
    pub(super) fn execute_text(
        &mut self,
        cnx: &mut Connection,
        operation: &str,
        with_params: bool,
        style: &str,
        render: impl Fn(bool, bool) -> Result<Vec<u8>, DbError>,
    ) -> Result<(), DbError> {
        if operation.is_empty() {
            return Ok(());
        }
        if !self.connected {
            return Err(DbError::new(
                ExceptionClass::ProgrammingError,
                "Cursor is not connected",
            ));
        }
        cnx.handle_unread_result()?;
        self.reset_result();
        let (reference, wire) = if with_params {
            // The reference reads sql_mode once per connection and escapes the
            // no-backslash way only when it is exactly 'NO_BACKSLASH_ESCAPES'. Turned on
            // later, or beside another mode, its backslash escapes are not honoured by the
            // server and a parameter can end the string literal: an injection. rowwise
            // asks the same question (and fails the same way when it cannot), but escapes
            // as the server will read it (tests/scripts/known_differences/README.md).
            cnx.sql_mode().map_err(|e| {
                DbError::new(
                    ExceptionClass::ProgrammingError,
                    format!("Failed processing {style}-parameters; {e}"),
                )
            })?;
            let no_backslash_escapes = cnx.no_backslash_escapes();
            let reference = render(no_backslash_escapes, false)?;
            let wire = match String::from_utf8(reference.clone()) {
                Ok(text) => text,
                Err(_) => String::from_utf8(render(no_backslash_escapes, true)?).map_err(|_| {
                    DbError::new(
                        ExceptionClass::ProgrammingError,
                        "statement is not valid UTF-8",
                    )
                })?,
            };
            (reference, wire)
        } else {
            (operation.as_bytes().to_vec(), operation.to_owned())
        };
        self.send_text(cnx, reference, &wire)
    }

    /// The end of `execute` for the text protocol: remembers what ran and sends it.
    fn send_text(
        &mut self,
        cnx: &mut Connection,
        reference: Vec<u8>,
        wire: &str,
    ) -> Result<(), DbError> {
        self.executed = Some(Executed::Bytes(reference));
        match cnx.cmd_query(wire) {
            Ok(response) => self.handle_result(cnx, response),
            Err(err) if err.class == ExceptionClass::InterfaceError && cnx.have_next_result() => {
                Err(DbError::new(
                    ExceptionClass::InterfaceError,
                    "Use multi=True when executing multiple statements",
                ))
            }
            Err(err) => Err(err),
        }
    }

    /// `_handle_result` (and the buffered classes' `_handle_resultset`).
    fn handle_result(&mut self, cnx: &mut Connection, response: Response) -> Result<(), DbError> {
        match response {
            Response::Columns(columns) => {
                self.description = Some(columns);
                if self.class.is_buffered() {
                    let rows = cnx.get_rows()?;
                    self.row_columns = cnx.columns_desc();
                    self.rowcount = rows.len() as i64;
                    self.rows = Some(rows);
                    self.handle_eof();
                    self.next_row = 0;
                }
            }
            Response::Ok(ok) => {
                self.rowcount = ok.affected_rows as i64;
                self.last_insert_id = Some(ok.insert_id);
                self.warning_count = ok.warnings;
            }
        }
        Ok(())
    }

    /// `MySQLCursorPrepared.execute`.
    fn execute_prepared(
        &mut self,
        cnx: &mut Connection,
        operation: &str,
        params: &[PyValue],
    ) -> Result<(), DbError> {
        if !self.connected {
            return Err(DbError::new(
                ExceptionClass::AttributeError,
                "'NoneType' object has no attribute 'charset'",
            ));
        }
        if let Some(old) = &self.prepared {
            cnx.close_statement(old.clone())?;
            self.prepared = None;
        }
        self.results += 1;
        self.executed = Some(Executed::Text(operation.to_owned()));
        let sql = if operation.contains("%s") {
            placeholders_to_question_marks(operation)
        } else {
            operation.to_owned()
        };
        let prepared = match cnx.prepare(&sql) {
            Ok(p) => p,
            Err(err) => {
                self.executed = None;
                return Err(err);
            }
        };
        let wanted = usize::from(prepared.stmt.num_params());
        self.prepared = Some(prepared.clone());
        if wanted > 0 && params.is_empty() {
            return Ok(());
        }
        if !params.is_empty() && wanted != params.len() {
            return Err(DbError::client(
                ExceptionClass::ProgrammingError,
                1210,
                "Incorrect number of arguments executing prepared statement",
            ));
        }
        let values = params
            .iter()
            .map(binary_param)
            .collect::<Result<Vec<_>, _>>()?;
        match cnx.execute_prepared(&prepared, values)? {
            Response::Ok(ok) => {
                self.rowcount = ok.affected_rows as i64;
                self.last_insert_id = Some(ok.insert_id);
                self.warning_count = ok.warnings;
            }
            Response::Columns(columns) => self.description = Some(columns),
        }
        Ok(())
    }

    /// How this cursor decodes and shapes rows, for callers that keep raw rows and show
    /// one as Python later.
    pub fn decoding_and_shape(&self) -> (Decoding, RowShape) {
        (self.decoding(), self.class.shape())
    }

    /// Rows a buffered cursor holds that have not been fetched yet.
    pub fn buffered_remaining(&self) -> Option<usize> {
        self.rows
            .as_ref()
            .map(|rows| rows.len().saturating_sub(self.next_row))
    }

    /// `cursor.close()`: `Some(true)` / `Some(false)` as the reference returns, `None`
    /// for prepared cursors (whose `close` returns nothing).
    ///
    /// # Failure
    /// `Unread result found` while rows are unread.
    pub fn close(&mut self, cnx: &mut Connection) -> Result<Option<bool>, DbError> {
        if let Some(stmt) = self.prepared.take() {
            // The reference ignores a failure to close the statement here.
            let _ = cnx.close_statement(stmt);
        }
        if !self.connected {
            return Ok(if self.class.is_prepared() {
                None
            } else {
                Some(false)
            });
        }
        cnx.handle_unread_result()?;
        self.reset_result();
        self.connected = false;
        Ok(if self.class.is_prepared() {
            None
        } else {
            Some(true)
        })
    }

    /// `cursor.rowcount`.
    pub fn rowcount(&self) -> i64 {
        self.rowcount
    }

    /// `cursor.lastrowid`.
    pub fn lastrowid(&self) -> Option<u64> {
        self.last_insert_id
    }

    /// Warnings the last statement reported.
    pub fn warning_count(&self) -> u16 {
        self.warning_count
    }

    /// The columns of the current result (`cursor.description`, as data).
    pub fn columns(&self) -> Option<&Columns> {
        self.description.as_ref()
    }

    /// `cursor.description` as Python shows it.
    pub fn description(&self) -> PyValue {
        match &self.description {
            None => PyValue::None,
            Some(cols) => PyValue::List(cols.iter().map(crate::db::Column::description).collect()),
        }
    }

    /// `cursor.with_rows`.
    pub fn with_rows(&self) -> bool {
        if self.class.is_buffered() {
            self.rows.is_some()
        } else {
            self.description.as_ref().is_some_and(|d| !d.is_empty())
        }
    }

    /// `cursor.statement`: `None`, the executed text, or bytes when it is not UTF-8.
    pub fn statement(&self) -> PyValue {
        match &self.executed {
            None => PyValue::None,
            Some(Executed::Text(text)) => {
                PyValue::Str(text.trim_matches(is_python_space).to_owned())
            }
            Some(Executed::Bytes(bytes)) => {
                let start = bytes
                    .iter()
                    .position(|b| !b" \t\n\r\x0b\x0c".contains(b))
                    .unwrap_or(bytes.len());
                let end = bytes
                    .iter()
                    .rposition(|b| !b" \t\n\r\x0b\x0c".contains(b))
                    .map_or(start, |i| i + 1);
                let stripped = &bytes[start..end.max(start)];
                match std::str::from_utf8(stripped) {
                    Ok(text) => PyValue::Str(text.to_owned()),
                    Err(_) => PyValue::Bytes(stripped.to_vec()),
                }
            }
        }
    }
}
