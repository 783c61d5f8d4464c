//! From the resolved settings to how the engine connects: whether a server was asked for
//! at all (else the demo opens), and the connection options.

use std::path::PathBuf;

use super::{CONNECTION_KEYS, Config, ConfigError, Source, connect_args};
use crate::db::ConnectOptions;

/// The default unix socket of Debian's MariaDB and MySQL packages.
pub const DEFAULT_SOCKET: &str = "/run/mysqld/mysqld.sock";

impl Config {
    /// Did anything (file, environment, command line) say where a server is or who to be?
    /// If not, rowwise opens its demo database.
    pub fn server_configured(&self) -> bool {
        // A file's timeout or TLS settings (`skip-ssl` alone) say nothing about where the
        // server is; typed on the command line (`--ssl`), any of them asks for a server.
        const WHERE_OR_WHO: [&str; 6] = ["host", "port", "socket", "user", "password", "database"];
        CONNECTION_KEYS
            .iter()
            .filter(|k| **k != "connect-timeout")
            .any(|k| {
                self.values.get(*k).is_some_and(|s| match s.source {
                    Source::Default => false,
                    Source::File { .. } => WHERE_OR_WHO.contains(k),
                    _ => true,
                })
            })
    }

    /// Builds the connection options.
    ///
    /// A host of `localhost` (the default) means the unix socket, as for the mysql
    /// client: the one configured, or Debian's default when it exists.
    ///
    /// # Failure
    /// [`ConfigError::BadValue`] for a port that is not a number.
    pub fn connect_options(&self) -> Result<ConnectOptions, ConfigError> {
        let mut options = ConnectOptions::new();
        if let Some(host) = self.value("host") {
            host.clone_into(&mut options.host);
        }
        if let Some(setting) = self.get("port") {
            let text = setting.value.clone().unwrap_or_default();
            options.port = text.trim().parse().map_err(|_| ConfigError::BadValue {
                key: "port".into(),
                value: text.clone(),
                origin: setting.source.clone(),
                message: "expected a port number (1-65535)".into(),
            })?;
        }
        if let Some(setting) = self.get("connect-timeout") {
            let text = setting.value.clone().unwrap_or_default();
            let seconds: u64 = text.trim().parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                ConfigError::BadValue {
                    key: "connect-timeout".into(),
                    value: text.clone(),
                    origin: setting.source.clone(),
                    message: "expected a number of seconds (1 or more)".into(),
                }
            })?;
            options.connect_timeout = std::time::Duration::from_secs(seconds);
        }
        if let Some(user) = self.value("user") {
            user.clone_into(&mut options.user);
        }
        options.password = self.value("password").map(str::to_owned);
        options.database = self
            .value("database")
            .filter(|d| !d.is_empty())
            .map(str::to_owned);
        if options.host == "localhost" || options.host.is_empty() {
            let socket = self.value("socket").map(PathBuf::from).or_else(|| {
                let default = PathBuf::from(DEFAULT_SOCKET);
                default.exists().then_some(default)
            });
            match socket {
                Some(path) => options.socket = Some(path),
                None => "localhost".clone_into(&mut options.host),
            }
        }
        connect_args::apply(self, &mut options)?;
        let dir = self
            .value("load-data-local-dir")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from);
        if self.flag("local-infile") || dir.is_some() {
            options.local_infile = crate::db::LocalInfile::On { dir };
        }
        Ok(options)
    }
}
