//! The fetches of a `sqlite3` session: `fetchone()`, `fetchmany(n)`, `fetchall()`, each
//! handing the rows read to a sink and printing their Python value.

use super::{SqliteSession, no_attribute};
use crate::db::api::{Entry, Outcome};
use crate::db::sqlite::cursor::PyCursor;
use crate::db::sqlite::worker::Link;
use crate::db::{DbError, RawRow};
use crate::pyrepr::PyValue;

impl SqliteSession {
    /// `cursor.fetchone()`.
    pub(super) fn fetch_one(&mut self, out: &mut Vec<Entry>, sink: &mut dyn FnMut(RawRow)) {
        self.fetch(out, "fetchone()", |c, link| {
            Ok(match c.fetchone(link)? {
                None => Outcome::None,
                Some((value, cells)) => {
                    sink(cells);
                    Outcome::Value(value)
                }
            })
        });
    }

    /// `cursor.fetchmany()` / `cursor.fetchmany(n)`.
    pub(super) fn fetch_many(
        &mut self,
        size: Option<i64>,
        out: &mut Vec<Entry>,
        sink: &mut dyn FnMut(RawRow),
    ) {
        let call = size.map_or_else(|| "fetchmany()".to_owned(), |n| format!("fetchmany({n})"));
        self.fetch(out, &call, |c, link| {
            let mut values = Vec::new();
            c.fetch_each(link, size, &mut |(value, cells)| {
                values.push(value);
                sink(cells);
            })?;
            Ok(Outcome::Value(PyValue::List(values)))
        });
    }

    /// `cursor.fetchall()`; with `preview`, more rows than that show only the first.
    pub(super) fn fetch_all(
        &mut self,
        out: &mut Vec<Entry>,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) {
        self.fetch(out, "fetchall()", |c, link| {
            let limit = preview.unwrap_or(usize::MAX);
            let mut kept = Vec::new();
            let total = c.fetch_each(link, Some(0), &mut |(value, cells)| {
                if kept.len() <= limit {
                    kept.push(value);
                }
                sink(cells);
            })?;
            if kept.len() > limit {
                kept.truncate(limit.min(10));
                return Ok(Outcome::Truncated { shown: kept, total });
            }
            Ok(Outcome::Value(PyValue::List(kept)))
        });
    }

    fn fetch(
        &mut self,
        entries: &mut Vec<Entry>,
        call: &str,
        f: impl FnOnce(&mut PyCursor, Option<&Link>) -> Result<Outcome, DbError>,
    ) {
        self.ensure_cursor(entries);
        let outcome = match self.cursor.as_mut() {
            Some(c) => f(c, self.link.as_ref()),
            None => Err(no_attribute(call.split('(').next().unwrap_or(""))),
        };
        let outcome = outcome.unwrap_or_else(Outcome::Error);
        entries.push(Entry::new(format!("cursor.{call}"), outcome));
    }
}
