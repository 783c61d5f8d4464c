//! Option files and the password as the binary reads them: a file that cannot be used is
//! an error and never sends work to the demo database; every group the mariadb client
//! reads counts; `[rowwise]` settings mean the same in every mode; `-p` without a terminal
//! says how else to give the password, and `--password-stdin` gives it.

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{MariaDb, PASSWORD, USER, rowwise, run, stderr, stdout};

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn write_cnf(home: &Path, bytes: &[u8], mode: u32) -> std::path::PathBuf {
    let path = home.join(".my.cnf");
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("{e}"));
    path
}

/// `[client]` lines that reach the harness's server as the test user, database `db`.
fn client_lines(server: &MariaDb, db: &str) -> String {
    format!(
        "host=127.0.0.1\nport={}\nuser={USER}\npassword={PASSWORD}\ndatabase={db}\n",
        server.port
    )
}

fn no_demo(home: &Path) -> bool {
    !home.join(".local/share/rowwise").exists()
}

fn table_exists(server: &MariaDb, db: &str, table: &str) -> bool {
    server.root_value(&format!(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='{db}' AND table_name='{table}'"
    )) == "1"
}

#[test]
fn a_latin1_comment_in_my_cnf_still_reaches_the_server_not_the_demo() {
    let server = MariaDb::shared();
    server.root_sql(
        "CREATE DATABASE IF NOT EXISTS cnf_latin1; DROP TABLE IF EXISTS cnf_latin1.important;",
    );
    let home = home();
    let mut bytes = b"[client]\n# Gr\xfc\xdfe\n".to_vec();
    bytes.extend_from_slice(client_lines(server, "cnf_latin1").as_bytes());
    write_cnf(home.path(), &bytes, 0o600);
    let out = run(rowwise(home.path()).args(["-e", "CREATE TABLE important(x int)"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(table_exists(server, "cnf_latin1", "important"));
    assert!(no_demo(home.path()), "the demo database was opened");
}

#[test]
fn a_file_that_cannot_be_used_is_an_error_and_never_the_demo() {
    let server = MariaDb::shared();
    server
        .root_sql("CREATE DATABASE IF NOT EXISTS cnf_bad; DROP TABLE IF EXISTS cnf_bad.important;");
    let home = home();
    let lines = client_lines(server, "cnf_bad");
    let cases: [(&str, Vec<u8>, u32, &str); 3] = [
        (
            "world-writable",
            format!("[client]\n{lines}").into_bytes(),
            0o666,
            "can be written by every user",
        ),
        (
            "a Latin-1 value",
            [b"[client]\nuser=M\xfcller\n".as_slice(), lines.as_bytes()].concat(),
            0o600,
            ".my.cnf:2: byte 0xFC at column 7 is not UTF-8",
        ),
        (
            "bad syntax",
            format!("{lines}[client]\n").into_bytes(),
            0o600,
            ".my.cnf:1: option outside any [group]",
        ),
    ];
    for (case, bytes, mode, expected) in cases {
        let path = write_cnf(home.path(), &bytes, mode);
        let out = run(rowwise(home.path()).args(["-e", "CREATE TABLE important(x int)"]));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{case}: {err}");
        assert!(err.contains(expected), "{case}: {err}");
        assert!(err.contains(&path.display().to_string()), "{case}: {err}");
        assert!(no_demo(home.path()), "{case}: the demo database was opened");
        assert!(!table_exists(server, "cnf_bad", "important"), "{case}");
        // --print-defaults lists it as not used, and fails too.
        let out = run(rowwise(home.path()).arg("--print-defaults"));
        assert_eq!(out.status.code(), Some(1), "{case}");
        assert!(
            stdout(&out).contains("NOT USED:"),
            "{case}: {}",
            stdout(&out)
        );
    }
}

#[test]
fn print_defaults_lists_every_file_searched_and_what_happened() {
    let home = home();
    let cnf = write_cnf(home.path(), b"[client]\nhost=db.example\n", 0o600);
    let out = run(rowwise(home.path()).arg("--print-defaults"));
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.contains(&format!("read:      {}", cnf.display())),
        "{text}"
    );
    for missing in [
        home.path().join(".config/rowwise/connector.cnf"),
        home.path().join("connector.cnf"),
    ] {
        assert!(
            text.contains(&format!("not found: {}", missing.display())),
            "{text}"
        );
    }
}

#[test]
fn a_server_in_any_group_the_mariadb_client_reads_is_used() {
    let server = MariaDb::shared();
    let home = home();
    for group in ["mysql", "client-server", "client-mariadb", "mariadb-client"] {
        let text = format!("[{group}]\n{}", client_lines(server, "test"));
        write_cnf(home.path(), text.as_bytes(), 0o600);
        let out = run(rowwise(home.path()).args(["-e", "SELECT CURRENT_USER()"]));
        assert!(out.status.success(), "[{group}]: {}", stderr(&out));
        assert!(
            stdout(&out).contains(&format!("{USER}@")),
            "[{group}]: {}",
            stdout(&out)
        );
        assert!(
            no_demo(home.path()),
            "[{group}]: the demo database was opened"
        );
    }
}

#[test]
fn client_keys_rowwise_does_not_support_are_named_in_a_warning() {
    let server = MariaDb::shared();
    let home = home();
    let text = format!("[client]\n{}safe-updates\n", client_lines(server, "test"));
    let cnf = write_cnf(home.path(), text.as_bytes(), 0o600);
    let out = run(rowwise(home.path()).args(["-e", "SELECT 1"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "rowwise: warning: {}:7: ignored: rowwise does not support safe-updates",
            cnf.display()
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn rowwise_autocommit_0_means_the_same_in_batch_mode_as_in_line_mode() {
    let server = MariaDb::shared();
    server.root_sql(
        "CREATE DATABASE IF NOT EXISTS cnf_ac; CREATE OR REPLACE TABLE cnf_ac.t (x int) ENGINE=InnoDB;",
    );
    let home = home();
    let text = format!(
        "[client]\n{}[rowwise]\nautocommit=0\n",
        client_lines(server, "cnf_ac")
    );
    let cnf = write_cnf(home.path(), text.as_bytes(), 0o600);
    for mode in ["batch", "line"] {
        let mut cmd = rowwise(home.path());
        if mode == "line" {
            cmd.arg("--line");
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(b"INSERT INTO t VALUES (1);\nSELECT COUNT(*) FROM t;\n")
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        assert!(out.status.success(), "{mode}: {}", stderr(&out));
        assert!(stdout(&out).contains('1'), "{mode}: {}", stdout(&out));
        assert_eq!(
            server.root_value("SELECT COUNT(*) FROM cnf_ac.t"),
            "0",
            "{mode}: the INSERT was committed"
        );
        if mode == "batch" {
            assert!(
                stderr(&out).contains(&format!(
                    "autocommit is off ({}:8) and the input ended without COMMIT",
                    cnf.display()
                )),
                "{}",
                stderr(&out)
            );
        }
    }
}

#[test]
fn rowwise_format_is_read_in_batch_mode_and_a_bad_one_is_refused() {
    let server = MariaDb::shared();
    let home = home();
    let text = format!(
        "[client]\n{}[rowwise]\nformat=csv\n",
        client_lines(server, "test")
    );
    write_cnf(home.path(), text.as_bytes(), 0o600);
    let out = run(rowwise(home.path()).args(["-e", "SELECT 1 AS a, 'x,y' AS b"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "a,b\r\n1,\"x,y\"\r\n");
    let text = format!(
        "[client]\n{}[rowwise]\nformat=fancy\n",
        client_lines(server, "test")
    );
    write_cnf(home.path(), text.as_bytes(), 0o600);
    let out = run(rowwise(home.path()).args(["-e", "SELECT 1"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("bad value 'fancy' for format"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_theme_is_an_error_in_batch_mode_too() {
    let home = home();
    let out = run(rowwise(home.path()).args(["--demo", "--theme", "nosuch", "-e", "SELECT 1"]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("bad value 'nosuch' for theme"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn dash_p_without_a_terminal_says_how_to_give_the_password() {
    let server = MariaDb::shared();
    let home = home();
    // setsid: no controlling terminal, whatever runs the tests.
    let mut cmd = Command::new("setsid");
    cmd.arg("-w").arg(env!("CARGO_BIN_EXE_rowwise"));
    let base = rowwise(home.path());
    for (k, v) in base.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let out = run(cmd
        .current_dir(home.path())
        .stdin(Stdio::null())
        .args([
            "--no-defaults",
            "-h",
            "127.0.0.1",
            "-P",
            &server.port.to_string(),
        ])
        .args(["-u", USER, "-p", "-e", "SELECT 1"]));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("no terminal to ask on"), "{err}");
    assert!(
        err.contains("MYSQL_PWD") && err.contains("--password-stdin"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}

#[test]
fn password_stdin_reads_the_first_line_and_leaves_the_rest_as_sql() {
    let server = MariaDb::shared();
    let home = home();
    let port = server.port.to_string();
    let flags = [
        "--no-defaults",
        "-h",
        "127.0.0.1",
        "-P",
        &port,
        "-u",
        USER,
        "--password-stdin",
    ];
    let mut child = rowwise(home.path())
        .args(flags)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(format!("{PASSWORD}\nSELECT CURRENT_USER();\n").as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("{USER}@")),
        "{}",
        stdout(&out)
    );
    let out = run(rowwise(home.path())
        .args(flags)
        .args(["-e", "SELECT 1"])
        .stdin(Stdio::null()));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot read the password from stdin is empty"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn rowwise_autocommit_is_not_silently_dropped_by_rowwise_script() {
    let server = MariaDb::shared();
    let home = home();
    let text = format!(
        "[client]\n{}[rowwise]\nautocommit=1\n",
        client_lines(server, "test")
    );
    let cnf = write_cnf(home.path(), text.as_bytes(), 0o600);
    let script = home.path().join("t.cur");
    std::fs::write(&script, "SELECT 1;\n\\fetchone\n").unwrap_or_else(|e| panic!("{e}"));
    let out = run(rowwise(home.path()).arg("script").arg(&script));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "autocommit ({}:8) does not apply to rowwise script",
            cnf.display()
        )),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).ends_with(">>> cursor.fetchone()\n(1,)\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn dash_p_on_a_terminal_still_asks_for_the_password() {
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
        "-e",
        "SELECT CONCAT('who', 'ami') AS x, CURRENT_USER()",
    ]
    .iter()
    .map(std::string::ToString::to_string)
    .collect();
    let wait = std::time::Duration::from_secs(15);
    let tmux =
        common::tmux::Tmux::start(env!("CARGO_BIN_EXE_rowwise"), &args, home.path(), (100, 20));
    tmux.wait_for("Enter password:", wait);
    tmux.type_text(PASSWORD);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("EXITED:", wait);
    assert!(
        screen.contains("whoami") && screen.contains("EXITED:0"),
        "{screen}"
    );
    assert!(!screen.contains(PASSWORD), "{screen}");
}
