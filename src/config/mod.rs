//! Resolved settings, and the one place that knows their precedence:
//!
//! built-in defaults < option files < environment < command line
//!
//! Option files are read in this order, each overriding the one before: `~/.my.cnf`,
//! `<config dir>/rowwise/connector.cnf`, `./connector.cnf` — or only the file given with
//! `--defaults-file` (alias `--option-file`), or none with `--no-defaults`. In each file the
//! groups the mariadb client reads ([`CLIENT_GROUPS`]) and `[rowwise]` (which may also
//! hold tool settings) count, later lines winning; `[keys]` remaps keys. See `files.rs`
//! for what happens to a file that cannot be used and to each key. The environment gives `MYSQL_HOST`, `MYSQL_TCP_PORT`, `MYSQL_UNIX_PORT` and
//! `MYSQL_PWD`. On the command line a URL (`mysql://...`) is read first, then the flags.

mod args;
pub mod connect_args;
mod files;
mod help_text;
mod keys;
mod option_file;
pub mod paths;
pub mod scrub;
mod url;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use args::{Args, CommandArgs, Format, normalize_password_flag};
pub use connect_args::ConnectArgs;
pub use files::{FileReport, FileStatus, REFUSED_TOOL_KEYS};
pub use help_text::{AFTER_HELP, LONG_VERSION};
pub use keys::{CLIENT_GROUPS, MYSQL_CLIENT_KEYS};
pub use option_file::{
    Directive, normalize_key, parse as parse_option_file, parse_bytes as parse_option_file_bytes,
};
pub use paths::Dirs;
pub use url::{UrlParts, is_url, parse as parse_url, redact as redact_url};

use crate::db::ConnectOptions;

/// A configuration problem, with where it comes from.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A malformed line in an option file.
    #[error("{}:{line}: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An option file that was asked for cannot be read.
    #[error("cannot read option file {}: {source}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A bad connection URL (its password is masked).
    #[error("bad connection URL {url}: {message}")]
    Url {
        /// The URL, password masked.
        url: String,
        /// What is wrong.
        message: String,
    },
    /// A value that does not fit its setting.
    #[error("bad value '{value}' for {key} (from {origin}): {message}")]
    BadValue {
        /// The setting.
        key: String,
        /// The value.
        value: String,
        /// Where it came from.
        origin: Source,
        /// What is wrong.
        message: String,
    },
    /// An option file every user can write: anyone could have put settings in it (a host
    /// to send the password to). The mysql client skips it with a warning; rowwise stops,
    /// since going on without it could open the demo database instead of the server.
    #[error(
        "option file {} can be written by every user, so it is not used; run: chmod o-w {}",
        path.display(),
        path.display()
    )]
    WorldWritable {
        /// The file.
        path: PathBuf,
    },
    /// A `[rowwise]` key that rowwise does not take.
    #[error("{origin}: [rowwise] {key}: {message}")]
    Refused {
        /// The key.
        key: String,
        /// Where it was written.
        origin: Source,
        /// Why, and what is taken instead.
        message: String,
    },
    /// `-p` asks for the password and there is no terminal to ask on.
    #[error(
        "-p asks for the password, but there is no terminal to ask on; give it with MYSQL_PWD, a password= line in a private option file (~/.my.cnf, chmod 600), or --password-stdin (the first line of stdin)"
    )]
    NoPasswordTerminal,
    /// The password could not be read (`--password-stdin`, or the terminal).
    #[error("cannot read the password from {0}")]
    PasswordStdin(String),
    /// `!include` nested too deeply (a loop, most likely).
    #[error("{}: !include nested more than {MAX_INCLUDE_DEPTH} deep", path.display())]
    IncludeDepth {
        /// The file at which reading stopped.
        path: PathBuf,
    },
}

const MAX_INCLUDE_DEPTH: usize = 10;

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// rowwise's built-in default.
    Default,
    /// An option file line.
    File {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
    },
    /// An environment variable.
    Env(&'static str),
    /// A connection URL on the command line.
    Url,
    /// A command-line flag.
    CommandLine,
    /// Typed at the password prompt.
    Prompt,
    /// The first line of stdin (`--password-stdin`).
    Stdin,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::File { path, line } => write!(f, "{}:{line}", path.display()),
            Source::Env(var) => write!(f, "${var}"),
            Source::Url => f.write_str("URL"),
            Source::CommandLine => f.write_str("command line"),
            Source::Prompt => f.write_str("prompt"),
            Source::Stdin => f.write_str("stdin"),
        }
    }
}

/// A value and its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The value (`None` for a bare boolean option in a file).
    pub value: Option<String>,
    /// Where it came from.
    pub source: Source,
}

/// A key binding from a `[keys]` group: `action = key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    /// The action name.
    pub action: String,
    /// The key, as written (`ctrl-r`, `f5`, ...).
    pub key: String,
    /// Where it came from.
    pub source: Source,
}

/// Settings that say how to reach a server.
pub const CONNECTION_KEYS: [&str; 12] = [
    "connect-timeout",
    "host",
    "port",
    "socket",
    "user",
    "password",
    "database",
    "ssl",
    "ssl-ca",
    "ssl-cert",
    "ssl-key",
    "ssl-verify-server-cert",
];

/// Options of the mysql client that rowwise honours besides the connection settings, in
/// its groups and in `[rowwise]`.
pub const CLIENT_OPTION_KEYS: [&str; 4] = [
    "column-type-info",
    "local-infile",
    "load-data-local-dir",
    "auto-vertical-output",
];

/// The keys honoured in the mysql client's groups: [`CONNECTION_KEYS`] and
/// [`CLIENT_OPTION_KEYS`].
pub fn honoured_client_keys() -> Vec<&'static str> {
    CONNECTION_KEYS
        .iter()
        .chain(CLIENT_OPTION_KEYS.iter())
        .copied()
        .collect()
}

/// rowwise's own settings (in `[rowwise]`); [`REFUSED_TOOL_KEYS`] are refused.
pub const TOOL_KEYS: [&str; 6] = [
    "theme",
    "prompt",
    "autocommit",
    "fetch-on-run",
    "format",
    "pager",
];

/// The default unix socket of Debian's MariaDB and MySQL packages.
pub const DEFAULT_SOCKET: &str = "/run/mysqld/mysqld.sock";

/// Everything the command line, the environment and the option files say.
#[derive(Debug, Clone, Default)]
pub struct Config {
    values: BTreeMap<String, Setting>,
    /// Key bindings from `[keys]` groups, in the order read.
    pub keys: Vec<KeyBinding>,
    /// Problems worth telling the user that do not stop rowwise.
    pub warnings: Vec<String>,
    /// Option files read, in order.
    pub files: Vec<PathBuf>,
    /// Every option file searched for or included, and what happened to it.
    pub searched: Vec<FileReport>,
    /// Option files that could not be used, when `--print-defaults` went on to report
    /// them (otherwise the first one is the error of [`Config::resolve`]).
    pub unusable: Vec<String>,
    /// `-p` without a value: ask for the password.
    pub prompt_password: bool,
}

/// What the configuration is read from.
pub struct Inputs<'a> {
    /// Parsed command line.
    pub args: &'a Args,
    /// Environment lookup.
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// Per-user directories.
    pub dirs: &'a Dirs,
}

fn os_login_name(env: &dyn Fn(&str) -> Option<String>) -> String {
    env("USER")
        .or_else(|| env("LOGNAME"))
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "root".to_owned())
}

impl Config {
    /// Reads and merges every source.
    ///
    /// # Failure
    /// A malformed option file, an unreadable `--defaults-file`, a bad URL.
    pub fn resolve(inputs: &Inputs<'_>) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        let args = inputs.args;
        if !args.no_defaults {
            let files = match &args.defaults_file {
                Some(path) => vec![(path.clone(), true)],
                None => args
                    .defaults_extra_file
                    .iter()
                    .map(|path| (path.clone(), true))
                    .chain(
                        inputs
                            .dirs
                            .default_option_files()
                            .into_iter()
                            .map(|path| (path, false)),
                    )
                    .collect(),
            };
            for (path, required) in files {
                let saved = (config.values.clone(), config.keys.len(), config.files.len());
                match config.read_file(&path, 0, required) {
                    Ok(()) => {}
                    // --print-defaults reports every file, without the settings of one not
                    // used; anything else stops here.
                    Err(e) if args.print_defaults => {
                        config.values = saved.0;
                        config.keys.truncate(saved.1);
                        config.files.truncate(saved.2);
                        config.unusable.push(e.to_string());
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        for (var, key) in [
            ("MYSQL_HOST", "host"),
            ("MYSQL_TCP_PORT", "port"),
            ("MYSQL_UNIX_PORT", "socket"),
            ("MYSQL_PWD", "password"),
        ] {
            if let Some(value) = (inputs.env)(var).filter(|v| !v.is_empty()) {
                config.set(key, Some(value), Source::Env(var));
            }
        }
        if let Some(target) = &args.target {
            if is_url(target) {
                let parts = parse_url(target)?;
                let pairs = [
                    ("user", parts.user),
                    ("password", parts.password),
                    ("host", parts.host),
                    ("port", parts.port.map(|p| p.to_string())),
                    ("database", parts.database),
                    ("socket", parts.socket),
                ];
                for (key, value) in pairs {
                    if let Some(value) = value {
                        config.set(key, Some(value), Source::Url);
                    }
                }
                for (key, value) in parts.options {
                    config.set(&key, Some(value), Source::Url);
                }
            } else {
                config.set("database", Some(target.clone()), Source::CommandLine);
            }
        }
        config.apply_flags(args);
        config.values.entry("user".into()).or_insert(Setting {
            value: Some(os_login_name(inputs.env)),
            source: Source::Default,
        });
        Ok(config)
    }

    /// Reads one option file and nothing else — no other files, no environment — as
    /// `mysql.connector.connect(option_files="connector.cnf")` does.
    ///
    /// # Failure
    /// [`ConfigError::Unreadable`] when the file cannot be read, a syntax error in it.
    pub fn from_option_file(path: impl AsRef<Path>) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        config.read_file(path.as_ref(), 0, true)?;
        Ok(config)
    }

    fn apply_flags(&mut self, args: &Args) {
        let flag = |v: &Option<String>| v.clone();
        let path = |v: &Option<PathBuf>| v.as_ref().map(|p| p.display().to_string());
        let pairs = [
            ("host", flag(&args.host)),
            ("port", args.port.map(|p| p.to_string())),
            (
                "connect-timeout",
                args.connect_timeout.map(|s| s.to_string()),
            ),
            ("user", flag(&args.user)),
            ("database", flag(&args.database)),
            ("socket", path(&args.socket)),
            ("ssl-ca", path(&args.ssl_ca)),
            ("ssl-cert", path(&args.ssl_cert)),
            ("ssl-key", path(&args.ssl_key)),
            ("theme", flag(&args.theme)),
            ("local-infile", flag(&args.local_infile)),
            ("load-data-local-dir", path(&args.load_data_local_dir)),
        ];
        for (key, value) in pairs {
            if value.is_some() {
                self.set(key, value, Source::CommandLine);
            }
        }
        for (key, value) in args.connect.settings() {
            self.set(key, Some(value), Source::CommandLine);
        }
        for (key, on) in [
            ("ssl", args.ssl),
            ("ssl-verify-server-cert", args.ssl_verify_server_cert),
        ] {
            if on {
                self.set(key, Some("1".into()), Source::CommandLine);
            }
        }
        match &args.password {
            Some(Some(password)) => {
                self.set("password", Some(password.clone()), Source::CommandLine)
            }
            Some(None) => self.prompt_password = true,
            None => {}
        }
    }

    fn set(&mut self, key: &str, value: Option<String>, source: Source) {
        self.values
            .insert(key.to_owned(), Setting { value, source });
    }

    /// Sets the password from `source` (`--password-stdin`); no prompt is needed then.
    pub fn set_password(&mut self, password: String, source: Source) {
        self.set("password", Some(password), source);
        self.prompt_password = false;
    }

    /// Sets the password typed at the prompt.
    pub fn set_prompted_password(&mut self, password: String) {
        self.set("password", Some(password), Source::Prompt);
        self.prompt_password = false;
    }

    /// The setting called `key`, if anything set it.
    pub fn get(&self, key: &str) -> Option<&Setting> {
        self.values.get(key)
    }

    /// The value of `key`, if set.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.values.get(key).and_then(|s| s.value.as_deref())
    }

    /// Is a boolean option on? A bare option in a file counts as on.
    pub fn flag(&self, key: &str) -> bool {
        match self.values.get(key) {
            None => false,
            Some(Setting { value: None, .. }) => true,
            Some(Setting { value: Some(v), .. }) => !matches!(
                v.to_ascii_lowercase().as_str(),
                "0" | "false" | "off" | "no"
            ),
        }
    }

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
            options.host = host.to_owned();
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
            options.user = user.to_owned();
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
                None => options.host = "localhost".to_owned(),
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

#[cfg(test)]
mod tests;
