//! End-to-end, issue 13: the grid, the status bar and the Python panel of the real binary
//! show what the cursor did and nothing else (tmux against the private server).

mod common;

use std::time::Duration;

use common::MariaDb;
use common::tmux::Tmux;

const WAIT: Duration = Duration::from_secs(15);

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn start_tui(server: &MariaDb, home: &std::path::Path, database: &str, size: (u16, u16)) -> Tmux {
    let tmux = Tmux::start(
        env!("CARGO_BIN_EXE_rowwise"),
        &server.cli_flags(database),
        home,
        size,
    );
    tmux.wait_for("F1 help", WAIT);
    tmux
}

/// After a multi-statement run refused with `Use multi=True`, the rows of the second
/// statement wait on the connection. A status query of rowwise's own (`SELECT
/// @@in_transaction`) used to take them and leave its own answer for the user's next
/// statement: the grid showed a column nobody selected, for good.
#[test]
fn a_multi_statement_run_never_puts_a_statement_nobody_ran_in_the_grid() {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS e2e_truth_multi;");
    let home = home();
    let tmux = start_tui(server, home.path(), "e2e_truth_multi", (160, 45));
    tmux.type_text("SELECT 1 AS a; SELECT 2 AS b");
    tmux.keys(&["S-Home", "F5"]);
    tmux.wait_for("Use multi=True", WAIT);
    tmux.run_sql("SELECT 3 AS c");
    tmux.wait_for("Unread result found", WAIT);
    tmux.keys(&["F8"]);
    tmux.wait_for("[(1,)]", WAIT);
    // The reference hands out the waiting result of `SELECT 2 AS b` here (generated with
    // mysql-connector-python 8.4.0: `execute('SELECT 4 AS d')`, `fetchall()` -> [(2,)]).
    tmux.run_sql("SELECT 4 AS d");
    let screen = tmux.wait_until("the fetch after SELECT 4", WAIT, |s| {
        s.contains(">>> cursor.execute('SELECT 4 AS d')") && s.contains("fetchmany(")
    });
    assert!(screen.contains("[(2,)]"), "{screen}");
    assert!(!screen.contains("in_transaction"), "{screen}");
}

/// Case 6: after `Unread result found` the cursor is where it was (the reference's
/// rowcount after fetchmany(41) and the error, then `fetchone()`, is 42): the grid keeps
/// its rows and F8 ends with all 100 counted.
#[test]
fn after_unread_result_found_the_grid_counts_rows_as_the_cursor_does() {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS e2e_truth_unread;");
    let home = home();
    let tmux = start_tui(server, home.path(), "e2e_truth_unread", (110, 32));
    tmux.run_sql("SELECT seq FROM seq_1_to_100");
    tmux.wait_for("cursor.fetchmany(", WAIT);
    tmux.run_sql("SELECT 1");
    tmux.wait_for("Unread result found", WAIT);
    tmux.keys(&["F8"]);
    let screen = tmux.wait_for("after the last row · 100 fetched", WAIT);
    assert!(screen.contains("│  100 │"), "{screen}");
}

/// Case 5, the course's central example: `%s` in the editor asks for the parameters as
/// a Python tuple, runs `cursor.execute(query, params)`, and the transcript and the
/// Ctrl-S export say exactly that.
#[test]
fn a_statement_with_placeholders_runs_with_the_parameters_typed_in_the_prompt() {
    let server = MariaDb::shared();
    server.root_sql(
        "CREATE DATABASE IF NOT EXISTS e2e_truth_params; USE e2e_truth_params; \
         CREATE OR REPLACE TABLE user (id INT PRIMARY KEY, name VARCHAR(64));",
    );
    let home = home();
    let tmux = start_tui(server, home.path(), "e2e_truth_params", (120, 32));
    tmux.run_sql("INSERT INTO user (id, name) VALUES (%s, %s)");
    tmux.wait_for("Parameters", WAIT);
    tmux.type_text("(3, \"John Doe\")");
    tmux.keys(&["Enter"]);
    // The panel wraps the call; the export below holds it on one line.
    let screen = tmux.wait_for("VALUES (%s, %s)', (3, 'John Doe'))", WAIT);
    assert!(!screen.contains("1064"), "{screen}");
    tmux.run_sql("SELECT name FROM user WHERE id = 3");
    tmux.wait_for("[('John Doe',)]", WAIT);
    tmux.keys(&["C-s"]);
    tmux.wait_for("Saved", WAIT);
    let export = std::fs::read_to_string(home.path().join("rowwise_session.py"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        export.contains(
            "cursor.execute('INSERT INTO user (id, name) VALUES (%s, %s)', (3, 'John Doe'))"
        ),
        "{export}"
    );
}

/// The line just above the Python panel's bottom border (the panel is on the right).
fn python_panel_bottom(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    let border = lines
        .iter()
        .position(|l| l.contains("┌ Row "))
        .unwrap_or_else(|| panic!("no row pane under the Python panel:\n{screen}"));
    lines
        .get(border.saturating_sub(2))
        .map(|l| l.rsplit("││").next().unwrap_or(l).to_owned())
        .unwrap_or_default()
}

/// Case 3: once the Python panel is full, its newest lines stay in view (long values
/// wrapped at spaces used to push them below the edge), and Shift-PgUp scrolls back.
#[test]
fn the_python_panel_always_shows_its_newest_step_and_scrolls_back() {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS e2e_truth_panel;");
    let home = home();
    let tmux = start_tui(server, home.path(), "e2e_truth_panel", (110, 32));
    for i in 0..4 {
        tmux.run_sql(&format!(
            "SELECT seq, 'lorem ipsum dolor sit amet, consectetur adipiscing elit' AS t{i} FROM seq_1_to_5"
        ));
        tmux.wait_for(&format!("AS t{i} FROM"), WAIT);
        tmux.keys(&["F8"]);
        tmux.wait_until("the fetchall", WAIT, |s| {
            s.matches(">>> cursor.fetchall()").count() > 0 && s.contains("after the last row")
        });
    }
    tmux.run_sql("SELECT 'the-newest' AS w");
    let screen = tmux.wait_until("the newest value", WAIT, |s| {
        python_panel_bottom(s).contains("[('the-newest',)]")
    });
    assert!(
        screen.contains("after the last row · 1 fetched"),
        "{screen}"
    );
    tmux.keys(&["F6"]);
    tmux.wait_until("the last fetchone", WAIT, |s| {
        python_panel_bottom(s).contains(">>> cursor.fetchone()")
    });
    tmux.keys(&["S-PPage"]);
    let screen = tmux.wait_until("the panel scrolled", WAIT, |s| {
        !python_panel_bottom(s).contains("fetchone()")
    });
    assert!(
        !python_panel_bottom(&screen).contains("fetchone()"),
        "{screen}"
    );
}

/// Case 9: at 60x15 there is no room for the side column; F3 brings the Python panel,
/// then the row, into the grid's place, and the status bar keeps the cursor's state.
#[test]
fn at_60x15_every_pane_is_one_key_away_and_the_cursor_state_stays() {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS e2e_truth_small;");
    let home = home();
    let tmux = start_tui(server, home.path(), "e2e_truth_small", (60, 15));
    tmux.run_sql("SELECT seq FROM seq_1_to_50");
    let screen = tmux.wait_for("Result", WAIT);
    assert!(!screen.contains("Python"), "{screen}");
    tmux.keys(&["F3"]);
    let screen = tmux.wait_for("Python", WAIT);
    assert!(screen.contains(">>> cursor.fetchmany("), "{screen}");
    tmux.keys(&["F3"]);
    tmux.wait_for("as tuple", WAIT);
    tmux.keys(&["F3"]);
    let screen = tmux.wait_for("Result", WAIT);
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.contains("MySQLCursor row"), "{screen}");
}

fn find_file(dir: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = find_file(&path, name) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|n| n == name) {
            return Some(path);
        }
    }
    None
}

/// Issue 12 case 10: text typed in the editor and never run is kept on disk (0600) as it
/// is typed, survives kill -9, and is back in the editor at the next start.
#[test]
fn unrun_editor_text_survives_kill_9_and_comes_back_at_the_next_start() {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS e2e_truth_draft;");
    let home = home();
    let tmux = start_tui(server, home.path(), "e2e_truth_draft", (110, 32));
    tmux.type_text("SELECT 'typed and never run' AS draft");
    let deadline = std::time::Instant::now() + WAIT;
    let draft = loop {
        let found = find_file(home.path(), "tui-draft.sql")
            .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("AS draft")));
        if let Some(path) = found {
            break path;
        }
        assert!(std::time::Instant::now() < deadline, "no draft was written");
        std::thread::sleep(Duration::from_millis(50));
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&draft).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600));
    }
    let pid = tmux
        .program_pid(env!("CARGO_BIN_EXE_rowwise"))
        .unwrap_or_else(|| panic!("rowwise is not running"));
    let killed = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status();
    assert!(killed.is_ok_and(|s| s.success()));
    tmux.wait_for("EXITED:", WAIT);
    drop(tmux);
    let again = start_tui(server, home.path(), "e2e_truth_draft", (110, 32));
    let screen = again.wait_for("SELECT 'typed and never run' AS draft", WAIT);
    assert!(
        screen.contains("Restored the text you had not run"),
        "{screen}"
    );
}

/// Case 2: F10 runs the editor's statements one after another through the cursor (a
/// dump's shape: conditional comments, DROP/CREATE/INSERT), fetches each result, and
/// stops at the first error without running the rest.
#[test]
fn f10_runs_statements_one_after_another_and_stops_at_the_first_error() {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS e2e_truth_all;");
    let home = home();
    let tmux = start_tui(server, home.path(), "e2e_truth_all", (160, 45));
    tmux.paste(
        "/*!40101 SET NAMES utf8mb4 */;\n\
         DROP TABLE IF EXISTS t;\n\
         CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20));\n\
         INSERT INTO t VALUES (1,'a'),(2,'b');\n\
         SELECT COUNT(*) AS n FROM t;\n\
         INSERT INTO t VALUES (1,'dup');\n\
         INSERT INTO t VALUES (3,'never');\n",
    );
    tmux.keys(&["F10"]);
    let screen = tmux.wait_for("Stopped at statement 6 of 7", WAIT);
    assert!(screen.contains("[(2,)]"), "{screen}");
    assert!(screen.contains("1062 (23000)"), "{screen}");
    assert!(
        screen.contains("execute(\"INSERT INTO t VALUES (1,'dup')\")")
            && !screen.contains("execute(\"INSERT INTO t VALUES (3,"),
        "the statement after the error did not run:\n{screen}"
    );
}
