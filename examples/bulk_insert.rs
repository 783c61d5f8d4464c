//! Slide "Inserting data": many rows with one call, `cursor.executemany(add_user, data)`.
//! mysql-connector-python turns the INSERT into one multi-row INSERT (`cursor.statement`
//! shows it); Python's `sqlite3` runs it once per tuple. Then the rows are read back with a
//! loop, and the transaction is rolled back, so the table stays as it was. Run it on the
//! server of ./connector.cnf, or with `--demo PATH` on the SQLite demo database.

mod common;

use std::process::ExitCode;

use common::{Outcome, step};
use rowwise::db::api::{Attribute, Command};
use rowwise::db::{CursorOptions, Dialect};
use rowwise::pyrepr::PyValue;

fn run() -> Outcome {
    let mut db = common::open_database()?;
    let db = db.as_mut();
    let sqlite = db.info().dialect == Dialect::Sqlite;
    let data = [(3, "Ann"), (4, "O'Brien"), (5, "Zoë")]
        .iter()
        .map(|(id, name)| vec![PyValue::Int(*id), PyValue::Str((*name).into())])
        .collect();
    step(db, Command::Cursor(CursorOptions::default()))?;
    step(db, Command::ParamsMany(data))?;
    step(
        db,
        Command::Execute("INSERT INTO user (id, name) VALUES (%s, %s)".into()),
    )?;
    step(db, Command::Get(Attribute::Rowcount))?;
    if !sqlite {
        // sqlite3 cursors have no `statement`.
        step(db, Command::Get(Attribute::Statement))?;
    }
    step(
        db,
        Command::Execute("SELECT id, name FROM user ORDER BY id".into()),
    )?;
    step(db, Command::Iterate)?;
    step(db, Command::Rollback)?;
    Ok(())
}

fn main() -> ExitCode {
    common::exit_with(run())
}
