//! Where each setting came from, so that an error or `--print-defaults` can name it.

use std::fmt;
use std::path::PathBuf;

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// rowwise's built-in default.
    Default,
    /// An option file line.
    File {
        /// The option file (an included one by its resolved path).
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
    /// The action, as the `[keys]` group names it (the key of the line).
    pub action: String,
    /// The key, as written (`ctrl-r`, `f5`, ...).
    pub key: String,
    /// Where it came from.
    pub source: Source,
}
