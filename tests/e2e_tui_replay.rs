//! Issue 13's replay: a scripted TUI session in tmux (statements, parameters through the
//! prompt, an error, fetches, rollback and commit) saved with Ctrl-S, then run with the
//! real mysql-connector-python 8.4.0: it prints the rows the screen showed.

mod common;

use std::process::Command;
use std::time::Duration;

use common::tmux::Tmux;
use common::{MariaDb, PASSWORD};

const WAIT: Duration = Duration::from_secs(15);

/// The reference interpreter (as tests/export.rs finds it).
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

/// Waits until the request started by the last key is over (the spinner's hint gone)
/// and `text` is on screen.
fn settled(tmux: &Tmux, text: &str) -> String {
    tmux.wait_until(text, WAIT, |s| {
        s.contains(text) && !s.contains("Ctrl-C cancels")
    })
}

#[test]
fn a_tui_session_saved_with_ctrl_s_replays_with_the_real_connector_to_the_same_rows() {
    let server = MariaDb::shared();
    // A session left open must fail this fast, not wait for its metadata lock for a year.
    let fixture = "SET SESSION lock_wait_timeout = 20; CREATE DATABASE IF NOT EXISTS e2e_replay; USE e2e_replay; \
         CREATE OR REPLACE TABLE user (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL); \
         INSERT INTO user VALUES (1, 'John Doe'), (2, 'Jane Smith');";
    server.root_sql(fixture);
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let tmux = Tmux::start(
        env!("CARGO_BIN_EXE_rowwise"),
        &server.cli_flags("e2e_replay"),
        home.path(),
        (200, 50),
    );
    tmux.wait_for("F1 help", WAIT);
    // An unbuffered cursor, one row fetched, then a statement refused for unread rows.
    tmux.keys(&["C-a", "C-k"]);
    tmux.type_text("SELECT id, name FROM user ORDER BY id");
    tmux.keys(&["F4"]);
    settled(&tmux, "before the first row");
    tmux.keys(&["F6"]);
    settled(&tmux, "(1, 'John Doe')");
    tmux.run_sql("SELECT 1");
    settled(&tmux, "Unread result found");
    tmux.keys(&["F8"]);
    settled(&tmux, "[(2, 'Jane Smith')]");
    // The course's example, rolled back, then again and committed.
    tmux.run_sql("INSERT INTO user (id, name) VALUES (%s, %s)");
    tmux.wait_for("Parameters", WAIT);
    tmux.type_text("(3, \"O'Brien\")");
    tmux.keys(&["Enter"]);
    settled(&tmux, "1 uncommitted");
    tmux.keys(&["M-r"]);
    settled(&tmux, ">>> cnx.rollback()");
    tmux.run_sql("INSERT INTO user (id, name) VALUES (%s, %s)");
    tmux.wait_for("(3, \"O'Brien\")", WAIT);
    tmux.keys(&["Enter"]);
    settled(&tmux, "1 uncommitted");
    tmux.keys(&["M-c"]);
    settled(&tmux, ">>> cnx.commit()");
    tmux.run_sql("SELECT id, name FROM user ORDER BY id");
    let screen = settled(&tmux, "(3, \"O'Brien\")]");
    assert!(screen.contains("3 fetched"), "{screen}");
    tmux.keys(&["C-s"]);
    settled(&tmux, "Saved");

    // The replay starts from the data the session started from, once the TUI (and the
    // snapshot its open transaction holds) is gone.
    tmux.keys(&["C-q"]);
    tmux.wait_for("EXITED:0", WAIT);
    server.root_sql(fixture);
    let export = home.path().join("rowwise_session.py");
    let out = Command::new(oracle_python())
        .arg(&export)
        .env("MYSQL_PWD", PASSWORD)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the reference Python: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the export failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // What the screen showed, line for line, as the reference prints it.
    for line in [
        ">>> cursor.fetchone()\n(1, 'John Doe')\n",
        ">>> cursor.execute('SELECT 1')\nmysql.connector.errors.InternalError: Unread result found\n",
        ">>> cursor.fetchall()\n[(2, 'Jane Smith')]\n",
        ">>> cursor.execute('INSERT INTO user (id, name) VALUES (%s, %s)', (3, \"O'Brien\"))\n>>> cnx.rollback()\n",
        ">>> cnx.commit()\n",
        "[(1, 'John Doe'), (2, 'Jane Smith'), (3, \"O'Brien\")]\n",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
    // Replayed, the session committed the row once more: it is there, once.
    let count = server.root_value("SELECT COUNT(*) FROM e2e_replay.user WHERE id = 3");
    assert_eq!(count.trim(), "1");
}
