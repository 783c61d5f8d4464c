//! Signals for the line-mode front ends: Ctrl-C (SIGINT) while a statement runs cancels it
//! from another thread, as the mysql client does with KILL QUERY; SIGTERM and SIGHUP end
//! the program after restoring the terminal, saying what happens to an open transaction.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use crate::db::{Cancelled, Canceller};

/// Shared facts the signal handlers need.
#[derive(Debug, Default)]
pub struct SignalState {
    /// Is a transaction open (so ending the session rolls it back)?
    pub in_transaction: AtomicBool,
}

/// On SIGTERM or SIGHUP: restores the terminal (leaving the full screen when `full_screen`),
/// says what happens to an open transaction, and exits with status 1. Ending the session
/// makes the server roll the transaction back.
///
/// # Failure
/// The OS refusing the handler.
pub fn watch_termination(state: Arc<SignalState>, full_screen: bool) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ])?;
    thread::Builder::new().name("signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _ = crossterm::terminal::disable_raw_mode();
            if full_screen {
                let _ = crossterm::execute!(
                    std::io::stdout(),
                    crossterm::event::DisableBracketedPaste,
                    crossterm::terminal::LeaveAlternateScreen,
                    crossterm::cursor::Show
                );
            }
            let name = if signal == signal_hook::consts::SIGHUP { "SIGHUP" } else { "SIGTERM" };
            if state.in_transaction.load(Ordering::SeqCst) {
                eprintln!("\nrowwise: {name}: the open transaction was rolled back; its uncommitted changes are gone");
            } else {
                eprintln!("\nrowwise: {name}: exiting");
            }
            std::process::exit(1);
        }
    })?;
    Ok(())
}

/// SIGINT handling for statements (see the module documentation).
#[derive(Debug, Clone)]
pub struct Interrupts {
    flag: Arc<AtomicBool>,
}

impl Interrupts {
    /// Installs the handlers. SIGINT then no longer kills the process; SIGTERM and SIGHUP
    /// restore the terminal, report, and exit with status 1 (the server rolls back the
    /// open transaction when the session ends).
    ///
    /// # Failure
    /// The OS refusing a handler.
    pub fn install(state: Arc<SignalState>) -> std::io::Result<Self> {
        let flag = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&flag))?;
        let mut signals = signal_hook::iterator::Signals::new([
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
        ])?;
        thread::Builder::new().name("signals".into()).spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _ = crossterm::terminal::disable_raw_mode();
                let name = if signal == signal_hook::consts::SIGHUP { "SIGHUP" } else { "SIGTERM" };
                if state.in_transaction.load(Ordering::SeqCst) {
                    eprintln!("\nrowwise: {name}: the open transaction was rolled back (nothing uncommitted was kept)");
                } else {
                    eprintln!("\nrowwise: {name}: exiting");
                }
                std::process::exit(1);
            }
        })?;
        Ok(Interrupts { flag })
    }

    /// Runs `work`; a Ctrl-C meanwhile cancels it through `canceller` (the session stays).
    /// Returns the work's result and whether it was interrupted.
    pub fn during<T>(&self, canceller: Canceller, work: impl FnOnce() -> T) -> (T, bool) {
        self.flag.store(false, Ordering::SeqCst);
        let done = Arc::new(AtomicBool::new(false));
        let interrupted = Arc::new(AtomicBool::new(false));
        let watcher = {
            let (flag, done, interrupted) = (
                Arc::clone(&self.flag),
                Arc::clone(&done),
                Arc::clone(&interrupted),
            );
            thread::spawn(move || {
                while !done.load(Ordering::SeqCst) {
                    if flag.swap(false, Ordering::SeqCst) {
                        interrupted.store(true, Ordering::SeqCst);
                        match canceller.cancel() {
                            Ok(Cancelled::Sent) => {}
                            Ok(how) => eprintln!("rowwise: {}", how.message()),
                            Err(e) => {
                                eprintln!("rowwise: could not cancel: {}", e.mysql_client_line());
                            }
                        }
                    }
                    thread::sleep(Duration::from_millis(20));
                }
            })
        };
        let result = work();
        done.store(true, Ordering::SeqCst);
        let _ = watcher.join();
        (result, interrupted.load(Ordering::SeqCst))
    }
}
