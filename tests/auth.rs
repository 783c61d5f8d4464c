//! Authentication plugins, `--compress` and `--init-command`, against the harness's own
//! server (ed25519, `unix_socket`, PAM asking for `mysql_clear_password`) and a scripted one
//! (a plugin rowwise cannot speak); and a scan of every error path driven here for the
//! driver's debug text (`DriverError { ... }`), which must never reach a user.

mod common;

use common::fake_server::FakeServer;
use common::tls::{Ran, SHOW_TLS, USER_ED25519, USER_PAM, run_as, tls_seen_by_server};
use common::{MariaDb, PASSWORD, USER};

fn ran(out: &std::process::Output) -> Ran {
    Ran {
        code: out.status.code(),
        out: common::stdout(out),
        err: common::stderr(out),
    }
}

#[test]
fn ed25519_accounts_connect_and_a_wrong_password_is_a_1045_not_a_panic() {
    let (server, _) = MariaDb::shared_tls();
    for mode in ["--ssl-mode=DISABLED", "--ssl-mode=REQUIRED"] {
        let ran = run_as(
            server.port,
            USER_ED25519,
            Some(PASSWORD),
            &[mode, "-e", "SELECT CURRENT_USER()"],
        );
        assert_eq!(ran.code, Some(0), "{mode}: {}", ran.err);
        assert_eq!(ran.out, "rw_ed25519@%\n");
    }
    let ran = run_as(
        server.port,
        USER_ED25519,
        Some("wrong"),
        &["-e", "SELECT 1"],
    );
    assert_eq!(ran.code, Some(1));
    assert!(
        ran.err
            .contains("ERROR 1045 (28000): Access denied for user 'rw_ed25519'"),
        "{}",
        ran.err
    );
}

#[test]
fn native_password_accounts_connect_in_plaintext_and_over_tls() {
    let (server, _) = MariaDb::shared_tls();
    let plugin = server.root_value(&format!(
        "SELECT plugin FROM mysql.user WHERE user = '{USER}' AND host = '%'"
    ));
    assert_eq!(plugin, "mysql_native_password");
    let plain = run_as(
        server.port,
        USER,
        Some(PASSWORD),
        &["--ssl-mode=DISABLED", "-e", SHOW_TLS],
    );
    assert_eq!(tls_seen_by_server(&plain).1, "");
    let tls = run_as(server.port, USER, Some(PASSWORD), &["-e", SHOW_TLS]);
    assert!(!tls_seen_by_server(&tls).1.is_empty());
}

#[test]
fn unix_socket_lets_the_os_user_in_over_the_socket_without_a_password() {
    let (server, _) = MariaDb::shared_tls();
    let user = server.unix_socket_account();
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = ran(&common::run(
        common::rowwise(home.path())
            .args(["--no-defaults", "-N", "-B", "-u", &user])
            .arg(format!("--socket={}", server.socket.display()))
            .args([
                "-e",
                "SELECT CURRENT_USER(), (SELECT plugin FROM mysql.user \
                 WHERE user = SUBSTRING_INDEX(CURRENT_USER(), '@', 1) AND host = 'localhost')",
            ]),
    ));
    assert_eq!(out.code, Some(0), "{}", out.err);
    assert_eq!(out.out, format!("{user}@localhost\tunix_socket\n"));
}

#[test]
fn cleartext_is_refused_with_2059_unless_allowed_and_then_reaches_the_server() {
    let (server, _) = MariaDb::shared_tls();
    let ran = run_as(server.port, USER_PAM, Some(PASSWORD), &["-e", "SELECT 1"]);
    assert_eq!(ran.code, Some(1));
    assert!(
        ran.err.contains(
            "ERROR 2059 (HY000): Authentication plugin 'mysql_clear_password' cannot be loaded: plugin not enabled"
        ) && ran.err.contains("--enable-cleartext-plugin"),
        "{}",
        ran.err
    );
    // Allowed, the password goes to PAM, which knows no such user here: the server's 1045.
    let ran = run_as(
        server.port,
        USER_PAM,
        Some(PASSWORD),
        &["--enable-cleartext-plugin", "-e", "SELECT 1"],
    );
    assert_eq!(ran.code, Some(1));
    assert!(ran.err.contains("ERROR 1045 (28000)"), "{}", ran.err);
}

#[test]
fn the_cleartext_password_is_sent_only_when_allowed() {
    let fake = FakeServer::start("mysql_clear_password", 2);
    let refused = run_as(
        fake.port,
        USER,
        Some(PASSWORD),
        &["--ssl-mode=DISABLED", "-e", "SELECT 1"],
    );
    assert_eq!(
        fake.answer(),
        None,
        "the password left the client: {}",
        refused.err
    );
    assert!(
        refused.err.contains("ERROR 2059 (HY000)"),
        "{}",
        refused.err
    );
    let allowed = run_as(
        fake.port,
        USER,
        Some(PASSWORD),
        &[
            "--ssl-mode=DISABLED",
            "--enable-cleartext-plugin",
            "-e",
            "SELECT 1",
        ],
    );
    assert_eq!(fake.answer(), Some(format!("{PASSWORD}\0").into_bytes()));
    assert!(
        allowed.err.contains("ERROR 1045 (28000): fake server"),
        "{}",
        allowed.err
    );
}

#[test]
fn a_plugin_rowwise_cannot_speak_is_2059_with_its_name() {
    let fake = FakeServer::start("auth_gssapi_client", 1);
    let ran = run_as(
        fake.port,
        USER,
        Some(PASSWORD),
        &["--ssl-mode=DISABLED", "-e", "SELECT 1"],
    );
    let _ = fake.answer();
    assert_eq!(ran.code, Some(1), "{}", ran.err);
    assert!(
        ran.err.contains(
            "ERROR 2059 (HY000): Authentication plugin 'auth_gssapi_client' cannot be loaded"
        ),
        "{}",
        ran.err
    );
}

/// Runs with `home/.my.cnf` holding `cnf`.
fn run_with_cnf(port: u16, cnf: &str, args: &[&str]) -> Ran {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(home.path().join(".my.cnf"), cnf).unwrap_or_else(|e| panic!("{e}"));
    ran(&common::run(
        common::rowwise(home.path())
            .args(["-N", "-B", "-h", "127.0.0.1", "-P", &port.to_string()])
            .args(["-u", USER, &format!("-p{PASSWORD}")])
            .args(args),
    ))
}

#[test]
fn compress_from_the_flag_or_an_option_file_compresses_the_protocol() {
    let server = MariaDb::shared();
    let query = "SHOW SESSION STATUS LIKE 'Compression'";
    let off = run_as(server.port, USER, Some(PASSWORD), &["-e", query]);
    assert_eq!(off.out, "Compression\tOFF\n", "{}", off.err);
    for flag in ["-C", "--compress"] {
        let on = run_as(server.port, USER, Some(PASSWORD), &[flag, "-e", query]);
        assert_eq!(on.out, "Compression\tON\n", "{flag}: {}", on.err);
    }
    let on = run_with_cnf(server.port, "[client]\ncompress\n", &["-e", query]);
    assert_eq!(on.out, "Compression\tON\n", "{}", on.err);
    // A big result through the compressed protocol arrives whole.
    let big = run_as(
        server.port,
        USER,
        Some(PASSWORD),
        &[
            "-C",
            "-e",
            "SELECT SHA2(REPEAT('x', 300000), 256), LENGTH(REPEAT('ab', 300000))",
        ],
    );
    assert_eq!(big.code, Some(0), "{}", big.err);
    assert!(big.out.ends_with("\t600000\n"), "{}", big.out);
}

#[test]
fn init_command_runs_after_connecting_from_the_flag_or_an_option_file() {
    let server = MariaDb::shared();
    let ran = run_as(
        server.port,
        USER,
        Some(PASSWORD),
        &[
            "--init-command=SET @greeting = 'flag'",
            "-e",
            "SELECT @greeting",
        ],
    );
    assert_eq!(ran.out, "flag\n", "{}", ran.err);
    let ran = run_with_cnf(
        server.port,
        "[client]\ninit-command=SET @greeting = 'file'\n",
        &["-e", "SELECT @greeting"],
    );
    assert_eq!(ran.out, "file\n", "{}", ran.err);
    // It runs after rowwise's own session set-up, so it has the last word.
    let ran = run_as(
        server.port,
        USER,
        Some(PASSWORD),
        &[
            "--init-command=SET SESSION sql_mode = 'ANSI_QUOTES'",
            "-e",
            "SELECT @@session.sql_mode",
        ],
    );
    assert_eq!(ran.out, "ANSI_QUOTES\n", "{}", ran.err);
    let ran = run_as(
        server.port,
        USER,
        Some(PASSWORD),
        &["--init-command=SELEC 1", "-e", "SELECT 1"],
    );
    assert_eq!(ran.code, Some(1));
    assert!(ran.err.contains("ERROR 1064 (42000)"), "{}", ran.err);
}

/// Debug shapes: `Name { field: ... }`, `Some(..)`, the driver's wrappers.
fn debug_shape(text: &str) -> Option<&str> {
    for marker in [
        "DriverError",
        "IoError",
        "TlsError",
        "CodecError",
        "MySqlError",
        "Some(",
        "None,",
        "Os {",
        "kind:",
        "Custom {",
    ] {
        if text.contains(marker) {
            return Some(marker);
        }
    }
    text.lines().find(|line| {
        line.find(" { ")
            .is_some_and(|open| line[open..].contains(" }"))
    })
}

#[test]
fn no_connection_error_shows_debug_text() {
    let (tls, certs) = MariaDb::shared_tls();
    let plain = MariaDb::shared();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let garbage = dir.path().join("garbage.pem");
    std::fs::write(&garbage, "not a certificate\n").unwrap_or_else(|e| panic!("{e}"));
    let g = garbage.display().to_string();
    let ca = format!("--ssl-ca={}", certs.ca.display());
    let closed_port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        l.local_addr().map_or(1, |a| a.port())
    };
    let gssapi = FakeServer::start("auth_gssapi_client", 1);
    let clear = FakeServer::start("mysql_clear_password", 1);
    let cases: Vec<(u16, &str, Vec<String>)> = vec![
        (tls.port, USER, vec!["-pwrong".into()]),
        (closed_port, USER, vec![]),
        (plain.port, USER, vec!["--ssl-mode=REQUIRED".into()]),
        (tls.port, USER, vec!["--ssl-mode=VERIFY_CA".into()]),
        (
            tls.port,
            USER,
            vec![
                "--ssl-mode=VERIFY_CA".into(),
                "--ssl-ca=/nonexistent/ca.pem".into(),
            ],
        ),
        (
            tls.port,
            USER,
            vec![
                ca.clone(),
                format!("--ssl-cert={g}"),
                format!("--ssl-key={g}"),
            ],
        ),
        (
            tls.port,
            USER,
            vec!["--ssl-mode=VERIFY_CA".into(), format!("--ssl-ca={g}")],
        ),
        (tls.port, USER, vec![format!("--ssl-cert={g}")]),
        (tls.port, USER, vec!["--ssl-mode=maybe".into()]),
        (tls.port, USER, vec!["--ssl-cipher=RC4-MD5".into()]),
        (tls.port, USER, vec!["--tls-version=SSLv3".into()]),
        (tls.port, USER, vec!["--ssl-capath=/nonexistent".into()]),
        (tls.port, USER_PAM, vec![]),
        (tls.port, USER_ED25519, vec!["-pwrong".into()]),
        (tls.port, common::tls::USER_SSL, vec!["--skip-ssl".into()]),
        (tls.port, common::tls::USER_X509, vec![]),
        (tls.port, USER, vec!["--init-command=SELEC 1".into()]),
        (gssapi.port, USER, vec!["--skip-ssl".into()]),
        (clear.port, USER, vec!["--skip-ssl".into()]),
    ];
    for (port, user, args) in cases {
        let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
        let with_password = !all.iter().any(|a| a.starts_with("-p"));
        all.extend(["-e", "SELECT 1"]);
        let ran = run_as(port, user, with_password.then_some(PASSWORD), &all);
        assert_ne!(ran.code, Some(0), "{user} {args:?} connected");
        assert!(
            ran.err.contains("ERROR ") || ran.err.contains("bad value"),
            "{user} {args:?}: no errno: {}",
            ran.err
        );
        if let Some(shape) = debug_shape(&ran.err) {
            panic!("{user} {args:?}: debug text ({shape}) in:\n{}", ran.err);
        }
    }
}

mod caching_sha2 {
    //! `caching_sha2_password` (MySQL 8's default) against the scripted server.

    use super::common::fake_sha2::{self, Login, RsaKey};
    use super::common::tls::run_as;
    use super::{PASSWORD, USER};

    const PW: &str = "rw-test-pw";

    fn key(dir: &tempfile::TempDir) -> RsaKey {
        RsaKey::generate(dir.path())
    }

    fn login(rx: &std::sync::mpsc::Receiver<Login>) -> Login {
        rx.recv_timeout(std::time::Duration::from_secs(10))
            .unwrap_or_else(|e| panic!("no login seen: {e}"))
    }

    #[test]
    fn the_fast_path_sends_a_scramble_the_server_can_check() {
        assert_eq!(PW, PASSWORD);
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (port, rx) = fake_sha2::start(None, PW, true, key(&dir));
        let ran = run_as(port, USER, Some(PW), &["--ssl-mode=DISABLED", "-e", "DO 1"]);
        assert_eq!(login(&rx), Login::Fast { scramble_ok: true });
        assert_eq!(ran.code, Some(0), "{}", ran.err);
        // PREFERRED against a server without TLS: a refused probe, then the same login.
        let ran = run_as(port, USER, Some("not-it"), &["-e", "DO 1"]);
        assert_eq!(login(&rx), Login::Gone);
        assert_eq!(login(&rx), Login::Fast { scramble_ok: false });
        assert_eq!(ran.code, Some(0), "{}", ran.err);
    }

    #[test]
    fn the_full_path_over_the_socket_sends_the_password_as_is() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let socket = dir.path().join("fake.sock");
        let (_, rx) = fake_sha2::start(Some(&socket), PW, false, key(&dir));
        let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = super::common::run(
            super::common::rowwise(home.path())
                .args(["--no-defaults", "-u", USER, &format!("-p{PW}")])
                .arg(format!("--socket={}", socket.display()))
                .args(["-e", "DO 1"]),
        );
        assert_eq!(
            login(&rx),
            Login::Clear {
                password: format!("{PW}\0").into_bytes()
            }
        );
        assert!(out.status.success(), "{}", super::common::stderr(&out));
    }

    #[test]
    fn the_full_path_over_plain_tcp_encrypts_with_the_servers_rsa_key() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let rsa = key(&dir);
        let public = rsa.public.display().to_string();
        let (port, rx) = fake_sha2::start(None, PW, false, rsa);
        let expected = format!("{PW}\0").into_bytes();
        for (args, asked_for_key) in [
            (vec!["--ssl-mode=DISABLED"], true),
            (vec!["--ssl-mode=DISABLED", "--get-server-public-key"], true),
        ] {
            let mut all = args.clone();
            all.extend(["-e", "DO 1"]);
            let ran = run_as(port, USER, Some(PW), &all);
            assert_eq!(
                login(&rx),
                Login::Rsa {
                    asked_for_key,
                    password: expected.clone()
                },
                "{args:?}"
            );
            assert_eq!(ran.code, Some(0), "{}", ran.err);
        }
        let path = format!("--server-public-key-path={public}");
        let ran = run_as(
            port,
            USER,
            Some(PW),
            &["--ssl-mode=DISABLED", &path, "-e", "DO 1"],
        );
        assert_eq!(
            login(&rx),
            Login::Rsa {
                asked_for_key: false,
                password: expected
            }
        );
        assert_eq!(ran.code, Some(0), "{}", ran.err);
    }

    #[test]
    fn a_server_public_key_path_that_is_no_rsa_key_is_2061_not_a_panic() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let garbage = dir.path().join("key.pem");
        std::fs::write(
            &garbage,
            "-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let (port, _rx) = fake_sha2::start(None, PW, false, key(&dir));
        for path in [
            garbage.display().to_string(),
            "/nonexistent/key.pem".to_owned(),
        ] {
            let arg = format!("--server-public-key-path={path}");
            let ran = run_as(
                port,
                USER,
                Some(PW),
                &["--ssl-mode=DISABLED", &arg, "-e", "DO 1"],
            );
            assert_eq!(ran.code, Some(1));
            assert!(
                ran.err.contains("ERROR 2061 (HY000): Authentication plugin 'caching_sha2_password' reported error: --server-public-key-path"),
                "{}",
                ran.err
            );
        }
    }
}

#[test]
fn init_command_runs_again_when_a_pool_resets_the_session() -> Result<(), rowwise::db::DbError> {
    use rowwise::db::{Pool, PoolOptions};
    let server = MariaDb::shared();
    let mut options = server.tcp_options(None);
    options.init_command = Some("SET @greeting = 'init'".into());
    let pool = Pool::new(&options, PoolOptions::new().name("init").size(1))?;
    for _ in 0..2 {
        let mut cnx = pool.get_connection()?;
        let rows = cnx.query_text("SELECT @greeting")?;
        assert_eq!(rows, vec![vec![Some("init".to_owned())]]);
        cnx.query_text("SET @greeting = 'changed by the user'")?;
    }
    Ok(())
}
