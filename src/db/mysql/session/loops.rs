//! The MySQL session's loops: `for row in cursor: print(row)` (`\iterate`),
//! `cursor.arraysize = n` and `cursor.executemany(sql, [...])` (`\paramsmany`).

use super::{Session, no_attribute};
use crate::db::api::{Entry, LOOP_CODE, LoopPrinter, Outcome};
use crate::db::{DbError, RawRow};
use crate::pyrepr::{PyValue, str_repr};

impl Session {
    /// `for row in cursor: print(row)`: `fetchone()` until it returns `None` or raises.
    pub(super) fn iterate(
        &mut self,
        entries: &mut Vec<Entry>,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) {
        self.ensure_cursor(entries);
        let mut printer = LoopPrinter::new(preview.is_some());
        let mut names: Option<Vec<String>> = None;
        let error = match self.cursor.as_mut() {
            None => Some(DbError::new(
                crate::db::ExceptionClass::TypeError,
                "'NoneType' object is not iterable",
            )),
            Some(c) => loop {
                if printer.stopped() {
                    break None;
                }
                let row = match c.fetchone_raw(&mut self.cnx) {
                    Ok(Some(row)) => row,
                    Ok(None) => break None,
                    Err(e) => break Some(e),
                };
                // The names are the current result's; fetching cannot change them.
                let names = names.get_or_insert_with(|| c.column_names());
                match c.shape_at(&row, 0, names) {
                    Ok(value) => printer.row(&value),
                    Err(e) => break Some(e),
                }
                sink(row);
            },
        };
        entries.push(Entry::new(LOOP_CODE.to_owned(), printer.finish(error)));
    }

    /// `cursor.arraysize = n`.
    pub(super) fn set_arraysize(&mut self, n: i128, entries: &mut Vec<Entry>) {
        self.ensure_cursor(entries);
        let outcome = match self.cursor.as_mut() {
            Some(c) => {
                // Beyond i64 every fetch size is "all the rows" anyway.
                c.arraysize = i64::try_from(n).unwrap_or(if n < 0 { i64::MIN } else { i64::MAX });
                Outcome::None
            }
            None => Outcome::Error(no_attribute("arraysize")),
        };
        entries.push(Entry::new(format!("cursor.arraysize = {n}"), outcome));
    }

    /// `cursor.executemany(sql, LIST)` with the pending list.
    pub(super) fn executemany(&mut self, sql: &str, entries: &mut Vec<Entry>) {
        self.ensure_cursor(entries);
        let list = self.params_many.take().unwrap_or_default();
        let shown = PyValue::List(list.iter().cloned().map(PyValue::Tuple).collect());
        let code = format!("cursor.executemany({}, {shown})", str_repr(sql));
        let result = match self.cursor.as_mut() {
            Some(c) => c.executemany(&mut self.cnx, sql, &list),
            None => Err(no_attribute("executemany")),
        };
        entries.push(Entry::from_result(code, result.map(|()| PyValue::None)));
    }
}
