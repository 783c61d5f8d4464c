//! Line mode on a terminal (tmux): typed and pasted input, the history, the password prompt.

mod common;

use std::time::Duration;

use common::tmux::Tmux;
use common::{MariaDb, PASSWORD, USER};

const WAIT: Duration = Duration::from_secs(15);

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn start_line(server: &MariaDb, home: &std::path::Path) -> Tmux {
    let mut args = vec!["--line".to_owned()];
    args.extend(server.cli_flags("test"));
    let tmux = Tmux::start(env!("CARGO_BIN_EXE_rowwise"), &args, home, (100, 40));
    tmux.wait_for("@test>", WAIT);
    tmux
}

/// A block of statements pasted without bracketed paste runs every statement (only the
/// first ran: the line editor dropped what it had read ahead).
#[test]
fn a_pasted_block_of_statements_runs_every_statement() {
    let server = MariaDb::shared();
    let home = home();
    let tmux = start_line(server, home.path());
    tmux.type_text("SELECT 'one' AS a;\nSELECT 'two' AS b;\nSELECT 'three' AS c;\n");
    let screen = tmux.wait_until("three results", WAIT, |s| {
        s.matches("1 row in set").count() >= 3
    });
    assert!(screen.contains("| three |"), "{screen}");
    tmux.keys(&["C-d"]);
    tmux.wait_for("EXITED:0", WAIT);
}

/// Typed statements reach the history file (0600), passwords never do.
#[test]
fn typed_statements_reach_the_private_history_and_passwords_do_not() {
    use std::os::unix::fs::PermissionsExt;
    let server = MariaDb::shared();
    let home = home();
    let tmux = start_line(server, home.path());
    tmux.type_text("SELECT 'remember me';");
    tmux.keys(&["Enter"]);
    tmux.wait_for("1 row in set", WAIT);
    tmux.type_text("CREATE USER IF NOT EXISTS 'histtest'@'%' IDENTIFIED BY 'hunter2-secret';");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Query OK", WAIT);
    tmux.type_text("DROP USER 'histtest'@'%';");
    tmux.keys(&["Enter"]);
    tmux.wait_until("two Query OK", WAIT, |s| s.matches("Query OK").count() >= 2);
    tmux.keys(&["C-d"]);
    tmux.wait_for("EXITED:0", WAIT);
    let path = home.path().join(".local/share/rowwise/history");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(text.contains("SELECT 'remember me';"), "{text}");
    assert!(!text.contains("hunter2-secret"), "{text}");
    let mode = std::fs::metadata(&path).map_or(0, |m| m.permissions().mode() & 0o777);
    assert_eq!(mode, 0o600);
}

/// Ctrl-C at `Enter password:` leaves the terminal with its echo on (it was left off).
#[test]
fn ctrl_c_at_the_password_prompt_gives_the_echo_back() {
    let server = MariaDb::shared();
    let home = home();
    let args: Vec<String> = [
        "--no-defaults",
        "-h",
        "127.0.0.1",
        "-P",
        &server.port.to_string(),
        "-u",
        USER,
        "-p",
        "--line",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let tmux = Tmux::start_with(
        env!("CARGO_BIN_EXE_rowwise"),
        &args,
        home.path(),
        (100, 30),
        &[],
        "stty -a | tr ' ' '\\n' | grep -x -e echo -e -echo | sed 's/^/MODE=/'",
    );
    tmux.wait_for("Enter password:", WAIT);
    tmux.type_text("half a pass");
    tmux.keys(&["C-c"]);
    let screen = tmux.wait_for("MODE=", WAIT);
    assert!(screen.contains("EXITED:130"), "{screen}");
    assert!(screen.contains("MODE=echo"), "{screen}");
    assert!(!screen.contains("half a pass"), "{screen}");
    // And the prompt still reads a password when one is typed.
    let tmux = Tmux::start(env!("CARGO_BIN_EXE_rowwise"), &args, home.path(), (100, 30));
    tmux.wait_for("Enter password:", WAIT);
    tmux.type_text(PASSWORD);
    tmux.keys(&["Enter"]);
    tmux.wait_for("@(none)>", WAIT);
}

/// Results go through the pager on a terminal: `--pager CMD`, `nopager`, `pager CMD` (and
/// by default `less -SFX`, which leaves at once when the result fits).
#[test]
fn results_go_through_the_pager_which_the_commands_change() {
    let server = MariaDb::shared();
    let home = home();
    let mut args = vec![
        "--line".to_owned(),
        "--pager".to_owned(),
        "sed 's/^/PAGED /'".to_owned(),
    ];
    args.extend(server.cli_flags("test"));
    let tmux = Tmux::start(env!("CARGO_BIN_EXE_rowwise"), &args, home.path(), (100, 40));
    tmux.wait_for("@test>", WAIT);
    tmux.type_text("SELECT 'first' AS v;");
    tmux.keys(&["Enter"]);
    tmux.wait_for("PAGED | first |", WAIT);
    tmux.type_text("nopager");
    tmux.keys(&["Enter"]);
    tmux.wait_for("PAGER set to stdout", WAIT);
    tmux.type_text("SELECT 'second' AS w;");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("| second |", WAIT);
    assert!(!screen.contains("PAGED | second"), "{screen}");
    tmux.type_text("pager sed 's/^/P2 /'");
    tmux.keys(&["Enter"]);
    tmux.wait_for("PAGER set to 'sed 's/^/P2 /''", WAIT);
    tmux.type_text("SELECT 'third' AS t;");
    tmux.keys(&["Enter"]);
    tmux.wait_for("P2 | third |", WAIT);
    tmux.keys(&["C-d"]);
    tmux.wait_for("EXITED:0", WAIT);
}

/// The `[rowwise] pager` key is the pager, and `--auto-vertical-output` prints a table
/// wider than the terminal vertically (as the mysql client) while a narrow one stays a table.
#[test]
fn the_option_file_pager_is_used_and_a_table_wider_than_the_terminal_turns_vertical() {
    let server = MariaDb::shared();
    let home = home();
    let cnf = home.path().join("rowwise.cnf");
    std::fs::write(&cnf, "[rowwise]\npager=sed 's/^/CNF /'\n").unwrap_or_else(|e| panic!("{e}"));
    let mut args = server.cli_flags("test");
    assert_eq!(args[0], "--no-defaults");
    args[0] = format!("--defaults-file={}", cnf.display());
    args.extend(["--line".to_owned(), "--auto-vertical-output".to_owned()]);
    let tmux = Tmux::start(env!("CARGO_BIN_EXE_rowwise"), &args, home.path(), (100, 40));
    tmux.wait_for("@test>", WAIT);
    tmux.type_text("SELECT 'narrow' AS n;");
    tmux.keys(&["Enter"]);
    tmux.wait_for("CNF | narrow |", WAIT);
    // Two 50-byte columns make a table 107 columns wide on a terminal of 100.
    tmux.type_text("SELECT REPEAT('a', 50) AS x, REPEAT('b', 50) AS y;");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for(&format!("CNF y: {}", "b".repeat(50)), WAIT);
    assert!(
        screen.contains("CNF *************************** 1. row ***************************"),
        "{screen}"
    );
    assert!(!screen.contains("| aaaa"), "{screen}");
    tmux.keys(&["C-d"]);
    tmux.wait_for("EXITED:0", WAIT);
}
