//! A private MariaDB with TLS and more authentication plugins, for the connection tests:
//! a CA, server certificates made at test time with `openssl` (one for 127.0.0.1 and
//! localhost, one for a wrong host name, one already expired), a client certificate, and
//! accounts that need TLS, a client certificate, ed25519, PAM (cleartext) and the unix
//! socket. Only tests that ask for it pay for it: [`MariaDb::start`] stays as it was.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::{MariaDb, PASSWORD, find_program};

/// An account created `REQUIRE SSL` (password [`PASSWORD`]).
pub const USER_SSL: &str = "rw_ssl";
/// An account created `REQUIRE X509` (password [`PASSWORD`]).
pub const USER_X509: &str = "rw_x509";
/// An account `IDENTIFIED VIA ed25519` (password [`PASSWORD`]).
pub const USER_ED25519: &str = "rw_ed25519";
/// An account `IDENTIFIED VIA pam`; the server asks for `mysql_clear_password`.
pub const USER_PAM: &str = "rw_pam";

/// Which certificate the server presents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerCert {
    /// Signed by the CA, for 127.0.0.1 and localhost.
    Good,
    /// Signed by the CA, for `wrong.example` only.
    WrongHost,
    /// Signed by the CA, for 127.0.0.1 and localhost, expired.
    Expired,
}

/// The certificate files of a TLS server.
#[derive(Debug, Clone)]
pub struct Certs {
    /// The CA certificate (PEM).
    pub ca: PathBuf,
    /// A client certificate signed by the CA, and its key.
    pub client_cert: PathBuf,
    /// The client certificate's key.
    pub client_key: PathBuf,
    /// A certificate authority that signed nothing here (for "unknown issuer").
    pub other_ca: PathBuf,
    dir: PathBuf,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new(find_program("openssl"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run openssl ({e}): install it with `apt-get install openssl`")
        });
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn new_key(dir: &Path, name: &str) {
    openssl(
        dir,
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            name,
        ],
    );
}

fn self_signed_ca(dir: &Path, name: &str, subject: &str) {
    new_key(dir, &format!("{name}.key"));
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            &format!("{name}.key"),
            "-sha256",
            "-days",
            "3650",
            "-subj",
            subject,
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            "-out",
            &format!("{name}.pem"),
        ],
    );
}

/// A certificate `name.pem` (key `name.key`) signed by `ca`, with these extensions.
fn signed(dir: &Path, name: &str, subject: &str, extensions: &str, days: &str, serial: &str) {
    new_key(dir, &format!("{name}.key"));
    openssl(
        dir,
        &[
            "req",
            "-new",
            "-key",
            &format!("{name}.key"),
            "-subj",
            subject,
            "-out",
            &format!("{name}.csr"),
        ],
    );
    std::fs::write(dir.join(format!("{name}.ext")), extensions).unwrap_or_else(|e| panic!("{e}"));
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-set_serial",
            serial,
            "-days",
            days,
            "-sha256",
            "-extfile",
            &format!("{name}.ext"),
            "-out",
            &format!("{name}.pem"),
        ],
    );
}

impl Certs {
    /// Makes every certificate in `dir` (about 0.1 s: EC keys).
    pub fn generate(dir: &Path) -> Certs {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
        self_signed_ca(dir, "ca", "/CN=rowwise test CA");
        self_signed_ca(dir, "other-ca", "/CN=rowwise unrelated CA");
        let server = "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n";
        signed(
            dir,
            "server",
            "/CN=localhost",
            &format!("{server}subjectAltName=DNS:localhost,IP:127.0.0.1\n"),
            "3650",
            "2",
        );
        signed(
            dir,
            "wrong-host",
            "/CN=wrong.example",
            &format!("{server}subjectAltName=DNS:wrong.example\n"),
            "3650",
            "3",
        );
        // `-days 0`: valid until the second it was made.
        signed(
            dir,
            "expired",
            "/CN=localhost",
            &format!("{server}subjectAltName=DNS:localhost,IP:127.0.0.1\n"),
            "0",
            "4",
        );
        signed(
            dir,
            "client",
            "/CN=rowwise test client",
            "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n",
            "3650",
            "5",
        );
        std::fs::copy(dir.join("server.pem"), dir.join("active.pem"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::copy(dir.join("server.key"), dir.join("active.key"))
            .unwrap_or_else(|e| panic!("{e}"));
        Certs {
            ca: dir.join("ca.pem"),
            client_cert: dir.join("client.pem"),
            client_key: dir.join("client.key"),
            other_ca: dir.join("other-ca.pem"),
            dir: dir.to_path_buf(),
        }
    }

    /// The directory holding the certificates.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl MariaDb {
    /// Starts a private server with TLS (the [`ServerCert::Good`] certificate), the
    /// ed25519 and PAM plugins, and the accounts of this module.
    pub fn start_tls() -> (MariaDb, Certs) {
        let mut server = MariaDb::prepare();
        let certs = Certs::generate(&server.dir.join("certs"));
        let path = |name: &str| certs.dir.join(name).display().to_string();
        server.extra_args = vec![
            format!("--ssl-ca={}", path("ca.pem")),
            format!("--ssl-cert={}", path("active.pem")),
            format!("--ssl-key={}", path("active.key")),
            "--plugin-load-add=auth_ed25519".to_owned(),
            // auth_pam_v1 works in the server process (auth_pam needs a setuid helper that
            // Debian does not ship); it asks for the password in clear (mysql_clear_password).
            "--plugin-load-add=auth_pam_v1".to_owned(),
            "--pam-use-cleartext-plugin=ON".to_owned(),
        ];
        server.launch();
        server.bootstrap();
        server.root_sql(&format!(
            "CREATE USER '{USER_SSL}'@'%' IDENTIFIED BY '{PASSWORD}' REQUIRE SSL;
             CREATE USER '{USER_X509}'@'%' IDENTIFIED BY '{PASSWORD}' REQUIRE X509;
             CREATE USER '{USER_ED25519}'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('{PASSWORD}');
             CREATE USER '{USER_PAM}'@'%' IDENTIFIED VIA pam USING 'rowwise-test';
             GRANT ALL ON *.* TO '{USER_SSL}'@'%', '{USER_X509}'@'%', '{USER_ED25519}'@'%';"
        ));
        (server, certs)
    }

    /// The TLS server shared by the tests of one test binary.
    pub fn shared_tls() -> &'static (MariaDb, Certs) {
        static SHARED: OnceLock<(MariaDb, Certs)> = OnceLock::new();
        SHARED.get_or_init(MariaDb::start_tls)
    }

    /// Makes the server present another certificate (`FLUSH SSL` reloads it).
    pub fn use_server_cert(&self, certs: &Certs, which: ServerCert) {
        let name = match which {
            ServerCert::Good => "server",
            ServerCert::WrongHost => "wrong-host",
            ServerCert::Expired => "expired",
        };
        for ext in ["pem", "key"] {
            std::fs::copy(
                certs.dir.join(format!("{name}.{ext}")),
                certs.dir.join(format!("active.{ext}")),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        }
        self.root_sql("FLUSH SSL");
    }

    /// Makes the account of the OS user running the tests (root in CI) authenticate
    /// with `unix_socket` only; returns its name.
    pub fn unix_socket_account(&self) -> String {
        let user = if super::running_as_root() {
            "root".to_owned()
        } else {
            std::env::var("USER").unwrap_or_else(|e| panic!("no $USER: {e}"))
        };
        if user == "root" {
            self.root_sql("ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket");
        } else {
            self.root_sql(&format!(
                "CREATE USER IF NOT EXISTS '{user}'@'localhost' IDENTIFIED VIA unix_socket"
            ));
        }
        user
    }
}

/// The result of one run of the binary: exit code, stdout, stderr.
pub struct Ran {
    /// Exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// stdout.
    pub out: String,
    /// stderr.
    pub err: String,
}

/// Runs `rowwise --no-defaults -h 127.0.0.1 -P <port> -u <user> [-p<password>] ARGS` in a
/// fresh home, in batch mode (`-N -B`).
pub fn run_as(port: u16, user: &str, password: Option<&str>, args: &[&str]) -> Ran {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut cmd = super::rowwise(home.path());
    cmd.args(["--no-defaults", "-N", "-B", "-h", "127.0.0.1", "-P"])
        .arg(port.to_string())
        .args(["-u", user]);
    if let Some(p) = password {
        cmd.arg(format!("-p{p}"));
    }
    let out = super::run(cmd.args(args));
    let ran = Ran {
        code: out.status.code(),
        out: super::stdout(&out),
        err: super::stderr(&out),
    };
    assert!(
        !ran.err.contains("panicked") && ran.code != Some(101),
        "a panic reached the user:\n{}",
        ran.err
    );
    ran
}

/// The query that shows, from the server's side, whether the session is encrypted.
pub const SHOW_TLS: &str = "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS \
    WHERE VARIABLE_NAME IN ('Ssl_version', 'Ssl_cipher') ORDER BY VARIABLE_NAME DESC";

/// `(Ssl_version, Ssl_cipher)` as the server sees the session of a successful run of
/// [`SHOW_TLS`]; both empty for plaintext.
pub fn tls_seen_by_server(ran: &Ran) -> (String, String) {
    assert_eq!(ran.code, Some(0), "the connection failed:\n{}", ran.err);
    let mut lines = ran.out.lines().map(str::to_owned);
    let version = lines.next().unwrap_or_default();
    let cipher = lines.next().unwrap_or_default();
    (version, cipher)
}
