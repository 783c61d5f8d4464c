//! `Connection`: one MySQL session, with the connection-level state mysql-connector-python
//! keeps (`unread_result`, the last column description, results the server sent ahead),
//! so that cursors built on it behave exactly like the reference's.

use std::collections::VecDeque;

use mysql::Conn;
use mysql::prelude::Queryable;

use super::session_state::{SessionState, TRACKING_SETUP, start_tracking};
use super::socket::{IdleState, SessionSocket};
use super::stream::{LiveResult, QueuedResult};
use super::{ConnectOptions, OkInfo, map_error};
use crate::db::{Columns, DbError, ExceptionClass, RawRow};
mod binary;
mod client;
mod wire;

pub(crate) use binary::binary_param;

/// Facts about the server, read once at connect time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerInfo {
    /// The session's thread id (`CONNECTION_ID()`), used to KILL QUERY from elsewhere.
    pub connection_id: u32,
    /// `VERSION()`, e.g. `10.11.19-MariaDB-0+deb12u1`.
    pub version: String,
    /// What the connection runs over: TLS (version, cipher), plaintext TCP or a socket.
    pub transport: crate::db::Transport,
}

/// What the server answered to a statement.
#[derive(Debug, Clone)]
pub(crate) enum Response {
    /// A result set with these columns; its rows are now unread.
    Columns(Columns),
    /// No result set: the statement is done and the OK packet says what it changed.
    Ok(OkInfo),
}

enum Link {
    Idle(Conn),
    Streaming(LiveResult),
    Gone,
}

/// A prepared statement on the server.
#[derive(Debug, Clone)]
pub(crate) struct PreparedStatement {
    pub stmt: mysql::Statement,
}

/// One session with a MySQL/MariaDB server (the reference's `MySQLConnection`).
pub struct Connection {
    link: Link,
    options: ConnectOptions,
    server: ServerInfo,
    unread_result: bool,
    have_next_result: bool,
    /// Rows of the current result when it came from `backlog` rather than the socket.
    replay: Option<VecDeque<RawRow>>,
    /// Results the server sent that no command has read yet (after a multi-statement
    /// reply, the reference reads them as the answers to later commands).
    backlog: VecDeque<QueuedResult>,
    columns_desc: Option<Columns>,
    sql_mode: Option<String>,
    /// Autocommit, the open transaction, the database and the character set, as the
    /// server's replies report them.
    state: SessionState,
    /// Autocommit as last set through this connection (`cnx.autocommit = ...`): what a
    /// session reset restores, as the reference's `_autocommit`.
    autocommit_set: bool,
    /// The connection was lost (not closed by `cnx.close()`): later commands fail with
    /// the reference's 2055 rather than `MySQL Connection not available`.
    lost: bool,
    /// A second handle on the socket: notices a server gone while idle, and lets a
    /// canceller cut the connection when the server stops answering.
    socket: Option<SessionSocket>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("options", &self.options)
            .field("server", &self.server)
            // What identifies the session; the link and the result bookkeeping are internals.
            .finish_non_exhaustive()
    }
}

/// The session settings the reference makes after connecting and after every session
/// reset (`_post_connection`): character set and collation, autocommit, and the SQL mode
/// once it has been read (the reference re-applies its cached `_sql_mode`); with
/// `tracking`, rowwise's session-state trackers too (a reset switches them off).
fn set_up_session(
    conn: &mut Conn,
    autocommit: bool,
    sql_mode: Option<&str>,
    tracking: bool,
) -> Result<(), mysql::Error> {
    let switch = if autocommit { "ON" } else { "OFF" };
    let mut setup = format!(
        "SET NAMES 'utf8mb4' COLLATE 'utf8mb4_general_ci'; SET @@session.autocommit = {switch}"
    );
    if let Some(mode) = sql_mode.filter(|m| !m.is_empty()) {
        // The mode is the server's own answer to `SELECT @@session.sql_mode`.
        setup.push_str(&format!("; SET @@session.sql_mode = '{mode}'"));
    }
    if tracking {
        setup.push_str("; ");
        setup.push_str(TRACKING_SETUP);
    }
    conn.query_drop(setup)
}

impl Connection {
    /// Connects and prepares the session as the reference does: utf8mb4 with
    /// `utf8mb4_general_ci`, and autocommit off (DB-API) unless `autocommit` is asked for.
    ///
    /// # Failure
    /// The server's error (1045 access denied, 1049 unknown database, ...) or the
    /// client's (2002 socket, 2003 TCP) as a [`DbError`].
    pub fn connect(options: &ConnectOptions, autocommit: bool) -> Result<Self, DbError> {
        let mut cnx = Self::connect_bounded(options, autocommit)?;
        if let Link::Idle(conn) = &mut cnx.link {
            cnx.state.tracked = start_tracking(conn);
        }
        // Statements may run as long as they like; only the handshake was bounded. Without
        // the second handle (no descriptor left to duplicate) they could not: refuse.
        match &cnx.socket {
            Some(socket) => socket.set_timeouts(None),
            None => {
                return Err(DbError::new(
                    ExceptionClass::InterfaceError,
                    "cannot duplicate the connection's socket (too many open files?)",
                ));
            }
        }
        Ok(cnx)
    }

    /// Connects like [`Connection::connect`], but every read and write of this session
    /// keeps giving up after the connect timeout: for short errands (KILL QUERY) that
    /// must not wait on a server that stopped answering.
    ///
    /// # Failure
    /// As [`Connection::connect`]; a server that accepts the TCP connection but does not
    /// answer the handshake within the connect timeout (frozen) fails with 2013.
    pub(crate) fn connect_bounded(
        options: &ConnectOptions,
        autocommit: bool,
    ) -> Result<Self, DbError> {
        let (mut conn, transport) = super::connect::open(options)?;
        set_up_session(&mut conn, autocommit, None, false).map_err(map_error)?;
        super::connect::run_init_command(&mut conn, options)?;
        let version: Option<String> = conn.query_first("SELECT VERSION()").map_err(map_error)?;
        let server = ServerInfo {
            connection_id: conn.connection_id(),
            version: version.unwrap_or_default(),
            transport,
        };
        let socket = SessionSocket::of(&conn);
        let state = SessionState::new(autocommit, options.database.clone());
        Ok(Connection {
            link: Link::Idle(conn),
            options: options.clone(),
            server,
            unread_result: false,
            have_next_result: false,
            replay: None,
            backlog: VecDeque::new(),
            columns_desc: None,
            sql_mode: None,
            state,
            autocommit_set: autocommit,
            lost: false,
            socket,
        })
    }

    /// A handle on this session's socket, for cutting it from another thread.
    pub fn socket(&self) -> Option<&SessionSocket> {
        self.socket.as_ref()
    }

    /// Notices, without a round trip, that the server closed this connection while it sat
    /// idle (restart, crash, `wait_timeout`, KILL): the connection is then gone and this
    /// returns true. A session reading a result or already gone is left as it is.
    pub fn probe(&mut self) -> bool {
        let idle = matches!(self.link, Link::Idle(_)) && !self.unread_result;
        let state = match &self.socket {
            Some(socket) if idle => socket.idle_state(),
            _ => return false,
        };
        let gone = match state {
            IdleState::Quiet => false,
            IdleState::Closed => true,
            // A ping reads what arrived: an error packet fails it, TLS housekeeping does not.
            IdleState::Data => match &mut self.link {
                Link::Idle(conn) => conn.ping().is_err(),
                _ => false,
            },
        };
        if gone {
            self.close();
            self.lost = true;
        }
        gone
    }

    /// The options this connection was made with.
    pub fn options(&self) -> &ConnectOptions {
        &self.options
    }

    /// Server facts read at connect time.
    pub fn server(&self) -> &ServerInfo {
        &self.server
    }

    /// Is a result set's rows still waiting to be read (`cnx.unread_result`)?
    pub fn unread_result(&self) -> bool {
        self.unread_result
    }

    /// Is the session in autocommit mode? The server's last word on it: `SET autocommit`
    /// typed as SQL counts as much as `cnx.autocommit = ...`.
    pub fn autocommit(&self) -> bool {
        self.state.autocommit
    }

    /// The session's state as the server's replies reported it (no round trip).
    pub fn state(&self) -> &SessionState {
        &self.state
    }

    /// Reads the state changes the last reply carried.
    fn absorb(&mut self) {
        if let Link::Idle(conn) = &self.link {
            self.state.absorb(conn);
        }
    }

    /// Has the connection to the server been lost?
    pub fn is_gone(&self) -> bool {
        matches!(self.link, Link::Gone)
    }

    /// Pings the server (`cnx.is_connected()`).
    pub fn is_connected(&mut self) -> bool {
        if self.unread_result {
            return false;
        }
        match &mut self.link {
            Link::Idle(conn) => match conn.ping() {
                Ok(()) => true,
                Err(e) => {
                    if e.is_connectivity_error() {
                        self.link = Link::Gone;
                        self.lost = true;
                    }
                    false
                }
            },
            Link::Streaming(_) | Link::Gone => false,
        }
    }

    /// `cnx.commit()`.
    ///
    /// # Failure
    /// `Unread result found` while rows are unread, or the server's error.
    pub fn commit(&mut self) -> Result<(), DbError> {
        self.execute_internal("COMMIT")
    }

    /// `cnx.rollback()`: unread rows are read and dropped first.
    ///
    /// # Failure
    /// The server's error.
    pub fn rollback(&mut self) -> Result<(), DbError> {
        if self.unread_result {
            self.get_rows()?;
        }
        self.execute_internal("ROLLBACK")
    }

    /// `cnx.autocommit = on`.
    ///
    /// # Failure
    /// `Unread result found` while rows are unread, or the server's error.
    pub fn set_autocommit(&mut self, on: bool) -> Result<(), DbError> {
        let switch = if on { "ON" } else { "OFF" };
        self.execute_internal(&format!("SET @@session.autocommit = {switch}"))?;
        self.state.autocommit = on;
        self.autocommit_set = on;
        Ok(())
    }

    /// Runs a statement whose result nobody reads (`_execute_query`).
    fn execute_internal(&mut self, sql: &str) -> Result<(), DbError> {
        self.handle_unread_result()?;
        self.cmd_query(sql).map(|_| ())
    }

    /// `cnx.reset_session()`: clears the session on the server (`COM_RESET_CONNECTION`, or
    /// `COM_CHANGE_USER` on servers without it) — user variables, temporary tables, open
    /// transactions, prepared statements — then makes the same settings as `connect`,
    /// keeping the autocommit mode last set through this connection, as the reference does.
    ///
    /// # Failure
    /// `OperationalError: MySQL Connection not available.` while rows are unread or when
    /// the server does not answer a ping; the server's error if the reset fails.
    pub fn reset_session(&mut self) -> Result<(), DbError> {
        if !self.is_connected() {
            return Err(DbError::new(
                ExceptionClass::OperationalError,
                "MySQL Connection not available.",
            ));
        }
        let mut conn = self.take_idle()?;
        // The reset switched the trackers off: on again in the same round trip, on a server
        // known to have them.
        let tracked = self.state.tracked;
        let result = conn.reset().and_then(|()| {
            set_up_session(
                &mut conn,
                self.autocommit_set,
                self.sql_mode.as_deref(),
                tracked,
            )
        });
        if result.is_ok() {
            self.state.in_transaction = false;
            self.state.autocommit = self.autocommit_set;
        }
        self.backlog.clear();
        self.replay = None;
        self.have_next_result = false;
        self.columns_desc = None;
        match result {
            Ok(()) => {
                // The reset undid what `--init-command` set: run it again, as on connect.
                let init = super::connect::run_init_command(&mut conn, &self.options);
                self.link = Link::Idle(conn);
                init
            }
            Err(e) => {
                self.put_back(conn, &e);
                Err(map_error(e))
            }
        }
    }

    /// `cnx.close()`: leaves the server; unread rows are dropped with the session.
    pub fn close(&mut self) {
        self.lost = false;
        self.unread_result = false;
        self.replay = None;
        self.backlog.clear();
        self.link = Link::Gone;
        // The canceller may hold the socket too: make sure the server sees the end now.
        if let Some(socket) = self.socket.take() {
            socket.cut();
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        // A streamed result would otherwise be read to its end before the socket closes.
        self.close();
    }
}
