//! `ConnectOptions`: where and as whom to connect, builder-lite.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::LocalInfile;

/// TLS settings (the `ssl-*` options of the `mysql` client that the driver supports).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsOptions {
    /// PEM file of the certificate authority to trust (`ssl-ca`).
    pub ca: Option<PathBuf>,
    /// PEM client certificate chain (`ssl-cert`).
    pub cert: Option<PathBuf>,
    /// PEM client private key (`ssl-key`).
    pub key: Option<PathBuf>,
    /// Check that the server certificate names the host (`ssl-verify-server-cert`).
    pub verify_server_cert: bool,
}

/// How to reach a MySQL/MariaDB server.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectOptions {
    /// Host name or IP address for TCP.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Unix socket path; when set, the connection goes through it instead of TCP.
    pub socket: Option<PathBuf>,
    /// User name.
    pub user: String,
    /// Password; `None` sends no password.
    pub password: Option<String>,
    /// Default database.
    pub database: Option<String>,
    /// TLS, when wanted.
    pub tls: Option<TlsOptions>,
    /// Give up connecting after this long.
    pub connect_timeout: Duration,
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
            tls: None,
            connect_timeout: Duration::from_secs(10),
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
            .field("local_infile", &self.local_infile)
            .finish()
    }
}

impl ConnectOptions {
    /// Options with the mysql client's defaults (localhost:3306, user root).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the host.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }

    /// Sets the TCP port.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Connects through this unix socket.
    pub fn socket(mut self, socket: impl Into<PathBuf>) -> Self {
        self.socket = Some(socket.into());
        self
    }

    /// Sets the user.
    pub fn user(mut self, user: impl Into<String>) -> Self {
        self.user = user.into();
        self
    }

    /// Sets the password.
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// Sets the default database.
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

    pub(crate) fn to_mysql_opts(&self) -> mysql::Opts {
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
            .prefer_socket(false);
        builder = match &self.socket {
            Some(path) => builder.socket(Some(path.to_string_lossy().into_owned())),
            None => builder
                .ip_or_hostname(Some(self.host.clone()))
                .tcp_port(self.port),
        };
        if let Some(tls) = &self.tls {
            let mut ssl = mysql::SslOpts::default()
                .with_danger_accept_invalid_certs(!tls.verify_server_cert && tls.ca.is_none())
                .with_danger_skip_domain_validation(!tls.verify_server_cert);
            if let Some(ca) = &tls.ca {
                ssl = ssl.with_root_cert_path(Some(ca.clone()));
            }
            if let (Some(cert), Some(key)) = (&tls.cert, &tls.key) {
                ssl = ssl.with_client_identity(Some(mysql::ClientIdentity::new(
                    cert.clone(),
                    key.clone(),
                )));
            }
            builder = builder.ssl_opts(Some(ssl));
        }
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
