//! Cancelling a MySQL statement as the mysql client does: `KILL QUERY <id>` from a second
//! connection, and the session's socket cut when the server cannot be reached in time.

use std::time::Duration;

use super::{ConnectOptions, Connection, SessionSocket};
use crate::db::DbError;
use crate::db::api::{Cancel, Cancelled, Canceller};

/// How long a cancel waits for its second connection (connect, then KILL QUERY) before it
/// gives up on the server and cuts the session's connection instead.
pub const CANCEL_TIMEOUT: Duration = Duration::from_secs(2);

/// `KILL QUERY <id>` from a second connection.
#[derive(Clone)]
pub struct KillQuery {
    /// How to open the second connection.
    pub options: ConnectOptions,
    /// The session whose statement to kill.
    pub connection_id: u32,
    /// The session's socket, cut when KILL QUERY cannot reach the server.
    pub socket: Option<SessionSocket>,
}

impl KillQuery {
    /// The [`Canceller`] that sends it.
    pub fn canceller(self) -> Canceller {
        Canceller::new(self)
    }
}

impl Cancel for KillQuery {
    fn cancel(&self) -> Result<Cancelled, DbError> {
        let mut quick = self.options.clone();
        quick.connect_timeout = quick.connect_timeout.min(CANCEL_TIMEOUT);
        let killed = Connection::connect_bounded(&quick, true)
            .and_then(|mut killer| killer.query(&format!("KILL QUERY {}", self.connection_id)));
        match killed {
            Ok(_) => Ok(Cancelled::Sent),
            // The statement (or session) already ended: nothing left to cancel.
            Err(e) if e.errno == Some(1094) => Ok(Cancelled::Sent),
            Err(e) if e.is_connection_lost() => match &self.socket {
                Some(socket) => {
                    socket.cut();
                    Ok(Cancelled::ConnectionCut)
                }
                None => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    fn describe(&self) -> String {
        format!("Canceller::MySql({})", self.connection_id)
    }
}
