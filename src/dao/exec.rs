//! The one place where the DAOs run SQL: borrow a connection from the pool, open a cursor,
//! execute a [`Query`] (a constant SQL text and its parameters), read, commit writes, and
//! give the connection back — recording everything in the call's [`ActionReport`].

use super::error::DaoError;
use super::report::{ActionReport, Query, StatementReport};
use crate::db::{Connection, Cursor, CursorOptions, DbError, ExceptionClass, Pool};
use crate::pyrepr::PyValue;

/// A DAO call's result and the report of what it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Reported<T> {
    /// What the DAO method returns.
    pub value: T,
    /// What it did.
    pub report: ActionReport,
}

/// What every DAO method returns.
pub type DaoResult<T> = Result<Reported<T>, DaoError>;

/// Is the statement a write, to be committed as the course's DAO does?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Commit {
    Yes,
    No,
}

/// Runs `query` on a connection borrowed from `pool` and reads its result with `read`.
///
/// The connection goes back to the pool when this returns, whatever happened; its session
/// reset rolls back a write that failed before its commit.
pub(crate) fn run<T>(
    pool: &Pool,
    mut report: ActionReport,
    query: &Query,
    cursor_options: CursorOptions,
    commit: Commit,
    read: impl FnOnce(&mut Cursor, &mut Connection) -> Result<T, DbError>,
) -> DaoResult<T> {
    let mut cnx = match pool.get_connection() {
        Ok(cnx) => cnx,
        Err(e) => return Err(DaoError::new(e, report)),
    };
    let mut statement = StatementReport::new(query);
    let outcome = execute(
        &mut cnx,
        query,
        cursor_options,
        commit,
        &mut statement,
        read,
    );
    report.statement = Some(statement);
    match outcome {
        Ok(value) => Ok(Reported { value, report }),
        Err(e) => Err(DaoError::new(e, report)),
    }
}

fn execute<T>(
    cnx: &mut Connection,
    query: &Query,
    cursor_options: CursorOptions,
    commit: Commit,
    statement: &mut StatementReport,
    read: impl FnOnce(&mut Cursor, &mut Connection) -> Result<T, DbError>,
) -> Result<T, DbError> {
    let mut cursor = cnx.cursor(cursor_options)?;
    let result = cursor
        .execute(cnx, query.sql(), query.params())
        .and_then(|()| read(&mut cursor, cnx));
    statement.executed = cursor.statement();
    statement.rowcount = cursor.rowcount();
    statement.lastrowid = cursor.lastrowid();
    let value = result?;
    if commit == Commit::Yes {
        cnx.commit()?;
    }
    cursor.close(cnx)?;
    Ok(value)
}

/// Runs a write without a result and commits it.
pub(crate) fn write(pool: &Pool, report: ActionReport, query: &Query) -> DaoResult<()> {
    run(
        pool,
        report,
        query,
        CursorOptions::default(),
        Commit::Yes,
        |_, _| Ok(()),
    )
}

/// Runs `CREATE TABLE` statements in order, one report each, all under the same call.
pub(crate) fn create_tables(
    pool: &Pool,
    call: &str,
    python: &'static str,
    tables: &[&'static str],
) -> Result<Vec<ActionReport>, DaoError> {
    tables
        .iter()
        .map(|sql| {
            let report = ActionReport::new(call.to_owned(), python);
            let query = Query::new(sql, Vec::new());
            run(
                pool,
                report,
                &query,
                CursorOptions::default(),
                Commit::No,
                |_, _| Ok(()),
            )
            .map(|done| done.report)
        })
        .collect()
}

/// `cnx.cursor(dictionary=True)`, the cursor the course's DAO reads rows with.
pub(crate) fn dictionary() -> CursorOptions {
    CursorOptions {
        dictionary: true,
        ..CursorOptions::default()
    }
}

/// A key as a statement parameter.
pub(crate) fn int(value: i64) -> PyValue {
    PyValue::Int(i128::from(value))
}

/// Reads every row of a dictionary cursor (`for row in cursor:`).
pub(crate) fn all_rows(cursor: &mut Cursor, cnx: &mut Connection) -> Result<Vec<PyValue>, DbError> {
    cursor.fetchall(cnx)
}

/// `row["name"]` of a dictionary row.
pub(crate) fn column<'r>(row: &'r PyValue, name: &str) -> Result<&'r PyValue, DbError> {
    let found = match row {
        PyValue::Dict(pairs) => pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v),
        _ => None,
    };
    found.ok_or_else(|| {
        DbError::new(
            ExceptionClass::TypeError,
            format!("the row has no column '{name}'"),
        )
    })
}

/// `row["name"]` as an integer.
pub(crate) fn int_column(row: &PyValue, name: &str) -> Result<i64, DbError> {
    match column(row, name)? {
        PyValue::Int(i) => i64::try_from(*i).map_err(|_| {
            DbError::new(
                ExceptionClass::ValueError,
                format!("column '{name}' is out of range: {i}"),
            )
        }),
        other => Err(DbError::new(
            ExceptionClass::TypeError,
            format!("column '{name}' is not an int: {other}"),
        )),
    }
}

/// `row["name"]` as text.
pub(crate) fn text_column(row: &PyValue, name: &str) -> Result<String, DbError> {
    match column(row, name)? {
        PyValue::Str(s) => Ok(s.clone()),
        other => Err(DbError::new(
            ExceptionClass::TypeError,
            format!("column '{name}' is not a str: {other}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> PyValue {
        PyValue::Dict(vec![
            ("id".into(), PyValue::Int(1)),
            ("name".into(), PyValue::Str("John Doe".into())),
            ("note".into(), PyValue::None),
        ])
    }

    #[test]
    fn dictionary_rows_are_read_by_column_name() -> Result<(), DbError> {
        assert_eq!(int_column(&row(), "id")?, 1);
        assert_eq!(text_column(&row(), "name")?, "John Doe");
        Ok(())
    }

    #[test]
    fn a_missing_or_mistyped_column_is_an_error_not_a_panic() {
        assert!(int_column(&row(), "age").is_err());
        assert!(int_column(&row(), "name").is_err());
        assert_eq!(
            text_column(&row(), "note").err().map(|e| e.to_string()),
            Some("column 'note' is not a str: None".to_owned())
        );
    }
}
