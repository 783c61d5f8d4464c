//! Terminal and signals: the real binary in full-screen mode in tmux. A panic (forced in
//! this debug build with `ROWWISE_TEST_PANIC`), SIGTERM and SIGHUP each leave the terminal
//! as it was — off the alternate screen, out of raw mode (`stty` shows `icanon` and
//! `echo`) — with a message that names what happened, no password, and what became of an
//! open transaction (rolled back by the server, never committed).

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::tmux::Tmux;
use common::{MariaDb, PASSWORD};

const WAIT: Duration = Duration::from_secs(15);

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// The TUI on `database`, with `env`; after it exits the pane prints `stty -a`.
fn start_tui(
    server: &MariaDb,
    home: &std::path::Path,
    database: &str,
    env: &[(&str, &str)],
) -> Tmux {
    let tmux = Tmux::start_with(
        env!("CARGO_BIN_EXE_rowwise"),
        &server.cli_flags(database),
        home,
        (120, 34),
        env,
        "stty -a; echo STTY-DONE",
    );
    tmux.wait_for("F5 run", WAIT);
    assert!(tmux.alternate_screen(), "the TUI uses the alternate screen");
    tmux
}

/// Waits for the program to end with `status`, then checks the terminal is restored:
/// off the alternate screen, and `stty -a` (run by the pane's shell afterwards) shows
/// canonical mode and echo. Returns the screen.
fn assert_restored(tmux: &Tmux, status: u32) -> String {
    let screen = tmux.wait_until("the exit and stty", WAIT, |s| {
        s.contains(&format!("EXITED:{status}")) && s.contains("STTY-DONE")
    });
    assert!(
        !tmux.alternate_screen(),
        "left the alternate screen:\n{screen}"
    );
    let modes: Vec<&str> = screen
        .split(|c: char| c.is_whitespace() || c == ';')
        .collect();
    for mode in ["icanon", "echo", "icrnl", "opost"] {
        assert!(
            modes.contains(&mode),
            "the terminal is back in cooked mode ({mode}):\n{screen}"
        );
    }
    assert!(!modes.contains(&"-icanon"), "{screen}");
    assert!(
        !screen.contains("F5 run"),
        "the TUI is no longer drawn over the shell:\n{screen}"
    );
    screen
}

/// Sends `signal` to the rowwise process in the pane.
fn send(tmux: &Tmux, signal: &str) {
    let pid = tmux
        .program_pid(env!("CARGO_BIN_EXE_rowwise"))
        .unwrap_or_else(|| panic!("rowwise is not running in the pane"));
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status();
    assert!(status.is_ok_and(|s| s.success()), "kill -{signal} {pid}");
}

/// Waits until the password user has no session left on the server (the killed program's
/// session ended and its transaction was rolled back), then counts the rows of `table`.
fn rows_after_session_ended(server: &MariaDb, table: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(5);
    while server
        .root_value("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = 'rowwise'")
        != "0"
    {
        assert!(Instant::now() < deadline, "the session did not end");
        std::thread::sleep(Duration::from_millis(50));
    }
    server.root_value(&format!("SELECT COUNT(*) FROM {table}"))
}

#[test]
fn a_panic_in_the_ui_restores_the_terminal_prints_no_password_and_says_the_transaction_is_gone() {
    let server = MariaDb::start();
    server.root_sql("CREATE TABLE test.p (id INT PRIMARY KEY)");
    let home = home();
    let tmux = start_tui(
        &server,
        home.path(),
        "test",
        &[("ROWWISE_TEST_PANIC", "ui")],
    );
    tmux.run_sql("INSERT INTO p VALUES (1)");
    tmux.wait_for("1 uncommitted", WAIT);
    tmux.run_sql("SELECT 'rowwise_test_panic'");
    let screen = assert_restored(&tmux, 101);
    assert!(screen.contains("rowwise crashed"), "{screen}");
    assert!(screen.contains("forced test panic in the ui"), "{screen}");
    assert!(screen.contains("The terminal was restored"), "{screen}");
    assert!(
        screen.contains(
            "the open transaction is rolled back as the connection closes; its 1 uncommitted statement(s) are gone"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("password: Some(\"*****\")"),
        "the options are in the message, masked:\n{screen}"
    );
    assert!(!screen.contains(PASSWORD), "no password:\n{screen}");
    assert_eq!(rows_after_session_ended(&server, "test.p"), "0");
}

#[test]
fn a_panic_in_the_database_worker_ends_the_program_with_the_terminal_restored() {
    let server = MariaDb::shared();
    let home = home();
    let tmux = start_tui(
        server,
        home.path(),
        "test",
        &[("ROWWISE_TEST_PANIC", "worker")],
    );
    tmux.run_sql("SELECT 'rowwise_test_panic'");
    let screen = assert_restored(&tmux, 101);
    assert!(
        screen.contains("rowwise crashed in thread 'db-worker'"),
        "{screen}"
    );
    assert!(!screen.contains(PASSWORD), "no password:\n{screen}");
    assert!(!screen.contains("transaction"), "none was open:\n{screen}");
}

#[test]
fn sigterm_restores_the_terminal() {
    let server = MariaDb::shared();
    let home = home();
    let tmux = start_tui(server, home.path(), "test", &[]);
    send(&tmux, "TERM");
    let screen = assert_restored(&tmux, 1);
    assert!(screen.contains("rowwise: SIGTERM: exiting"), "{screen}");
}

#[test]
fn sighup_restores_the_terminal() {
    let server = MariaDb::shared();
    let home = home();
    let tmux = start_tui(server, home.path(), "test", &[]);
    send(&tmux, "HUP");
    let screen = assert_restored(&tmux, 1);
    assert!(screen.contains("rowwise: SIGHUP: exiting"), "{screen}");
}

#[test]
fn sigterm_with_an_open_transaction_rolls_it_back_and_says_so() {
    let server = MariaDb::start();
    server.root_sql("CREATE TABLE test.s (id INT PRIMARY KEY)");
    let home = home();
    let tmux = start_tui(&server, home.path(), "test", &[]);
    tmux.run_sql("INSERT INTO s VALUES (1)");
    tmux.wait_for("1 uncommitted", WAIT);
    tmux.run_sql("INSERT INTO s VALUES (2)");
    tmux.wait_for("2 uncommitted", WAIT);
    send(&tmux, "TERM");
    let screen = assert_restored(&tmux, 1);
    assert!(
        screen.contains(
            "rowwise: SIGTERM: the open transaction is rolled back as the connection closes; its 2 uncommitted statement(s) are gone"
        ),
        "{screen}"
    );
    assert_eq!(rows_after_session_ended(&server, "test.s"), "0");
}

#[test]
fn sighup_in_the_line_repl_restores_the_terminal_and_says_the_transaction_is_gone() {
    let server = MariaDb::start();
    server.root_sql("CREATE TABLE test.l (id INT PRIMARY KEY)");
    let home = home();
    let mut args = vec!["--line".to_owned()];
    args.extend(server.cli_flags("test"));
    let tmux = Tmux::start_with(
        env!("CARGO_BIN_EXE_rowwise"),
        &args,
        home.path(),
        (120, 34),
        &[],
        "stty -a; echo STTY-DONE",
    );
    tmux.wait_for("@test>", WAIT);
    tmux.type_text("START TRANSACTION;");
    tmux.keys(&["Enter"]);
    // Type only at the prompt: keys sent before the line editor reads again can be lost.
    let _ = tmux.wait_for_prompt("rowwise@test>", "Query OK", 1, WAIT);
    tmux.type_text("INSERT INTO l VALUES (1);");
    tmux.keys(&["Enter"]);
    let _ = tmux.wait_for_prompt("rowwise@test>", "Query OK", 2, WAIT);
    // Half a line typed: rustyline has the terminal in raw mode.
    tmux.type_text("SELECT");
    send(&tmux, "HUP");
    let screen = assert_restored(&tmux, 1);
    assert!(
        screen.contains(
            "rowwise: SIGHUP: the open transaction is rolled back as the connection closes"
        ),
        "{screen}"
    );
    assert_eq!(rows_after_session_ended(&server, "test.l"), "0");
}
