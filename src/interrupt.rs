//! Signals for the interactive front ends. In line mode, Ctrl-C (SIGINT) while a statement
//! runs cancels it from another thread, as the mysql client does with KILL QUERY. In both
//! line mode and the full screen, SIGTERM and SIGHUP end the program after restoring the
//! terminal, saying what happens to an open transaction.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Condvar, Mutex};
use std::thread;

use crate::db::{Cancelled, Canceller};

/// Shared facts the signal handlers need.
#[derive(Debug, Default)]
pub struct SignalState {
    /// Is a transaction open (so ending the session rolls it back)?
    pub in_transaction: AtomicBool,
    /// Statements run in it, when the front end counts them (0: not counted).
    pub uncommitted: AtomicU32,
}

impl SignalState {
    /// What ending the program now does to the open transaction, if one is open. The
    /// server rolls back the transaction of a session that ends without COMMIT.
    pub fn transaction_note(&self) -> Option<String> {
        if !self.in_transaction.load(Ordering::SeqCst) {
            return None;
        }
        Some(match self.uncommitted.load(Ordering::SeqCst) {
            0 => {
                "the open transaction is rolled back as the connection closes; its uncommitted changes are gone".to_owned()
            }
            n => format!(
                "the open transaction is rolled back as the connection closes; its {n} uncommitted statement(s) are gone"
            ),
        })
    }
}

/// The termination signals: SIGTERM, SIGHUP (the terminal went away), and, for the full
/// screen (where Ctrl-C is a key, so a SIGINT or SIGQUIT can only come from `kill`), those
/// two as well.
fn termination_signals(full_screen: bool) -> Vec<i32> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = vec![SIGTERM, SIGHUP];
    if full_screen {
        signals.extend([SIGINT, SIGQUIT]);
    }
    signals
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        signal_hook::consts::SIGHUP => "SIGHUP",
        signal_hook::consts::SIGINT => "SIGINT",
        signal_hook::consts::SIGQUIT => "SIGQUIT",
        _ => "SIGTERM",
    }
}

/// On a termination signal: `restore` puts the terminal back, then the program says what
/// happens to an open transaction and exits with status 1. stdout stays locked from the
/// restore to the exit, so no other thread draws over the restored screen. Ending the
/// session makes the server roll the transaction back.
///
/// # Failure
/// The OS refusing the handler.
pub fn watch_termination(
    state: Arc<SignalState>,
    full_screen: bool,
    restore: fn() -> std::io::StdoutLock<'static>,
) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new(termination_signals(full_screen))?;
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _hold = restore();
                let name = signal_name(signal);
                match state.transaction_note() {
                    Some(note) => eprintln!("\nrowwise: {name}: {note}"),
                    None => eprintln!("\nrowwise: {name}: exiting"),
                }
                std::process::exit(1);
            }
        })?;
    Ok(())
}

/// The terminal's modes before line mode started: rustyline switches to raw mode while it
/// reads a line, and only it knows how to switch back, so a signal restores these instead.
static LINE_MODE_TERMINAL: std::sync::OnceLock<rustix::termios::Termios> =
    std::sync::OnceLock::new();

/// Leaves rustyline's raw mode (line mode), holding stdout until the exit.
fn restore_line_mode() -> std::io::StdoutLock<'static> {
    let lock = std::io::stdout().lock();
    if let Some(modes) = LINE_MODE_TERMINAL.get() {
        let _ = rustix::termios::tcsetattr(
            std::io::stdin(),
            rustix::termios::OptionalActions::Now,
            modes,
        );
    }
    lock
}

/// What the Ctrl-C watcher knows about the statement running now.
#[derive(Debug, Default)]
struct Running {
    /// Cancels the running statement; `None` while no statement runs.
    canceller: Option<Canceller>,
    /// A Ctrl-C came while the current statement ran.
    interrupted: bool,
    /// A cancel is on its way: the statement's end waits for it, so that what the cancel
    /// says is printed before the prompt comes back.
    cancelling: bool,
}

/// SIGINT handling for statements (see the module documentation). One watcher thread
/// serves the whole session: it sleeps until a SIGINT arrives, so a statement costs two
/// uncontended lock operations, not a thread start, sleeps and a join.
#[derive(Debug, Clone)]
pub struct Interrupts {
    running: Arc<(Mutex<Running>, Condvar)>,
}

impl Interrupts {
    /// Installs the handlers. SIGINT then no longer kills the process; SIGTERM and SIGHUP
    /// restore the terminal, report, and exit with status 1 (the server rolls back the
    /// open transaction when the session ends).
    ///
    /// # Failure
    /// The OS refusing a handler, or no thread for the watcher.
    pub fn install(state: Arc<SignalState>) -> std::io::Result<Self> {
        let running = Arc::new((Mutex::new(Running::default()), Condvar::new()));
        let mut interrupts = signal_hook::iterator::Signals::new([signal_hook::consts::SIGINT])?;
        let watched = Arc::clone(&running);
        thread::Builder::new()
            .name("ctrl-c".into())
            .spawn(move || {
                let (lock, done) = &*watched;
                for _ in interrupts.forever() {
                    let canceller = match lock.lock() {
                        Ok(mut running) => {
                            let canceller = running.canceller.clone();
                            running.interrupted |= canceller.is_some();
                            running.cancelling |= canceller.is_some();
                            canceller
                        }
                        Err(_) => None,
                    };
                    // A Ctrl-C between statements has nothing to cancel.
                    if let Some(canceller) = canceller {
                        cancel(&canceller);
                        if let Ok(mut running) = lock.lock() {
                            running.cancelling = false;
                        }
                        done.notify_all();
                    }
                }
            })?;
        if let Ok(modes) = rustix::termios::tcgetattr(std::io::stdin()) {
            let _ = LINE_MODE_TERMINAL.set(modes);
        }
        watch_termination(state, false, restore_line_mode)?;
        Ok(Interrupts { running })
    }

    /// Runs `work`; a Ctrl-C meanwhile cancels it through `canceller` (the session stays).
    /// Returns the work's result and whether it was interrupted.
    pub fn during<T>(&self, canceller: Canceller, work: impl FnOnce() -> T) -> (T, bool) {
        let (lock, done) = &*self.running;
        if let Ok(mut running) = lock.lock() {
            *running = Running {
                canceller: Some(canceller),
                interrupted: false,
                cancelling: false,
            };
        }
        let result = work();
        let interrupted = match lock.lock() {
            Ok(mut running) => {
                running.canceller = None;
                match done.wait_while(running, |r| r.cancelling) {
                    Ok(mut running) => std::mem::take(&mut *running).interrupted,
                    Err(_) => false,
                }
            }
            Err(_) => false,
        };
        (result, interrupted)
    }
}

/// Sends the cancel, saying so only when it did more than ask the server.
fn cancel(canceller: &Canceller) {
    match canceller.cancel() {
        Ok(Cancelled::Sent) => {}
        Ok(how) => eprintln!("rowwise: {}", how.message()),
        Err(e) => eprintln!("rowwise: could not cancel: {}", e.mysql_client_line()),
    }
}
