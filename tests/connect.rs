//! TLS as the mysql client does it, against the harness's own servers: every `--ssl-mode`
//! against a server with TLS and one without, the same through option files and URLs,
//! certificates that do not verify (and why), accounts that need TLS or a client
//! certificate. Whether a session is encrypted is asked of the server (`Ssl_cipher`).

mod common;

use common::tls::{Certs, SHOW_TLS, ServerCert, USER_SSL, USER_X509, run_as, tls_seen_by_server};
use common::{MariaDb, PASSWORD, USER};

fn tls_server() -> (&'static MariaDb, &'static Certs) {
    let (server, certs) = MariaDb::shared_tls();
    (server, certs)
}

fn path(p: &std::path::Path) -> String {
    p.display().to_string()
}

#[test]
fn every_ssl_mode_against_a_tls_server_gets_what_it_asks_for() {
    let (server, certs) = tls_server();
    let ca = format!("--ssl-ca={}", path(&certs.ca));
    for (mode, extra, encrypted) in [
        ("PREFERRED", None, true),
        ("DISABLED", None, false),
        ("REQUIRED", None, true),
        ("VERIFY_CA", Some(ca.as_str()), true),
        ("VERIFY_IDENTITY", Some(ca.as_str()), true),
    ] {
        let mut args = vec![format!("--ssl-mode={mode}")];
        args.extend(extra.map(str::to_owned));
        args.extend(["-e".to_owned(), SHOW_TLS.to_owned()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let ran = run_as(server.port, USER, Some(PASSWORD), &args);
        let (version, cipher) = tls_seen_by_server(&ran);
        assert_eq!(!cipher.is_empty(), encrypted, "{mode}: {version} {cipher}");
        if encrypted {
            assert!(version.starts_with("TLSv1."), "{mode}: {version}");
        }
    }
}

#[test]
fn no_mode_at_all_is_preferred_and_uses_tls_when_the_server_offers_it() {
    let (server, _) = tls_server();
    let ran = run_as(server.port, USER, Some(PASSWORD), &["-e", SHOW_TLS]);
    let (version, cipher) = tls_seen_by_server(&ran);
    assert_eq!(version, "TLSv1.3");
    assert!(!cipher.is_empty());
}

#[test]
fn verifying_modes_refuse_a_certificate_from_an_unknown_ca() {
    let (server, certs) = tls_server();
    let other = format!("--ssl-ca={}", path(&certs.other_ca));
    for args in [
        vec!["--ssl-mode=VERIFY_CA"],
        vec!["--ssl-mode=VERIFY_IDENTITY", other.as_str()],
        vec!["--ssl-verify-server-cert"],
    ] {
        let mut all = args.clone();
        all.extend(["-e", "SELECT 1"]);
        let ran = run_as(server.port, USER, Some(PASSWORD), &all);
        assert_eq!(ran.code, Some(1), "{args:?}: {}", ran.err);
        assert!(
            ran.err
                .contains("ERROR 2026 (HY000): SSL connection error: certificate verify failed: unable to get local issuer certificate"),
            "{args:?}: {}",
            ran.err
        );
    }
}

#[test]
fn ssl_verify_server_cert_alone_means_verify_identity() {
    let (server, certs) = tls_server();
    let ca = format!("--ssl-ca={}", path(&certs.ca));
    let ran = run_as(
        server.port,
        USER,
        Some(PASSWORD),
        &["--ssl-verify-server-cert", &ca, "-e", SHOW_TLS],
    );
    assert!(!tls_seen_by_server(&ran).1.is_empty());
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = common::run(common::rowwise(home.path()).args([
        "--no-defaults",
        "--ssl-verify-server-cert",
        "--print-defaults",
    ]));
    assert!(
        common::stdout(&out).contains("# ssl-mode in effect: VERIFY_IDENTITY"),
        "{}",
        common::stdout(&out)
    );
}

#[test]
fn a_server_without_tls_gives_plaintext_when_preferred_and_2026_when_required() {
    let server = MariaDb::shared();
    let ran = run_as(server.port, USER, Some(PASSWORD), &["-e", SHOW_TLS]);
    assert_eq!(tls_seen_by_server(&ran), (String::new(), String::new()));
    for args in [
        vec!["--ssl-mode=REQUIRED"],
        vec!["--ssl"],
        vec!["--ssl-mode=VERIFY_IDENTITY"],
    ] {
        let mut all = args.clone();
        all.extend(["-e", "SELECT 1"]);
        let ran = run_as(server.port, USER, Some(PASSWORD), &all);
        assert_eq!(ran.code, Some(1), "{args:?}");
        assert!(
            ran.err.contains(
                "ERROR 2026 (HY000): SSL connection error: SSL is required, but the server does not support it"
            ),
            "{args:?}: {}",
            ran.err
        );
    }
}

/// Runs with `home/.my.cnf` holding `cnf` (and no --no-defaults).
fn run_with_cnf(port: u16, cnf: &str, args: &[&str]) -> common::tls::Ran {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = home.path().join(".my.cnf");
    std::fs::write(&file, cnf).unwrap_or_else(|e| panic!("{e}"));
    let out = common::run(
        common::rowwise(home.path())
            .args(["-N", "-B", "-h", "127.0.0.1", "-P", &port.to_string()])
            .args(["-u", USER, &format!("-p{PASSWORD}")])
            .args(args),
    );
    common::tls::Ran {
        code: out.status.code(),
        out: common::stdout(&out),
        err: common::stderr(&out),
    }
}

#[test]
fn ssl_mode_in_an_option_file_is_honoured_not_ignored() {
    // Issue 12 case 8: `ssl-mode=REQUIRED` in [client] used to connect in plaintext.
    let plain = MariaDb::shared();
    let ran = run_with_cnf(
        plain.port,
        "[client]\nssl-mode=REQUIRED\n",
        &["-e", "SELECT 1"],
    );
    assert_eq!(ran.code, Some(1), "{}", ran.out);
    assert!(ran.err.contains("ERROR 2026 (HY000)"), "{}", ran.err);
    let (server, _) = tls_server();
    for cnf in [
        "[client]\nssl-mode=DISABLED\n",
        "[client]\nskip-ssl\n",
        "[client]\nssl=0\n",
    ] {
        let ran = run_with_cnf(server.port, cnf, &["-e", SHOW_TLS]);
        assert_eq!(tls_seen_by_server(&ran).1, "", "{cnf}");
    }
    // The command line beats the file.
    let ran = run_with_cnf(
        server.port,
        "[client]\nskip-ssl\n",
        &["--ssl-mode=REQUIRED", "-e", SHOW_TLS],
    );
    assert!(!tls_seen_by_server(&ran).1.is_empty());
}

#[test]
fn ssl_mode_in_a_url_query_is_honoured() {
    let (server, certs) = tls_server();
    let url = |query: &str| {
        format!(
            "mysql://{USER}:{PASSWORD}@127.0.0.1:{}/test?{query}",
            server.port
        )
    };
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let run_url = |u: String| {
        let out = common::run(common::rowwise(home.path()).args([
            "--no-defaults",
            "-N",
            "-B",
            &u,
            "-e",
            SHOW_TLS,
        ]));
        common::tls::Ran {
            code: out.status.code(),
            out: common::stdout(&out),
            err: common::stderr(&out),
        }
    };
    assert_eq!(tls_seen_by_server(&run_url(url("ssl-mode=DISABLED"))).1, "");
    let verified = run_url(url(&format!(
        "ssl-mode=VERIFY_IDENTITY&ssl-ca={}",
        path(&certs.ca)
    )));
    assert!(!tls_seen_by_server(&verified).1.is_empty());
    let refused = run_url(url("ssl-mode=VERIFY_CA"));
    assert_eq!(refused.code, Some(1));
    assert!(refused.err.contains("ERROR 2026"), "{}", refused.err);
}

#[test]
fn certificates_that_do_not_verify_say_why() {
    let (server, certs) = MariaDb::start_tls();
    let ca = format!("--ssl-ca={}", path(&certs.ca));
    let connect = |mode: &str| {
        run_as(
            server.port,
            USER,
            Some(PASSWORD),
            &[&format!("--ssl-mode={mode}"), &ca, "-e", SHOW_TLS],
        )
    };
    server.use_server_cert(&certs, ServerCert::WrongHost);
    let ran = connect("VERIFY_IDENTITY");
    assert_eq!(ran.code, Some(1));
    assert!(
        ran.err.contains(
            "ERROR 2026 (HY000): SSL connection error: certificate verify failed: hostname mismatch"
        ) && ran.err.contains("wrong.example"),
        "{}",
        ran.err
    );
    // The chain is good: VERIFY_CA and REQUIRED accept it.
    assert!(!tls_seen_by_server(&connect("VERIFY_CA")).1.is_empty());
    assert!(!tls_seen_by_server(&connect("REQUIRED")).1.is_empty());

    server.use_server_cert(&certs, ServerCert::Expired);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    for mode in ["VERIFY_CA", "VERIFY_IDENTITY"] {
        let ran = connect(mode);
        assert_eq!(ran.code, Some(1));
        assert!(
            ran.err.contains(
                "ERROR 2026 (HY000): SSL connection error: certificate verify failed: certificate has expired"
            ),
            "{mode}: {}",
            ran.err
        );
    }
    assert!(!tls_seen_by_server(&connect("PREFERRED")).1.is_empty());
    server.use_server_cert(&certs, ServerCert::Good);
    assert!(!tls_seen_by_server(&connect("VERIFY_IDENTITY")).1.is_empty());
}

#[test]
fn an_account_that_requires_ssl_reached_in_plaintext_gets_1045_and_a_hint() {
    let (server, _) = tls_server();
    let ran = run_as(
        server.port,
        USER_SSL,
        Some(PASSWORD),
        &["--ssl-mode=DISABLED", "-e", "SELECT 1"],
    );
    assert_eq!(ran.code, Some(1));
    assert!(
        ran.err
            .contains("ERROR 1045 (28000): Access denied for user 'rw_ssl'")
            && ran.err.contains("the connection was not encrypted")
            && ran.err.contains("--ssl-mode=REQUIRED"),
        "{}",
        ran.err
    );
    let ran = run_as(server.port, USER_SSL, Some(PASSWORD), &["-e", SHOW_TLS]);
    assert!(!tls_seen_by_server(&ran).1.is_empty());
}

#[test]
fn an_account_that_requires_x509_needs_the_client_certificate() {
    let (server, certs) = tls_server();
    let ran = run_as(server.port, USER_X509, Some(PASSWORD), &["-e", "SELECT 1"]);
    assert_eq!(ran.code, Some(1));
    assert!(ran.err.contains("ERROR 1045 (28000)"), "{}", ran.err);
    let cert = format!("--ssl-cert={}", path(&certs.client_cert));
    let key = format!("--ssl-key={}", path(&certs.client_key));
    let ran = run_as(
        server.port,
        USER_X509,
        Some(PASSWORD),
        &[&cert, &key, "-e", SHOW_TLS],
    );
    assert!(!tls_seen_by_server(&ran).1.is_empty());
    for half in [&cert, &key] {
        let ran = run_as(
            server.port,
            USER_X509,
            Some(PASSWORD),
            &[half, "-e", "SELECT 1"],
        );
        assert_eq!(ran.code, Some(1));
        assert!(
            ran.err.contains("needs --ssl-key too") || ran.err.contains("needs --ssl-cert too"),
            "{}",
            ran.err
        );
    }
}

#[test]
fn capath_cipher_and_tls_version_narrow_what_is_negotiated() {
    let (server, certs) = tls_server();
    let capath = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(&certs.ca, capath.path().join("ca.pem")).unwrap_or_else(|e| panic!("{e}"));
    let capath_arg = format!("--ssl-capath={}", path(capath.path()));
    let ran = run_as(
        server.port,
        USER,
        Some(PASSWORD),
        &["--ssl-mode=VERIFY_IDENTITY", &capath_arg, "-e", SHOW_TLS],
    );
    assert!(!tls_seen_by_server(&ran).1.is_empty());
    let ran = run_as(
        server.port,
        USER,
        Some(PASSWORD),
        &["--tls-version=TLSv1.2", "-e", SHOW_TLS],
    );
    assert_eq!(tls_seen_by_server(&ran).0, "TLSv1.2");
    let ran = run_as(
        server.port,
        USER,
        Some(PASSWORD),
        &["--ssl-cipher=ECDHE-ECDSA-AES128-GCM-SHA256", "-e", SHOW_TLS],
    );
    assert_eq!(
        tls_seen_by_server(&ran),
        (
            "TLSv1.2".to_owned(),
            "ECDHE-ECDSA-AES128-GCM-SHA256".to_owned()
        )
    );
    let ran = run_as(
        server.port,
        USER,
        Some(PASSWORD),
        &["--ssl-cipher=TLS_AES_128_GCM_SHA256", "-e", SHOW_TLS],
    );
    assert_eq!(
        tls_seen_by_server(&ran),
        ("TLSv1.3".to_owned(), "TLS_AES_128_GCM_SHA256".to_owned())
    );
    for (arg, want) in [
        (
            "--tls-ciphersuites=TLS_CHACHA20_POLY1305_SHA256",
            ("TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256"),
        ),
        ("--tls-ciphersuites=", ("TLSv1.2", "")),
    ] {
        let ran = run_as(server.port, USER, Some(PASSWORD), &[arg, "-e", SHOW_TLS]);
        let (version, cipher) = tls_seen_by_server(&ran);
        assert_eq!(version, want.0, "{arg}");
        assert!(cipher.starts_with(want.1), "{arg}: {cipher}");
    }
    for (arg, says) in [
        (
            "--ssl-cipher=DHE-RSA-AES256-SHA",
            "does not offer cipher 'DHE-RSA-AES256-SHA'",
        ),
        ("--tls-version=TLSv1.1", "offers only TLSv1.2 and TLSv1.3"),
        ("--ssl-mode=SOMETIMES", "expected DISABLED, PREFERRED"),
        (
            "--ssl-crl=/etc/crl.pem",
            "cannot refuse a revoked certificate",
        ),
    ] {
        let ran = run_as(server.port, USER, Some(PASSWORD), &[arg, "-e", "SELECT 1"]);
        assert_ne!(ran.code, Some(0), "{arg}");
        assert!(ran.err.contains(says), "{arg}: {}", ran.err);
    }
}

#[test]
fn status_shows_the_mode_asked_for_and_what_was_negotiated() {
    let (server, _) = tls_server();
    let plain = MariaDb::shared();
    for (port, mode, expect) in [
        (
            server.port,
            "PREFERRED",
            "SSL:                    TLSv1.3, cipher TLS_AES_256_GCM_SHA384 (ssl-mode PREFERRED)",
        ),
        (
            plain.port,
            "PREFERRED",
            "SSL:                    plaintext (not encrypted) (ssl-mode PREFERRED)",
        ),
        (
            server.port,
            "DISABLED",
            "SSL:                    plaintext (not encrypted) (ssl-mode DISABLED)",
        ),
    ] {
        let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut child = common::rowwise(home.path())
            .args([
                "--no-defaults",
                "--line",
                "-h",
                "127.0.0.1",
                "-P",
                &port.to_string(),
            ])
            .args([
                "-u",
                USER,
                &format!("-p{PASSWORD}"),
                &format!("--ssl-mode={mode}"),
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write;
            stdin.write_all(b"\\s\n").unwrap_or_else(|e| panic!("{e}"));
        }
        let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        let text = common::stdout(&out);
        assert!(
            text.contains(expect),
            "{mode}: {text}\n{}",
            common::stderr(&out)
        );
    }
}

#[test]
fn over_the_unix_socket_there_is_no_tls_and_the_hint_says_so() {
    let (server, _) = tls_server();
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = common::run(
        common::rowwise(home.path())
            .args([
                "--no-defaults",
                "-N",
                "-B",
                "-u",
                USER_SSL,
                &format!("-p{PASSWORD}"),
            ])
            .arg(format!("--socket={}", server.socket.display()))
            .args(["-e", "SELECT 1"]),
    );
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("ERROR 1045 (28000)") && err.contains("through the unix socket"),
        "{err}"
    );
}
