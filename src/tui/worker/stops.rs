//! Ctrl-C for one request. The loops' stop flag ([`crate::db::api::interrupt_loop`]) is
//! cleared when a run or a loop starts, so a Ctrl-C that lands after F10 or Alt-L was
//! asked for but before the worker took it up would be forgotten. The id of the request
//! Ctrl-C was meant for is kept here instead: the worker looks before it starts that
//! request and while it runs; a stop for an earlier request never touches a later one.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::RequestId;

/// Which request Ctrl-C asked to stop, shared by the UI thread and the worker.
#[derive(Debug, Clone, Default)]
pub struct Stops(Arc<AtomicU64>);

impl Stops {
    /// Asks request `id` to stop: if it has not started, it will not run; if it runs, it
    /// stops before its next statement or row.
    pub fn stop(&self, id: RequestId) {
        // The id first: the worker resets the loops' flag when it starts a request and
        // then looks at the id, so the stop is seen whichever comes first.
        self.0.store(id, Ordering::SeqCst);
        crate::db::api::interrupt_loop();
    }

    /// Was request `id` asked to stop?
    pub fn asked(&self, id: RequestId) -> bool {
        self.0.load(Ordering::SeqCst) == id
    }
}
