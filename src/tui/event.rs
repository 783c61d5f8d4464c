//! Everything the UI thread reacts to arrives as one `AppEvent` on one channel: terminal
//! input (from the input thread), database replies (from the worker), ticks while busy.

use std::sync::mpsc::Sender;
use std::thread;
use std::time::Instant;

use crossterm::event::{Event, KeyEvent, KeyEventKind, MouseEventKind};

use super::form_worker::FormReply;
use super::outbox::Outbox;
use super::worker::DbReply;
use crate::db::{Cancelled, DbError};

/// An event for the UI thread.
#[derive(Debug)]
pub enum AppEvent {
    /// A key press, with when the input thread read it (for key-to-frame timing).
    Key(KeyEvent, Instant),
    /// Pasted text.
    Paste(String),
    /// The mouse wheel turned at a screen cell (`up`: towards older lines).
    Wheel {
        /// Towards the top?
        up: bool,
        /// Column of the pointer.
        column: u16,
        /// Row of the pointer.
        row: u16,
    },
    /// The terminal was resized.
    Resize(u16, u16),
    /// Time passes while work is pending (spinner, elapsed time).
    Tick,
    /// The worker replied.
    Db(DbReply),
    /// The form's DAO worker replied.
    Form(Box<FormReply>),
    /// A cancel attempt finished.
    Cancelled(Result<Cancelled, DbError>),
    /// A clipboard copy finished: a message for the status bar.
    Copied(Result<String, String>),
    /// The input thread stopped (the terminal went away).
    InputClosed,
}

/// Starts the input thread: reads terminal events and forwards key presses (not releases
/// or repeats of releases), pastes and resizes.
pub fn spawn_input(tx: Sender<AppEvent>) -> std::io::Result<()> {
    thread::Builder::new().name("input".into()).spawn(move || {
        loop {
            let Ok(event) = crossterm::event::read() else {
                let _ = tx.send(AppEvent::InputClosed);
                return;
            };
            let app_event = match event {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    AppEvent::Key(key, Instant::now())
                }
                Event::Paste(text) => AppEvent::Paste(text),
                Event::Resize(w, h) => AppEvent::Resize(w, h),
                Event::Mouse(m) => match m.kind {
                    MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => AppEvent::Wheel {
                        up: m.kind == MouseEventKind::ScrollUp,
                        column: m.column,
                        row: m.row,
                    },
                    _ => continue,
                },
                _ => continue,
            };
            if tx.send(app_event).is_err() {
                return;
            }
        }
    })?;
    Ok(())
}

impl Outbox<DbReply> for Sender<AppEvent> {
    fn post(&self, reply: DbReply) -> bool {
        self.send(AppEvent::Db(reply)).is_ok()
    }
}

impl Outbox<Box<FormReply>> for Sender<AppEvent> {
    fn post(&self, reply: Box<FormReply>) -> bool {
        self.send(AppEvent::Form(reply)).is_ok()
    }
}
