//! Where rowwise's files live, and creating private (0600) files. No parsing here.

use std::fs;
use std::path::{Path, PathBuf};

/// The places the environment gives for per-user files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dirs {
    /// The current directory (for `./connector.cnf`).
    pub cwd: Option<PathBuf>,
    /// The user's home (for `~/.my.cnf`).
    pub home: Option<PathBuf>,
    /// The user's config directory (`~/.config`).
    pub config: Option<PathBuf>,
    /// The user's data directory (`~/.local/share`).
    pub data: Option<PathBuf>,
}

impl Dirs {
    /// The directories of the running process.
    pub fn from_env() -> Self {
        Dirs {
            cwd: std::env::current_dir().ok(),
            home: dirs::home_dir(),
            config: dirs::config_dir(),
            data: dirs::data_dir(),
        }
    }

    /// Option files read when none is named, lowest precedence first:
    /// `~/.my.cnf`, then `<config>/rowwise/connector.cnf`, then `./connector.cnf`.
    pub fn default_option_files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        if let Some(home) = &self.home {
            files.push(home.join(".my.cnf"));
        }
        if let Some(config) = &self.config {
            files.push(config.join("rowwise").join("connector.cnf"));
        }
        if let Some(cwd) = &self.cwd {
            files.push(cwd.join("connector.cnf"));
        }
        files
    }

    /// rowwise's data directory (history, demo database), if the platform has one.
    pub fn data_dir(&self) -> Option<PathBuf> {
        self.data.as_ref().map(|d| d.join("rowwise"))
    }
}

pub use crate::private_file::{create_private, restrict_to_owner};

/// Can users other than the owner read this file?
pub fn readable_by_others(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = fs::metadata(path) {
            return meta.permissions().mode() & 0o044 != 0;
        }
    }
    false
}

/// Can every user write this file? The mysql client ignores such option files, since
/// anyone could have put settings (a host to send the password to) in them.
pub fn writable_by_everyone(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = fs::metadata(path) {
            return meta.is_file() && meta.permissions().mode() & 0o002 != 0;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_files_are_0600() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("sub").join("history");
        create_private(&path)?;
        assert!(!readable_by_others(&path));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path)?.permissions().mode() & 0o777, 0o600);
        }
        Ok(())
    }
}
