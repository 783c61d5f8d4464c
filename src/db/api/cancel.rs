//! Stopping a running statement from another thread: the one thing of a database that
//! crosses threads. Each backend says how (`KILL QUERY` from a second connection for
//! MySQL, the interrupt handle for SQLite).

use std::fmt;
use std::sync::Arc;

use crate::db::DbError;

/// How a backend stops its running statement (see [`Canceller`]).
pub trait Cancel: Send + Sync {
    /// Cancels the statement running now, if any.
    ///
    /// # Failure
    /// The backend's error when it could not ask.
    fn cancel(&self) -> Result<Cancelled, DbError>;

    /// What `{:?}` shows of it.
    fn describe(&self) -> String;
}

/// Stops a running statement from another thread.
#[derive(Clone)]
pub struct Canceller(Arc<dyn Cancel>);

/// What a cancel did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cancelled {
    /// The server was asked to stop the statement; the session stays.
    Sent,
    /// The server did not answer a second connection in time (frozen, unreachable), so
    /// the session's connection was cut: the statement fails with 2013 and the next one
    /// reconnects; an open transaction is lost.
    ConnectionCut,
}

impl Cancelled {
    /// What to tell the user.
    pub fn message(self) -> String {
        match self {
            Cancelled::Sent => {
                "Cancel sent: KILL QUERY from a second connection (this session stays).".to_owned()
            }
            // Each step of the cancel (connect, handshake, KILL QUERY) has its own limit,
            // so no single total can be promised here.
            Cancelled::ConnectionCut => "The server did not answer the cancel in time (frozen or unreachable?): the connection was cut; the next statement reconnects.".to_owned(),
        }
    }
}

impl fmt::Debug for Canceller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.describe())
    }
}

impl Canceller {
    /// A canceller that stops statements the way `how` does.
    pub fn new(how: impl Cancel + 'static) -> Self {
        Canceller(Arc::new(how))
    }

    /// Cancels the statement running now (if any). A MySQL session survives unless the
    /// server cannot be reached within
    /// [`CANCEL_TIMEOUT`](crate::db::CANCEL_TIMEOUT); then its connection is cut so that
    /// control comes back anyway.
    ///
    /// # Failure
    /// The second connection's error when the server answered but refused (MySQL).
    pub fn cancel(&self) -> Result<Cancelled, DbError> {
        self.0.cancel()
    }
}
