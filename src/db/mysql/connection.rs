//! `Connection`: one MySQL session, with the connection-level state mysql-connector-python
//! keeps (`unread_result`, the last column description, results the server sent ahead),
//! so that cursors built on it behave exactly like the reference's.

use std::collections::VecDeque;

use mysql::Conn;
use mysql::prelude::Queryable;

use super::local_infile::{self, LocalInfile};
use super::session_state::{SessionState, TRACKING_SETUP, start_tracking};
use super::socket::{IdleState, SessionSocket};
use super::stream::{BufferedSet, LiveResult, QueuedResult, Step};
use super::{ConnectOptions, OkInfo, QueryStart, map_error};
use crate::db::{Columns, DbError, ExceptionClass, RawRow};
use crate::pyrepr::PyValue;

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
    /// An OK packet.
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
            .finish()
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

/// Is this a `LOAD DATA [LOW_PRIORITY | CONCURRENT] LOCAL INFILE` statement?
fn is_load_data_local(sql: impl AsRef<[u8]>) -> bool {
    let words: Vec<Vec<u8>> = sql
        .as_ref()
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty())
        .take(5)
        .map(<[u8]>::to_ascii_uppercase)
        .collect();
    let words: Vec<&[u8]> = words.iter().map(Vec::as_slice).collect();
    matches!(
        words.as_slice(),
        [b"LOAD", b"DATA", b"LOCAL", b"INFILE", ..]
            | [
                b"LOAD",
                b"DATA",
                b"LOW_PRIORITY" | b"CONCURRENT",
                b"LOCAL",
                b"INFILE"
            ]
    )
}

/// A statement is sent in one piece unless it could produce several results.
fn may_return_several_results(sql: &[u8]) -> bool {
    let mut scanner = crate::sql::Scanner::new(";");
    let mut rest = sql;
    let mut first: Option<&[u8]> = None;
    loop {
        let found = scanner.next_delimiter(rest);
        if let Some(at) = found.first_content {
            if first.is_some() {
                return true;
            }
            first = Some(&rest[at..]);
        }
        match found.delimiter {
            Some((_, end)) => rest = &rest[end..],
            None => break,
        }
    }
    first.is_some_and(|s| s.len() >= 4 && s[..4].eq_ignore_ascii_case(b"call"))
}

impl Connection {
    /// Connects and prepares the session as the reference does: utf8mb4 with
    /// utf8mb4_general_ci, and autocommit off (DB-API) unless `autocommit` is asked for.
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

    /// `SELECT @@session.sql_mode`, read once and cached as the reference does.
    ///
    /// # Failure
    /// The server's error.
    pub(crate) fn sql_mode(&mut self) -> Result<String, DbError> {
        if let Some(mode) = &self.sql_mode {
            return Ok(mode.clone());
        }
        self.handle_unread_result()?;
        let mode = match self.cmd_query("SELECT @@session.sql_mode")? {
            Response::Columns(_) => {
                let rows = self.get_rows()?;
                rows.first()
                    .and_then(|r| r.first())
                    .map(crate::db::display::cell_text)
                    .unwrap_or_default()
            }
            Response::Ok(_) => String::new(),
        };
        self.sql_mode = Some(mode.clone());
        Ok(mode)
    }

    /// `handle_unread_result()`: refuses to talk to the server while rows are unread.
    pub(crate) fn handle_unread_result(&self) -> Result<(), DbError> {
        if self.unread_result {
            Err(DbError::unread_result())
        } else {
            Ok(())
        }
    }

    /// Does the server treat backslashes in string literals as ordinary characters now?
    /// Every OK packet carries the session's `NO_BACKSLASH_ESCAPES` status flag, so this is
    /// what the server will do with the next statement, whatever `sql_mode` said earlier.
    pub(crate) fn no_backslash_escapes(&self) -> bool {
        match &self.link {
            Link::Idle(conn) => conn.no_backslash_escape(),
            _ => false,
        }
    }

    /// Did the last reply say another result follows (`have_next_result`)?
    pub(crate) fn have_next_result(&self) -> bool {
        self.have_next_result
    }

    /// The column description of the result last read (`_columns_desc`).
    pub(crate) fn columns_desc(&self) -> Option<Columns> {
        self.columns_desc.clone()
    }

    fn take_idle(&mut self) -> Result<Conn, DbError> {
        match std::mem::replace(&mut self.link, Link::Gone) {
            Link::Idle(conn) => Ok(conn),
            Link::Streaming(live) => {
                // Only reached when the reader left a finished result behind.
                let conn = live.finish();
                self.state.absorb(&conn);
                Ok(conn)
            }
            Link::Gone if self.lost => Err(DbError::client(
                ExceptionClass::OperationalError,
                2055,
                format!(
                    "Lost connection to MySQL server at '{}', system error: 32 Broken pipe",
                    self.options.endpoint()
                ),
            )),
            Link::Gone => Err(DbError::new(
                ExceptionClass::OperationalError,
                "MySQL Connection not available",
            )),
        }
    }

    fn put_back(&mut self, conn: Conn, error: &mysql::Error) {
        self.link = if error.is_connectivity_error() {
            self.lost = true;
            Link::Gone
        } else {
            Link::Idle(conn)
        };
    }

    /// `cmd_query`: sends a statement and reads the header of the next result.
    ///
    /// When the answer says more results follow, `have_next_result()` is true and an
    /// `InterfaceError` is returned, as the reference raises.
    pub(crate) fn cmd_query(&mut self, sql: &str) -> Result<Response, DbError> {
        self.cmd_query_bytes(sql.as_bytes())
    }

    /// [`Connection::cmd_query`] for SQL given as bytes, sent as they are.
    pub(crate) fn cmd_query_bytes(&mut self, sql: &[u8]) -> Result<Response, DbError> {
        self.handle_unread_result()?;
        let allowed = matches!(self.options.local_infile, LocalInfile::On { .. });
        if is_load_data_local(sql) && !allowed {
            return Err(self.local_infile_error());
        }
        // A file the handler did not send (refused, missing, outside
        // --load-data-local-dir) is the statement's error.
        local_infile::clear_failure();
        let response = self.send_query_bytes(sql);
        match (local_infile::take_failure(), response) {
            (Some(local_infile::Failure::Refused), Ok(_)) => Err(self.local_infile_error()),
            (Some(local_infile::Failure::File(e)), Ok(_)) => Err(e),
            (_, response) => response,
        }
    }

    /// The refusal of `LOAD DATA LOCAL`, saying how to allow it where that is possible.
    fn local_infile_error(&self) -> DbError {
        match self.options.local_infile {
            LocalInfile::Off => local_infile::off_error(self.local_infile_refused()),
            _ => self.local_infile_refused(),
        }
    }

    fn send_query_bytes(&mut self, sql: &[u8]) -> Result<Response, DbError> {
        let conn = self.take_idle()?;
        if self.backlog.is_empty() && !may_return_several_results(sql) {
            return self.stream_reply(LiveResult::query(conn, sql));
        }
        match LiveResult::query(conn, sql) {
            Ok(live) => {
                let (sets, conn) = live.buffer_all();
                self.link = Link::Idle(conn);
                self.absorb();
                self.backlog.extend(sets);
            }
            Err((e, conn)) => {
                self.put_back(conn, &e);
                self.backlog.push_back(Err(map_error(e)));
            }
        }
        self.next_queued_response()
    }

    /// Reads the header of a streamed reply; rows stay on the socket until fetched.
    fn stream_reply(
        &mut self,
        started: Result<LiveResult, (mysql::Error, Conn)>,
    ) -> Result<Response, DbError> {
        self.have_next_result = false;
        let live = match started {
            Ok(live) => live,
            Err((e, conn)) => {
                self.put_back(conn, &e);
                return Err(map_error(e));
            }
        };
        if let Some(err) = live.column_name_error() {
            // The reference fails while reading the column names; the rest of this reply
            // is read and dropped here so the session stays usable.
            self.finish_live(live);
            return Err(err);
        }
        match live.columns() {
            Some(columns) => {
                self.columns_desc = Some(columns.clone());
                self.unread_result = true;
                self.link = Link::Streaming(live);
                Ok(Response::Columns(columns))
            }
            None => {
                let ok = live.ok_info();
                let mut live = live;
                // Step past the OK packet itself; what follows belongs to later commands.
                let _ = live.step();
                self.finish_live(live);
                Ok(Response::Ok(ok))
            }
        }
    }

    /// Takes the connection back from a result whose current set is done, keeping any
    /// results that follow it for later commands.
    fn finish_live(&mut self, mut live: LiveResult) {
        let rest = live.buffer_rest();
        self.backlog.extend(rest);
        self.link = Link::Idle(live.finish());
        self.absorb();
    }

    fn next_queued_response(&mut self) -> Result<Response, DbError> {
        let Some(entry) = self.backlog.pop_front() else {
            return Err(DbError::new(
                ExceptionClass::InterfaceError,
                "Empty response",
            ));
        };
        let set: BufferedSet = match entry {
            Ok(set) => set,
            Err(e) => {
                self.have_next_result = false;
                return Err(e);
            }
        };
        self.have_next_result = set.more;
        let response = match set.columns {
            Some(columns) => {
                self.columns_desc = Some(columns.clone());
                self.unread_result = true;
                self.replay = Some(set.rows);
                Response::Columns(columns)
            }
            None => Response::Ok(set.ok),
        };
        if set.more {
            return Err(DbError::new(
                ExceptionClass::InterfaceError,
                "Use cmd_query_iter for statements with multiple queries.",
            ));
        }
        Ok(response)
    }

    /// The reference never lets the server read local files (`allow_local_infile` is off),
    /// so the server refuses `LOAD DATA LOCAL`; rowwise refuses it the same way before
    /// sending it (the driver would offer the capability).
    fn local_infile_refused(&self) -> DbError {
        if self.server.version.contains("MariaDB") {
            DbError::server(
                4166,
                Some("HY000"),
                "The used command is not allowed because the MariaDB server or client has disabled the local infile capability",
            )
        } else {
            DbError::new(
                ExceptionClass::DatabaseError,
                "LOAD DATA LOCAL INFILE file request rejected due to restrictions on access.",
            )
        }
    }

    /// `get_row()`: the next row of the unread result, or `None` at its end (which clears
    /// `unread_result`).
    ///
    /// # Failure
    /// `InternalError: No result set available` when nothing is unread; the server's
    /// error when the result fails mid-way (which also ends it).
    pub(crate) fn get_row(&mut self) -> Result<Option<RawRow>, DbError> {
        if !self.unread_result {
            return Err(DbError::new(
                ExceptionClass::InternalError,
                "No result set available",
            ));
        }
        if let Some(rows) = &mut self.replay {
            if let Some(row) = rows.pop_front() {
                return Ok(Some(row));
            }
            self.replay = None;
            self.unread_result = false;
            return Ok(None);
        }
        let Link::Streaming(live) = &mut self.link else {
            self.unread_result = false;
            return Err(DbError::new(
                ExceptionClass::OperationalError,
                "MySQL Connection not available",
            ));
        };
        match live.step() {
            Ok(Step::Row(row)) => Ok(Some(row)),
            Ok(Step::End) => {
                self.end_stream();
                Ok(None)
            }
            Err((err, fatal)) => {
                self.unread_result = false;
                if fatal {
                    self.link = Link::Gone;
                    self.lost = true;
                } else {
                    self.end_stream();
                }
                Err(err)
            }
        }
    }

    fn end_stream(&mut self) {
        self.unread_result = false;
        if let Link::Streaming(live) = std::mem::replace(&mut self.link, Link::Gone) {
            self.finish_live(live);
        }
    }

    /// `get_rows()`: every remaining row of the unread result.
    ///
    /// # Failure
    /// As [`Connection::get_row`].
    pub(crate) fn get_rows(&mut self) -> Result<Vec<RawRow>, DbError> {
        let mut rows = Vec::new();
        while let Some(row) = self.get_row()? {
            rows.push(row);
        }
        Ok(rows)
    }

    /// `cmd_stmt_prepare`.
    ///
    /// # Failure
    /// `Unread result found`, or the server's error (syntax, unknown table, ...).
    pub(crate) fn prepare(&mut self, sql: &str) -> Result<PreparedStatement, DbError> {
        self.handle_unread_result()?;
        let mut conn = self.take_idle()?;
        let result = conn.prep(sql);
        match result {
            Ok(stmt) => {
                self.link = Link::Idle(conn);
                Ok(PreparedStatement { stmt })
            }
            Err(e) => {
                self.put_back(conn, &e);
                Err(map_error(e))
            }
        }
    }

    /// `cmd_stmt_close`.
    ///
    /// # Failure
    /// `Unread result found` while rows are unread.
    pub(crate) fn close_statement(&mut self, prepared: PreparedStatement) -> Result<(), DbError> {
        self.handle_unread_result()?;
        if let Link::Idle(conn) = &mut self.link {
            conn.close(prepared.stmt).map_err(map_error)?;
        }
        Ok(())
    }

    /// `cmd_stmt_execute` with already converted parameters.
    pub(crate) fn execute_prepared(
        &mut self,
        prepared: &PreparedStatement,
        params: Vec<mysql::Value>,
    ) -> Result<Response, DbError> {
        self.handle_unread_result()?;
        let conn = self.take_idle()?;
        let params = if params.is_empty() {
            mysql::Params::Empty
        } else {
            mysql::Params::Positional(params)
        };
        self.stream_reply(LiveResult::execute(conn, &prepared.stmt, params))
    }

    /// `cnx.reset_session()`: clears the session on the server (COM_RESET_CONNECTION, or
    /// COM_CHANGE_USER on servers without it) — user variables, temporary tables, open
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

    /// Runs a statement and returns its rows as text, for the tool's own queries
    /// (completion, status) rather than the user's. Nothing is left unread.
    ///
    /// # Failure
    /// `Unread result found`, results of an earlier statement still waiting (they belong
    /// to the user's next commands), or the server's error.
    pub fn query_text(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>, DbError> {
        self.handle_unread_result()?;
        if !self.backlog.is_empty() {
            // Results of an earlier multi-statement reply wait for the user's next
            // commands: a query of the tool's own would take one of them and leave its
            // own answer for the user's next statement.
            return Err(DbError::new(
                ExceptionClass::InterfaceError,
                "results of an earlier statement are still waiting to be read",
            ));
        }
        match self.cmd_query(sql)? {
            Response::Ok(_) => Ok(Vec::new()),
            Response::Columns(_) => Ok(self
                .get_rows()?
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|c| {
                            crate::db::display::cell_bytes(c, None)
                                .map(|b| String::from_utf8_lossy(&b).into_owned())
                        })
                        .collect()
                })
                .collect()),
        }
    }

    /// `@@in_transaction`: is a transaction open on the server? Read from the server's
    /// last reply; only a server without session-state tracking is asked.
    ///
    /// # Failure
    /// `Unread result found`, or the server's error.
    pub fn in_transaction(&mut self) -> Result<bool, DbError> {
        if self.state.tracked {
            return Ok(self.state.in_transaction);
        }
        let rows = self.query_text("SELECT @@in_transaction")?;
        Ok(rows
            .first()
            .and_then(|r| r.first())
            .and_then(|v| v.as_deref())
            == Some("1"))
    }
}

impl From<Response> for QueryStart {
    fn from(r: Response) -> Self {
        match r {
            Response::Columns(c) => QueryStart::Rows(c),
            Response::Ok(ok) => QueryStart::Done(ok),
        }
    }
}

impl Connection {
    /// Runs a statement as the `mysql` client does: the first result comes back now, its
    /// rows through [`Connection::next_row`], further results (procedures, several
    /// statements) through [`Connection::next_result`].
    ///
    /// # Failure
    /// `Unread result found` while a cursor has rows unread, or the server's error.
    pub fn query(&mut self, sql: &str) -> Result<QueryStart, DbError> {
        self.query_bytes(sql.as_bytes())
    }

    /// [`Connection::query`] for SQL given as bytes: they reach the server unchanged (it
    /// reads them in `character_set_client`), whether or not they are valid UTF-8.
    ///
    /// # Failure
    /// As [`Connection::query`].
    pub fn query_bytes(&mut self, sql: &[u8]) -> Result<QueryStart, DbError> {
        match self.cmd_query_bytes(sql) {
            Ok(r) => Ok(r.into()),
            // The reference refuses several results on one execute; a client shows them all.
            Err(e) if e.class == ExceptionClass::InterfaceError && self.have_next_result => {
                let _ = e;
                let columns = self.columns_desc.clone();
                Ok(match (self.unread_result, columns) {
                    (true, Some(c)) => QueryStart::Rows(c),
                    _ => QueryStart::Done(OkInfo::default()),
                })
            }
            Err(e) => Err(e),
        }
    }

    /// The next row of the current result, `None` at its end.
    ///
    /// # Failure
    /// The server's error if the result fails mid-way; a lost connection.
    pub fn next_row(&mut self) -> Result<Option<RawRow>, DbError> {
        if !self.unread_result {
            return Ok(None);
        }
        self.get_row()
    }

    /// The next result of the last reply, if it had several.
    pub fn next_result(&mut self) -> Option<Result<QueryStart, DbError>> {
        if self.unread_result || !self.have_next_result {
            return None;
        }
        Some(match self.next_queued_response() {
            Ok(r) => Ok(r.into()),
            Err(e) if e.class == ExceptionClass::InterfaceError && self.have_next_result => {
                let columns = self.columns_desc.clone();
                Ok(match (self.unread_result, columns) {
                    (true, Some(c)) => QueryStart::Rows(c),
                    _ => QueryStart::Done(OkInfo::default()),
                })
            }
            Err(e) => Err(e),
        })
    }

    /// Warnings of the last statement whose reply has been read completely.
    pub fn last_warning_count(&self) -> u16 {
        match &self.link {
            Link::Idle(conn) => conn.warnings(),
            _ => 0,
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        // A streamed result would otherwise be read to its end before the socket closes.
        self.close();
    }
}

/// Converts a Python parameter to the driver's binary-protocol value
/// (`MySQLProtocol.make_stmt_execute`).
pub(crate) fn binary_param(value: &PyValue) -> Result<mysql::Value, DbError> {
    use mysql::Value as V;
    Ok(match value {
        PyValue::None => V::NULL,
        PyValue::Bool(b) => V::Int(i64::from(*b)),
        PyValue::Int(i) => match i64::try_from(*i) {
            Ok(v) => V::Int(v),
            Err(_) => V::UInt(u64::try_from(*i).map_err(|_| {
                DbError::new(ExceptionClass::ProgrammingError, "int too large to convert")
            })?),
        },
        PyValue::Float(x) => V::Double(*x),
        PyValue::Str(s) => V::Bytes(s.as_bytes().to_vec()),
        PyValue::Bytes(b) => V::Bytes(b.clone()),
        PyValue::Decimal(d) => V::Bytes(d.as_bytes().to_vec()),
        PyValue::Date(d) => V::Date(d.year, d.month, d.day, 0, 0, 0, 0),
        PyValue::DateTime(dt) => V::Date(
            dt.date.year,
            dt.date.month,
            dt.date.day,
            dt.hour,
            dt.minute,
            dt.second,
            dt.microsecond,
        ),
        PyValue::TimeDelta(td) => {
            let total = td.total_micros();
            let negative = total < 0;
            let abs = total.unsigned_abs();
            let secs = abs / 1_000_000;
            V::Time(
                negative,
                (secs / 86_400) as u32,
                ((secs / 3600) % 24) as u8,
                ((secs / 60) % 60) as u8,
                (secs % 60) as u8,
                (abs % 1_000_000) as u32,
            )
        }
        other => {
            return Err(DbError::new(
                ExceptionClass::ProgrammingError,
                format!(
                    "MySQL binary protocol can not handle '{}' objects",
                    other.type_name()
                ),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::is_load_data_local;

    #[test]
    fn only_load_data_local_is_refused_before_sending() {
        assert!(is_load_data_local(
            "load data local infile '/etc/passwd' into table t"
        ));
        assert!(is_load_data_local(
            "LOAD DATA CONCURRENT LOCAL INFILE 'x' INTO TABLE t"
        ));
        assert!(!is_load_data_local(
            "LOAD DATA INFILE '/tmp/x' INTO TABLE t"
        ));
        assert!(!is_load_data_local("SELECT 'LOAD DATA LOCAL INFILE'"));
    }
}
