//! Batch mode through the binary: tab-separated output byte for byte as the real `mariadb -B`
//! client prints it (both run against the private server), other formats, errors and
//! exit statuses.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{MariaDb, PASSWORD, USER, rowwise, run, stderr, stdout};

const DATABASE: &str = "batch_test";

fn setup(server: &MariaDb) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let fixture = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/oracle/setup.sql"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        server.root_sql(&format!("CREATE DATABASE IF NOT EXISTS {DATABASE}"));
        server.root_sql_in(Some(DATABASE), &fixture);
    });
}

fn mariadb_client(server: &MariaDb, args: &[&str], sql: &str) -> Vec<u8> {
    let client = ["/usr/bin/mariadb", "/usr/local/bin/mariadb"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    let client =
        client.unwrap_or_else(|| panic!("the mariadb client is needed to compare batch output"));
    let out = Command::new(client)
        .args([
            "--no-defaults",
            "--default-character-set=utf8mb4",
            "-h",
            "127.0.0.1",
            "-P",
            &server.port.to_string(),
            "-u",
            USER,
        ])
        .arg(format!("-p{PASSWORD}"))
        .args(args)
        .arg(DATABASE)
        .arg("-e")
        .arg(sql)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "mariadb failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn batch(server: &MariaDb, home: &Path, args: &[&str], sql: &str) -> std::process::Output {
    run(rowwise(home)
        .args(server.cli_flags(DATABASE))
        .args(args)
        .arg("-e")
        .arg(sql))
}

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn tsv_matches_the_mariadb_client_byte_for_byte_on_every_column_type() {
    let server = MariaDb::shared();
    setup(server);
    let home = home();
    let queries = [
        "SELECT * FROM items ORDER BY id",
        "SELECT * FROM pet ORDER BY name",
        "SELECT * FROM user ORDER BY id; SELECT COUNT(*) FROM counter",
        "SELECT 'a\\rb', 'c\\Zd', 'e\\\\f', X'00' AS `col\\tname`, NULL AS ``, 'NULL', '', 1e300, -0.0",
        "SELECT * FROM empty_table",
    ];
    for sql in queries {
        for skip in [false, true] {
            let extra: &[&str] = if skip { &["-N"] } else { &[] };
            let got = batch(server, home.path(), extra, sql);
            assert!(got.status.success(), "{sql}: {}", stderr(&got));
            let want = mariadb_client(server, &[&["-B"], extra].concat(), sql);
            assert_eq!(
                got.stdout,
                want,
                "{sql} (-N: {skip})\n--- rowwise\n{}\n--- mariadb\n{}",
                stdout(&got),
                String::from_utf8_lossy(&want)
            );
        }
    }
}

#[test]
fn statements_from_stdin_stop_at_the_first_error_with_its_line() {
    let server = MariaDb::shared();
    setup(server);
    let home = home();
    let input = "SELECT 1;\n\nSELECT * FROM\nnope;\nSELECT 3;\n";
    let mut child = rowwise(home.path())
        .args(server.cli_flags(DATABASE))
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
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "1\n1\n");
    assert_eq!(
        stderr(&out),
        "--------------\nSELECT * FROM\nnope\n--------------\n\n\
         ERROR 1146 (42S02) at line 3: Table 'batch_test.nope' doesn't exist\n"
    );
}

fn batch_stdin(server: &MariaDb, home: &Path, args: &[&str], input: &str) -> std::process::Output {
    let mut child = rowwise(home)
        .args(server.cli_flags(DATABASE))
        .args(args)
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

/// The failing statement is printed between dashes before the error, as MariaDB's client
/// does in batch mode (`--print-query-on-error`, on by default; `mariadb` gives the same
/// stderr byte for byte on this file); `--skip-print-query-on-error` leaves it out. The
/// line is the statement's own first line, not the comment after the previous `;`.
#[test]
fn a_failing_statement_is_printed_before_its_error_counted_from_its_own_line() {
    let server = MariaDb::shared();
    setup(server);
    let home = home();
    let input = "SELECT 1;\n-- a comment\n\nSELECT\n  nosuch;\nSELECT 2;\n";
    let out = batch_stdin(server, home.path(), &[], input);
    assert_eq!(out.status.code(), Some(1));
    let want = "--------------\nSELECT\n  nosuch\n--------------\n\n\
                ERROR 1054 (42S22) at line 4: Unknown column 'nosuch' in 'SELECT'\n";
    assert_eq!(stderr(&out), want);
    let out = batch_stdin(server, home.path(), &["--skip-print-query-on-error"], input);
    assert_eq!(
        stderr(&out),
        "ERROR 1054 (42S22) at line 4: Unknown column 'nosuch' in 'SELECT'\n"
    );
}

/// `--echo`, `--error 1064`: a `--` followed by a word at the start of a statement is a
/// comment for the mysql client (its MySQL 4.x rule, which runs mysql-test files); rowwise
/// sent it and the server answered 1064.
#[test]
fn double_dash_word_at_the_start_of_a_statement_is_a_comment() {
    let server = MariaDb::shared();
    setup(server);
    let home = home();
    let input = "--echo # a mysqltest line\nSELECT 1;\n--error 1064\nSELECT 3--1;\n";
    let out = batch_stdin(server, home.path(), &["-N"], input);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "1\n4\n");
}

/// Piped input with `--force`: every statement runs, errors are reported, exit 0.
#[test]
fn force_goes_on_after_errors() {
    let server = MariaDb::shared();
    setup(server);
    let home = home();
    let input = "SELECT 1;\nSELECT nope;\nSELECT 2;\n";
    let out = batch_stdin(server, home.path(), &["--force", "-N"], input);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "1\n2\n");
    assert!(
        stderr(&out).contains("ERROR 1054 (42S22) at line 2"),
        "{}",
        stderr(&out)
    );
}

/// `-e` ignores `--force` in the mariadb client (10.11: `mariadb -B --force -e 'SELECT 1;
/// SELECT nope; SELECT 2'` prints 1, the error, and exits 1); rowwise went on and exited 0.
#[test]
fn execute_stops_at_the_first_error_even_with_force() {
    let server = MariaDb::shared();
    setup(server);
    let home = home();
    for sql in [
        "SELECT 1; SELECT nope; SELECT 2",
        "SELECT 1;\nSELECT nope;\nSELECT 2",
    ] {
        let out = batch(server, home.path(), &["--force", "-N"], sql);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert_eq!(stdout(&out), "1\n");
        assert!(
            stderr(&out).contains("ERROR 1054 (42S22) at line"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn csv_and_json_formats() {
    let server = MariaDb::shared();
    setup(server);
    let home = home();
    let out = batch(
        server,
        home.path(),
        &["--format", "csv"],
        "SELECT id, name FROM user ORDER BY id",
    );
    assert_eq!(stdout(&out), "id,name\r\n1,John Doe\r\n2,Jane Smith\r\n");
    let out = batch(
        server,
        home.path(),
        &["--format", "json"],
        "SELECT id, d_dec, s_var, b_varbin, t_date FROM items ORDER BY id",
    );
    let text = stdout(&out);
    assert!(text.starts_with("[\n  {\"id\": 1, \"d_dec\": 5500.50, \"s_var\": \"Zoë ☃ 🐍\", \"b_varbin\": \"0xdeadbeef\", \"t_date\": \"2024-02-29\"}"), "{text}");
    assert!(text.contains("{\"id\": 3, \"d_dec\": null, \"s_var\": null, \"b_varbin\": null, \"t_date\": null}\n]\n"), "{text}");
}

#[test]
fn broken_pipe_exits_quietly_with_status_0() {
    let server = MariaDb::shared();
    setup(server);
    let home = home();
    let bin = env!("CARGO_BIN_EXE_rowwise");
    let flags = server.cli_flags(DATABASE).join(" ");
    let script = format!(
        "HOME={} {bin} {flags} -N -e 'SELECT seq FROM seq_1_to_1000000' | head -n 1; echo \"status=${{PIPESTATUS[0]}}\"",
        home.path().display()
    );
    let out = run(Command::new("bash")
        .arg("-c")
        .arg(script)
        .env_remove("MYSQL_PWD"));
    assert_eq!(stdout(&out), "1\nstatus=0\n");
    assert!(
        !stderr(&out).contains("panicked") && !stderr(&out).contains("Broken pipe"),
        "{}",
        stderr(&out)
    );
}

/// The mysql client's own commands at the start of a statement run in batch mode too, at
/// once and without `;`: `use db` (it was sent with the next statement glued on), `source`,
/// and `exit`, after which nothing runs.
#[test]
fn use_source_and_exit_are_the_clients_commands_in_batch_mode() {
    let server = MariaDb::shared();
    setup(server);
    let home = home();
    std::fs::write(
        home.path().join("inner.sql"),
        "SELECT 'sourced';\nuse mysql\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let input = "use mysql\nSELECT DATABASE();\n\\u batch_test\nSELECT DATABASE();\nsource inner.sql\nSELECT DATABASE();\nstatus\nexit\nSELECT 'not run';\n";
    let out = batch_stdin(server, home.path(), &["-N"], input);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "mysql\nbatch_test\nsourced\nmysql\n");
    assert_eq!(
        stderr(&out),
        "rowwise: line 7: 'status' is a command of the interactive client; batch mode does not run it\n"
    );
}
