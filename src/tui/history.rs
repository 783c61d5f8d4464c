//! The TUI's query history file: one statement per line (newlines escaped), private
//! (0600), statements holding passwords left out.

use std::io::Write;
use std::path::Path;

use crate::config::paths;
use crate::sql::is_sensitive;

const MAX_ENTRIES: usize = 5_000;

fn escape(entry: &str) -> String {
    entry.replace('\\', "\\\\").replace('\n', "\\n")
}

fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads the history (oldest first); a missing file is an empty history.
pub fn load(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .map(|text| text.lines().map(unescape).collect())
        .unwrap_or_default()
}

/// Writes the history, without sensitive statements, to a 0600 file.
///
/// # Failure
/// The I/O error.
pub fn save(path: &Path, entries: &[String]) -> std::io::Result<()> {
    let kept: Vec<&String> = entries.iter().filter(|e| !is_sensitive(e)).collect();
    let start = kept.len().saturating_sub(MAX_ENTRIES);
    let mut file = paths::create_private(path)?;
    for entry in &kept[start..] {
        writeln!(file, "{}", escape(entry))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_entries_round_trip_and_passwords_stay_out() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("h");
        let entries = vec![
            "SELECT 1,\n  'a\\b'".to_owned(),
            "SET PASSWORD = 'x'".to_owned(),
        ];
        save(&path, &entries)?;
        assert_eq!(load(&path), vec!["SELECT 1,\n  'a\\b'".to_owned()]);
        assert!(!paths::readable_by_others(&path));
        Ok(())
    }
}
