//! End-to-end: the real binary in tmux against the private server — run a query, step the
//! cursor, cancel a long statement, quit with uncommitted changes, restore the terminal.

mod common;

use std::time::Duration;

use common::MariaDb;
use common::tmux::Tmux;

const WAIT: Duration = Duration::from_secs(15);

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn start_tui(server: &MariaDb, home: &std::path::Path, database: &str) -> Tmux {
    let tmux = Tmux::start(
        env!("CARGO_BIN_EXE_rowwise"),
        &server.cli_flags(database),
        home,
        (110, 32),
    );
    tmux.wait_for("F5 run", WAIT);
    tmux
}

#[test]
fn a_query_runs_and_the_cursor_steps_row_by_row() {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS e2e_step; USE e2e_step; CREATE OR REPLACE TABLE n (id INT PRIMARY KEY); INSERT INTO n SELECT seq FROM seq_1_to_100;");
    let home = home();
    let tmux = start_tui(server, home.path(), "e2e_step");
    tmux.run_sql("SELECT id FROM n ORDER BY id");
    let screen = tmux.wait_for("cursor.fetchmany(", WAIT);
    let shown = screen
        .lines()
        .find(|l| l.contains("Result —"))
        .unwrap_or_default()
        .to_owned();
    assert!(shown.contains("on row"), "{screen}");
    tmux.keys(&["F6"]);
    let screen = tmux.wait_for(">>> cursor.fetchone()", WAIT);
    assert!(screen.contains("more rows wait on the server"), "{screen}");
    tmux.keys(&["F8"]);
    let screen = tmux.wait_for("after the last row · 100 fetched", WAIT);
    assert!(screen.contains(">>> cursor.fetchall()"), "{screen}");
    assert!(
        screen.lines().any(|l| l.contains("│  100 │")),
        "the last row is on screen:\n{screen}"
    );
}

#[test]
fn running_with_rows_unread_shows_the_reference_error_and_its_explanation() {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS e2e_unread; USE e2e_unread; CREATE OR REPLACE TABLE n (id INT PRIMARY KEY); INSERT INTO n SELECT seq FROM seq_1_to_200;");
    let home = home();
    let tmux = start_tui(server, home.path(), "e2e_unread");
    tmux.run_sql("SELECT id FROM n");
    tmux.wait_for("cursor.fetchmany(", WAIT);
    tmux.run_sql("SELECT 1");
    let screen = tmux.wait_for("Unread result found", WAIT);
    assert!(
        screen.contains("mysql.connector.errors.InternalError: Unread result found"),
        "{screen}"
    );
    assert!(screen.contains("fetch the rest"), "{screen}");
}

/// The connection id shown in the grid for `SELECT CONNECTION_ID() AS cid`.
fn connection_id(tmux: &Tmux) -> String {
    tmux.run_sql("SELECT CONNECTION_ID() AS cid");
    let screen = tmux.wait_for("1 fetched", WAIT);
    let line = screen
        .lines()
        .skip_while(|l| !l.contains(" cid "))
        .nth(1)
        .unwrap_or_default();
    line.split('│')
        .nth(1)
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

#[test]
fn ctrl_c_cancels_a_long_statement_and_the_session_survives() {
    let server = MariaDb::shared();
    let home = home();
    let tmux = start_tui(server, home.path(), "test");
    let before = connection_id(&tmux);
    tmux.run_sql("SELECT SLEEP(30) AS slept");
    tmux.wait_for("Ctrl-C cancels", WAIT);
    let started = std::time::Instant::now();
    tmux.keys(&["C-c"]);
    let screen = tmux.wait_until("the statement to end", WAIT, |s| {
        !s.contains("Ctrl-C cancels") && s.contains("1317")
    });
    // The whole error is in the result pane, wrapped to its width.
    assert!(
        screen.contains("1317 (70100): Query") && screen.contains("execution was interrupted"),
        "{screen}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "cancel took {:?}",
        started.elapsed()
    );
    let after = connection_id(&tmux);
    assert_eq!(
        before, after,
        "the same session (connection id) must survive the cancel"
    );
}

/// Issue 13: F10 over several statements, Ctrl-C while the slow one runs. The screen says
/// where the run stopped and why, the statements after it never reach the server, and the
/// same session goes on.
#[test]
fn ctrl_c_during_f10_stops_the_run_at_the_slow_statement_and_the_session_goes_on() {
    let server = MariaDb::shared();
    server.root_sql("DROP DATABASE IF EXISTS e2e_run_all_stop; CREATE DATABASE e2e_run_all_stop;");
    let home = home();
    let tmux = Tmux::start(
        env!("CARGO_BIN_EXE_rowwise"),
        &server.cli_flags("e2e_run_all_stop"),
        home.path(),
        (200, 40),
    );
    tmux.wait_for("F5 run", WAIT);
    let before = connection_id(&tmux);
    tmux.keys(&["C-a", "C-k"]);
    tmux.type_text(
        "CREATE TABLE first (x INT); SELECT SLEEP(5); CREATE TABLE third (x INT); CREATE TABLE fourth (x INT);",
    );
    tmux.keys(&["F10"]);
    tmux.wait_for("Ctrl-C cancels", WAIT);
    // Statement 1 has run when its table is there: the sleep is running (or about to).
    let tables = || {
        server.root_value(
            "SELECT IFNULL(GROUP_CONCAT(table_name ORDER BY table_name), '') \
             FROM information_schema.tables WHERE table_schema = 'e2e_run_all_stop'",
        )
    };
    let waited = std::time::Instant::now();
    while tables() != "first" {
        assert!(waited.elapsed() < WAIT, "statement 1 never ran");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    let started = std::time::Instant::now();
    tmux.keys(&["C-c"]);
    let screen = tmux.wait_for("Stopped at statement 2 of 4: cancelled", WAIT);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the sleep was not cut short: {:?}\n{screen}",
        started.elapsed()
    );
    assert!(!screen.contains("Ctrl-C cancels"), "still busy:\n{screen}");
    assert_eq!(
        tables(),
        "first",
        "statements 3 and 4 did not run on the server"
    );
    let after = connection_id(&tmux);
    assert_eq!(before, after, "the same session goes on");
}

#[test]
fn quitting_with_uncommitted_changes_asks_first_and_roll_back_keeps_nothing() {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS e2e_quit; CREATE OR REPLACE TABLE e2e_quit.t (id INT PRIMARY KEY);");
    let home = home();
    let tmux = start_tui(server, home.path(), "e2e_quit");
    tmux.run_sql("INSERT INTO t VALUES (1)");
    tmux.wait_for("1 uncommitted", WAIT);
    tmux.keys(&["C-q"]);
    let screen = tmux.wait_for("Quit with uncommitted changes?", WAIT);
    assert!(screen.contains("roll back"), "{screen}");
    tmux.keys(&["r"]);
    let screen = tmux.wait_for("EXITED:0", WAIT);
    assert!(
        !screen.contains("Python (mysql-connector-python)"),
        "the terminal is back to the shell:\n{screen}"
    );
    assert_eq!(
        server.root_value("SELECT COUNT(*) FROM e2e_quit.t"),
        "0",
        "rolled back on the way out"
    );
}

/// The numbers in table cells such as `|  19 |`.
fn table_numbers(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|l| l.strip_prefix('|')?.strip_suffix('|'))
        .map(str::trim)
        .filter(|cell| !cell.is_empty() && cell.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_line_repl_cancels_a_running_statement_with_ctrl_c() {
    let server = MariaDb::shared();
    let home = home();
    let mut args = vec!["--line".to_owned()];
    args.extend(server.cli_flags("test"));
    let tmux = Tmux::start(env!("CARGO_BIN_EXE_rowwise"), &args, home.path(), (100, 30));
    tmux.wait_for("@test>", WAIT);
    tmux.type_text("SELECT CONNECTION_ID() AS cid;");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("1 row in set", WAIT);
    let id_before = table_numbers(&screen).first().cloned().unwrap_or_default();
    tmux.type_text("SELECT SLEEP(30);");
    tmux.keys(&["Enter"]);
    std::thread::sleep(Duration::from_millis(500));
    let started = std::time::Instant::now();
    tmux.keys(&["C-c"]);
    tmux.wait_for("ERROR 1317 (70100): Query execution was interrupted", WAIT);
    assert!(started.elapsed() < Duration::from_secs(10));
    tmux.type_text("SELECT CONNECTION_ID() AS cid2;");
    tmux.keys(&["Enter"]);
    // Wait for the prompt too: a key typed before the line editor reads again can be lost
    // by the terminal's line discipline.
    let screen = tmux.wait_until("a second result and the prompt", WAIT, |s| {
        s.matches("in set").count() >= 2
            && s.lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.trim_end() == "rowwise@test>")
    });
    let id_after = table_numbers(&screen).last().cloned().unwrap_or_default();
    assert!(!id_before.is_empty(), "{screen}");
    assert_eq!(id_before, id_after, "{screen}");
    tmux.keys(&["C-d"]);
    tmux.wait_for("EXITED:0", WAIT);
}

#[test]
fn form_mode_stores_an_injection_string_verbatim_and_shows_the_pool_running_out() {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS e2e_form; CREATE OR REPLACE TABLE e2e_form.user (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL); INSERT INTO e2e_form.user VALUES (1, 'John Doe'), (2, 'Jane Smith');");
    let home = home();
    let tmux = start_tui(server, home.path(), "e2e_form");
    tmux.keys(&["F2"]);
    tmux.wait_for("Jane Smith", WAIT);
    let payload = "'; delete * from users ; --";
    // Focus starts in the search box; Tab moves to the id.
    tmux.keys(&["Tab"]);
    tmux.type_text("3");
    tmux.keys(&["Tab"]);
    tmux.type_text(payload);
    tmux.keys(&["F5"]);
    let screen = tmux.wait_for("3 row(s)", WAIT);
    assert!(
        screen.contains("INSERT INTO user (id, name) VALUES"),
        "{screen}"
    );
    assert!(screen.contains("A string-built query"), "{screen}");
    assert_eq!(
        server.root_value("SELECT name FROM e2e_form.user WHERE id = 3"),
        payload,
        "stored verbatim"
    );
    for n in 1..=3 {
        tmux.keys(&["F7"]);
        tmux.wait_for(
            &format!("Borrowed: cnx{n} = cnxpool.get_connection()"),
            WAIT,
        );
    }
    tmux.keys(&["F7"]);
    let screen = tmux.wait_for("pool exhausted", WAIT);
    assert!(screen.contains("PoolError"), "{screen}");
    tmux.keys(&["F9"]);
    tmux.wait_for("in use 0 · free 3", WAIT);
}

#[test]
fn form_mode_works_on_the_demo_database_without_a_server() {
    let home = home();
    let tmux = Tmux::start(
        env!("CARGO_BIN_EXE_rowwise"),
        &["--demo".to_owned()],
        home.path(),
        (110, 32),
    );
    tmux.wait_for("F5 run", WAIT);
    tmux.keys(&["F2"]);
    tmux.wait_for("Jane Smith", WAIT);
    let payload = "'; delete * from users ; --";
    // Focus starts in the search box; Tab moves to the id.
    tmux.keys(&["Tab"]);
    tmux.type_text("3");
    tmux.keys(&["Tab"]);
    tmux.type_text(payload);
    tmux.keys(&["F5"]);
    let screen = tmux.wait_for("3 row(s)", WAIT);
    assert!(
        screen.contains("INSERT INTO user (id, name) VALUES"),
        "{screen}"
    );
    let demo = home.path().join(".local/share/rowwise/demo.sqlite3");
    let stored: String = rusqlite::Connection::open(&demo)
        .and_then(|c| c.query_row("SELECT name FROM user WHERE id = 3", [], |r| r.get(0)))
        .unwrap_or_else(|e| panic!("reading {}: {e}", demo.display()));
    assert_eq!(stored, payload, "stored verbatim");
    tmux.keys(&["F7"]);
    tmux.wait_for("sqlite3 has no connection pool", WAIT);
}
