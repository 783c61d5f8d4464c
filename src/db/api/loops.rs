//! The words of `for row in cursor: print(row)` (`\iterate`) both backends print with:
//! the loop's code, its printer, the Ctrl-C stop flag and the caller's own stop.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Outcome, PREVIEW_VALUE_BYTES};
use crate::db::DbError;
use crate::pyrepr::{PyValue, display_prefix};

/// The `code` of a loop's entry: what the REPL shows for the loop typed at its prompt
/// (printed after `>>> `, the block's continuation lines and the empty `...` ending it).
pub const LOOP_CODE: &str = "for row in cursor:\n...     print(row)\n...";

/// Set from another thread (the full screen's Ctrl-C) to stop the running loop before its
/// next row. One per process: the full screen runs one loop at a time.
static LOOP_STOP: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// The stop of the work this thread runs now (see [`stopping_when`]).
    static CALLER_STOP: RefCell<Option<Box<dyn Fn() -> bool>>> = const { RefCell::new(None) };
}

/// Runs `work` with `stop` asked before each row of every loop it runs: when it says
/// true, the loop ends there as Ctrl-C ends it. Unlike the flag of [`interrupt_loop`],
/// which a loop forgets as it starts, `stop` is the caller's and is never cleared, so a
/// stop that came before the loop's first row stops it before that row. The full
/// screen's worker passes the stop of the request it runs, so a Ctrl-C meant for
/// another request never touches this one.
pub fn stopping_when<T>(stop: impl Fn() -> bool + 'static, work: impl FnOnce() -> T) -> T {
    /// Puts back the stop that was there before, even if `work` panics.
    struct Restore(Option<Box<dyn Fn() -> bool>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let before = self.0.take();
            CALLER_STOP.with(|s| *s.borrow_mut() = before);
        }
    }
    let _restore = Restore(CALLER_STOP.with(|s| s.borrow_mut().replace(Box::new(stop))));
    work()
}

/// Does the caller's stop (see [`stopping_when`]) say stop?
fn caller_stopped() -> bool {
    CALLER_STOP.with(|s| s.borrow().as_ref().is_some_and(|stop| stop()))
}

/// What Python prints for a loop stopped by Ctrl-C (the interactive prompt's last line).
pub const KEYBOARD_INTERRUPT: &str = "KeyboardInterrupt";

/// Asks the running loop to stop before its next row, as Ctrl-C stops `for row in
/// cursor` in Python: the rows printed so far stay, then `KeyboardInterrupt`. A loop
/// that starts later is not affected.
pub fn interrupt_loop() {
    LOOP_STOP.store(true, Ordering::SeqCst);
}

/// Forgets a stop asked before a run starts (see [`interrupt_loop`]): what
/// [`LoopPrinter::new`] does for a loop, for a run of statements (F10).
pub fn clear_stop() {
    LOOP_STOP.store(false, Ordering::SeqCst);
}

/// Was a stop asked (Ctrl-C, [`interrupt_loop`]) since the last look? The same flag
/// stops a loop before its next row and a run of statements (F10) before its next
/// statement; looking clears it.
pub fn take_stop() -> bool {
    LOOP_STOP.swap(false, Ordering::SeqCst)
}

/// What a loop printed, gathered row by row: each row's `str()` on its own line, then
/// the exception that ended the loop, if one did. With a `preview`, a display's copy:
/// each row cut at [`PREVIEW_VALUE_BYTES`] and, past that many bytes in all, the rest
/// counted instead of printed (the error line is always kept).
#[derive(Debug, Default)]
pub struct LoopPrinter {
    text: String,
    preview: bool,
    left_out: u64,
    interrupted: bool,
}

impl LoopPrinter {
    /// A printer for an exact transcript, or (`preview`) for a display.
    /// The flag raised before the loop starts (see [`interrupt_loop`]) is forgotten; the
    /// caller's stop ([`stopping_when`]) is not.
    pub fn new(preview: bool) -> Self {
        clear_stop();
        LoopPrinter {
            preview,
            ..LoopPrinter::default()
        }
    }

    /// `print(row)`.
    pub fn row(&mut self, row: &PyValue) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        if !self.preview {
            self.text.push_str(&row.to_string());
            return;
        }
        if self.text.len() > PREVIEW_VALUE_BYTES {
            self.left_out += 1;
            self.text.pop();
            return;
        }
        let (text, cut) = display_prefix(row, PREVIEW_VALUE_BYTES);
        self.text.push_str(&text);
        if cut {
            self.text.push_str("…  # abridged for display");
        }
    }

    /// Was the loop asked to stop (Ctrl-C, or the caller's stop, [`stopping_when`]) since
    /// the last row? The loop checks before each row and, when so, ends without an
    /// error: [`LoopPrinter::finish`] then prints `KeyboardInterrupt` after the rows.
    pub fn stopped(&mut self) -> bool {
        self.interrupted |= take_stop() || caller_stopped();
        self.interrupted
    }

    /// The loop's outcome, ended by `error`, by the last row or by an interrupt.
    pub fn finish(mut self, error: Option<DbError>) -> Outcome {
        if self.left_out > 0 {
            self.text.push_str(&format!(
                "\n…  # {} more rows printed, not shown here",
                self.left_out
            ));
        }
        if self.interrupted {
            if !self.text.is_empty() {
                self.text.push('\n');
            }
            self.text.push_str(KEYBOARD_INTERRUPT);
        }
        loop_outcome(self.text, error)
    }
}

/// The outcome of a loop that printed `lines` (rows, one a line) and then, perhaps,
/// raised `error`: nothing at all when it printed nothing.
pub fn loop_outcome(mut lines: String, error: Option<DbError>) -> Outcome {
    if let Some(e) = error {
        if lines.is_empty() {
            return Outcome::Error(e);
        }
        lines.push('\n');
        lines.push_str(&e.python_line());
    }
    if lines.is_empty() {
        Outcome::None
    } else {
        Outcome::Printed(lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::ExceptionClass;
    use crate::db::api::Entry;

    #[test]
    fn a_loop_prints_its_rows_then_the_error_and_nothing_when_empty() {
        let mut p = LoopPrinter::new(false);
        p.row(&PyValue::Tuple(vec![PyValue::Int(1)]));
        p.row(&PyValue::Tuple(vec![PyValue::Int(2)]));
        let e = DbError::new(ExceptionClass::InterfaceError, "boom");
        let entry = Entry::new(LOOP_CODE.into(), p.finish(Some(e)));
        let mut out = Vec::new();
        entry.write_to(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            ">>> for row in cursor:\n...     print(row)\n...\n(1,)\n(2,)\nmysql.connector.errors.InterfaceError: boom\n"
        );
        assert_eq!(LoopPrinter::new(false).finish(None), Outcome::None);
    }

    #[test]
    fn the_callers_stop_outlives_the_start_of_the_loop_and_ends_with_its_work() {
        let stopped = stopping_when(
            || true,
            || {
                let mut p = LoopPrinter::new(false);
                p.stopped()
            },
        );
        assert!(stopped, "a stop asked before the loop started stops it");
        assert!(!LoopPrinter::new(false).stopped(), "gone after its work");
        let inner = stopping_when(
            || false,
            || {
                let nested = stopping_when(|| true, || LoopPrinter::new(false).stopped());
                (nested, LoopPrinter::new(false).stopped())
            },
        );
        assert_eq!(
            inner,
            (true, false),
            "the outer stop is back after the inner"
        );
    }

    #[test]
    fn a_preview_keeps_a_screenful_and_counts_the_rest() {
        let mut p = LoopPrinter::new(true);
        let row = PyValue::Tuple(vec![PyValue::Str("x".repeat(100))]);
        for _ in 0..1000 {
            p.row(&row);
        }
        let Outcome::Printed(text) = p.finish(None) else {
            panic!("rows were printed")
        };
        assert!(text.len() < PREVIEW_VALUE_BYTES + 1000, "{}", text.len());
        assert!(
            text.ends_with("more rows printed, not shown here"),
            "{text}"
        );
    }
}
