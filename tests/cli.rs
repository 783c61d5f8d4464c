//! The binary's command line: connection failures read like the course's error handling,
//! exit codes, and secrets kept out of the output.

mod common;

use std::io::Write;

use common::{MariaDb, PASSWORD, USER, rowwise, run, stderr, stdout};

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn script_file(dir: &std::path::Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("t.cur");
    let mut f = std::fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
    f.write_all(text.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    path
}

fn assert_no_panic(err: &str) {
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "a panic reached the user:\n{err}"
    );
}

#[test]
fn script_runs_as_root_over_tcp_without_a_password() {
    let server = MariaDb::shared();
    let home = home();
    let script = script_file(home.path(), "SELECT 1 + 1;\n\\fetchone\n");
    let out = run(rowwise(home.path())
        .args(["script", "--no-defaults", "-h", "127.0.0.1", "-P"])
        .arg(server.port.to_string())
        .args(["-u", "root", "-D", "test"])
        .arg(&script));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        ">>> cursor = cnx.cursor()\n>>> cursor.execute('SELECT 1 + 1')\n>>> cursor.fetchone()\n(2,)\n"
    );
}

#[test]
fn wrong_password_says_so_with_errno_and_sqlstate() {
    let server = MariaDb::shared();
    let home = home();
    let script = script_file(home.path(), "SELECT 1;\n");
    let out = run(rowwise(home.path())
        .args(["script", "--no-defaults", "-h", "127.0.0.1", "-P"])
        .arg(server.port.to_string())
        .args(["-u", USER, "-pnot-the-password"])
        .arg(&script));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("rowwise: error: wrong user name or password\n"),
        "{err}"
    );
    assert!(
        err.contains("ERROR 1045 (28000): Access denied for user 'rowwise'"),
        "{err}"
    );
    assert!(
        !err.contains("not-the-password"),
        "the password leaked: {err}"
    );
    assert_no_panic(&err);
}

#[test]
fn unknown_database_says_it_does_not_exist() {
    let server = MariaDb::shared();
    let home = home();
    let script = script_file(home.path(), "SELECT 1;\n");
    let out = run(rowwise(home.path())
        .arg("script")
        .args(server.cli_flags("no_such_db"))
        .arg(&script));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("database 'no_such_db' does not exist"),
        "{err}"
    );
    assert!(
        err.contains("ERROR 1049 (42000): Unknown database 'no_such_db'"),
        "{err}"
    );
    assert_no_panic(&err);
}

#[test]
fn closed_port_cannot_be_reached() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_or(1, |a| a.port());
    let home = home();
    let script = script_file(home.path(), "SELECT 1;\n");
    let out = run(rowwise(home.path())
        .args([
            "script",
            "--no-defaults",
            "-h",
            "127.0.0.1",
            "-P",
            &port.to_string(),
            "-u",
            "root",
        ])
        .arg(&script));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("cannot reach the server at 127.0.0.1:{port}")),
        "{err}"
    );
    assert!(
        err.contains("ERROR 2003 (HY000): Can't connect to MySQL server on '127.0.0.1:"),
        "{err}"
    );
    assert_no_panic(&err);
}

#[test]
fn missing_socket_cannot_be_reached() {
    let home = home();
    let socket = home.path().join("nothing.sock");
    let script = script_file(home.path(), "SELECT 1;\n");
    let out = run(rowwise(home.path())
        .args(["script", "--no-defaults", "-S"])
        .arg(&socket)
        .arg(&script));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cannot reach the server through socket"),
        "{err}"
    );
    assert!(
        err.contains("ERROR 2002 (HY000): Can't connect to local MySQL server through socket"),
        "{err}"
    );
    assert_no_panic(&err);
}

#[test]
fn unreadable_script_exits_1_and_usage_errors_exit_2() {
    let home = home();
    let out =
        run(rowwise(home.path()).args(["script", "--no-defaults", "-u", "root", "missing.cur"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.cur"), "{}", stderr(&out));
    let out = run(rowwise(home.path()).args(["--frobnicate"]));
    assert_eq!(out.status.code(), Some(2));
    let out = run(rowwise(home.path()).args(["script"]));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn malformed_script_names_its_line_and_runs_nothing() {
    let server = MariaDb::shared();
    let home = home();
    let script = script_file(home.path(), "SELECT 1;\n\\fetchone\n\\frobnicate\n");
    let out = run(rowwise(home.path())
        .arg("script")
        .args(server.cli_flags("test"))
        .arg(&script));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("t.cur:3: unknown meta-command \\frobnicate"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn print_defaults_never_shows_the_password() {
    let home = home();
    std::fs::write(
        home.path().join("connector.cnf"),
        "[client]\nuser=app\npassword=file-secret\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = run(rowwise(home.path()).args(["--print-defaults", "-h", "db.example"]));
    let text = stdout(&out);
    assert!(out.status.success());
    assert!(text.contains("--password=*****"), "{text}");
    assert!(!text.contains("file-secret"), "{text}");
    let out = run(rowwise(home.path()).args([
        "--print-defaults",
        &format!("-p{PASSWORD}"),
        "mysql://u:url-secret@h/db",
    ]));
    let text = stdout(&out);
    assert!(
        !text.contains(PASSWORD) && !text.contains("url-secret"),
        "{text}"
    );
}
