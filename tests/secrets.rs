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

    // World-writable: not used (anyone could have put a host in it to send the password
    // to), and an error rather than a run without it.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666))
        .unwrap_or_else(|e| panic!("{e}"));
    let refused = query(home.path());
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let printed = run(rowwise(home.path()).arg("--print-defaults"));
    let all = format!("{}{}", stdout(&printed), stderr(&printed));
    assert!(all.contains("can be written by every user"), "{all}");
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

/// The arguments as `ps` shows them to every user of the machine.
fn process_cmdline(pid: u32) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline")).map_or_else(
        |e| panic!("/proc/{pid}/cmdline: {e}"),
        |b| String::from_utf8_lossy(&b).replace('\0', " "),
    )
}

/// Waits until the server runs the statement holding `marker` (so rowwise has connected,
/// long after it hid its password), then returns its command line as the process list
/// shows it.
fn cmdline_while_running(
    server: &MariaDb,
    child: &mut std::process::Child,
    marker: &str,
) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let count = format!(
        "SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE '%{marker}%' AND info NOT LIKE '%processlist%'"
    );
    while server.root_value(&count) == "0" {
        let ended = child.try_wait().ok().flatten();
        assert!(
            std::time::Instant::now() < deadline && ended.is_none(),
            "{marker} never reached the server (rowwise: {ended:?})"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    process_cmdline(child.id())
}

/// Every way of putting a password on the command line, in every mode.
fn password_ways(server: &MariaDb) -> Vec<(&'static str, Vec<String>)> {
    let port = server.port.to_string();
    let flags = |password: &str| -> Vec<String> {
        vec![
            "--no-defaults".into(),
            "-h".into(),
            "127.0.0.1".into(),
            "-P".into(),
            port.clone(),
            "-u".into(),
            SECRET_USER.into(),
            password.to_owned(),
            "-D".into(),
            "secrets_test".into(),
        ]
    };
    vec![
        ("-pSECRET", flags(&format!("-p{SECRET}"))),
        ("--password=SECRET", flags(&format!("--password={SECRET}"))),
        (
            "URL",
            vec![
                "--no-defaults".into(),
                format!(
                    "mysql://{SECRET_USER}:{SECRET}@127.0.0.1:{}/secrets_test",
                    server.port
                ),
            ],
        ),
    ]
}

#[test]
fn the_process_list_never_shows_the_password_in_batch_line_or_script_mode() {
    let server = server_with_secret_user();
    let home = home();
    let script = home.path().join("sleep.cur");
    for (way, args) in password_ways(server) {
        for mode in ["batch", "line", "script"] {
            let marker = format!("argv_{}_{mode}", way.replace(['-', '='], ""));
            let sql = format!("SELECT SLEEP(1) AS {marker};\n");
            let mut cmd = rowwise(home.path());
            cmd.stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            match mode {
                "batch" => cmd.args(&args).args(["-e", &sql]),
                "line" => cmd.args(&args).arg("--line"),
                _ => {
                    std::fs::write(&script, &sql).unwrap_or_else(|e| panic!("{e}"));
                    cmd.args(&args).arg("script").arg(&script)
                }
            };
            let mut child = cmd.spawn().unwrap_or_else(|e| panic!("{e}"));
            if let Some(mut stdin) = child.stdin.take() {
                use std::io::Write;
                if mode == "line" {
                    stdin
                        .write_all(sql.as_bytes())
                        .unwrap_or_else(|e| panic!("{e}"));
                }
            }
            let shown = cmdline_while_running(server, &mut child, &marker);
            let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
            assert!(out.status.success(), "{way} {mode}: {}", stderr(&out));
            assert!(
                !shown.contains(SECRET),
                "{way} in {mode} mode: the process list shows the password: {shown}"
            );
            assert!(
                shown.contains(SECRET_USER) || shown.contains("xxxxxxxx"),
                "{way} in {mode} mode: {shown}"
            );
        }
    }
}

#[test]
fn the_process_list_never_shows_the_password_in_the_tui() {
    let server = server_with_secret_user();
    let home = home();
    let program = env!("CARGO_BIN_EXE_rowwise");
    for (way, args) in password_ways(server) {
        let tmux = Tmux::start(program, &args, home.path(), (110, 32));
        tmux.wait_for("F5 run", Duration::from_secs(15));
        let pid = tmux
            .program_pid(program)
            .unwrap_or_else(|| panic!("{way}: rowwise is not running"));
        let shown = process_cmdline(pid);
        assert!(
            !shown.contains(SECRET),
            "{way}: the process list shows the password: {shown}"
        );
        assert!(shown.contains("xxxxxxxx"), "{way}: {shown}");
        tmux.keys(&["C-q"]);
        tmux.wait_for("EXITED:", Duration::from_secs(15));
    }
}
