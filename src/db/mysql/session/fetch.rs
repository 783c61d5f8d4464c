//! The MySQL session's fetches: `fetchone()`, `fetchmany(n)` and `fetchall()`, each
//! handing the rows read to a sink and printing their Python value (abridged for a
//! preview).

use std::fmt::Write as _;

use super::{Session, no_attribute};
use crate::db::api::{Entry, Outcome, for_display};
use crate::db::convert::row_to_python;
use crate::db::mysql::{Connection, Cursor};
use crate::db::{Column, DbError, RawRow, shape_row};
use crate::pyrepr::PyValue;

impl Session {
    /// `cursor.fetchone()`.
    pub(super) fn fetch_one(
        &mut self,
        entries: &mut Vec<Entry>,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) {
        self.fetch(entries, "fetchone()", |c, cnx| {
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
        });
    }

    /// `cursor.fetchmany()` / `cursor.fetchmany(n)`.
    pub(super) fn fetch_many(
        &mut self,
        size: Option<i64>,
        entries: &mut Vec<Entry>,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) {
        let call = match size {
            None => "fetchmany()".to_owned(),
            Some(n) => format!("fetchmany({n})"),
        };
        self.fetch(entries, &call, |c, cnx| {
            let (values, rows) = c.fetchmany_with_rows(cnx, size)?;
            let outcome = for_display(Outcome::Value(PyValue::List(values)), preview);
            rows.into_iter().for_each(&mut *sink);
            Ok(outcome)
        });
    }

    /// `cursor.fetchall()`, exact: each row is written out as it arrives, so a million
    /// rows cost their text, not a million Python values. An error drops the text, as
    /// Python prints only the exception.
    pub(super) fn fetch_all_exact(
        &mut self,
        entries: &mut Vec<Entry>,
        sink: &mut dyn FnMut(RawRow),
    ) {
        self.fetch(entries, "fetchall()", |c, cnx| {
            let names = c.column_names();
            let (decoding, shape) = c.decoding_and_shape();
            let mut text = String::from("[");
            let mut failed = None;
            let mut index = 0;
            c.fetchall_each(cnx, &mut |row, columns| {
                if failed.is_none() {
                    let columns: &[Column] = columns.map_or(&[], |c| c);
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
        });
    }

    /// `cursor.fetchall()` for a display: more rows than `preview` show only the first.
    pub(super) fn fetch_all_preview(
        &mut self,
        entries: &mut Vec<Entry>,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) {
        self.fetch(entries, "fetchall()", |c, cnx| {
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
        });
    }

    fn fetch(
        &mut self,
        entries: &mut Vec<Entry>,
        call: &str,
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
