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

/// `database` made afresh with the course's two users. A session left open must fail
/// this fast, not wait for its metadata lock for a year.
fn course_users_sql(database: &str) -> String {
    format!(
        "SET SESSION lock_wait_timeout = 20; CREATE DATABASE IF NOT EXISTS {database}; \
         USE {database}; \
         CREATE OR REPLACE TABLE user (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL); \
         INSERT INTO user VALUES (1, 'John Doe'), (2, 'Jane Smith');"
    )
}

/// The full screen at 200x50 on `database`, freshly made with the course's two users.
fn open_on_course_users(server: &MariaDb, database: &str) -> (tempfile::TempDir, Tmux) {
    server.root_sql(&course_users_sql(database));
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let tmux = Tmux::start(
        env!("CARGO_BIN_EXE_rowwise"),
        &server.cli_flags(database),
        home.path(),
        (200, 50),
    );
    tmux.wait_for("F1 help", WAIT);
    (home, tmux)
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
    let (home, tmux) = open_on_course_users(server, "e2e_replay");
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
    server.root_sql(&course_users_sql("e2e_replay"));
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

/// Waits until the form's call is back (its title says so) and `text` is on screen.
fn form_settled(tmux: &Tmux, text: &str) -> String {
    tmux.wait_until(text, WAIT, |s| {
        s.contains(text) && !s.contains("waiting for the DAO")
    })
}

/// Issue 13 case 12: a long session — statements, `%s` parameters, an error, a rollback,
/// then form mode's search, insert, update, a duplicate key and a delete (F2), then an
/// insert committed and a last query — saved with Ctrl-S and run with the real
/// mysql-connector-python 8.4.0: the DAO calls are in the file, as the course writes
/// them, and it prints the rows the grid and the form showed.
#[test]
fn a_session_with_form_mode_calls_replays_with_the_real_connector_to_the_same_rows() {
    let server = MariaDb::shared();
    let (home, tmux) = open_on_course_users(server, "e2e_replay_form");
    let mut shown = Vec::new();
    tmux.run_sql("SELECT id, name FROM user ORDER BY id");
    shown.push(settled(&tmux, "(2, 'Jane Smith')]"));
    tmux.run_sql("SELECT name FROM user WHERE id = %s");
    tmux.wait_for("Parameters", WAIT);
    tmux.type_text("(2,)");
    tmux.keys(&["Enter"]);
    shown.push(settled(&tmux, "[('Jane Smith',)]"));
    tmux.run_sql("SELECT nope FROM user");
    settled(&tmux, "Unknown column 'nope'");
    tmux.run_sql("INSERT INTO user (id, name) VALUES (%s, %s)");
    tmux.wait_for("Parameters", WAIT);
    tmux.type_text("(4, 'Ann')");
    tmux.keys(&["Enter"]);
    settled(&tmux, "1 uncommitted");
    tmux.keys(&["M-r"]);
    settled(&tmux, ">>> cnx.rollback()");

    // Form mode: the list, a search, an insert, an update, a duplicate id, a delete.
    tmux.keys(&["F2"]);
    form_settled(&tmux, "     2  Jane Smith");
    tmux.type_text("J%");
    tmux.keys(&["Enter"]);
    form_settled(&tmux, "find_users_by_name('J%', user_map)");
    tmux.keys(&["Tab"]);
    tmux.type_text("3");
    tmux.keys(&["Tab"]);
    tmux.type_text("O'Brien");
    tmux.keys(&["F5"]);
    shown.push(form_settled(&tmux, "     3  O'Brien"));
    tmux.keys(&["BSpace"; 7]);
    tmux.type_text("O'Neil");
    tmux.keys(&["F5"]);
    shown.push(form_settled(&tmux, "     3  O'Neil"));
    tmux.keys(&["Tab", "Tab", "BSpace", "BSpace"]);
    tmux.type_text("O%");
    tmux.keys(&["Enter"]);
    form_settled(&tmux, "find_users_by_name('O%', user_map)");
    tmux.keys(&["C-n"]);
    tmux.type_text("1");
    tmux.keys(&["Tab"]);
    tmux.type_text("Dup");
    tmux.keys(&["F5"]);
    form_settled(&tmux, "Duplicate entry '1'");
    tmux.keys(&["C-n"]);
    tmux.type_text("3");
    tmux.keys(&["F8"]);
    form_settled(&tmux, "Delete user 3?");
    tmux.keys(&["y"]);
    let screen = form_settled(&tmux, "user_dao.delete_user(3, user_map)");
    assert!(!screen.contains("     3  O'Neil"), "{screen}");
    shown.push(screen);
    tmux.keys(&["Escape"]);
    // A key right after Esc would read as Alt-key: let the escape stand alone first.
    std::thread::sleep(Duration::from_millis(700));

    tmux.run_sql("INSERT INTO user (name, id) VALUES (%s, %s)");
    tmux.wait_for("Parameters", WAIT);
    tmux.type_text("('Eve', 5)");
    tmux.keys(&["Enter"]);
    settled(&tmux, "1 uncommitted");
    tmux.keys(&["M-c"]);
    settled(&tmux, ">>> cnx.commit()");
    tmux.run_sql("SELECT id, name FROM user ORDER BY id");
    shown.push(settled(&tmux, "(5, 'Eve')]"));
    tmux.keys(&["C-s"]);
    settled(&tmux, "Saved");
    tmux.keys(&["C-q"]);
    tmux.wait_for("EXITED:0", WAIT);

    server.root_sql(&course_users_sql("e2e_replay_form"));
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
    // Each pair: what the screen showed, and what the replay prints for it.
    let users = ">>> for user in user_dao.get_users(user_map):\n...     print(user)\n...\n";
    for (screen, replay) in [
        (
            "(2, 'Jane Smith')]",
            "[(1, 'John Doe'), (2, 'Jane Smith')]\n".to_owned(),
        ),
        ("[('Jane Smith',)]", "[('Jane Smith',)]\n".to_owned()),
        (
            "     3  O'Brien",
            format!(
                ">>> user_dao.add_user(UserDTO(3, \"O'Brien\"), user_map)\nUserDTO(id=3, name=\"O'Brien\")\n{users}1 John Doe\n2 Jane Smith\n3 O'Brien\n"
            ),
        ),
        (
            "     3  O'Neil",
            format!(
                ">>> user_dao.update_user(UserDTO(3, \"O'Neil\"), user_map)\n1\n{users}1 John Doe\n2 Jane Smith\n3 O'Neil\n"
            ),
        ),
        (
            "     2  Jane Smith",
            format!(
                ">>> user_dao.delete_user(3, user_map)\n1\n{users}1 John Doe\n2 Jane Smith\n>>> "
            ),
        ),
        (
            "(5, 'Eve')]",
            "[(1, 'John Doe'), (2, 'Jane Smith'), (5, 'Eve')]\n".to_owned(),
        ),
    ] {
        assert!(
            shown.iter().any(|s| s.contains(screen)),
            "the screen never showed {screen:?}"
        );
        assert!(stdout.contains(&replay), "missing {replay:?} in:\n{stdout}");
    }
    for line in [
        "mysql.connector.errors.ProgrammingError: 1054 (42S22): Unknown column 'nope'",
        ">>> cnx.rollback()\n",
        ">>> for user in user_dao.find_users_by_name('J%', user_map):\n...     print(user)\n...\n1 John Doe\n2 Jane Smith\n",
        ">>> user_dao.add_user(UserDTO(1, 'Dup'), user_map)\nmysql.connector.errors.IntegrityError: 1062 (23000): Duplicate entry '1' for key 'PRIMARY'\n",
        ">>> cnx.commit()\n",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
    assert_eq!(
        stdout.matches("class UserDAO").count(),
        0,
        "the classes are defined, not printed"
    );
    let file = std::fs::read_to_string(&export).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(file.matches("class UserDAO:").count(), 1, "{file}");
    let count = server.root_value("SELECT COUNT(*) FROM e2e_replay_form.user");
    assert_eq!(count.trim(), "3", "replayed: John, Jane and Eve");
}
