//! Shared by the examples: where the connection settings come from (./connector.cnf, read
//! by rowwise's own option-file code, as `option_files="connector.cnf"` in the course),
//! how a failure ends the program, and the course's `user` table with its two users.

#![allow(dead_code)]

use std::error::Error;
use std::process::ExitCode;

use rowwise::config::Config;
use rowwise::db::{ConnectOptions, Connection, CursorOptions};
use rowwise::pyrepr::PyValue;

/// What `run` functions return.
pub type Outcome = Result<(), Box<dyn Error>>;

/// The option file every example reads, from the directory it runs in.
pub const OPTION_FILE: &str = "connector.cnf";

/// The settings of ./connector.cnf.
pub fn connect_options() -> Result<ConnectOptions, Box<dyn Error>> {
    Ok(Config::from_option_file(OPTION_FILE)?.connect_options()?)
}

/// Connects as `mysql.connector.connect(option_files="connector.cnf")` does.
pub fn connect() -> Result<Connection, Box<dyn Error>> {
    Ok(Connection::connect(&connect_options()?, false)?)
}

/// Ends the program: 0 on success, 1 with the error on stderr otherwise.
pub fn exit_with(outcome: Outcome) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Python's `str(value)`, as `print` shows it: text as is, anything else as its repr.
pub fn py_str(value: &PyValue) -> String {
    match value {
        PyValue::Str(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The items of a tuple row (`for (id, name) in cursor`).
pub fn tuple_items(row: &PyValue) -> &[PyValue] {
    match row {
        PyValue::Tuple(items) => items,
        _ => &[],
    }
}

/// Creates the course's `user` table if needed and makes sure users 1 and 2 are there.
pub fn ensure_user_table(cnx: &mut Connection) -> Outcome {
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    cursor.execute(cnx, rowwise::dao::USER_TABLE, &[])?;
    for (id, name) in [(1, "John Doe"), (2, "Jane Smith")] {
        let params = [PyValue::Int(id), PyValue::Str(name.to_owned())];
        cursor.execute(
            cnx,
            "INSERT IGNORE INTO user (id, name) VALUES (%s, %s)",
            &params,
        )?;
    }
    cnx.commit()?;
    cursor.close(cnx)?;
    Ok(())
}

/// The database an example that runs on either runs on: `--demo PATH` opens the SQLite
/// demo file (created and seeded if missing), where the transcript is Python's own
/// `sqlite3`; otherwise the server of ./connector.cnf, with the course's `user` table.
pub fn open_database() -> Result<Box<dyn rowwise::db::Database>, Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, path] if flag == "--demo" => Ok(Box::new(rowwise::db::SqliteDatabase::open_demo(
            std::path::Path::new(path),
            false,
        )?)),
        [] => {
            let mut db = rowwise::db::MySqlDatabase::connect(&connect_options()?, false)?;
            ensure_user_table(db.session().connection())?;
            Ok(Box::new(db))
        }
        _ => Err("usage: [--demo PATH]".into()),
    }
}

/// Runs one step of the session and prints its transcript, as the Python REPL would.
pub fn step(db: &mut dyn rowwise::db::Database, command: rowwise::db::api::Command) -> Outcome {
    let mut out = std::io::stdout().lock();
    for entry in db.step(command).entries {
        entry.write_to(&mut out)?;
    }
    Ok(())
}
