//! The editor's text kept on disk as it is typed, so that text not yet run survives a
//! quit, a SIGTERM or a kill -9 and comes back at the next start (as harlequin keeps its
//! buffers). A thread of its own writes it: the UI thread only hands over the text, and
//! a burst of keys costs one write after it (debounced). The file is the user's alone
//! (0600) and is replaced whole (written aside, then renamed), so a crash mid-write
//! leaves the previous draft, never half of one.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// How long typing must pause before the text is written.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

enum Message {
    Text(String),
    Finish,
}

/// Writes the draft in the background (see the module documentation).
#[derive(Debug)]
pub struct DraftSaver {
    tx: Sender<Message>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Message::Text(t) => write!(f, "Text({} bytes)", t.len()),
            Message::Finish => f.write_str("Finish"),
        }
    }
}

impl DraftSaver {
    /// Starts the writer for `path`.
    ///
    /// # Failure
    /// The thread could not be started.
    pub fn spawn(path: PathBuf) -> std::io::Result<Self> {
        let (tx, rx) = channel();
        let thread = thread::Builder::new()
            .name("draft".into())
            .spawn(move || write_loop(&path, &rx))?;
        Ok(DraftSaver {
            tx,
            thread: Some(thread),
        })
    }

    /// Hands over the editor's text; returns at once.
    pub fn save(&self, text: String) {
        let _ = self.tx.send(Message::Text(text));
    }

    /// Writes what is pending now and waits for the writer to end (on quitting).
    pub fn finish(mut self) {
        let _ = self.tx.send(Message::Finish);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn write_loop(path: &Path, rx: &Receiver<Message>) {
    let mut pending: Option<String> = None;
    loop {
        let message = if pending.is_some() {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(m) => Some(m),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Message::Finish),
            }
        } else {
            match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => return,
            }
        };
        match message {
            Some(Message::Text(text)) => pending = Some(text),
            Some(Message::Finish) => {
                if let Some(text) = pending.take() {
                    let _ = write(path, &text);
                }
                return;
            }
            None => {
                if let Some(text) = pending.take() {
                    let _ = write(path, &text);
                }
            }
        }
    }
}

/// Writes `text` as the draft (0600, replaced whole); an empty editor removes it.
///
/// # Failure
/// The file system's error.
pub fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if text.trim().is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let aside = path.with_extension("sql.tmp");
    let mut file = crate::config::paths::create_private(&aside)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&aside, path)
}

/// The draft left by the last session, if any.
pub fn load(path: &Path) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .filter(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_texts_is_written_once_as_the_last_one_and_private() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("tui-draft.sql");
        let saver = DraftSaver::spawn(path.clone())?;
        for n in 1..=50 {
            saver.save("SELECT ".to_owned() + &n.to_string());
        }
        saver.finish();
        assert_eq!(load(&path).as_deref(), Some("SELECT 50"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)?.permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        write(&path, "  \n")?;
        assert!(!path.exists(), "an empty editor leaves no draft");
        Ok(())
    }

    #[test]
    fn the_draft_is_written_after_typing_pauses_without_quitting() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("tui-draft.sql");
        let saver = DraftSaver::spawn(path.clone())?;
        saver.save("SELECT 'unrun'".into());
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while load(&path).is_none() && std::time::Instant::now() < deadline {
            thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(load(&path).as_deref(), Some("SELECT 'unrun'"));
        saver.finish();
        Ok(())
    }
}
