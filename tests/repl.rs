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
fn history_is_private_and_never_holds_passwords() {
    let server = MariaDb::shared();
    let home = home();
    let input = "SELECT 'remember me';\nCREATE USER IF NOT EXISTS 'histtest'@'%' IDENTIFIED BY 'hunter2-secret';\nDROP USER 'histtest'@'%';\n";
    let out = repl(server, home.path(), input);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = home.path().join(".local/share/rowwise/history");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(text.contains("SELECT 'remember me';"), "{text}");
    assert!(!text.contains("hunter2-secret"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o600);
    }
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
