//! `executemany` on the connection's thread: one statement, bound and stepped once per
//! parameter set (see [`Link::run_many`](super::Link::run_many)).

use rusqlite::Connection;

use super::{Param, Start, bind, from_rusqlite, next_row, prepare};
use crate::db::{DbError, ExceptionClass};

/// What `executemany` ran: the statement's columns and the rows it changed, summed over
/// the parameter sets that ran to the end (a `RETURNING` statement stops at its row).
#[derive(Debug)]
pub(crate) struct Ran {
    pub columns: Vec<(String, Option<String>)>,
    pub changes: u64,
}

/// See [`Link::run_many`].
pub(super) fn run_many(
    conn: &Connection,
    mut start: Start,
    sets: Vec<Vec<Param>>,
) -> Result<Ran, DbError> {
    let begin = start.begin.take();
    let dml_only = || {
        DbError::sqlite(
            ExceptionClass::ProgrammingError,
            "executemany() can only execute DML statements.",
        )
    };
    let mut stmt = prepare(conn, &start)?.ok_or_else(dml_only)?;
    if stmt.readonly() {
        return Err(dml_only());
    }
    if let Some(begin) = begin
        && conn.is_autocommit()
    {
        conn.execute_batch(&begin).map_err(from_rusqlite)?;
    }
    let columns: Vec<(String, Option<String>)> = stmt
        .columns()
        .map(|c| (c.name().to_owned(), c.decl_type().map(str::to_owned)))
        .collect();
    let mut changes = 0;
    for params in sets {
        bind(&mut stmt, params)?;
        let mut rows = stmt.raw_query();
        if next_row(&mut rows)?.is_none() {
            changes += conn.changes();
        }
    }
    Ok(Ran { columns, changes })
}
