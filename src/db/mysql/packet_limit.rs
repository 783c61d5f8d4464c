//! A statement longer than the server's `max_allowed_packet` is refused before it is sent,
//! saying so with both sizes. Sent, it makes the server drop the connection and the user
//! sees a bare 2013 (and an open transaction is lost with it).

use super::Connection;
use crate::db::{DbError, ExceptionClass};

/// The smallest `max_allowed_packet` a server accepts: shorter statements always fit, and
/// need no look-up.
const SMALLEST_LIMIT: usize = 1024;

/// The server's limit, read once per session (a new session, after a reconnect, reads it
/// again: `SET GLOBAL` changes it for new sessions only).
#[derive(Debug, Default, Clone)]
pub(crate) struct PacketLimit {
    /// (connection id, `max_allowed_packet`)
    known: Option<(u32, u64)>,
}

impl PacketLimit {
    /// Refuses `len` bytes of SQL that the server would not take in one `COM_QUERY`.
    ///
    /// # Failure
    /// Error 2020 (the mysql client's own number for a packet over the limit) naming the
    /// statement's size and the server's `max_allowed_packet`.
    pub(crate) fn check(&mut self, conn: &mut Connection, len: usize) -> Result<(), DbError> {
        if len < SMALLEST_LIMIT {
            return Ok(());
        }
        let id = conn.server().connection_id;
        let limit = match self.known {
            Some((known_id, limit)) if known_id == id => limit,
            _ => {
                let Ok(rows) = conn.query_text("SELECT @@max_allowed_packet") else {
                    // No answer (the connection is gone): sending reports that as usual.
                    return Ok(());
                };
                let Some(limit) = rows
                    .first()
                    .and_then(|r| r.first())
                    .and_then(|v| v.as_deref())
                    .and_then(|v| v.parse::<u64>().ok())
                else {
                    return Ok(());
                };
                self.known = Some((id, limit));
                limit
            }
        };
        // The packet is the command byte and the statement.
        let packet = len as u64 + 1;
        if packet <= limit {
            return Ok(());
        }
        Err(DbError::client(
            ExceptionClass::OperationalError,
            2020,
            format!(
                "Got packet bigger than 'max_allowed_packet' bytes: the statement is {len} bytes, larger than the server's max_allowed_packet of {limit} bytes, so it was not sent (raise it with SET GLOBAL max_allowed_packet = N, or split the statement)"
            ),
        ))
    }
}
