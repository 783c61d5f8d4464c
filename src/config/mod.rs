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
mod connect;
pub mod connect_args;
mod error;
mod files;
mod help_text;
mod keys;
mod option_file;
pub mod paths;
pub mod scrub;
mod source;
mod url;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use args::{Args, CommandArgs, Format, normalize_password_flag};
pub use connect::DEFAULT_SOCKET;
pub use connect_args::ConnectArgs;
pub use error::ConfigError;
pub use files::{FileReport, FileStatus, REFUSED_TOOL_KEYS};
pub use help_text::{AFTER_HELP, LONG_VERSION};
pub use keys::{
    CLIENT_GROUPS, CLIENT_OPTION_KEYS, CONNECTION_KEYS, MYSQL_CLIENT_KEYS, TOOL_KEYS,
    honoured_client_keys,
};
pub use option_file::{
    Directive, normalize_key, parse as parse_option_file, parse_bytes as parse_option_file_bytes,
};
pub use paths::Dirs;
pub use source::{KeyBinding, Setting, Source};
pub use url::{UrlParts, is_url, parse as parse_url, redact as redact_url};

use error::MAX_INCLUDE_DEPTH;

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
            config.read_option_files(inputs)?;
        }
        config.apply_env(inputs.env);
        if let Some(target) = &args.target {
            config.apply_target(target)?;
        }
        config.apply_flags(args);
        config.values.entry("user".into()).or_insert(Setting {
            value: Some(os_login_name(inputs.env)),
            source: Source::Default,
        });
        Ok(config)
    }

    /// The option files, in order: only `--defaults-file` when given, else
    /// `--defaults-extra-file` (which must exist) and the default files (which may not).
    fn read_option_files(&mut self, inputs: &Inputs<'_>) -> Result<(), ConfigError> {
        let args = inputs.args;
        let files: Vec<(PathBuf, bool)> = match &args.defaults_file {
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
            let saved = (self.values.clone(), self.keys.len(), self.files.len());
            match self.read_file(&path, 0, required) {
                Ok(()) => {}
                // --print-defaults reports every file, without the settings of one not
                // used; anything else stops here.
                Err(e) if args.print_defaults => {
                    self.values = saved.0;
                    self.keys.truncate(saved.1);
                    self.files.truncate(saved.2);
                    self.unusable.push(e.to_string());
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// The mysql client's environment variables (an empty one counts as unset).
    fn apply_env(&mut self, env: &dyn Fn(&str) -> Option<String>) {
        for (var, key) in [
            ("MYSQL_HOST", "host"),
            ("MYSQL_TCP_PORT", "port"),
            ("MYSQL_UNIX_PORT", "socket"),
            ("MYSQL_PWD", "password"),
        ] {
            if let Some(value) = env(var).filter(|v| !v.is_empty()) {
                self.set(key, Some(value), Source::Env(var));
            }
        }
    }

    /// The command line's positional argument: a connection URL, or a database name as
    /// the mysql client takes it.
    fn apply_target(&mut self, target: &str) -> Result<(), ConfigError> {
        if !is_url(target) {
            self.set("database", Some(target.to_owned()), Source::CommandLine);
            return Ok(());
        }
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
                self.set(key, Some(value), Source::Url);
            }
        }
        for (key, value) in parts.options {
            self.set(&key, Some(value), Source::Url);
        }
        Ok(())
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
                self.set("password", Some(password.clone()), Source::CommandLine);
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
}

#[cfg(test)]
mod tests;
