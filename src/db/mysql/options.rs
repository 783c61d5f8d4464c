//! `ConnectOptions`: where and as whom to connect, builder-lite.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::LocalInfile;
use super::tls::TlsOptions;

/// How to reach a MySQL/MariaDB server.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectOptions {
    /// Host name or IP address for TCP.
    pub host: String,
    /// TCP port, 3306 unless given; unused when `socket` is set.
    pub port: u16,
    /// Unix socket path; when set, the connection goes through it instead of TCP.
    pub socket: Option<PathBuf>,
    /// User name to authenticate as, `root` unless given (as the mysql client on most
    /// installs).
    pub user: String,
    /// Password; `None` sends no password.
    pub password: Option<String>,
    /// The database to `USE` on connecting; `None` opens none, as the connector without
    /// `database=`.
    pub database: Option<String>,
    /// TLS: the `--ssl-mode` and the `ssl-*` files (default PREFERRED).
    pub tls: TlsOptions,
    /// Give up connecting after this long.
    pub connect_timeout: Duration,
    /// Compress the protocol (`--compress`).
    pub compress: bool,
    /// SQL run after every connect and reconnect (`--init-command`).
    pub init_command: Option<String>,
    /// Send the password in clear when the server asks for `mysql_clear_password`
    /// (`--enable-cleartext-plugin`).
    pub enable_cleartext_plugin: bool,
    /// The server's RSA public key for `caching_sha2_password` over plain TCP
    /// (`--server-public-key-path`); without it the key is asked from the server.
    pub server_public_key_path: Option<PathBuf>,
    /// May the server read local files (`LOAD DATA LOCAL INFILE`)?
    pub local_infile: LocalInfile,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            host: "localhost".to_owned(),
            port: 3306,
            socket: None,
            user: "root".to_owned(),
            password: None,
            database: None,
            tls: TlsOptions::default(),
            connect_timeout: Duration::from_secs(10),
            compress: false,
            init_command: None,
            enable_cleartext_plugin: false,
            server_public_key_path: None,
            local_infile: LocalInfile::Refused,
        }
    }
}

impl fmt::Debug for ConnectOptions {
    /// Never prints the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectOptions")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("socket", &self.socket)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "*****"))
            .field("database", &self.database)
            .field("tls", &self.tls)
            .field("connect_timeout", &self.connect_timeout)
            .field("compress", &self.compress)
            .field("init_command", &self.init_command)
            .field("enable_cleartext_plugin", &self.enable_cleartext_plugin)
            .field("server_public_key_path", &self.server_public_key_path)
            .field("local_infile", &self.local_infile)
            .finish()
    }
}

impl ConnectOptions {
    /// Options with the mysql client's defaults (localhost:3306, user root).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the host name or IP address (`localhost` unless given).
    #[must_use]
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }

    /// Sets the TCP port (3306 unless given); ignored when a socket is set.
    #[must_use]
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Connects through this unix socket.
    #[must_use]
    pub fn socket(mut self, socket: impl Into<PathBuf>) -> Self {
        self.socket = Some(socket.into());
        self
    }

    /// Sets the user name (the connector's `user=`).
    #[must_use]
    pub fn user(mut self, user: impl Into<String>) -> Self {
        self.user = user.into();
        self
    }

    /// Sets the password (the connector's `password=`); without one, none is sent.
    #[must_use]
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// Sets the database to `USE` on connecting (the connector's `database=`).
    #[must_use]
    pub fn database(mut self, database: impl Into<String>) -> Self {
        self.database = Some(database.into());
        self
    }

    /// Where this connects, as the mysql client names it: `host:port` or the socket path.
    pub fn endpoint(&self) -> String {
        match &self.socket {
            Some(path) => path.display().to_string(),
            None => format!("{}:{}", self.host, self.port),
        }
    }

    /// The driver's options, with `ssl` as the TLS to ask for (`None`: plaintext).
    pub(crate) fn to_mysql_opts(&self, ssl: Option<mysql::SslOpts>) -> mysql::Opts {
        let mut builder = mysql::OptsBuilder::new()
            .user(Some(self.user.clone()))
            .pass(self.password.clone())
            .db_name(self.database.clone())
            .stmt_cache_size(0)
            // The server's own limit (1 GiB at most) decides what fits, not a client default:
            // rows over 16 MiB must read back as they do with the reference.
            .max_allowed_packet(Some(1 << 30))
            .tcp_connect_timeout(Some(self.connect_timeout))
            // A server that accepts the connection but never answers (frozen) must not hold
            // the handshake for ever; `Connection::connect` lifts this once connected.
            .read_timeout(Some(self.connect_timeout))
            .write_timeout(Some(self.connect_timeout))
            // A TCP address is what the user asked for: do not let the driver switch to a socket.
            .prefer_socket(false)
            .compress(self.compress.then(mysql::Compression::default))
            .enable_cleartext_plugin(self.enable_cleartext_plugin)
            .server_key_path(self.server_public_key_path.clone())
            .ssl_opts(ssl)
            // Replies then say what changed in the session (autocommit, the open transaction,
            // the database, the character set): see `SessionState`.
            .additional_capabilities(mysql::consts::CapabilityFlags::CLIENT_SESSION_TRACK);
        builder = match &self.socket {
            Some(path) => builder.socket(Some(path.to_string_lossy().into_owned())),
            None => builder
                .ip_or_hostname(Some(self.host.clone()))
                .tcp_port(self.port),
        };
        // Always a handler: without one the driver answers a file request (which the
        // statement check may not foresee) with an empty file, a silent load of nothing.
        builder = builder.local_infile_handler(Some(super::local_infile::handler(
            self.local_infile.clone(),
        )));
        builder.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_masks_the_password() {
        let opts = ConnectOptions::new().password("s3cret");
        let shown = format!("{opts:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("*****"));
    }
}
