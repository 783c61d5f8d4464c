//! Slide "Processing the result set": `for row in cursor: print(row)`. The loop is
//! `iter(cursor.fetchone, None)`, so it goes on from wherever earlier fetches left the
//! cursor: after one `fetchone()` it prints the rows that are left. Run it on the server of
//! ./connector.cnf, or with `--demo PATH` on the SQLite demo database (Python's `sqlite3`).

mod common;

use std::process::ExitCode;

use common::{Outcome, step};
use rowwise::db::CursorOptions;
use rowwise::db::api::Command;

fn run() -> Outcome {
    let mut db = common::open_database()?;
    let db = db.as_mut();
    println!("# every row: for row in cursor: print(row)");
    step(db, Command::Cursor(CursorOptions::default()))?;
    step(
        db,
        Command::Execute("SELECT id, name FROM user WHERE id IN (1, 2) ORDER BY id".into()),
    )?;
    step(db, Command::Iterate)?;
    println!("# after one fetchone(), the loop prints the rows that are left");
    step(
        db,
        Command::Execute("SELECT id, name FROM user WHERE id IN (1, 2) ORDER BY id".into()),
    )?;
    step(db, Command::FetchOne)?;
    step(db, Command::Iterate)?;
    println!("# a second loop has nothing left to print");
    step(db, Command::Iterate)?;
    Ok(())
}

fn main() -> ExitCode {
    common::exit_with(run())
}
