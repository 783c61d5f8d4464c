//! The TUI's "save as Python" export: run with the real mysql-connector-python 8.4.0
//! (pure Python) against the same server, it must print the session's transcript exactly.

mod common;

use std::process::Command;

use common::{MariaDb, PASSWORD};
use rowwise::db::CursorOptions;
use rowwise::db::api::{Attribute, Command as Step};
use rowwise::db::mysql::Session;
use rowwise::pyrepr::PyValue;
use rowwise::session::export_python;

/// The reference interpreter: `ROWWISE_ORACLE_PYTHON` (scripts/test sets it after
/// tools/oracle/bootstrap.sh), else the bootstrap's default venv.
fn oracle_python() -> String {
    if let Ok(python) = std::env::var("ROWWISE_ORACLE_PYTHON") {
        return python;
    }
    let default = "/tmp/oracle-venv/bin/python";
    assert!(
        std::path::Path::new(default).exists(),
        "mysql-connector-python 8.4.0 is needed: run tools/oracle/bootstrap.sh (scripts/test does)"
    );
    default.to_owned()
}

#[test]
fn an_exported_session_replays_with_the_real_connector_and_prints_the_same_transcript() {
    let server = MariaDb::shared();
    server.root_sql(
        "CREATE DATABASE IF NOT EXISTS export_test; CREATE OR REPLACE TABLE export_test.user (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL); INSERT INTO export_test.user VALUES (1, 'John Doe'), (2, 'Jane Smith');",
    );
    let options = server.tcp_options(Some("export_test"));
    let mut session = Session::connect(&options).unwrap_or_else(|e| panic!("{e}"));
    let steps = vec![
        Step::Execute("SELECT id, name FROM user ORDER BY id".into()),
        Step::FetchOne,
        Step::Get(Attribute::Rowcount),
        Step::Execute("SELECT 1".into()),
        Step::FetchAll,
        Step::Cursor(CursorOptions {
            dictionary: true,
            ..CursorOptions::default()
        }),
        Step::Params(vec![
            PyValue::Int(3),
            PyValue::Str("'; delete * from users ; --".into()),
        ]),
        Step::Execute("INSERT INTO user (id, name) VALUES (%s, %s)".into()),
        Step::Get(Attribute::Statement),
        Step::Execute("SELECT * FROM user WHERE id > 1 ORDER BY id".into()),
        Step::FetchMany(Some(5)),
        Step::Rollback,
        Step::Cursor(CursorOptions {
            prepared: true,
            named_tuple: true,
            ..CursorOptions::default()
        }),
        Step::Params(vec![PyValue::Int(2)]),
        Step::Execute("SELECT id, name FROM user WHERE id = %s".into()),
        Step::FetchAll,
        Step::Get(Attribute::Description),
        Step::Autocommit(true),
    ];
    let mut entries = Vec::new();
    for step in steps {
        entries.extend(session.run(step));
    }
    let transcript: String = entries
        .iter()
        .flat_map(rowwise::db::api::Entry::lines)
        .map(|l| l + "\n")
        .collect();
    assert!(
        transcript.contains("Unread result found"),
        "the session shows an error too:\n{transcript}"
    );

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("session.py");
    let python = export_python(&entries, &options);
    assert!(
        !python.contains(PASSWORD),
        "the password stays out of the file"
    );
    std::fs::write(&file, python).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(oracle_python())
        .arg(&file)
        .env("MYSQL_PWD", PASSWORD)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the reference Python: {e}"));
    assert!(
        out.status.success(),
        "the export failed to run:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), transcript);
}

#[test]
fn an_exported_session_with_loops_replays_with_the_real_connector() {
    let server = MariaDb::shared();
    server.root_sql(
        "CREATE DATABASE IF NOT EXISTS export_loops; CREATE OR REPLACE TABLE export_loops.user (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL); INSERT INTO export_loops.user VALUES (1, 'John Doe'), (2, 'Jane Smith');",
    );
    let options = server.tcp_options(Some("export_loops"));
    let mut session = Session::connect(&options).unwrap_or_else(|e| panic!("{e}"));
    let row = |id: i128, name: &str| vec![PyValue::Int(id), PyValue::Str(name.into())];
    let steps = vec![
        Step::Iterate,
        Step::ParamsMany(vec![row(3, "Ann"), row(4, "O'Brien")]),
        Step::Execute("INSERT INTO user (id, name) VALUES (%s, %s)".into()),
        Step::Get(Attribute::Statement),
        Step::ParamsMany(vec![row(5, "Eve"), row(1, "dup")]),
        Step::Execute("INSERT INTO user (id, name) VALUES (%s, %s)".into()),
        Step::Arraysize(3),
        Step::Execute("SELECT id, name FROM user ORDER BY id".into()),
        Step::FetchMany(None),
        Step::Iterate,
        Step::Cursor(CursorOptions {
            named_tuple: true,
            ..CursorOptions::default()
        }),
        Step::Execute("SELECT 1".into()),
        Step::Iterate,
        Step::Rollback,
    ];
    let mut entries = Vec::new();
    for step in steps {
        entries.extend(session.run(step));
    }
    let transcript: String = entries
        .iter()
        .flat_map(rowwise::db::api::Entry::lines)
        .map(|l| l + "\n")
        .collect();
    for shown in [
        "No result set to fetch from",
        "...\n(4, \"O'Brien\")\n",
        "Duplicate entry '1'",
        "ValueError: Type names and field names must be valid identifiers: '1'",
    ] {
        assert!(transcript.contains(shown), "{shown}:\n{transcript}");
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("session.py");
    std::fs::write(&file, export_python(&entries, &options)).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(oracle_python())
        .arg(&file)
        .env("MYSQL_PWD", PASSWORD)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the reference Python: {e}"));
    assert!(
        out.status.success(),
        "the export failed to run:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), transcript);
}
