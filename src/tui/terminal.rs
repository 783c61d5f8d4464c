//! The only place that touches raw mode and the alternate screen: entering, and restoring
//! on every way out (normal exit, error, panic, SIGTERM/SIGHUP).

use std::io::{self, Write};

use crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, KeyboardEnhancementFlags,
    PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

/// Restores the terminal when dropped.
pub struct TerminalGuard {
    enhanced_keys: bool,
}

/// Puts the terminal back: leaves raw mode and the alternate screen. Safe to call twice.
pub fn restore(enhanced_keys: bool) {
    let mut out = io::stdout();
    if enhanced_keys {
        let _ = execute!(out, PopKeyboardEnhancementFlags);
    }
    let _ = execute!(out, DisableBracketedPaste);
    ratatui::restore();
    let _ = out.flush();
}

impl TerminalGuard {
    /// Enters the full-screen mode. Installs a panic hook that restores the terminal and
    /// then reports the panic briefly (no backtrace, nothing of the session's secrets).
    ///
    /// # Failure
    /// The terminal refusing raw mode or the alternate screen (then it is restored).
    pub fn enter() -> io::Result<(TerminalGuard, DefaultTerminal)> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let location = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown error".to_owned());
            eprintln!(
                "rowwise crashed{location}: {message}\nThe terminal was restored. Please report this."
            );
            let _ = &previous;
        }));
        let terminal = ratatui::try_init().inspect_err(|_| restore(false))?;
        let mut out = io::stdout();
        execute!(out, EnableBracketedPaste).inspect_err(|_| restore(false))?;
        // Ctrl-Enter reaches programs only with the kitty keyboard protocol.
        let enhanced_keys = matches!(
            crossterm::terminal::supports_keyboard_enhancement(),
            Ok(true)
        ) && execute!(
            out,
            PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
        )
        .is_ok();
        Ok((TerminalGuard { enhanced_keys }, terminal))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore(self.enhanced_keys);
    }
}
