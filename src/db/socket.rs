//! A second handle on a session's socket, for what the driver cannot do from outside:
//! noticing that the server closed an idle connection, bounding the handshake, and cutting
//! the connection from another thread when the server stops answering (frozen, unreachable)
//! so that a blocked read returns instead of waiting for ever.

use std::io::ErrorKind;
use std::net::{Shutdown, TcpStream};
use std::os::fd::{AsRawFd, BorrowedFd};
use std::sync::Arc;
use std::time::Duration;

/// The session's socket, duplicated (the driver keeps its own descriptor).
///
/// Held as a `TcpStream` whatever the socket is: the calls used here (`shutdown`,
/// `setsockopt` timeouts, `recv` with `MSG_PEEK`, `fcntl`) are the same for a unix socket,
/// and std offers `peek` only on TCP streams.
#[derive(Debug, Clone)]
pub struct SessionSocket(Arc<TcpStream>);

impl SessionSocket {
    /// Duplicates the socket of a connected driver session.
    pub(crate) fn of(conn: &mysql::Conn) -> Option<Self> {
        // SAFETY: `conn` owns this descriptor and is borrowed for the whole call, so the
        // descriptor is open while it is duplicated; the duplicate is ours alone.
        let borrowed = unsafe { BorrowedFd::borrow_raw(conn.as_raw_fd()) };
        let owned = borrowed.try_clone_to_owned().ok()?;
        Some(SessionSocket(Arc::new(TcpStream::from(owned))))
    }

    /// Closes the connection under whoever is reading it: a read blocked in another thread
    /// returns at once (end of stream), and the server sees the session end.
    pub fn cut(&self) {
        let _ = self.0.shutdown(Shutdown::Both);
    }

    /// Reads and writes give up after `timeout` (`None`: wait for ever). The setting belongs
    /// to the socket, so it holds for the driver's descriptor too.
    pub(crate) fn set_timeouts(&self, timeout: Option<Duration>) {
        let _ = self.0.set_read_timeout(timeout);
        let _ = self.0.set_write_timeout(timeout);
    }

    /// Has the server closed (or written to) a connection that is between statements?
    /// Between statements nothing may arrive, so anything readable — the end of the
    /// stream after a restart or a KILL, an error packet before it — means the session is
    /// over. Costs a few system calls and no round trip. Only for an idle session: the
    /// socket is non-blocking for the duration of the check.
    pub(crate) fn closed_by_server(&self) -> bool {
        let mut byte = [0u8; 1];
        if self.0.set_nonblocking(true).is_err() {
            return false;
        }
        let peeked = self.0.peek(&mut byte);
        let _ = self.0.set_nonblocking(false);
        match peeked {
            Ok(_) => true,
            Err(e) => !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted),
        }
    }
}
