//! Where line mode writes: stdout (errors to stderr), each copied to the `\T` tee file.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// stdout/stderr plus an optional tee file, and a pager for results.
#[derive(Debug, Default)]
pub struct Console {
    tee: Option<File>,
    /// The pager command results go through (`less -SFX`), when stdout is a terminal.
    pager: Option<String>,
}

impl Console {
    /// A console without a tee.
    pub fn new() -> Self {
        Console {
            tee: None,
            pager: None,
        }
    }

    /// A console whose results go through `pager`.
    pub fn with_pager(pager: Option<String>) -> Self {
        Console { tee: None, pager }
    }

    /// Results go through `pager` (a shell command), or straight to stdout with `None`.
    pub fn set_pager(&mut self, pager: Option<String>) {
        self.pager = pager;
    }

    pub fn pager(&self) -> Option<&str> {
        self.pager.as_deref()
    }

    /// Writes a result: through the pager when one is set and both stdin and stdout are a
    /// terminal (it shows what does not fit the screen; `less -F` leaves at once what
    /// does), else as [`Console::text`]. A pager that cannot be started is said, and the
    /// text printed.
    pub fn result(&mut self, text: &str) {
        use std::io::IsTerminal;
        // Only a person at the terminal can page: piped statements never wait on `less`.
        let interactive = io::stdout().is_terminal() && io::stdin().is_terminal();
        let Some(pager) = self.pager.clone().filter(|_| interactive) else {
            self.text(text);
            return;
        };
        if let Some(tee) = &mut self.tee {
            let _ = tee.write_all(text.as_bytes());
        }
        let spawned = std::process::Command::new("sh")
            .arg("-c")
            .arg(&pager)
            .stdin(std::process::Stdio::piped())
            .spawn();
        match spawned {
            Ok(mut child) => {
                if let Some(mut stdin) = child.stdin.take() {
                    // The user may quit the pager before reading everything.
                    let _ = stdin.write_all(text.as_bytes());
                }
                let _ = child.wait();
            }
            Err(e) => {
                eprintln!("ERROR: cannot start the pager '{pager}': {e}; printing to stdout");
                let mut out = io::stdout().lock();
                let _ = out.write_all(text.as_bytes());
                let _ = out.flush();
            }
        }
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

    /// Writes `line` and a newline, to stdout and the tee.
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
