//! The only place that touches raw mode and the alternate screen: entering, and restoring
//! on every way out (normal exit, error, panic, SIGTERM/SIGHUP).
//!
//! A panic on any thread, or a termination signal, ends the program: the UI cannot go on
//! without its worker, and a terminal left in raw mode on the alternate screen is worse
//! than a clean exit. Whoever restores holds stdout locked until the process exits, so the
//! UI thread cannot draw another frame over the restored screen.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, KeyboardEnhancementFlags,
    PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

use crate::interrupt::SignalState;

/// Restores the terminal when dropped.
pub struct TerminalGuard {
    enhanced_keys: bool,
}

/// Was the kitty keyboard protocol switched on (so that restoring must pop it)?
static ENHANCED_KEYS: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back: leaves raw mode and the alternate screen. Safe to call twice.
pub fn restore(enhanced_keys: bool) {
    let mut out = io::stdout();
    if enhanced_keys {
        let _ = execute!(out, PopKeyboardEnhancementFlags);
    }
    let _ = execute!(out, DisableBracketedPaste);
    // Wheel reports off (basic button tracking, SGR encoding).
    let _ = out.write_all(b"\x1b[?1006l\x1b[?1000l");
    ratatui::restore();
    let _ = out.flush();
}

/// Restores the terminal from any thread on the way out, and returns stdout locked: keep
/// the lock until the process exits so that no frame is drawn after this.
pub fn restore_for_exit() -> io::StdoutLock<'static> {
    let lock = io::stdout().lock();
    // The lock is reentrant: restoring writes through it.
    restore(ENHANCED_KEYS.swap(false, Ordering::SeqCst));
    lock
}

fn panic_text(info: &std::panic::PanicHookInfo<'_>) -> String {
    info.payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".to_owned())
}

impl TerminalGuard {
    /// Enters the full-screen mode. Installs a panic hook that restores the terminal,
    /// reports the panic briefly (no backtrace, nothing of the session's secrets: the
    /// connection options print their password masked), says what became of an open
    /// transaction, and exits with status 101.
    ///
    /// # Failure
    /// The terminal refusing raw mode or the alternate screen (then it is restored).
    pub fn enter(signals: Arc<SignalState>) -> io::Result<(TerminalGuard, DefaultTerminal)> {
        let terminal = ratatui::try_init().inspect_err(|_| restore(false))?;
        // Replaces the hook ratatui just installed: this one restores as well, and exits.
        std::panic::set_hook(Box::new(move |info| {
            let _hold = restore_for_exit();
            let location = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let thread = std::thread::current()
                .name()
                .map(|n| format!(" in thread '{n}'"))
                .unwrap_or_default();
            eprintln!(
                "rowwise crashed{thread}{location}: {}\nThe terminal was restored. Please report this.",
                panic_text(info)
            );
            if let Some(note) = signals.transaction_note() {
                eprintln!("rowwise: {note}");
            }
            std::process::exit(101);
        }));
        let mut out = io::stdout();
        execute!(out, EnableBracketedPaste).inspect_err(|_| restore(false))?;
        // The mouse wheel scrolls the Python panel and the grid. Only button presses are
        // reported (no motion), in the SGR encoding; Shift-drag still selects text in most
        // terminals.
        out.write_all(b"\x1b[?1000h\x1b[?1006h")
            .and_then(|()| out.flush())
            .inspect_err(|_| restore(false))?;
        // Ctrl-Enter reaches programs only with the kitty keyboard protocol.
        let enhanced_keys = matches!(
            crossterm::terminal::supports_keyboard_enhancement(),
            Ok(true)
        ) && execute!(
            out,
            PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
        )
        .is_ok();
        ENHANCED_KEYS.store(enhanced_keys, Ordering::SeqCst);
        Ok((TerminalGuard { enhanced_keys }, terminal))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ENHANCED_KEYS.store(false, Ordering::SeqCst);
        restore(self.enhanced_keys);
    }
}
