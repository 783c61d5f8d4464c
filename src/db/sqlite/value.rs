//! SQLite values (one of its five storage classes), what Python's `sqlite3` makes of them,
//! and the MySQL-style column metadata the output writers need.
//!
//! Column types. SQLite columns have a declared type, not a type; the declared type only
//! gives an *affinity* (sqlite.org/datatype3.html §3.1). Output writers want a MySQL
//! `type_code` (numbers right-aligned, unquoted in JSON), so the declared type is mapped
//! by SQLite's own affinity rules, checked in SQLite's order:
//!
//! | declared type                      | affinity | `type_code`           |
//! |------------------------------------|----------|-----------------------|
//! | contains `INT`                     | INTEGER  | `LONGLONG` (8)        |
//! | contains `CHAR`, `CLOB` or `TEXT`  | TEXT     | `VAR_STRING` (253)    |
//! | contains `BLOB`                    | BLOB     | `BLOB` (252), binary  |
//! | contains `REAL`, `FLOA` or `DOUB`  | REAL     | `DOUBLE` (5)          |
//! | `DATE…`, `TIME…` (NUMERIC affinity, but text in practice) | NUMERIC | `DATE` (10), `DATETIME` (12), `TIME` (11) |
//! | `BOOL…`                            | NUMERIC  | `TINY` (1)            |
//! | anything else (`NUMERIC`, `DECIMAL(10,2)`) | NUMERIC | `NEWDECIMAL` (246) |
//! | none (an expression, or a column declared without a type) | — | from the first row's value: `LONGLONG`, `DOUBLE`, `VAR_STRING`, `BLOB` or `NULL` (6) |

use super::super::column::{BINARY_CHARSET, Column, field_type};
use super::super::{Cell, DbError, ExceptionClass};
use crate::pyrepr::PyValue;

/// `utf8mb4_general_ci`: what a text column of the MySQL engine reports.
const TEXT_CHARSET: u16 = 45;

/// A value in one of SQLite's storage classes, as `sqlite3_column_*` returns it. Text is
/// kept as bytes: SQLite does not check that it is UTF-8, and Python's `sqlite3` raises
/// only when it decodes it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SqlValue {
    Null,
    Integer(i64),
    Real(f64),
    Text(Vec<u8>),
    Blob(Vec<u8>),
}

impl From<rusqlite::types::ValueRef<'_>> for SqlValue {
    fn from(v: rusqlite::types::ValueRef<'_>) -> Self {
        use rusqlite::types::ValueRef as V;
        match v {
            V::Null => SqlValue::Null,
            V::Integer(i) => SqlValue::Integer(i),
            V::Real(r) => SqlValue::Real(r),
            V::Text(t) => SqlValue::Text(t.to_vec()),
            V::Blob(b) => SqlValue::Blob(b.to_vec()),
        }
    }
}

impl rusqlite::ToSql for SqlValue {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            SqlValue::Null => ValueRef::Null,
            SqlValue::Integer(i) => ValueRef::Integer(*i),
            SqlValue::Real(r) => ValueRef::Real(*r),
            SqlValue::Text(t) => ValueRef::Text(t),
            SqlValue::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

impl SqlValue {
    /// The cell the output writers show (text that is not UTF-8 is shown lossily, as a
    /// terminal client would).
    pub(crate) fn to_cell(&self) -> Cell {
        match self {
            SqlValue::Null => Cell::Null,
            SqlValue::Integer(i) => Cell::Int(*i),
            SqlValue::Real(r) => Cell::Double(*r),
            SqlValue::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
            SqlValue::Blob(b) => Cell::Bytes(b.clone()),
        }
    }

    /// The Python object `sqlite3` returns (no `detect_types`: no dates, no decimals).
    ///
    /// # Failure
    /// Text that is not UTF-8: `sqlite3.OperationalError: Could not decode to UTF-8
    /// column 'name' with text '…'`, the text decoded with replacement characters.
    pub(crate) fn to_python(&self, column: &str) -> Result<PyValue, DbError> {
        Ok(match self {
            SqlValue::Null => PyValue::None,
            SqlValue::Integer(i) => PyValue::Int(i128::from(*i)),
            SqlValue::Real(r) => PyValue::Float(*r),
            SqlValue::Text(t) => match std::str::from_utf8(t) {
                Ok(s) => PyValue::Str(s.to_owned()),
                Err(_) => {
                    return Err(DbError::sqlite(
                        ExceptionClass::OperationalError,
                        format!(
                            "Could not decode to UTF-8 column '{column}' with text '{}'",
                            String::from_utf8_lossy(t)
                        ),
                    ));
                }
            },
            SqlValue::Blob(b) => PyValue::Bytes(b.clone()),
        })
    }

    /// The value `sqlite3` binds for a Python parameter.
    ///
    /// # Failure
    /// `OverflowError` for an int outside SQLite's 64 bits; `ProgrammingError` for a
    /// type `sqlite3` cannot bind (`position` is 1-based, as in its message).
    pub(crate) fn from_python(value: &PyValue, position: usize) -> Result<Self, DbError> {
        Ok(match value {
            PyValue::None => SqlValue::Null,
            PyValue::Bool(b) => SqlValue::Integer(i64::from(*b)),
            PyValue::Int(i) => SqlValue::Integer(i64::try_from(*i).map_err(|_| {
                DbError::sqlite(
                    ExceptionClass::OverflowError,
                    "Python int too large to convert to SQLite INTEGER",
                )
            })?),
            PyValue::Float(f) => SqlValue::Real(*f),
            PyValue::Str(s) => SqlValue::Text(s.as_bytes().to_vec()),
            PyValue::Bytes(b) => SqlValue::Blob(b.clone()),
            other => {
                return Err(DbError::sqlite(
                    ExceptionClass::ProgrammingError,
                    format!(
                        "Error binding parameter {position}: type '{}' is not supported",
                        other.type_name()
                    ),
                ));
            }
        })
    }
}

/// The MySQL-style column for a result column with this declared type (see the module
/// documentation), `first` being the column's value in the first row, if any.
pub(crate) fn column(name: &str, decltype: Option<&str>, first: Option<&SqlValue>) -> Column {
    let type_code = match decltype.map(str::to_ascii_uppercase) {
        Some(t) if !t.trim().is_empty() => declared_type_code(&t),
        _ => match first {
            Some(SqlValue::Integer(_)) => field_type::LONGLONG,
            Some(SqlValue::Real(_)) => field_type::DOUBLE,
            Some(SqlValue::Text(_)) => field_type::VAR_STRING,
            Some(SqlValue::Blob(_)) => field_type::BLOB,
            Some(SqlValue::Null) | None => field_type::NULL,
        },
    };
    let binary = type_code == field_type::BLOB;
    Column {
        name: name.to_owned(),
        type_code,
        flags: 0,
        charset: if binary { BINARY_CHARSET } else { TEXT_CHARSET },
        meta: None,
    }
}

/// SQLite's affinity rules over an upper-cased declared type, refined for dates.
fn declared_type_code(t: &str) -> u8 {
    if t.contains("INT") {
        field_type::LONGLONG
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        field_type::VAR_STRING
    } else if t.contains("BLOB") {
        field_type::BLOB
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        field_type::DOUBLE
    } else if t.starts_with("DATETIME") || t.starts_with("TIMESTAMP") {
        field_type::DATETIME
    } else if t.starts_with("DATE") {
        field_type::DATE
    } else if t.starts_with("TIME") {
        field_type::TIME
    } else if t.starts_with("BOOL") {
        field_type::TINY
    } else {
        field_type::NEWDECIMAL
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_map_by_sqlite_affinity_rules() {
        let code = |t: &str| column("c", Some(t), None).type_code;
        assert_eq!(code("INTEGER"), field_type::LONGLONG);
        assert_eq!(code("BIGINT"), field_type::LONGLONG);
        // "INT" wins over "CHAR", as in SQLite's rule order.
        assert_eq!(code("CHARINT"), field_type::LONGLONG);
        assert_eq!(code("VARCHAR(64)"), field_type::VAR_STRING);
        assert_eq!(code("text"), field_type::VAR_STRING);
        assert_eq!(code("BLOB"), field_type::BLOB);
        assert_eq!(code("DOUBLE PRECISION"), field_type::DOUBLE);
        assert_eq!(code("DECIMAL(10,2)"), field_type::NEWDECIMAL);
        assert_eq!(code("DATE"), field_type::DATE);
        assert_eq!(code("DATETIME"), field_type::DATETIME);
        assert_eq!(code("BOOLEAN"), field_type::TINY);
    }

    #[test]
    fn numeric_columns_are_numeric_for_the_output_writers() {
        assert!(column("n", Some("NUMERIC"), None).is_numeric());
        assert!(column("n", Some("REAL"), None).is_numeric());
        assert!(!column("d", Some("DATE"), None).is_numeric());
        assert!(column("b", Some("BLOB"), None).is_binary());
    }

    #[test]
    fn untyped_columns_take_the_type_of_their_first_value() {
        let code = |v: SqlValue| column("c", None, Some(&v)).type_code;
        assert_eq!(code(SqlValue::Integer(1)), field_type::LONGLONG);
        assert_eq!(code(SqlValue::Real(1.5)), field_type::DOUBLE);
        assert_eq!(code(SqlValue::Text(b"x".to_vec())), field_type::VAR_STRING);
        assert_eq!(column("c", None, None).type_code, field_type::NULL);
    }

    #[test]
    fn text_that_is_not_utf8_raises_like_sqlite3() {
        let bad = SqlValue::Text(b"A\xffB".to_vec());
        let err = bad.to_python("s").err().map(|e| e.python_line());
        assert_eq!(
            err.as_deref(),
            Some(
                "sqlite3.OperationalError: Could not decode to UTF-8 column 's' with text 'A\u{fffd}B'"
            )
        );
    }

    #[test]
    fn parameters_bind_like_sqlite3() -> Result<(), DbError> {
        assert_eq!(
            SqlValue::from_python(&PyValue::Bool(true), 1)?,
            SqlValue::Integer(1)
        );
        let big = SqlValue::from_python(&PyValue::Int(1 << 63), 1);
        assert_eq!(
            big.err().map(|e| e.python_line()).as_deref(),
            Some("OverflowError: Python int too large to convert to SQLite INTEGER")
        );
        Ok(())
    }
}
