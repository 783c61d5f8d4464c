//! Where line mode writes: stdout (errors to stderr), each copied to the `\T` tee file.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// stdout/stderr plus an optional tee file.
#[derive(Debug, Default)]
pub struct Console {
    tee: Option<File>,
}

impl Console {
    /// A console without a tee.
    pub fn new() -> Self {
        Console { tee: None }
    }

    /// Starts copying output to `path` (appended; created 0600).
    ///
    /// # Failure
    /// The file cannot be opened.
    pub fn tee(&mut self, path: &Path) -> io::Result<()> {
        let mut options = OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        self.tee = Some(options.open(path)?);
        Ok(())
    }

    /// Stops the tee.
    pub fn no_tee(&mut self) {
        self.tee = None;
    }

    /// Writes text as is.
    pub fn text(&mut self, text: &str) {
        let mut out = io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
        if let Some(tee) = &mut self.tee {
            let _ = tee.write_all(text.as_bytes());
        }
    }

    /// Writes a line.
    pub fn line(&mut self, line: &str) {
        self.text(&format!("{line}\n"));
    }

    /// Writes an error line to stderr (and the tee).
    pub fn error(&mut self, line: &str) {
        eprintln!("{line}");
        if let Some(tee) = &mut self.tee {
            let _ = writeln!(tee, "{line}");
        }
    }
}
