//! The course's loops on a cursor: `for row in cursor` ([`Cursor::iter`]) and
//! `cursor.executemany(operation, seq_of_params)`, ported from mysql-connector-python
//! 8.4.0's `MySQLCursor.__iter__`, `MySQLCursor.executemany` / `_batch_insert` and
//! `MySQLCursorPrepared.executemany`.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::super::connection::Connection;
use super::super::params::{hex_literal, interpolate_with, sql_literal};
use super::Cursor;
use crate::db::{DbError, ExceptionClass};
use crate::pyrepr::PyValue;

// The reference's patterns, with Python's `\s` on a `str` (Unicode whitespace, which for
// Python includes `\x1c`-`\x1f`) spelled `[\s\x1c-\x1f]`, and `re.match` anchored (`\A`).

/// A pattern of the reference, compiled once. The patterns are constants, so compiling
/// cannot fail in practice; if it did, every `executemany` would say so.
type Pattern = LazyLock<Result<Regex, regex::Error>>;

/// `RE_SQL_COMMENT`: a comment, or a quoted string holding one (kept).
static RE_SQL_COMMENT: Pattern =
    LazyLock::new(|| Regex::new(r#"(?s)(/\*.*?\*/)|(["'`][^"'`]*?(/\*.*?\*/)[^"'`]*?["'`])"#));

/// `RE_SQL_ON_DUPLICATE`: the `ON DUPLICATE KEY ...` tail, quotes balanced.
static RE_SQL_ON_DUPLICATE: Pattern = LazyLock::new(|| {
    Regex::new(
        r#"(?ims)[\s\x1c-\x1f]*ON[\s\x1c-\x1f]+DUPLICATE[\s\x1c-\x1f]+KEY(?:[^"'`]*["'`][^"'`]*["'`])*[^"'`]*$"#,
    )
});

/// `RE_SQL_INSERT_STMT`, as `re.match` uses it (anchored at the start).
static RE_SQL_INSERT_STMT: Pattern = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?ims)\A(?:/\*.*?\*/|[\s\x1c-\x1f])*INSERT(?:/\*.*?\*/|[\s\x1c-\x1f])*"#,
        r#"(?:IGNORE[\s\x1c-\x1f]+)?INTO[\s\x1c-\x1f]+[`'"]?.+[`'"]?(?:\.[`'"]?.+[`'"]?){0,2}"#,
        r#"[\s\x1c-\x1f]+VALUES[\s\x1c-\x1f]*(\(.+\)).*"#,
    ))
});

/// `RE_SQL_INSERT_VALUES`: the parenthesised row after the last `VALUES`.
static RE_SQL_INSERT_VALUES: Pattern =
    LazyLock::new(|| Regex::new(r"(?ims).*VALUES[\s\x1c-\x1f]*(\(.+\)).*"));

fn pattern(p: &'static Pattern) -> Result<&'static Regex, DbError> {
    p.as_ref().map_err(|e| {
        DbError::new(
            ExceptionClass::InterfaceError,
            format!("Failed executing the operation; {e}"),
        )
    })
}

/// `for row in cursor`: the rows `iter(cursor.fetchone, None)` yields, as Python values.
/// It goes on from wherever earlier fetches left the cursor and ends after the first
/// error, which it yields, as the loop raises it.
#[derive(Debug)]
pub struct CursorIter<'a> {
    cursor: &'a mut Cursor,
    cnx: &'a mut Connection,
    done: bool,
}

impl Iterator for CursorIter<'_> {
    type Item = Result<PyValue, DbError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.cursor.fetchone(self.cnx) {
            Ok(Some(row)) => Some(Ok(row)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// `except (ValueError, TypeError) as err: raise InterfaceError(...)` of `executemany`.
fn wrap_value_errors(err: DbError) -> DbError {
    match err.class {
        ExceptionClass::ValueError | ExceptionClass::TypeError => DbError::new(
            ExceptionClass::InterfaceError,
            format!("Failed executing the operation; {}", err.msg),
        ),
        _ => err,
    }
}

impl Cursor {
    /// `iter(cursor)`: see [`CursorIter`].
    pub fn iter<'a>(&'a mut self, cnx: &'a mut Connection) -> CursorIter<'a> {
        CursorIter {
            cursor: self,
            cnx,
            done: false,
        }
    }

    /// A prepared cursor's look-ahead row was made a Python value when it was read: left
    /// over from an earlier result (a rollback kept it), it keeps that result's shape.
    pub(super) fn keep_lookahead_shape(&mut self, cnx: &Connection) {
        if !self.class.is_prepared() {
            return;
        }
        let current = cnx.columns_desc();
        let same = match (&self.nextrow_columns, &current) {
            (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b) || a == b,
            _ => true,
        };
        if !same {
            self.stale_columns = self.nextrow_columns.clone();
        }
    }

    /// `cursor.executemany(operation, seq_params)`.
    ///
    /// An `INSERT ... VALUES (...)` becomes one multi-row INSERT (`rowcount`, `lastrowid`
    /// and `statement` are the rewritten statement's); any other statement runs once per
    /// tuple, a result set's rows read and dropped, and `rowcount` is the sum. An empty
    /// list returns at once. A prepared cursor always runs once per tuple (and an empty
    /// list sets `rowcount` to 0).
    ///
    /// # Failure
    /// The reference's: what `execute` raises (for the tuple it happened on, the earlier
    /// ones having run), `Failed rewriting statement for multi-row INSERT`, parameter
    /// `ProgrammingError`s, and `ValueError`/`TypeError` wrapped in an `InterfaceError`.
    pub fn executemany(
        &mut self,
        cnx: &mut Connection,
        operation: &str,
        seq_params: &[Vec<PyValue>],
    ) -> Result<(), DbError> {
        if self.class.is_prepared() {
            return self.execute_each(cnx, operation, seq_params);
        }
        if operation.is_empty() || seq_params.is_empty() {
            return Ok(());
        }
        if !self.connected {
            return Err(DbError::new(
                ExceptionClass::AttributeError,
                "'NoneType' object has no attribute 'handle_unread_result'",
            ));
        }
        cnx.handle_unread_result()?;
        if pattern(&RE_SQL_INSERT_STMT)?.is_match(operation)
            && let Some((reference, wire)) = self.batch_insert(cnx, operation, seq_params)?
        {
            // `self.execute(stmt)`, the statement already interpolated.
            cnx.handle_unread_result()?;
            self.reset_result();
            return self.send_text(cnx, reference, &wire);
        }
        self.execute_each(cnx, operation, seq_params)
    }

    /// The loop of both `executemany`s: `execute` per tuple, rows read, rowcounts summed.
    fn execute_each(
        &mut self,
        cnx: &mut Connection,
        operation: &str,
        seq_params: &[Vec<PyValue>],
    ) -> Result<(), DbError> {
        let mut rowcount = 0i64;
        for params in seq_params {
            self.execute(cnx, operation, params)
                .map_err(wrap_value_errors)?;
            if self.with_rows() && cnx.unread_result() {
                self.fetchall(cnx).map_err(wrap_value_errors)?;
            }
            rowcount += self.rowcount;
        }
        self.rowcount = rowcount;
        Ok(())
    }

    /// `_batch_insert`: the statement with its `VALUES (...)` row repeated for every
    /// tuple, as the reference keeps it and as it goes on the wire (bytes that are not
    /// UTF-8 as hex literals), or `None` when the row cannot be found in the statement
    /// as written (a comment inside it), and the caller loops instead.
    fn batch_insert(
        &mut self,
        cnx: &mut Connection,
        operation: &str,
        seq_params: &[Vec<PyValue>],
    ) -> Result<Option<(Vec<u8>, String)>, DbError> {
        let uncommented =
            pattern(&RE_SQL_COMMENT)?.replace_all(operation, |c: &Captures| match c.get(1) {
                Some(_) => String::new(),
                None => c.get(2).map_or("", |m| m.as_str()).to_owned(),
            });
        let tmp = pattern(&RE_SQL_ON_DUPLICATE)?.replace_all(&uncommented, "");
        let fmt = pattern(&RE_SQL_INSERT_VALUES)?
            .captures(&tmp)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_owned())
            .ok_or_else(|| {
                DbError::new(
                    ExceptionClass::InterfaceError,
                    "Failed rewriting statement for multi-row INSERT. Check SQL syntax",
                )
            })?;
        let mut reference_rows = Vec::with_capacity(seq_params.len());
        let mut wire_rows = Vec::with_capacity(seq_params.len());
        for params in seq_params {
            // `_process_params` reads sql_mode (see `Cursor::execute`).
            cnx.sql_mode().map_err(|e| {
                DbError::new(
                    ExceptionClass::ProgrammingError,
                    format!("Failed processing format-parameters; {e}"),
                )
            })?;
            let nbe = cnx.no_backslash_escapes();
            reference_rows.push(substitute(fmt.as_bytes(), params, |p| sql_literal(p, nbe))?);
            wire_rows.push(substitute(fmt.as_bytes(), params, |p| match p {
                PyValue::Bytes(b) if std::str::from_utf8(b).is_err() => Ok(hex_literal(b)),
                other => sql_literal(other, nbe),
            })?);
        }
        let Some(at) = operation.find(&fmt) else {
            return Ok(None);
        };
        let splice = |rows: Vec<Vec<u8>>| {
            let mut out = operation.as_bytes()[..at].to_vec();
            out.extend(rows.join(&b","[..]));
            out.extend_from_slice(&operation.as_bytes()[at + fmt.len()..]);
            out
        };
        let reference = splice(reference_rows);
        let wire = String::from_utf8(splice(wire_rows)).map_err(|_| {
            DbError::new(
                ExceptionClass::ProgrammingError,
                "statement is not valid UTF-8",
            )
        })?;
        self.executed = Some(super::Executed::Bytes(reference.clone()));
        Ok(Some((reference, wire)))
    }
}

/// `RE_PY_PARAM.sub(psub, fmt)` with the remaining-parameters check: unlike `execute`,
/// an empty tuple is substituted too (and fails on a `%s`).
fn substitute(
    fmt: &[u8],
    params: &[PyValue],
    literal: impl Fn(&PyValue) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, DbError> {
    if params.is_empty() {
        if fmt.windows(2).any(|w| w == b"%s") {
            return Err(DbError::new(
                ExceptionClass::ProgrammingError,
                "Not enough parameters for the SQL statement",
            ));
        }
        return Ok(fmt.to_vec());
    }
    interpolate_with(fmt, params, literal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_insert(sql: &str) -> bool {
        pattern(&RE_SQL_INSERT_STMT).unwrap().is_match(sql)
    }

    #[test]
    fn the_insert_pattern_matches_what_the_reference_batches() {
        assert!(is_insert("INSERT INTO user (id, name) VALUES (%s, %s)"));
        assert!(is_insert("  /* c */ insert ignore into t values(%s)"));
        assert!(is_insert(
            "INSERT INTO db.t (a) VALUES (%s) ON DUPLICATE KEY UPDATE a = 1"
        ));
        assert!(!is_insert("INSERT INTO t (a)VALUES (%s)"));
        assert!(!is_insert("INSERT INTO t SET a = %s"));
        assert!(!is_insert("REPLACE INTO t VALUES (%s)"));
        assert!(!is_insert("UPDATE t SET a = %s"));
    }

    #[test]
    fn the_values_row_is_the_last_one_and_on_duplicate_is_dropped() {
        let values = pattern(&RE_SQL_INSERT_VALUES).unwrap();
        let dup = pattern(&RE_SQL_ON_DUPLICATE).unwrap();
        let tmp = dup.replace_all(
            "INSERT INTO t (a, b) VALUES (%s, %s) ON DUPLICATE KEY UPDATE b = VALUES(b)",
            "",
        );
        let fmt = values.captures(&tmp).and_then(|c| c.get(1)).unwrap();
        assert_eq!(fmt.as_str(), "(%s, %s)");
    }

    #[test]
    fn an_empty_tuple_still_fills_placeholders() {
        let lit = |p: &PyValue| sql_literal(p, false);
        assert_eq!(
            substitute(b"(%s)", &[], lit).err().map(|e| e.msg),
            Some("Not enough parameters for the SQL statement".into())
        );
        assert_eq!(substitute(b"(1)", &[], lit).ok(), Some(b"(1)".to_vec()));
    }
}
