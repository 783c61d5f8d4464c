//! The loops of a `sqlite3` session: `for row in cursor: print(row)` (`\iterate`),
//! `cursor.arraysize = n` and `cursor.executemany(sql, [...])` (`\paramsmany`).

use super::{QMARK_NOTE, SqliteSession, cursor_object, no_attribute};
use crate::db::api::{Entry, LOOP_CODE, LoopPrinter, Outcome};
use crate::db::sqlite::sql::qmark_placeholders;
use crate::db::{DbError, ExceptionClass, RawRow};
use crate::pyrepr::{PyValue, str_repr};

impl SqliteSession {
    /// `for row in cursor: print(row)`: the cursor's rows from where it stands, until
    /// `sqlite3` has no more or raises.
    pub(super) fn iterate(
        &mut self,
        entries: &mut Vec<Entry>,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) {
        self.ensure_cursor(entries);
        let mut printer = LoopPrinter::new(preview.is_some());
        let error = match self.cursor.as_mut() {
            None => Some(no_attribute("__iter__")),
            Some(c) => loop {
                if printer.stopped() {
                    break None;
                }
                match c.fetchone(self.link.as_ref()) {
                    Ok(Some((value, cells))) => {
                        printer.row(&value);
                        sink(cells);
                    }
                    Ok(None) => break None,
                    Err(e) => break Some(e),
                }
            },
        };
        entries.push(Entry::new(LOOP_CODE.to_owned(), printer.finish(error)));
    }

    /// `cursor.arraysize = n`: a C int, so a larger value is truncated (Python only
    /// warns, on stderr), and one beyond a C long refused.
    pub(super) fn set_arraysize(&mut self, n: i128, entries: &mut Vec<Entry>) {
        self.ensure_cursor(entries);
        let outcome = match (self.cursor.as_mut(), i64::try_from(n)) {
            (Some(c), Ok(n)) => {
                c.arraysize = n as i32;
                Outcome::None
            }
            (Some(_), Err(_)) => Outcome::Error(DbError::sqlite(
                ExceptionClass::OverflowError,
                "Python int too large to convert to C long",
            )),
            (None, _) => Outcome::Error(no_attribute("arraysize")),
        };
        entries.push(Entry::new(format!("cursor.arraysize = {n}"), outcome));
    }

    /// `cursor.executemany(sql, LIST)` with the pending list (`%s` rewritten as `?`).
    pub(super) fn executemany(&mut self, sql: String, entries: &mut Vec<Entry>) {
        self.ensure_cursor(entries);
        let list = self.params_many.take().unwrap_or_default();
        let mut sql = sql;
        if let Some(rewritten) = qmark_placeholders(&sql) {
            entries.push(Entry::comment(QMARK_NOTE));
            sql = rewritten;
        }
        let shown = PyValue::List(list.iter().cloned().map(PyValue::Tuple).collect());
        let code = format!("cursor.executemany({}, {shown})", str_repr(&sql));
        let level = self.isolation_level.as_deref();
        let result = match self.cursor.as_mut() {
            Some(c) => c
                .executemany(self.link.as_ref(), &sql, &list, level)
                .map(|()| cursor_object()),
            None => Err(no_attribute("executemany")),
        };
        entries.push(Entry::from_result(code, result));
    }
}
