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

    /// What waits on a connection that is between statements, looked at without reading
    /// it: a few system calls, no round trip. Only for an idle session: the socket is
    /// non-blocking for the duration of the check.
    pub(crate) fn idle_state(&self) -> IdleState {
        let mut byte = [0u8; 1];
        if self.0.set_nonblocking(true).is_err() {
            return IdleState::Quiet;
        }
        let peeked = self.0.peek(&mut byte);
        let _ = self.0.set_nonblocking(false);
        match peeked {
            Ok(0) => IdleState::Closed,
            Ok(_) => IdleState::Data,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted) => {
                IdleState::Quiet
            }
            Err(_) => IdleState::Closed,
        }
    }
}

/// What [`SessionSocket::idle_state`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdleState {
    /// Nothing: the usual case.
    Quiet,
    /// The server closed the connection (end of stream, or reset).
    Closed,
    /// Bytes nobody asked for: an error packet sent before closing (MySQL's idle
    /// timeout), or TLS housekeeping that is harmless. Only a round trip can tell.
    Data,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A connected pair: our end as a `SessionSocket`, and the "server" end.
    fn pair() -> Result<(SessionSocket, TcpStream, TcpStream), Box<dyn std::error::Error>> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let ours = TcpStream::connect(listener.local_addr()?)?;
        let (server, _) = listener.accept()?;
        let handle = SessionSocket(Arc::new(ours.try_clone()?));
        Ok((handle, ours, server))
    }

    #[test]
    fn an_idle_socket_reads_quiet_then_data_then_closed() -> Result<(), Box<dyn std::error::Error>>
    {
        let (handle, mut ours, mut server) = pair()?;
        assert_eq!(handle.idle_state(), IdleState::Quiet);
        server.write_all(b"x")?;
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(handle.idle_state(), IdleState::Data);
        // The peek left the byte for the reader, and the socket blocking again.
        let mut byte = [0u8; 1];
        ours.read_exact(&mut byte)?;
        assert_eq!(&byte, b"x");
        drop(server);
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(handle.idle_state(), IdleState::Closed);
        Ok(())
    }

    #[test]
    fn cutting_wakes_a_blocked_reader() -> Result<(), Box<dyn std::error::Error>> {
        let (handle, mut ours, _server) = pair()?;
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8];
            ours.read(&mut buf)
        });
        std::thread::sleep(Duration::from_millis(100));
        handle.cut();
        let read = reader.join().map_err(|_| "the reader panicked")?;
        assert_eq!(read?, 0, "end of stream");
        Ok(())
    }
}
