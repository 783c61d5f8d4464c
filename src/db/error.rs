//! `DbError`: a database error as mysql-connector-python raises it — exception class,
//! errno, SQLSTATE and message — so the transcript can print exactly what Python prints and
//! the front ends can print what the `mysql` client prints.

use std::fmt;

use super::client_errors::CLIENT_ERRORS;

/// The Python exception class a DB-API call raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExceptionClass {
    /// `mysql.connector.errors.Error`
    Error,
    /// `mysql.connector.errors.InterfaceError`: misuse of the driver, client-side failures.
    InterfaceError,
    /// `mysql.connector.errors.DatabaseError`
    DatabaseError,
    /// `mysql.connector.errors.InternalError`: e.g. "Unread result found".
    InternalError,
    /// `mysql.connector.errors.OperationalError`: lost connections, cancelled queries.
    OperationalError,
    /// `mysql.connector.errors.ProgrammingError`: bad SQL, unknown tables, bad parameters.
    ProgrammingError,
    /// `mysql.connector.errors.IntegrityError`: duplicate keys, NOT NULL, foreign keys.
    IntegrityError,
    /// `mysql.connector.errors.DataError`: values that do not fit.
    DataError,
    /// `mysql.connector.errors.NotSupportedError`
    NotSupportedError,
    /// `mysql.connector.errors.PoolError`: e.g. an exhausted pool.
    PoolError,
    /// builtin `ValueError`
    ValueError,
    /// builtin `TypeError`
    TypeError,
    /// builtin `AttributeError`
    AttributeError,
    /// builtin `IndexError`
    IndexError,
    /// builtin `UnicodeDecodeError`
    UnicodeDecodeError,
    /// builtin `OverflowError`: e.g. an int too large for SQLite's 64-bit INTEGER.
    OverflowError,
    /// builtin `KeyError`: e.g. a `%(name)s` with no `name` in the parameters dict.
    KeyError,
}

/// The Python module whose exception classes a [`DbError`] is raised as: the same DB-API
/// class names live in both drivers, under different modules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PyModule {
    /// `mysql.connector.errors`
    #[default]
    MySqlConnector,
    /// `sqlite3` (the demo database)
    Sqlite3,
}

impl ExceptionClass {
    /// The class name as Python's traceback prints it (`mysql.connector.errors.X`, or a
    /// builtin's bare name).
    pub fn qualified_name(self) -> &'static str {
        use ExceptionClass::{
            AttributeError, DataError, DatabaseError, Error, IndexError, IntegrityError,
            InterfaceError, InternalError, KeyError, NotSupportedError, OperationalError,
            OverflowError, PoolError, ProgrammingError, TypeError, UnicodeDecodeError, ValueError,
        };
        match self {
            Error => "mysql.connector.errors.Error",
            InterfaceError => "mysql.connector.errors.InterfaceError",
            DatabaseError => "mysql.connector.errors.DatabaseError",
            InternalError => "mysql.connector.errors.InternalError",
            OperationalError => "mysql.connector.errors.OperationalError",
            ProgrammingError => "mysql.connector.errors.ProgrammingError",
            IntegrityError => "mysql.connector.errors.IntegrityError",
            DataError => "mysql.connector.errors.DataError",
            NotSupportedError => "mysql.connector.errors.NotSupportedError",
            PoolError => "mysql.connector.errors.PoolError",
            ValueError => "ValueError",
            TypeError => "TypeError",
            AttributeError => "AttributeError",
            IndexError => "IndexError",
            UnicodeDecodeError => "UnicodeDecodeError",
            OverflowError => "OverflowError",
            KeyError => "KeyError",
        }
    }

    /// The class name as Python's traceback prints it for an exception raised by
    /// `module`: `sqlite3.OperationalError`, or a builtin's bare name.
    pub fn qualified_name_in(self, module: PyModule) -> &'static str {
        use ExceptionClass::{
            DataError, DatabaseError, Error, IntegrityError, InterfaceError, InternalError,
            NotSupportedError, OperationalError, ProgrammingError,
        };
        match (module, self) {
            (PyModule::Sqlite3, Error) => "sqlite3.Error",
            (PyModule::Sqlite3, InterfaceError) => "sqlite3.InterfaceError",
            (PyModule::Sqlite3, DatabaseError) => "sqlite3.DatabaseError",
            (PyModule::Sqlite3, InternalError) => "sqlite3.InternalError",
            (PyModule::Sqlite3, OperationalError) => "sqlite3.OperationalError",
            (PyModule::Sqlite3, ProgrammingError) => "sqlite3.ProgrammingError",
            (PyModule::Sqlite3, IntegrityError) => "sqlite3.IntegrityError",
            (PyModule::Sqlite3, DataError) => "sqlite3.DataError",
            (PyModule::Sqlite3, NotSupportedError) => "sqlite3.NotSupportedError",
            // The connector's own names; and sqlite3 has no pool, while builtins are
            // unqualified whatever the module.
            (PyModule::MySqlConnector | PyModule::Sqlite3, _) => self.qualified_name(),
        }
    }

    /// The short class name (`ProgrammingError`).
    pub fn name(self) -> &'static str {
        let q = self.qualified_name();
        q.rsplit('.').next().unwrap_or(q)
    }

    /// The class `errors.get_mysql_exception` picks for a server error.
    fn for_server_error(errno: u32, sqlstate: Option<&str>) -> Self {
        use ExceptionClass::{
            DataError, DatabaseError, IntegrityError, InterfaceError, InternalError,
            NotSupportedError, OperationalError, ProgrammingError,
        };
        match errno {
            1243 | 1210 => return ProgrammingError,
            2002 | 2061 | 2026 => return InterfaceError,
            2013 | 2055 => return OperationalError,
            2049 => return NotSupportedError,
            _ => {}
        }
        let Some(state) = sqlstate.filter(|s| !s.is_empty()) else {
            return DatabaseError;
        };
        match state.get(..2).unwrap_or("") {
            "02" | "21" | "22" => DataError,
            "08" | "HZ" | "0K" => OperationalError,
            "0A" => NotSupportedError,
            "23" | "XA" => IntegrityError,
            "24" | "25" | "26" | "27" | "28" | "2A" | "2C" | "34" | "35" | "37" | "3C" | "3D"
            | "3F" | "42" => ProgrammingError,
            "40" | "44" => InternalError,
            _ => DatabaseError,
        }
    }
}

/// An error from the database or the driver, shaped like a mysql-connector-python exception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbError {
    /// The exception class Python would raise.
    pub class: ExceptionClass,
    /// MySQL error number (server 1000-1999 and 3000+, client 2000-2999), if any.
    pub errno: Option<u32>,
    /// The five-character SQLSTATE, if any.
    pub sqlstate: Option<String>,
    /// The message without errno or SQLSTATE.
    pub msg: String,
    /// The Python module that raises it.
    pub module: PyModule,
}

impl DbError {
    /// An exception with only a message, as `InterfaceError('No result set to fetch from')`.
    pub fn new(class: ExceptionClass, msg: impl Into<String>) -> Self {
        DbError {
            class,
            errno: None,
            sqlstate: None,
            msg: msg.into(),
            module: PyModule::MySqlConnector,
        }
    }

    /// An exception raised by Python's `sqlite3` module: only a class and a message.
    pub fn sqlite(class: ExceptionClass, msg: impl Into<String>) -> Self {
        DbError {
            module: PyModule::Sqlite3,
            ..Self::new(class, msg)
        }
    }

    /// A server error, classified as `errors.get_mysql_exception` does.
    ///
    /// An empty message is filled in as `errors.Error` fills it: the client error text for
    /// errno 2000-2999, `Unknown error` otherwise — and for a 2000-2999 errno the connector
    /// has no text for, the `ValueError` its lookup raises instead.
    pub fn server(errno: u32, sqlstate: Option<&str>, msg: impl Into<String>) -> Self {
        let mut msg = msg.into();
        if msg.is_empty() {
            if (2000..3000).contains(&errno) {
                match CLIENT_ERRORS.iter().find(|(n, _)| *n == errno) {
                    Some((_, text)) => (*text).clone_into(&mut msg),
                    None => {
                        return DbError::new(
                            ExceptionClass::ValueError,
                            "error argument needs to be either an integer or string",
                        );
                    }
                }
            } else {
                "Unknown error".clone_into(&mut msg);
            }
        }
        DbError {
            class: ExceptionClass::for_server_error(errno, sqlstate),
            errno: Some(errno),
            sqlstate: sqlstate.filter(|s| !s.is_empty()).map(str::to_owned),
            msg,
            module: PyModule::MySqlConnector,
        }
    }

    /// A client-side error with a MySQL client error number (2000-2999).
    pub fn client(class: ExceptionClass, errno: u32, msg: impl Into<String>) -> Self {
        DbError {
            class,
            errno: Some(errno),
            sqlstate: None,
            msg: msg.into(),
            module: PyModule::MySqlConnector,
        }
    }

    /// The `UnicodeDecodeError` of Python's `bytes.decode('utf-8')` for bytes that are not
    /// UTF-8, with Python's wording; `None` for valid UTF-8.
    pub fn utf8_decode(bytes: &[u8]) -> Option<Self> {
        let err = std::str::from_utf8(bytes).err()?;
        let start = err.valid_up_to();
        let first = bytes.get(start).copied().unwrap_or(0);
        let (end, reason) = match err.error_len() {
            None => (bytes.len(), "unexpected end of data"),
            Some(_) if matches!(first, 0x80..=0xc1 | 0xf5..=0xff) => {
                (start + 1, "invalid start byte")
            }
            Some(n) => (start + n, "invalid continuation byte"),
        };
        let place = if end - start == 1 {
            format!("byte 0x{first:02x} in position {start}")
        } else {
            format!("bytes in position {start}-{}", end - 1)
        };
        Some(DbError::new(
            ExceptionClass::UnicodeDecodeError,
            format!("'utf-8' codec can't decode {place}: {reason}"),
        ))
    }

    /// `InternalError: Unread result found`
    pub fn unread_result() -> Self {
        Self::new(ExceptionClass::InternalError, "Unread result found")
    }

    /// `InterfaceError: No result set to fetch from`
    pub fn no_result_set() -> Self {
        Self::new(
            ExceptionClass::InterfaceError,
            "No result set to fetch from",
        )
    }

    /// `InterfaceError: 2013: Lost connection to MySQL server during query`, as the
    /// reference raises it for the command that finds the connection lost.
    pub fn lost_connection() -> Self {
        Self::client(
            ExceptionClass::InterfaceError,
            2013,
            "Lost connection to MySQL server during query",
        )
    }

    /// The line a Python session prints for this exception:
    /// `mysql.connector.errors.ProgrammingError: 1146 (42S02): Table ...`.
    pub fn python_line(&self) -> String {
        format!("{}: {self}", self.class.qualified_name_in(self.module))
    }

    /// The message as the `mysql` command-line client prints it:
    /// `ERROR 1146 (42S02): Table ...` (client errors get SQLSTATE HY000, as there;
    /// SQLite errors, which have no number, read `ERROR: no such table: x`).
    pub fn mysql_client_line(&self) -> String {
        match self.errno {
            Some(errno) => {
                let state = self.sqlstate.as_deref().unwrap_or("HY000");
                format!("ERROR {errno} ({state}): {}", self.msg)
            }
            None => format!("ERROR: {}", self.msg),
        }
    }

    /// Did the connection to the server go away (so that reconnecting is the way out)?
    pub fn is_connection_lost(&self) -> bool {
        matches!(self.errno, Some(2002 | 2003 | 2006 | 2013 | 2055))
    }
}

impl fmt::Display for DbError {
    /// `str(exc)`: `errno (SQLSTATE): msg`, `errno: msg`, or the bare message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.errno, &self.sqlstate) {
            (Some(errno), Some(state)) => write!(f, "{errno} ({state}): {}", self.msg),
            (Some(errno), None) => write!(f, "{errno}: {}", self.msg),
            (None, _) => f.write_str(&self.msg),
        }
    }
}

impl std::error::Error for DbError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_are_classified_like_the_connector() {
        let e = DbError::server(1146, Some("42S02"), "Table 'oracle.nope' doesn't exist");
        assert_eq!(
            e.python_line(),
            "mysql.connector.errors.ProgrammingError: 1146 (42S02): Table 'oracle.nope' doesn't exist"
        );
        assert_eq!(
            DbError::server(1062, Some("23000"), "Duplicate").class,
            ExceptionClass::IntegrityError
        );
        assert_eq!(
            DbError::server(1406, Some("22001"), "Data too long").class,
            ExceptionClass::DataError
        );
        assert_eq!(
            DbError::server(1317, Some("70100"), "interrupted").class,
            ExceptionClass::DatabaseError
        );
        assert_eq!(
            DbError::server(9999, None, "x").class,
            ExceptionClass::DatabaseError
        );
    }

    #[test]
    fn empty_messages_are_filled_in_as_the_connector_fills_them() {
        assert_eq!(
            DbError::server(1644, Some("45000"), "").to_string(),
            "1644 (45000): Unknown error"
        );
        assert_eq!(
            DbError::server(2013, Some("HY000"), "").to_string(),
            "2013 (HY000): Lost connection to MySQL server during query"
        );
        assert_eq!(
            DbError::server(2999, Some("45000"), "").python_line(),
            "ValueError: error argument needs to be either an integer or string"
        );
    }

    #[test]
    fn utf8_errors_read_like_pythons_decoder() {
        let msg = |b: &[u8]| DbError::utf8_decode(b).map(|e| e.msg);
        assert_eq!(
            msg(b"\xe9").as_deref(),
            Some("'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data")
        );
        assert_eq!(
            msg(b"\xe4\xbd").as_deref(),
            Some("'utf-8' codec can't decode bytes in position 0-1: unexpected end of data")
        );
        assert_eq!(
            msg(b"\xe4A").as_deref(),
            Some("'utf-8' codec can't decode byte 0xe4 in position 0: invalid continuation byte")
        );
        assert_eq!(
            msg(b"\xf0\x90A").as_deref(),
            Some("'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte")
        );
        assert_eq!(
            msg(b"a\xffb").as_deref(),
            Some("'utf-8' codec can't decode byte 0xff in position 1: invalid start byte")
        );
        assert_eq!(
            msg(b"\xc0\x80").as_deref(),
            Some("'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte")
        );
        assert_eq!(
            msg(b"\xed\xa0\x80").as_deref(),
            Some("'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte")
        );
        assert_eq!(
            msg(b"\xf0\x9f\x90").as_deref(),
            Some("'utf-8' codec can't decode bytes in position 0-2: unexpected end of data")
        );
        assert_eq!(msg("é".as_bytes()), None);
    }

    #[test]
    fn message_only_errors_print_just_the_message() {
        assert_eq!(
            DbError::unread_result().python_line(),
            "mysql.connector.errors.InternalError: Unread result found"
        );
        let e = DbError::client(
            ExceptionClass::ProgrammingError,
            1210,
            "Incorrect number of arguments executing prepared statement",
        );
        assert_eq!(
            e.to_string(),
            "1210: Incorrect number of arguments executing prepared statement"
        );
    }

    #[test]
    fn mysql_client_line_reads_like_the_mysql_client() {
        let e = DbError::server(
            1045,
            Some("28000"),
            "Access denied for user 'x'@'localhost' (using password: YES)",
        );
        assert_eq!(
            e.mysql_client_line(),
            "ERROR 1045 (28000): Access denied for user 'x'@'localhost' (using password: YES)"
        );
        let e = DbError::client(ExceptionClass::InterfaceError, 2002, "Can't connect");
        assert_eq!(e.mysql_client_line(), "ERROR 2002 (HY000): Can't connect");
    }

    #[test]
    fn sqlite_errors_name_the_sqlite3_module_and_builtins_stay_bare() {
        let e = DbError::sqlite(ExceptionClass::OperationalError, "no such table: nope");
        assert_eq!(
            e.python_line(),
            "sqlite3.OperationalError: no such table: nope"
        );
        let e = DbError::sqlite(
            ExceptionClass::OverflowError,
            "Python int too large to convert to SQLite INTEGER",
        );
        assert_eq!(
            e.python_line(),
            "OverflowError: Python int too large to convert to SQLite INTEGER"
        );
        assert_eq!(
            e.mysql_client_line(),
            "ERROR: Python int too large to convert to SQLite INTEGER"
        );
    }
}
