//! Secrets: a connection password, given every way rowwise accepts one, never shows up in
//! `--print-defaults`, error messages, the TUI's history or its Python export; the files
//! rowwise writes are private (0600); option files are checked as the mysql client checks
//! them.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use common::tmux::Tmux;
use common::{MariaDb, rowwise, run, stderr, stdout};

/// A password no other text in the output could contain by chance.
const SECRET: &str = "Zq8-w1ld-S3cret";
/// A second one, typed inside a statement.
const STATEMENT_SECRET: &str = "Kv5-typed-S3cret";
const SECRET_USER: &str = "secret_keeper";

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn server_with_secret_user() -> &'static MariaDb {
    let server = MariaDb::shared();
    server.root_sql(&format!(
        "CREATE USER IF NOT EXISTS '{SECRET_USER}'@'%' IDENTIFIED BY '{SECRET}'; GRANT ALL ON *.* TO '{SECRET_USER}'@'%'; CREATE DATABASE IF NOT EXISTS secrets_test;"
    ));
    server
}

fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn write_private(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// A private ./connector.cnf in `home` that connects as the secret user.
fn write_connector_cnf(server: &MariaDb, home: &Path) -> std::path::PathBuf {
    let file = home.join("connector.cnf");
    write_private(
        &file,
        &format!(
            "[client]\nhost=127.0.0.1\nport={}\nuser={SECRET_USER}\npassword={SECRET}\ndatabase=secrets_test\n",
            server.port
        ),
    );
    file
}

#[test]
fn print_defaults_masks_the_password_whichever_way_it_came() {
    let home = home();
    let file = home.path().join("secret.cnf");
    write_private(&file, &format!("[client]\nuser=u\npassword={SECRET}\n"));
    let file_flag = format!("--defaults-file={}", file.display());
    let url = format!("mysql://u:{SECRET}@127.0.0.1:3306/db");
    let password_flag = format!("--password={SECRET}");
    let short_flag = format!("-p{SECRET}");
    let ways: [(&str, Vec<&str>, Option<&str>); 5] = [
        ("option file", vec![file_flag.as_str()], None),
        ("MYSQL_PWD", vec!["--no-defaults"], Some(SECRET)),
        (
            "--password=",
            vec!["--no-defaults", password_flag.as_str()],
            None,
        ),
        ("-p", vec!["--no-defaults", short_flag.as_str()], None),
        ("URL", vec!["--no-defaults", url.as_str()], None),
    ];
    for (way, args, env_password) in ways {
        let mut cmd = rowwise(home.path());
        cmd.args(&args).arg("--print-defaults");
        if let Some(password) = env_password {
            cmd.env("MYSQL_PWD", password);
        }
        let out = run(&mut cmd);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(out.status.success(), "{way}: {all}");
        assert!(
            all.contains("--password=*****"),
            "{way}: the password is shown as set:\n{all}"
        );
        assert!(!all.contains(SECRET), "{way} leaked the password:\n{all}");
    }
}

#[test]
fn connection_errors_never_echo_the_password() {
    let server = server_with_secret_user();
    let home = home();
    let port = server.port.to_string();
    let bad_url = format!("mysql://{SECRET_USER}:{SECRET}@127.0.0.1:notaport/secrets_test");
    let wrong_password = format!("-p{SECRET}-wrong");
    let right_password = format!("-p{SECRET}");
    let cases: [(&str, Vec<&str>, &str); 3] = [
        (
            "wrong password",
            vec![
                "-h",
                "127.0.0.1",
                "-P",
                &port,
                "-u",
                SECRET_USER,
                &wrong_password,
            ],
            "ERROR 1045 (28000)",
        ),
        (
            "malformed URL",
            vec![bad_url.as_str()],
            "is not a port number",
        ),
        (
            "nothing listening",
            vec![
                "-h",
                "127.0.0.1",
                "-P",
                "1",
                "-u",
                SECRET_USER,
                &right_password,
            ],
            "ERROR 2003 (HY000)",
        ),
    ];
    for (case, args, expected) in cases {
        let out = run(rowwise(home.path())
            .arg("--no-defaults")
            .args(&args)
            .args(["-e", "SELECT 1"]));
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(out.status.code(), Some(1), "{case}: {all}");
        assert!(all.contains(expected), "{case}: {all}");
        assert!(!all.contains(SECRET), "{case} leaked the password:\n{all}");
    }
}

#[test]
fn an_option_file_with_a_password_that_others_can_read_is_warned_about() {
    let server = server_with_secret_user();
    let home = home();
    let file = write_connector_cnf(server, home.path());
    let query = |home: &Path| run(rowwise(home).args(["-e", "SELECT 'connected'"]));

    let private = query(home.path());
    assert!(private.status.success(), "{}", stderr(&private));
    assert!(
        !stderr(&private).contains("warning"),
        "{}",
        stderr(&private)
    );

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644))
        .unwrap_or_else(|e| panic!("{e}"));
    let readable = query(home.path());
    assert!(readable.status.success(), "{}", stderr(&readable));
    assert!(
        stderr(&readable).contains("holds a password and can be read by other users"),
        "{}",
        stderr(&readable)
    );
    assert!(!stderr(&readable).contains(SECRET), "{}", stderr(&readable));

    // World-writable: ignored, as the mysql client ignores it, so no host, user or
    // password from it is used.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666))
        .unwrap_or_else(|e| panic!("{e}"));
    let printed = run(rowwise(home.path()).arg("--print-defaults"));
    let all = format!("{}{}", stdout(&printed), stderr(&printed));
    assert!(
        all.contains("World-writable config file") && all.contains("is ignored"),
        "{all}"
    );
    assert!(!all.contains(SECRET_USER), "{all}");
}

#[test]
fn the_tui_history_and_python_export_are_private_and_hold_no_password() {
    let server = server_with_secret_user();
    let home = home();
    write_connector_cnf(server, home.path());
    let wait = Duration::from_secs(15);
    let tmux = Tmux::start(env!("CARGO_BIN_EXE_rowwise"), &[], home.path(), (110, 32));
    tmux.wait_for("F5 run", wait);
    tmux.run_sql("SELECT 'visible' AS marker");
    tmux.wait_for("'visible'", wait);
    tmux.run_sql(&format!(
        "CREATE OR REPLACE USER 'typed_user'@'%' IDENTIFIED BY '{STATEMENT_SECRET}'"
    ));
    tmux.wait_for("No result set. rowcount", wait);
    tmux.keys(&["C-s"]);
    let export = home.path().join("rowwise_session.py");
    tmux.wait_until("the Python export", wait, |_| export.exists());
    tmux.keys(&["C-q"]);
    tmux.wait_for("EXITED:", wait);

    let python = std::fs::read_to_string(&export).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mode_of(&export), 0o600, "the export is private");
    assert!(python.contains("SELECT 'visible' AS marker"), "{python}");
    assert!(python.contains("left out of this file"), "{python}");
    for secret in [SECRET, STATEMENT_SECRET] {
        assert!(
            !python.contains(secret),
            "the export holds {secret}:\n{python}"
        );
    }

    let history = home.path().join(".local/share/rowwise/tui-history");
    let saved = std::fs::read_to_string(&history).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mode_of(&history), 0o600, "the history is private");
    assert!(saved.contains("SELECT 'visible' AS marker"), "{saved}");
    for secret in [SECRET, STATEMENT_SECRET] {
        assert!(
            !saved.contains(secret),
            "the history holds {secret}:\n{saved}"
        );
    }
}
