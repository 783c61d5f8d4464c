//! rusqlite errors as Python's `sqlite3` raises them: the class its `_pysqlite_seterror`
//! picks from SQLite's primary result code, and SQLite's own message.

use rusqlite::ffi;

use super::super::{DbError, ExceptionClass};

/// The class `sqlite3` raises for an SQLite result code (Modules/_sqlite/util.c,
/// `get_exception_class`, CPython 3.11).
fn class_for(code: i32) -> ExceptionClass {
    use ExceptionClass::{
        DataError, DatabaseError, IntegrityError, InterfaceError, InternalError, OperationalError,
    };
    match code & 0xff {
        ffi::SQLITE_INTERNAL | ffi::SQLITE_NOTFOUND => InternalError,
        ffi::SQLITE_ERROR
        | ffi::SQLITE_PERM
        | ffi::SQLITE_ABORT
        | ffi::SQLITE_BUSY
        | ffi::SQLITE_LOCKED
        | ffi::SQLITE_READONLY
        | ffi::SQLITE_INTERRUPT
        | ffi::SQLITE_IOERR
        | ffi::SQLITE_FULL
        | ffi::SQLITE_CANTOPEN
        | ffi::SQLITE_PROTOCOL
        | ffi::SQLITE_EMPTY
        | ffi::SQLITE_SCHEMA => OperationalError,
        ffi::SQLITE_TOOBIG => DataError,
        ffi::SQLITE_CONSTRAINT | ffi::SQLITE_MISMATCH => IntegrityError,
        ffi::SQLITE_MISUSE | ffi::SQLITE_RANGE => InterfaceError,
        // SQLITE_CORRUPT among them, as in CPython's table.
        _ => DatabaseError,
    }
}

/// Converts a rusqlite error into the exception `sqlite3` raises for the same failure.
pub(crate) fn from_rusqlite(err: rusqlite::Error) -> DbError {
    match err {
        rusqlite::Error::SqliteFailure(e, msg) => {
            let text = msg.unwrap_or_else(|| ffi::code_to_str(e.extended_code).to_owned());
            DbError::sqlite(class_for(e.extended_code), text)
        }
        rusqlite::Error::SqlInputError { error, msg, .. } => {
            DbError::sqlite(class_for(error.extended_code), msg)
        }
        rusqlite::Error::MultipleStatement => one_statement_at_a_time(),
        rusqlite::Error::NulError(_) => null_character(),
        other => DbError::sqlite(ExceptionClass::DatabaseError, other.to_string()),
    }
}

/// `sqlite3.ProgrammingError: You can only execute one statement at a time.`
pub(crate) fn one_statement_at_a_time() -> DbError {
    DbError::sqlite(
        ExceptionClass::ProgrammingError,
        "You can only execute one statement at a time.",
    )
}

/// `sqlite3.ProgrammingError: the query contains a null character`
pub(crate) fn null_character() -> DbError {
    DbError::sqlite(
        ExceptionClass::ProgrammingError,
        "the query contains a null character",
    )
}

/// `sqlite3.ProgrammingError: Incorrect number of bindings supplied. ...`
pub(crate) fn binding_count(uses: usize, supplied: usize) -> DbError {
    DbError::sqlite(
        ExceptionClass::ProgrammingError,
        format!(
            "Incorrect number of bindings supplied. The current statement uses {uses}, and there are {supplied} supplied."
        ),
    )
}

/// `sqlite3.ProgrammingError: Cannot operate on a closed database.`
pub(crate) fn closed_database() -> DbError {
    DbError::sqlite(
        ExceptionClass::ProgrammingError,
        "Cannot operate on a closed database.",
    )
}

/// `sqlite3.ProgrammingError: Cannot operate on a closed cursor.`
pub(crate) fn closed_cursor() -> DbError {
    DbError::sqlite(
        ExceptionClass::ProgrammingError,
        "Cannot operate on a closed cursor.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_failures_are_integrity_errors_and_syntax_errors_operational() {
        let unique = rusqlite::Error::SqliteFailure(
            ffi::Error::new(ffi::SQLITE_CONSTRAINT_PRIMARYKEY),
            Some("UNIQUE constraint failed: user.id".into()),
        );
        assert_eq!(
            from_rusqlite(unique).python_line(),
            "sqlite3.IntegrityError: UNIQUE constraint failed: user.id"
        );
        let syntax = rusqlite::Error::SqliteFailure(
            ffi::Error::new(ffi::SQLITE_ERROR),
            Some("near \"SELEC\": syntax error".into()),
        );
        assert_eq!(
            from_rusqlite(syntax).python_line(),
            "sqlite3.OperationalError: near \"SELEC\": syntax error"
        );
    }

    #[test]
    fn an_interrupted_statement_is_an_operational_error() {
        let e = rusqlite::Error::SqliteFailure(
            ffi::Error::new(ffi::SQLITE_INTERRUPT),
            Some("interrupted".into()),
        );
        assert_eq!(
            from_rusqlite(e).python_line(),
            "sqlite3.OperationalError: interrupted"
        );
    }
}
