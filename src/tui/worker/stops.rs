//! Ctrl-C for one request. `KILL QUERY` stops a statement the server is running, but a
//! Ctrl-C that lands after the request was sent and before the worker started it finds
//! nothing running and would be lost; the loops' stop flag
//! ([`crate::db::api::interrupt_loop`]) is cleared when a loop starts, so it would lose
//! such a Ctrl-C too. The id of the request Ctrl-C was meant for is kept here instead:
//! the worker looks before it starts that request (which then does not run at all) and,
//! for a run of statements or a loop, while it runs; a stop for one request never touches
//! another.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::RequestId;

/// Which request Ctrl-C asked to stop, shared by the UI thread and the worker.
#[derive(Debug, Clone, Default)]
pub struct Stops(Arc<AtomicU64>);

impl Stops {
    /// Asks request `id` to stop: if it has not started, it will not run; if it runs, a
    /// run of statements stops before its next statement and a loop before its next row.
    pub fn stop(&self, id: RequestId) {
        self.0.store(id, Ordering::SeqCst);
    }

    /// Was request `id` asked to stop?
    pub fn asked(&self, id: RequestId) -> bool {
        self.0.load(Ordering::SeqCst) == id
    }
}
