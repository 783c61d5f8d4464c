//! A `sqlite3.Cursor` of CPython 3.11 (Modules/_sqlite/cursor.c), step for step: what
//! `execute` does before and after its first `sqlite3_step`, the one row it always holds
//! read ahead, when `rowcount`, `lastrowid` and `description` change, and which checks
//! raise first.

use super::super::{Columns, DbError, RawRow};
use super::error::closed_cursor;
use super::sql::is_dml;
use super::value::SqlValue;
use super::worker::{Link, SqlRow, Start, Started};
use crate::pyrepr::PyValue;

/// The row factory a cursor was created with (`cnx.row_factory` at that moment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum RowFactory {
    /// `None`: rows are tuples.
    #[default]
    Tuple,
    /// `sqlite3.Row`
    Row,
}

/// The statement a cursor is stepping, with the row SQLite has already produced.
#[derive(Debug)]
struct OpenStatement {
    is_dml: bool,
    names: Vec<String>,
    row: SqlRow,
}

/// One `sqlite3.Cursor`.
#[derive(Debug)]
pub(crate) struct PyCursor {
    closed: bool,
    row_factory: RowFactory,
    statement: Option<OpenStatement>,
    description: Option<Vec<String>>,
    columns: Option<Columns>,
    rowcount: i64,
    lastrowid: Option<i64>,
    /// `cursor.arraysize`, a C int (a larger Python int is truncated, with a warning).
    pub(crate) arraysize: i32,
}

/// A fetched row: the Python value and the cells for grids and tables.
pub(crate) type Fetched = (PyValue, RawRow);

impl PyCursor {
    /// `cnx.cursor()` on a connection whose `row_factory` is `row_factory`.
    pub(crate) fn new(row_factory: RowFactory) -> Self {
        PyCursor {
            closed: false,
            row_factory,
            statement: None,
            description: None,
            columns: None,
            rowcount: -1,
            lastrowid: None,
            arraysize: 1,
        }
    }

    /// `check_cursor`: a closed cursor first, then a closed connection.
    fn check<'l>(&self, link: Option<&'l Link>) -> Result<&'l Link, DbError> {
        if self.closed {
            return Err(closed_cursor());
        }
        link.ok_or_else(super::error::closed_database)
    }

    /// Does the cursor hold an open statement on the connection?
    pub(crate) fn has_statement(&self) -> bool {
        self.statement.is_some()
    }

    /// Forgets the open statement after the connection dropped it for other work.
    pub(crate) fn forget_statement(&mut self) {
        self.statement = None;
    }

    /// `cursor.execute(sql, params)`; `isolation_level` is the connection's.
    ///
    /// # Failure
    /// What `sqlite3` raises: closed cursor or database, SQL errors, binding errors.
    pub(crate) fn execute(
        &mut self,
        link: Option<&Link>,
        sql: &str,
        params: &[PyValue],
        isolation_level: Option<&str>,
    ) -> Result<(), DbError> {
        let link = self.check(link)?;
        if self.statement.take().is_some() {
            link.reset();
        }
        self.description = None;
        self.columns = None;
        let dml = is_dml(sql);
        let start = Start {
            sql: sql.to_owned(),
            params: params
                .iter()
                .enumerate()
                .map(|(i, p)| SqlValue::from_python(p, i + 1))
                .collect(),
            begin: isolation_level
                .filter(|_| dml)
                .map(|level| format!("BEGIN {level}")),
        };
        let (result, facts) = link.start(start);
        let started = match result {
            Ok(started) => started,
            Err(e) => {
                self.rowcount = -1;
                return Err(e);
            }
        };
        self.rowcount = if dml { 0 } else { -1 };
        // Text with no statement in it returns before `lastrowid` is read.
        let Some(started) = started else {
            return Ok(());
        };
        self.lastrowid = Some(facts.last_insert_rowid);
        let names: Vec<String> = started.columns.iter().map(|(n, _)| n.clone()).collect();
        if !names.is_empty() {
            self.columns = Some(started.described_columns());
            self.description = Some(names.clone());
        }
        match started.row {
            Some(row) => {
                self.statement = Some(OpenStatement {
                    is_dml: dml,
                    names,
                    row,
                });
            }
            None if dml => self.rowcount += i64::try_from(facts.changes).unwrap_or(i64::MAX),
            None => {}
        }
        Ok(())
    }

    /// `cursor.executemany(sql, seq_of_params)`: the statement (not a read-only one) once
    /// per parameter set; `rowcount` sums a DML statement's changes (-1 otherwise, and
    /// after an error), `lastrowid` is left alone, and no rows can be fetched after it.
    ///
    /// # Failure
    /// What `sqlite3` raises, for the set it happened on (the earlier ones ran).
    pub(crate) fn executemany(
        &mut self,
        link: Option<&Link>,
        sql: &str,
        seq_params: &[Vec<PyValue>],
        isolation_level: Option<&str>,
    ) -> Result<(), DbError> {
        let link = self.check(link)?;
        if self.statement.take().is_some() {
            link.reset();
        }
        self.description = None;
        self.columns = None;
        let dml = is_dml(sql);
        let start = Start {
            sql: sql.to_owned(),
            params: Vec::new(),
            begin: isolation_level
                .filter(|_| dml)
                .map(|level| format!("BEGIN {level}")),
        };
        let sets = seq_params
            .iter()
            .map(|params| {
                params
                    .iter()
                    .enumerate()
                    .map(|(i, p)| SqlValue::from_python(p, i + 1))
                    .collect()
            })
            .collect();
        let (result, _) = link.run_many(start, sets);
        match result {
            Ok(ran) => {
                self.rowcount = if dml {
                    i64::try_from(ran.changes).unwrap_or(i64::MAX)
                } else {
                    -1
                };
                let started = Started {
                    columns: ran.columns,
                    row: None,
                };
                if !started.columns.is_empty() {
                    self.columns = Some(started.described_columns());
                    self.description =
                        Some(started.columns.iter().map(|(n, _)| n.clone()).collect());
                }
                Ok(())
            }
            Err(e) => {
                self.rowcount = -1;
                Err(e)
            }
        }
    }

    /// `pysqlite_cursor_iternext`: converts the row read ahead, then steps to the next.
    /// A row that cannot be converted stays where it is (and fails again next time); a
    /// step that fails loses the row it was reading past.
    fn next(&mut self, link: Option<&Link>) -> Result<Option<Fetched>, DbError> {
        let link = self.check(link)?;
        let Some(open) = self.statement.as_mut() else {
            return Ok(None);
        };
        let mut values = Vec::with_capacity(open.row.len());
        for (value, name) in open.row.iter().zip(&open.names) {
            values.push(value.to_python(name)?);
        }
        let cells: RawRow = open.row.iter().map(SqlValue::to_cell).collect();
        let value = match self.row_factory {
            RowFactory::Tuple => PyValue::Tuple(values),
            RowFactory::Row => PyValue::SqliteRow(open.names.iter().cloned().zip(values).collect()),
        };
        let (step, facts) = link.step();
        match step {
            Ok(Some(row)) => open.row = row,
            Ok(None) => {
                if open.is_dml {
                    self.rowcount = i64::try_from(facts.changes).unwrap_or(i64::MAX);
                }
                self.statement = None;
            }
            Err(e) => {
                self.statement = None;
                return Err(e);
            }
        }
        Ok(Some((value, cells)))
    }

    /// `cursor.fetchone()`
    ///
    /// # Failure
    /// As `sqlite3` raises it; see [`PyCursor::execute`].
    pub(crate) fn fetchone(&mut self, link: Option<&Link>) -> Result<Option<Fetched>, DbError> {
        self.next(link)
    }

    /// `cursor.fetchmany(size)`, each row handed to `each` as it is read; with no size,
    /// `arraysize`. As in `sqlite3`, a size of 0 or below fetches everything; so does
    /// `fetchall()`, which is `fetch_each(link, Some(0), ..)`. Returns the row count.
    ///
    /// # Failure
    /// As `sqlite3` raises it; Python loses the rows fetched before the error.
    pub(crate) fn fetch_each(
        &mut self,
        link: Option<&Link>,
        size: Option<i64>,
        each: &mut dyn FnMut(Fetched),
    ) -> Result<u64, DbError> {
        let max = size.unwrap_or(i64::from(self.arraysize));
        let mut count: u64 = 0;
        while let Some(row) = self.next(link)? {
            each(row);
            count += 1;
            if i64::try_from(count).is_ok_and(|n| n == max) {
                break;
            }
        }
        Ok(count)
    }

    /// `cursor.close()`: a closed connection raises; closing twice does not.
    ///
    /// # Failure
    /// `Cannot operate on a closed database.`
    pub(crate) fn close(&mut self, link: Option<&Link>) -> Result<(), DbError> {
        let link = link.ok_or_else(super::error::closed_database)?;
        if self.statement.take().is_some() {
            link.reset();
        }
        self.closed = true;
        Ok(())
    }

    /// `cursor.rowcount`
    pub(crate) fn rowcount(&self) -> i64 {
        self.rowcount
    }

    /// `cursor.lastrowid`
    pub(crate) fn lastrowid(&self) -> PyValue {
        self.lastrowid
            .map_or(PyValue::None, |id| PyValue::Int(i128::from(id)))
    }

    /// `cursor.description`: a 7-tuple per column holding only its name.
    pub(crate) fn description(&self) -> PyValue {
        match &self.description {
            None => PyValue::None,
            Some(names) => PyValue::Tuple(
                names
                    .iter()
                    .map(|n| {
                        let mut item = vec![PyValue::Str(n.clone())];
                        item.extend(std::iter::repeat_n(PyValue::None, 6));
                        PyValue::Tuple(item)
                    })
                    .collect(),
            ),
        }
    }

    /// The columns of the last result, typed for the output writers.
    pub(crate) fn columns(&self) -> Option<&Columns> {
        self.columns.as_ref()
    }

    /// The row factory it was made with.
    pub(crate) fn row_factory(&self) -> RowFactory {
        self.row_factory
    }

    /// Are rows of the current statement still to be fetched?
    pub(crate) fn unread(&self) -> bool {
        self.statement.is_some()
    }

    /// `cursor.lastrowid` as a number, if set.
    pub(crate) fn lastrowid_value(&self) -> Option<i64> {
        self.lastrowid
    }
}
