//! Line mode through the binary (`--line` with piped stdin takes rustyline's non-terminal
//! path): mysql-client output, meta-commands, cursor stepping, private history.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{MariaDb, rowwise, stderr, stdout};

fn repl(server: &MariaDb, home: &std::path::Path, input: &str) -> std::process::Output {
    server.root_sql("CREATE DATABASE IF NOT EXISTS repl_test");
    let mut child = rowwise(home)
        .arg("--line")
        .args(server.cli_flags("repl_test"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn results_print_as_the_mysql_client_prints_them() {
    let server = MariaDb::shared();
    let home = home();
    let out = repl(
        server,
        home.path(),
        "CREATE TABLE t1 (id INT PRIMARY KEY, name VARCHAR(20));\nINSERT INTO t1 VALUES (1, 'a'), (2, NULL);\nSELECT * FROM t1\nORDER BY id;\nSELECT * FROM t1 WHERE id > 5;\nSELECT 1/0;\nDROP TABLE t1;\n",
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(text.contains("Query OK, 0 rows affected ("), "{text}");
    assert!(
        text.contains("Query OK, 2 rows affected (")
            && text.contains("Records: 2  Duplicates: 0  Warnings: 0"),
        "{text}"
    );
    assert!(text.contains("+----+------+\n| id | name |\n+----+------+\n|  1 | a    |\n|  2 | NULL |\n+----+------+\n2 rows in set ("), "{text}");
    assert!(text.contains("Empty set ("), "{text}");
    assert!(text.contains("1 row in set, 1 warning ("), "{text}");
}

#[test]
fn vertical_output_and_errors_without_line_numbers() {
    let server = MariaDb::shared();
    let home = home();
    let out = repl(
        server,
        home.path(),
        "SELECT 1 AS a, 'x' AS bb\\G\nSELECT nope;\nSELECT 2;\n",
    );
    let text = stdout(&out);
    assert!(text.contains("*************************** 1. row ***************************\n a: 1\nbb: x\n1 row in set"), "{text}");
    assert!(
        stderr(&out).contains("ERROR 1054 (42S22): Unknown column 'nope' in 'SELECT'"),
        "{}",
        stderr(&out)
    );
    assert!(
        text.contains("| 2 |"),
        "line mode goes on after an error: {text}"
    );
}

#[test]
fn cursor_stepping_prints_python_and_a_table_of_fetched_rows() {
    let server = MariaDb::shared();
    let home = home();
    let input = "CREATE TABLE t2 (id INT PRIMARY KEY);\nINSERT INTO t2 VALUES (1), (2), (3);\n\\cursor\nSELECT id FROM t2 ORDER BY id;\n\\fetchone\n\\rowcount\nSELECT 1;\n\\fetchall\n\\auto\nDROP TABLE t2;\n";
    let out = repl(server, home.path(), input);
    let text = stdout(&out);
    assert!(text.contains(">>> cursor = cnx.cursor()\n>>> cursor.execute('SELECT id FROM t2 ORDER BY id')\n>>> cursor.fetchone()\n(1,)\n+----+\n| id |\n+----+\n|  1 |\n+----+\n>>> cursor.rowcount\n1\n"), "{text}");
    assert!(text.contains(">>> cursor.execute('SELECT 1')\nmysql.connector.errors.InternalError: Unread result found\n>>> cursor.fetchall()\n[(2,), (3,)]"), "{text}");
}

#[test]
fn loops_print_the_python_of_the_script_and_a_table_of_the_rows() {
    let server = MariaDb::shared();
    let home = home();
    let input = "CREATE TABLE t3 (id INT PRIMARY KEY, name VARCHAR(10));\n\\cursor\n\\paramsmany [(1, 'a'), (2, 'b'), (3, 'c')]\nINSERT INTO t3 (id, name) VALUES (%s, %s);\n\\rowcount\n\\arraysize 2\nSELECT id, name FROM t3 ORDER BY id;\n\\fetchmany\n\\iterate\n\\iterate\n\\cursor buffered\n\\iterate\n\\auto\nDROP TABLE t3;\n";
    let out = repl(server, home.path(), input);
    let text = stdout(&out);
    assert!(text.contains(">>> cursor.executemany('INSERT INTO t3 (id, name) VALUES (%s, %s)', [(1, 'a'), (2, 'b'), (3, 'c')])\n>>> cursor.rowcount\n3\n>>> cursor.arraysize = 2\n"), "{text}");
    assert!(
        text.contains(">>> cursor.fetchmany()\n[(1, 'a'), (2, 'b')]\n+----+------+\n"),
        "{text}"
    );
    assert!(text.contains(">>> for row in cursor:\n...     print(row)\n...\n(3, 'c')\n+----+------+\n| id | name |\n+----+------+\n|  3 | c    |\n+----+------+\n"), "{text}");
    // The second loop has nothing left: the prompt lines only, no table.
    assert!(text.contains("|  3 | c    |\n+----+------+\n>>> for row in cursor:\n...     print(row)\n...\n>>> cursor = cnx.cursor(buffered=True)\n"), "{text}");
    assert!(text.contains(">>> cursor = cnx.cursor(buffered=True)\n>>> for row in cursor:\n...     print(row)\n...\nmysql.connector.errors.InterfaceError: No result set to fetch from\n"), "{text}");
}

#[test]
fn delimiter_lets_procedures_through_and_their_results_all_print() {
    let server = MariaDb::shared();
    let home = home();
    let input = "DELIMITER //\nCREATE OR REPLACE PROCEDURE two() BEGIN SELECT 1 AS a; SELECT 2 AS b; END//\nDELIMITER ;\nCALL two();\nDROP PROCEDURE two;\n";
    let out = repl(server, home.path(), input);
    let text = stdout(&out);
    assert!(text.contains("| a |") && text.contains("| b |"), "{text}");
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn tee_copies_output_and_source_runs_a_file() {
    let server = MariaDb::shared();
    let home = home();
    let tee = home.path().join("out.txt");
    let file = home.path().join("two.sql");
    std::fs::write(&file, "SELECT 40 + 2 AS answer;\n").unwrap_or_else(|e| panic!("{e}"));
    let input = format!(
        "\\T {}\n\\. {}\n\\t\nSELECT 'not copied';\n",
        tee.display(),
        file.display()
    );
    let out = repl(server, home.path(), &input);
    assert!(stdout(&out).contains("| answer |"), "{}", stdout(&out));
    let copied = std::fs::read_to_string(&tee).unwrap_or_else(|e| panic!("{e}"));
    assert!(copied.contains("|     42 |"), "{copied}");
    assert!(!copied.contains("not copied"), "{copied}");
}

#[test]
fn formats_switch_with_the_format_command() {
    let server = MariaDb::shared();
    let home = home();
    let out = repl(
        server,
        home.path(),
        "\\format json\nSELECT 1 AS n, 'a' AS s;\n\\format csv\nSELECT 'x,y' AS c;\n",
    );
    let text = stdout(&out);
    assert!(
        text.contains("[\n  {\"n\": 1, \"s\": \"a\"}\n]\n"),
        "{text}"
    );
    assert!(text.contains("c\r\n\"x,y\"\r\n"), "{text}");
}

// ---------------------------------------------------------------------------------------
// Statements are not lost, and the mysql client's commands behave as in the mysql client

/// A last statement without `;` at the end of piped input runs (the mysql client runs it);
/// it was dropped with exit status 0.
#[test]
fn a_last_statement_without_a_delimiter_runs_at_the_end_of_input() {
    let server = MariaDb::shared();
    let home = home();
    let out = repl(
        server,
        home.path(),
        "SELECT 1 AS first;\nSELECT 'the last'\n  AS last",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("| the last |"), "{}", stdout(&out));
}

/// `DELIMITER` alone or with a backslash is refused with the mysql client's words, and `;`
/// still ends statements (it was accepted, and then nothing ended a statement).
#[test]
fn a_delimiter_that_could_never_end_a_statement_is_refused() {
    let server = MariaDb::shared();
    let home = home();
    let out = repl(
        server,
        home.path(),
        "DELIMITER\nDELIMITER \\\\\nSELECT 'still ;' AS s;\n",
    );
    assert_eq!(
        stderr(&out),
        "ERROR: DELIMITER must be followed by a 'delimiter' character or string\n\
         ERROR: DELIMITER cannot contain a backslash character\n"
    );
    assert!(stdout(&out).contains("| still ; |"), "{}", stdout(&out));
}

/// `\c` forgets the statement being typed, on its own line or after some SQL.
#[test]
fn backslash_c_clears_the_statement_being_typed() {
    let server = MariaDb::shared();
    let home = home();
    let out = repl(
        server,
        home.path(),
        "SELECT 'typed'\n\\c\nSELECT 'again' \\c\nSELECT 'run' AS r;\n",
    );
    let text = stdout(&out);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert!(text.contains("| run |"), "{text}");
    assert!(!text.contains("typed") && !text.contains("again"), "{text}");
}

/// `\u db` and `use db` (no `;`: the client's own commands run at once) say `Database
/// changed` as the mysql client does; `status` is the client's command, not SQL (1064).
#[test]
fn use_and_status_are_the_clients_commands_in_both_spellings() {
    let server = MariaDb::shared();
    let home = home();
    let out = repl(
        server,
        home.path(),
        "\\u mysql\nSELECT DATABASE() AS d1;\nuse repl_test\nSELECT DATABASE() AS d2;\nstatus\nSTATUS;\nnowarning\nwarnings\n",
    );
    let text = stdout(&out);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert_eq!(text.matches("Database changed\n").count(), 2, "{text}");
    assert!(
        text.contains("| mysql |") && text.contains("| repl_test |"),
        "{text}"
    );
    assert_eq!(
        text.matches("Current database:       repl_test").count(),
        2,
        "{text}"
    );
    assert!(text.contains("Autocommit:             ON"), "{text}");
    assert!(
        text.contains("Show warnings disabled.\nShow warnings enabled.\n"),
        "{text}"
    );
}

/// The rest of the mysql client's long-form commands, as it words them.
#[test]
fn long_form_commands_answer_as_the_mysql_client_does() {
    let server = MariaDb::shared();
    let home = home();
    let out = repl(
        server,
        home.path(),
        "prompt xx> \ngo\nprint\nsystem echo from-the-shell\nrehash\ncharset utf8mb4\nnopager\nnotee\nconnect\nSELECT 'after connect' AS a;\nclear\nhelp\nexit\nSELECT 'not run';\n",
    );
    let text = stdout(&out);
    assert!(text.contains("PROMPT set to 'xx> '\n"), "{text}");
    assert!(
        text.contains("--------------\n\n--------------\n"),
        "{text}"
    );
    assert!(text.contains("from-the-shell\n"), "{text}");
    assert!(text.contains("Charset changed\n"), "{text}");
    assert!(text.contains("PAGER set to stdout\n"), "{text}");
    assert!(text.contains("Outfile disabled.\n"), "{text}");
    assert!(
        text.contains("Connection id:    ") && text.contains("Current database: repl_test\n"),
        "{text}"
    );
    assert!(text.contains("| after connect |"), "{text}");
    assert!(text.contains("mysql client commands"), "{text}");
    assert!(!text.contains("not run"), "{text}");
    assert_eq!(stderr(&out), "ERROR: No query specified\n\n");
}

/// `\s` on the demo database says what autocommit is (it printed `Autocommit: ?`).
#[test]
fn status_on_the_demo_knows_autocommit() {
    let home = home();
    let mut child = rowwise(home.path())
        .args(["--no-defaults", "--demo", "--line"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(b"\\s\n").unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let text = stdout(&out);
    assert!(text.contains("Autocommit:             ON\n"), "{text}");
}

/// Piped input is not typed: it never reaches the history file.
#[test]
fn piped_input_is_not_written_to_the_history() {
    let server = MariaDb::shared();
    let home = home();
    let out = repl(server, home.path(), "SELECT 'piped, not typed';\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let path = home.path().join(".local/share/rowwise/history");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(!text.contains("piped, not typed"), "{text}");
}

/// `\e` (and `edit`) hands the statement being typed, or else the last one, to $EDITOR,
/// then runs what the editor left; `\p` prints the statement being typed.
#[test]
fn edit_runs_the_statement_through_the_editor() {
    use std::os::unix::fs::PermissionsExt;
    let server = MariaDb::shared();
    let home = home();
    let seen = home.path().join("seen.sql");
    let editor = home.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\ncat \"$1\" >> '{}'\nprintf \"SELECT 'edited' AS e;\\n\" > \"$1\"\n",
            seen.display()
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o700))
        .unwrap_or_else(|e| panic!("{e}"));
    server.root_sql("CREATE DATABASE IF NOT EXISTS repl_test");
    let mut child = rowwise(home.path())
        .arg("--line")
        .args(server.cli_flags("repl_test"))
        .env("EDITOR", &editor)
        .env_remove("VISUAL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(b"SELECT 'typed'\n\\p\n\\e\nSELECT 'last' AS l;\nedit\n")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let text = stdout(&out);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert!(
        text.contains("--------------\nSELECT 'typed'\n--------------\n"),
        "{text}"
    );
    assert_eq!(text.matches("| edited |").count(), 2, "{text}");
    assert!(!text.contains("| typed |"), "{text}");
    let seen = std::fs::read_to_string(&seen).unwrap_or_default();
    assert_eq!(seen, "SELECT 'typed'\nSELECT 'last' AS l\n");
}

/// A sourced file runs as it is read, the client's commands in it included: `use db`
/// without `;`, and `exit`, which ends the session as in the mysql client.
#[test]
fn source_runs_the_clients_commands_in_the_file() {
    let server = MariaDb::shared();
    let home = home();
    let file = home.path().join("inner.sql");
    std::fs::write(
        &file,
        "use mysql\nSELECT DATABASE() AS inside;\nexit\nSELECT 'not run in the file';\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = repl(
        server,
        home.path(),
        &format!("source {}\nSELECT 'not run after exit';\n", file.display()),
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.contains("Database changed\n") && text.contains("| mysql  |"),
        "{text}"
    );
    assert!(!text.contains("not run"), "{text}");
}

/// `connect` opens a new session, which would end an open transaction: it refuses while
/// one is open instead of losing the changes.
#[test]
fn connect_refuses_to_drop_an_open_transaction() {
    let server = MariaDb::shared();
    let home = home();
    let out = repl(
        server,
        home.path(),
        "CREATE TABLE IF NOT EXISTS keep_me (x INT);\nSTART TRANSACTION;\nINSERT INTO keep_me VALUES (7);\nconnect\nCOMMIT;\nSELECT COUNT(*) AS kept FROM keep_me WHERE x = 7;\nDROP TABLE keep_me;\n",
    );
    let err = stderr(&out);
    assert!(
        err.contains("ERROR: a transaction is open: COMMIT or ROLLBACK first"),
        "{err}"
    );
    assert!(stdout(&out).contains("|    1 |"), "{}", stdout(&out));
}

/// Issue 13 case 15: line mode runs in autocommit mode, and its transcript says so
/// (`cnx.autocommit = True`), so that it replays to the same result; `\rollback` then says
/// that nothing was rolled back, and indeed the row stays.
#[test]
fn the_transcript_says_autocommit_is_on_and_rollback_undoes_nothing() {
    let server = MariaDb::shared();
    server.root_sql(
        "CREATE DATABASE IF NOT EXISTS repl_test; CREATE OR REPLACE TABLE repl_test.ac (id INT PRIMARY KEY);",
    );
    let home = home();
    let input = "\\cursor\nINSERT INTO ac VALUES (1);\n\\rollback\n";
    let out = repl(server, home.path(), input);
    let text = stdout(&out);
    assert!(
        text.contains(">>> cnx.autocommit = True\n>>> cursor = cnx.cursor()\n"),
        "{text}"
    );
    assert!(
        text.contains(">>> cnx.rollback()\n# autocommit is on: each statement was committed as it ran, so nothing was rolled back\n"),
        "{text}"
    );
    assert_eq!(server.root_value("SELECT COUNT(*) FROM repl_test.ac"), "1");
    assert_eq!(text.matches("cnx.autocommit = True").count(), 1, "{text}");
}

/// `--auto-vertical-output` without a terminal on stdin: 80 columns, as the mysql client
/// (`mariadb --auto-vertical-output -t` draws 72 x's as a table 80 wide, 73 vertically).
#[test]
fn auto_vertical_output_turns_a_table_wider_than_80_columns_vertical_on_piped_input() {
    let server = MariaDb::shared();
    let home = home();
    let out = rowwise(home.path())
        .args(["--line", "--auto-vertical-output"])
        .args(server.cli_flags("test"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            if let Some(mut stdin) = child.stdin.take() {
                stdin.write_all(
                    b"SELECT REPEAT('x', 72) AS a, 1 AS b;\nSELECT REPEAT('y', 73) AS a, 2 AS b;\n",
                )?;
            }
            child.wait_with_output()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let fits = format!("| {} | 1 |\n", "x".repeat(72));
    assert!(text.contains(&fits), "{text}");
    let wide = format!(
        "*************************** 1. row ***************************\na: {}\nb: 2\n1 row in set",
        "y".repeat(73)
    );
    assert!(text.contains(&wide), "{text}");
}

/// `use db` (`\u db`) asks the session supervisor as every statement does: when it finds
/// the open transaction lost (the server closed the idle session), it is not run on the new
/// session — the database stays, and the user is told to run it again.
#[test]
fn use_is_not_run_when_it_finds_the_open_transaction_lost() {
    let server = MariaDb::shared();
    server.root_sql(
        "CREATE DATABASE IF NOT EXISTS repl_test; CREATE DATABASE IF NOT EXISTS repl_other; CREATE OR REPLACE TABLE repl_test.lost (id INT PRIMARY KEY) ENGINE=InnoDB;",
    );
    let home = home();
    let input = "SET SESSION wait_timeout = 1;\nSET autocommit = 0;\nINSERT INTO lost VALUES (1);\n\\! sleep 3\nuse repl_other\nSELECT DATABASE() AS db;\n";
    let out = repl(server, home.path(), input);
    let (text, err) = (stdout(&out), stderr(&out));
    assert!(
        err.contains("rowwise: the open transaction was lost with the connection: 1 uncommitted statement(s) were rolled back: INSERT INTO lost VALUES (1)"),
        "{err}"
    );
    assert!(err.contains("this statement was not run"), "{err}");
    assert!(!text.contains("Database changed"), "{text}");
    assert!(text.contains("| repl_test |"), "{text}");
    assert_eq!(
        server.root_value("SELECT COUNT(*) FROM repl_test.lost"),
        "0"
    );
}
