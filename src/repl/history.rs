//! The line-mode history file: private (0600), and statements holding passwords never
//! reach it.

use std::path::Path;

use rustyline::history::{FileHistory, History};

use crate::config::paths;
use crate::sql::is_sensitive;

/// Adds an entry unless it carries a password. Returns whether it was added.
pub fn remember(history: &mut FileHistory, entry: &str) -> bool {
    if entry.trim().is_empty() || is_sensitive(entry) {
        return false;
    }
    history.add(entry).unwrap_or(false)
}

/// Loads the history file, creating it 0600 if it does not exist yet.
pub fn load(history: &mut FileHistory, path: &Path) {
    if !path.exists() {
        let _ = paths::create_private(path);
    }
    let _ = paths::restrict_to_owner(path);
    let _ = history.load(path);
}

/// Saves the history, keeping the file private.
pub fn save(history: &mut FileHistory, path: &Path) {
    if !path.exists() {
        let _ = paths::create_private(path);
    }
    let _ = history.save(path);
    let _ = paths::restrict_to_owner(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_statements_never_enter_the_history() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("history");
        let mut h = FileHistory::new();
        assert!(remember(&mut h, "SELECT 1;"));
        assert!(!remember(
            &mut h,
            "CREATE USER bob IDENTIFIED BY 'hunter2';"
        ));
        save(&mut h, &path);
        let text = std::fs::read_to_string(&path)?;
        assert!(
            text.contains("SELECT 1;") && !text.contains("hunter2"),
            "{text}"
        );
        assert!(!paths::readable_by_others(&path));
        Ok(())
    }
}
