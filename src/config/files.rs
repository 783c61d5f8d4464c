//! Reading option files into a [`Config`]: which files, which groups, what each key does,
//! and the report of every file searched, read or skipped that `--print-defaults` shows.
//!
//! A file that exists but cannot be used — unreadable, writable by every user, malformed,
//! a name or value that is not UTF-8, a `[rowwise]` key that rowwise refuses — is an
//! error naming the file: rowwise never goes on without it (it might be the file that
//! names the server, and the demo database would then take the user's work).

use std::fmt;
use std::path::{Path, PathBuf};

use super::keys::{CLIENT_GROUPS, ClientKey, classify_client_key};
use super::option_file::parse_bytes;
use super::{CONNECTION_KEYS, Config, ConfigError, KeyBinding, MAX_INCLUDE_DEPTH, Source, paths};

/// `[rowwise]` keys rowwise refuses, with why.
pub const REFUSED_TOOL_KEYS: [(&str, &str); 1] = [(
    "arraysize",
    "a cursor's arraysize starts at 1, as in DB-API; change it per cursor with + and - in the grid",
)];

/// What happened to one option file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// Read; its settings count.
    Read,
    /// Searched for and not there.
    NotFound,
    /// Not read, and why (only `--print-defaults` goes on after this).
    Failed(String),
}

/// One option file searched (or included) and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The file as searched for; an included one by its path resolved against the
    /// including file's directory.
    pub path: PathBuf,
    /// What happened.
    pub status: FileStatus,
}

impl fmt::Display for FileReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.status {
            FileStatus::Read => write!(f, "read:      {}", self.path.display()),
            FileStatus::NotFound => write!(f, "not found: {}", self.path.display()),
            FileStatus::Failed(why) => write!(f, "NOT USED:  {why}"),
        }
    }
}

impl Config {
    /// The `--print-defaults` report: each setting, its value (password masked) and
    /// where it came from.
    pub fn print_defaults(&self) -> String {
        let mut out = String::new();
        if self.searched.is_empty() {
            out.push_str("# option files: none searched (--no-defaults)\n");
        } else {
            out.push_str(&format!(
                "# option files, in order (later ones win; groups [{}] then [rowwise]):\n",
                CLIENT_GROUPS.join("], [")
            ));
            for report in &self.searched {
                out.push_str(&format!("#   {report}\n"));
            }
            out.push_str(
                "#   not searched: /etc/my.cnf, /etc/mysql/my.cnf (rowwise reads no system-wide option files)\n",
            );
        }
        for (key, setting) in &self.values {
            let value = match (key.as_str(), &setting.value) {
                ("password", _) => "*****".to_owned(),
                (_, Some(v)) => v.clone(),
                (_, None) => "(on)".to_owned(),
            };
            out.push_str(&format!("--{key}={value}  # {}\n", setting.source));
        }
        if self.prompt_password {
            out.push_str("--password  # will be asked for\n");
        }
        out.push_str(&super::connect_args::summary(self));
        out
    }

    /// Reads one option file (and what it includes). `required`: a missing file is an
    /// error (`--defaults-file`), not only "not found".
    pub(super) fn read_file(
        &mut self,
        path: &Path,
        depth: usize,
        required: bool,
    ) -> Result<(), ConfigError> {
        let before = self.searched.len();
        let result = self.read_file_inner(path, depth, required);
        if let Err(e) = &result {
            let failed = FileStatus::Failed(e.to_string());
            let reports = &mut self.searched[before..];
            let nested = reports
                .iter()
                .any(|r| matches!(r.status, FileStatus::Failed(_)));
            match reports
                .iter_mut()
                .find(|r| r.path == path && r.status == FileStatus::Read)
            {
                Some(report) => report.status = failed,
                None if !nested => self.searched.push(FileReport {
                    path: path.to_path_buf(),
                    status: failed,
                }),
                None => {}
            }
        }
        result
    }

    fn read_file_inner(
        &mut self,
        path: &Path,
        depth: usize,
        required: bool,
    ) -> Result<(), ConfigError> {
        if depth > MAX_INCLUDE_DEPTH {
            return Err(ConfigError::IncludeDepth {
                path: path.to_path_buf(),
            });
        }
        let Some(bytes) = self.read_bytes(path, depth, required)? else {
            return Ok(());
        };
        if paths::writable_by_everyone(path) {
            return Err(ConfigError::WorldWritable {
                path: path.to_path_buf(),
            });
        }
        let directives = parse_bytes(&bytes, path)?;
        self.files.push(path.to_path_buf());
        self.searched.push(FileReport {
            path: path.to_path_buf(),
            status: FileStatus::Read,
        });
        let mut holds_password = false;
        for directive in directives {
            holds_password |= self.apply_directive(path, directive, depth)?;
        }
        if holds_password && paths::readable_by_others(path) {
            self.warnings.push(format!(
                "{} holds a password and can be read by other users; run: chmod 600 {}",
                path.display(),
                path.display()
            ));
        }
        Ok(())
    }

    /// The file's bytes; `None` for a missing file that may be missing (reported as not
    /// found, with a warning when it was included).
    fn read_bytes(
        &mut self,
        path: &Path,
        depth: usize,
        required: bool,
    ) -> Result<Option<Vec<u8>>, ConfigError> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                if depth > 0 {
                    self.warnings
                        .push(format!("included option file {} not found", path.display()));
                }
                self.searched.push(FileReport {
                    path: path.to_path_buf(),
                    status: FileStatus::NotFound,
                });
                Ok(None)
            }
            Err(source) => Err(ConfigError::Unreadable {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// One line of the file at `path`: an include is read at once (as the mysql client
    /// does, so later lines win over it). Returns whether it set the password.
    fn apply_directive(
        &mut self,
        path: &Path,
        directive: super::Directive,
        depth: usize,
    ) -> Result<bool, ConfigError> {
        match directive {
            super::Directive::Include(file) => {
                self.read_file(&resolve(path, &file), depth + 1, false)?;
            }
            super::Directive::IncludeDir(dir) => {
                let dir = resolve(path, &dir);
                let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                    .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                    .unwrap_or_default();
                files.retain(|f| f.extension().is_some_and(|e| e == "cnf"));
                files.sort();
                for file in files {
                    self.read_file(&file, depth + 1, false)?;
                }
            }
            super::Directive::Option {
                group,
                key,
                value,
                line,
            } => {
                let source = Source::File {
                    path: path.to_path_buf(),
                    line,
                };
                return self.apply_option(&group, key, value, source);
            }
        }
        Ok(false)
    }

    /// One `key = value` of `[group]`. Returns whether it set the password.
    fn apply_option(
        &mut self,
        group: &str,
        key: String,
        value: Option<String>,
        source: Source,
    ) -> Result<bool, ConfigError> {
        if group == "rowwise"
            && let Some((key, value)) = super::connect_args::stored_key(&key, value.clone())
        {
            self.set(key, value, source);
            return Ok(false);
        }
        if CLIENT_GROUPS.contains(&group) {
            match classify_client_key(&key, value.as_deref(), &super::honoured_client_keys()) {
                ClientKey::Honour(key, value) => {
                    let password = key == "password";
                    self.set(&key, value, source);
                    return Ok(password);
                }
                ClientKey::AlreadySo => {}
                ClientKey::Ignore(why) => self.warnings.push(format!("{source}: ignored: {why}")),
            }
            return Ok(false);
        }
        match group {
            "rowwise" if CONNECTION_KEYS.contains(&key.as_str()) => {
                let password = key == "password";
                self.set(&key, value, source);
                Ok(password)
            }
            "rowwise"
                if super::TOOL_KEYS.contains(&key.as_str())
                    || super::CLIENT_OPTION_KEYS.contains(&key.as_str()) =>
            {
                self.set(&key, value, source);
                Ok(false)
            }
            "rowwise" => {
                let message = match REFUSED_TOOL_KEYS.iter().find(|(k, _)| *k == key) {
                    Some((_, why)) => format!("rowwise does not support {key}: {why}"),
                    None => format!(
                        "unknown setting; [rowwise] takes {} and the connection settings ({})",
                        super::TOOL_KEYS.join(", "),
                        CONNECTION_KEYS.join(", ")
                    ),
                };
                Err(ConfigError::Refused {
                    key,
                    origin: source,
                    message,
                })
            }
            "keys" => {
                self.keys.push(KeyBinding {
                    action: key,
                    key: value.unwrap_or_default(),
                    source,
                });
                Ok(false)
            }
            // Another program's group ([mysqld], [mysqldump], ...).
            _ => Ok(false),
        }
    }
}

/// Resolves an `!include` path relative to the including file.
fn resolve(from: &Path, target: &Path) -> PathBuf {
    if target.is_absolute() {
        target.to_path_buf()
    } else {
        from.parent()
            .map_or_else(|| target.to_path_buf(), |dir| dir.join(target))
    }
}
