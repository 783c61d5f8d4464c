//! `\e`: a statement edited in the user's editor ($VISUAL, else $EDITOR, else `vi`), through
//! a private temporary file.

use std::io::{self, Write};
use std::process::Command;

/// The text after the user's editor has had it.
///
/// # Failure
/// The file cannot be written or read back, the editor cannot be started, or it exits
/// with a failure (then the statement is left as it was).
pub(super) fn edit(text: &[u8]) -> io::Result<Vec<u8>> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "vi".into());
    let mut file = tempfile::Builder::new()
        .prefix("rowwise-edit-")
        .suffix(".sql")
        .tempfile()?;
    file.write_all(text)?;
    file.write_all(b"\n")?;
    file.flush()?;
    // The editor setting may hold arguments (`code --wait`): the shell splits it.
    let status = Command::new("sh")
        .arg("-c")
        .arg("$ROWWISE_EDITOR \"$1\"")
        .arg("sh")
        .arg(file.path())
        .env("ROWWISE_EDITOR", &editor)
        .status()?;
    if !status.success() {
        return Err(io::Error::other(format!(
            "the editor {} failed ({status}); the statement is unchanged",
            editor.to_string_lossy()
        )));
    }
    std::fs::read(file.path())
}
