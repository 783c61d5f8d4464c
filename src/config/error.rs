//! What can be wrong with the configuration, with where it comes from.

use std::path::PathBuf;

use super::Source;

/// A configuration problem, with where it comes from.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A malformed line in an option file.
    #[error("{}:{line}: {message}", path.display())]
    Syntax {
        /// The option file, as it was named (included files by their resolved path).
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An option file that was asked for cannot be read.
    #[error("cannot read option file {}: {source}", path.display())]
    Unreadable {
        /// The option file, as it was named.
        path: PathBuf,
        /// The I/O error: not found (for a file that must exist), permission denied, ...
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
        /// The setting's option-file name (`port`, `connect-timeout`).
        key: String,
        /// The value as it was given, untrimmed.
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
        /// The option file that was not read.
        path: PathBuf,
    },
    /// A `[rowwise]` key that rowwise does not take.
    #[error("{origin}: [rowwise] {key}: {message}")]
    Refused {
        /// The key as normalized (lower case, `_` read as `-`).
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

/// How deep `!include` may nest (a file that includes itself stops here).
pub(super) const MAX_INCLUDE_DEPTH: usize = 10;
