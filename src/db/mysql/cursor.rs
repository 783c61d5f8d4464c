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
use crate::db::convert::{Decoding, row_to_python};
use crate::db::{
    Columns, CursorClass, CursorOptions, DbError, ExceptionClass, RawRow, RowShape, shape_row,
};
use crate::pyrepr::PyValue;

mod dict;
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

/// Python's `str.strip()` whitespace (Unicode White_Space plus the separators `\x1c`-`\x1f`).
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
        let (reference, wire) = if !with_params {
            (operation.as_bytes().to_vec(), operation.to_owned())
        } else {
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

    /// `_handle_eof`.
    fn handle_eof(&mut self) {
        self.nextrow = None;
    }

    /// `get_row()` as the reference's reader does it: binary-protocol rows become Python
    /// values as they are read, so a value Python refuses (a zero month) raises here, one
    /// fetch early when it is the row read ahead — and, since that is a `ValueError` and not
    /// a connector error, the result stays unread.
    fn read_row(&self, cnx: &mut Connection) -> Result<Option<RawRow>, DbError> {
        let row = cnx.get_row()?;
        if let (true, Some(r), Some(columns)) = (self.class.is_prepared(), &row, cnx.columns_desc())
        {
            row_to_python(r, &columns, Decoding::Binary)?;
        }
        Ok(row)
    }

    /// `MySQLCursor._fetch_row`: one row, reading one ahead so the end is seen early.
    fn fetch_row_streaming(&mut self, cnx: &mut Connection) -> Result<Option<RawRow>, DbError> {
        if !cnx.unread_result() {
            return Ok(None);
        }
        let (row, mut eof) = match &self.nextrow {
            None => {
                let row = self.read_row(cnx)?;
                let eof = row.is_none();
                (row, eof)
            }
            Some(ahead) => {
                let ahead = ahead.clone();
                self.keep_lookahead_shape(cnx);
                (Some(ahead), false)
            }
        };
        self.row_columns = cnx.columns_desc();
        if row.is_some() {
            let ahead = self.read_row(cnx)?;
            eof = ahead.is_none();
            self.nextrow = ahead;
            self.nextrow_columns = cnx.columns_desc();
            if eof {
                self.handle_eof();
            }
            self.rowcount = if self.rowcount == -1 {
                1
            } else {
                self.rowcount + 1
            };
        }
        if eof {
            self.handle_eof();
        }
        Ok(row)
    }

    /// `MySQLCursorBuffered._fetch_row`.
    fn fetch_row_buffered(&mut self) -> Option<RawRow> {
        let row = self.rows.as_ref()?.get(self.next_row)?.clone();
        self.next_row += 1;
        Some(row)
    }

    /// The column names shaping uses (`cursor.column_names`).
    pub fn column_names(&self) -> Vec<String> {
        self.description
            .as_ref()
            .map(|cols| cols.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default()
    }

    /// Converts and shapes rows as this cursor class hands them out.
    ///
    /// # Failure
    /// A conversion `ValueError`, or `namedtuple`'s `ValueError` for bad column names.
    pub fn shape(&self, rows: Vec<RawRow>) -> Result<Vec<PyValue>, DbError> {
        let names = self.column_names();
        rows.into_iter()
            .enumerate()
            .map(|(i, row)| self.shape_at(&row, i, &names))
            .collect()
    }

    /// Shapes the `index`-th row of the last fetch (`names`: [`Cursor::column_names`]).
    ///
    /// # Failure
    /// As [`Cursor::shape`].
    pub fn shape_at(
        &self,
        row: &[crate::db::Cell],
        index: usize,
        names: &[String],
    ) -> Result<PyValue, DbError> {
        let columns = self.row_columns.as_ref().or(self.description.as_ref());
        let own: &[crate::db::Column] = match (&self.stale_columns, index) {
            (Some(stale), 0) => stale,
            _ => columns.map_or(&[], |c| c),
        };
        let values = row_to_python(row, own, self.decoding())?;
        shape_row(values, names, self.class.shape())
    }

    fn shape_one(&self, row: Option<RawRow>) -> Result<Option<PyValue>, DbError> {
        match row {
            None => Ok(None),
            Some(row) => Ok(self.shape(vec![row])?.pop()),
        }
    }

    /// `cursor.fetchone()`.
    ///
    /// # Failure
    /// `No result set to fetch from` before any statement; the server's error if the
    /// result fails while being read; conversion and named-tuple `ValueError`s.
    pub fn fetchone(&mut self, cnx: &mut Connection) -> Result<Option<PyValue>, DbError> {
        let row = self.fetchone_raw(cnx)?;
        self.shape_one(row)
    }

    /// `fetchone()` without conversion: the row's cells as they came off the wire.
    ///
    /// # Failure
    /// As [`Cursor::fetchone`], less the conversion errors.
    pub fn fetchone_raw(&mut self, cnx: &mut Connection) -> Result<Option<RawRow>, DbError> {
        self.stale_columns = None;
        self.check_executed()?;
        if self.class.is_buffered() {
            Ok(self.fetch_row_buffered())
        } else {
            self.fetch_row_streaming(cnx)
        }
    }

    /// `cursor.fetchmany(size)`; `None` or 0 means `arraysize`, negative means none.
    ///
    /// # Failure
    /// As [`Cursor::fetchone`]. Non-prepared dict and named-tuple cursors shape each
    /// row as they fetch it, so a shaping error stops after one row, as in the reference.
    pub fn fetchmany(
        &mut self,
        cnx: &mut Connection,
        size: Option<i64>,
    ) -> Result<Vec<PyValue>, DbError> {
        self.fetchmany_with_rows(cnx, size)
            .map(|(values, _)| values)
    }

    /// [`Cursor::fetchmany`], also returning the rows as they came off the wire.
    ///
    /// # Failure
    /// As [`Cursor::fetchmany`].
    pub fn fetchmany_with_rows(
        &mut self,
        cnx: &mut Connection,
        size: Option<i64>,
    ) -> Result<(Vec<PyValue>, Vec<RawRow>), DbError> {
        self.stale_columns = None;
        self.check_executed()?;
        let shape_as_we_go = !self.class.is_prepared();
        let mut remaining = self.fetchmany_count(size);
        let mut values = Vec::new();
        let mut rows = Vec::new();
        let names = self.column_names();
        // Shaped from borrowed rows: a 100 MB cell is not copied once more to be shaped.
        while let Some(row) = self.fetchmany_next(cnx, &mut remaining)? {
            if shape_as_we_go {
                values.push(self.shape_at(&row, 0, &names)?);
            }
            rows.push(row);
        }
        if !shape_as_we_go {
            values = rows
                .iter()
                .enumerate()
                .map(|(i, row)| self.shape_at(row, i, &names))
                .collect::<Result<_, _>>()?;
        }
        Ok((values, rows))
    }

    /// Python's `size or self.arraysize`: 0 or `None` means `arraysize`; a negative
    /// size fetches nothing.
    fn fetchmany_count(&self, size: Option<i64>) -> usize {
        let count = match size {
            None | Some(0) => self.arraysize,
            Some(n) => n,
        };
        usize::try_from(count).unwrap_or(0)
    }

    /// One step of the reference's `fetchmany` loop: the buffered classes try `remaining`
    /// times; the others also stop when the result is exhausted.
    fn fetchmany_next(
        &mut self,
        cnx: &mut Connection,
        remaining: &mut usize,
    ) -> Result<Option<RawRow>, DbError> {
        while *remaining > 0 {
            *remaining -= 1;
            let row = if self.class.is_buffered() {
                // The reference goes on trying `remaining` times, but a buffered cursor
                // past its last row stays there: stopping changes nothing (and a huge
                // arraysize does not spin).
                let row = self.fetch_row_buffered();
                if row.is_none() {
                    return Ok(None);
                }
                row
            } else {
                if !cnx.unread_result() {
                    return Ok(None);
                }
                self.fetch_row_streaming(cnx)?
            };
            if row.is_some() {
                return Ok(row);
            }
        }
        Ok(None)
    }

    /// `cursor.fetchall()`.
    ///
    /// # Failure
    /// As [`Cursor::fetchone`]; buffered cursors raise `No result set to fetch from`
    /// after a statement without a result set (and the buffered raw cursor the
    /// reference's `TypeError`).
    pub fn fetchall(&mut self, cnx: &mut Connection) -> Result<Vec<PyValue>, DbError> {
        let rows = self.fetchall_raw(cnx)?;
        self.shape(rows)
    }

    /// `fetchall()` without conversion.
    ///
    /// # Failure
    /// As [`Cursor::fetchall`], less the conversion errors.
    pub fn fetchall_raw(&mut self, cnx: &mut Connection) -> Result<Vec<RawRow>, DbError> {
        let mut rows = Vec::new();
        self.fetchall_each(cnx, &mut |row, _| rows.push(row))?;
        Ok(rows)
    }

    /// `fetchall()` handing each row to `sink` as it is read instead of collecting them,
    /// so a caller can keep a million rows compactly. The cursor's state changes exactly
    /// as the reference's `fetchall` changes it. Returns the number of rows.
    ///
    /// # Failure
    /// As [`Cursor::fetchall_raw`]; rows already handed over before an error stay with
    /// the caller, while `rowcount` is left as the reference leaves it.
    pub fn fetchall_each(
        &mut self,
        cnx: &mut Connection,
        sink: &mut dyn FnMut(RawRow, Option<&Columns>),
    ) -> Result<u64, DbError> {
        self.stale_columns = None;
        use CursorClass::*;
        let mut count: u64 = 0;
        match self.class {
            Plain | Raw | Dict | NamedTuple => {
                self.check_executed()?;
                if !cnx.unread_result() {
                    return Ok(0);
                }
                let ahead = self.nextrow.clone();
                let columns = cnx.columns_desc();
                if let Some(row) = ahead {
                    count += 1;
                    sink(row, columns.as_ref());
                }
                while let Some(row) = cnx.get_row()? {
                    count += 1;
                    sink(row, columns.as_ref());
                }
                self.row_columns = cnx.columns_desc();
                self.handle_eof();
                if self.rowcount == -1 {
                    self.rowcount = 0;
                }
                self.rowcount += count as i64;
            }
            Buffered | BufferedDict | BufferedNamedTuple => {
                let all = match (&self.executed, &self.rows) {
                    (Some(_), Some(rows)) => rows,
                    _ => return Err(DbError::no_result_set()),
                };
                let columns = self.row_columns.clone();
                for row in all.get(self.next_row..).unwrap_or(&[]) {
                    count += 1;
                    sink(row.clone(), columns.as_ref());
                }
                self.next_row = all.len();
            }
            BufferedRaw => {
                self.check_executed()?;
                let all = self
                    .rows
                    .as_ref()
                    .ok_or_else(type_error_not_subscriptable)?;
                let columns = self.row_columns.clone();
                for row in all.get(self.next_row..).unwrap_or(&[]) {
                    count += 1;
                    sink(row.clone(), columns.as_ref());
                }
            }
            Prepared | PreparedRaw | PreparedDict | PreparedNamedTuple => {
                self.check_executed()?;
                if let Some(row) = self.nextrow.clone() {
                    let current = cnx.columns_desc();
                    let same = match (&self.nextrow_columns, &current) {
                        (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b) || a == b,
                        _ => true,
                    };
                    if !same {
                        self.stale_columns = self.nextrow_columns.clone();
                    }
                    count += 1;
                    let own = if same {
                        current.clone()
                    } else {
                        self.nextrow_columns.clone()
                    };
                    sink(row, own.as_ref());
                }
                while cnx.unread_result() {
                    let columns = cnx.columns_desc();
                    while let Some(row) = self.read_row(cnx)? {
                        count += 1;
                        sink(row, columns.as_ref());
                    }
                    self.row_columns = cnx.columns_desc();
                    self.handle_eof();
                }
                self.rowcount = count as i64;
            }
        }
        Ok(count)
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
