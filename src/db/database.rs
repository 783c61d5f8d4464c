//! `Database`: what the front ends (batch, line mode, TUI) need from a database, whether a
//! MySQL server or the embedded SQLite demo. Database work happens on whatever thread owns
//! the value; only a [`Canceller`] crosses to other threads.

use std::fmt;
use std::time::Duration;

use super::convert::Decoding;
use super::{
    Columns, ConnectOptions, Connection, CursorOptions, DbError, OkInfo, QueryStart, RawRow,
    RowShape, SessionSocket,
};
use crate::session::{Command, Entry, Session, Step, StepResult};

/// Which SQL dialect and Python module a database speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// MySQL / MariaDB, through mysql-connector-python.
    MySql,
    /// SQLite, through Python's `sqlite3`.
    Sqlite,
}

/// What the status bar and prompt show about a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseInfo {
    /// `user@host:port/db`, or the demo file.
    pub label: String,
    /// The server's version string.
    pub server_version: String,
    /// The session id a KILL QUERY needs (MySQL only).
    pub connection_id: Option<u32>,
    /// The dialect.
    pub dialect: Dialect,
    /// The user name.
    pub user: String,
    /// The current database, if any.
    pub database: Option<String>,
    /// The TLS mode asked for and what was negotiated (MySQL only).
    pub security: Option<super::Security>,
}

/// How long a cancel waits for its second connection (connect, then KILL QUERY) before it
/// gives up on the server and cuts the session's connection instead.
pub const CANCEL_TIMEOUT: Duration = Duration::from_secs(2);

/// Stops a running statement from another thread.
#[derive(Clone)]
pub enum Canceller {
    /// `KILL QUERY <id>` from a second connection, as the mysql client does.
    MySql {
        /// How to open the second connection.
        options: Box<ConnectOptions>,
        /// The session whose statement to kill.
        connection_id: u32,
        /// The session's socket, cut when KILL QUERY cannot reach the server.
        socket: Option<SessionSocket>,
    },
    /// SQLite's interrupt handle.
    Sqlite(std::sync::Arc<rusqlite::InterruptHandle>),
}

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
        match self {
            Canceller::MySql { connection_id, .. } => {
                write!(f, "Canceller::MySql({connection_id})")
            }
            Canceller::Sqlite(_) => f.write_str("Canceller::Sqlite"),
        }
    }
}

impl Canceller {
    /// Cancels the statement running now (if any). The session survives unless the server
    /// cannot be reached within [`CANCEL_TIMEOUT`]; then its connection is cut so that
    /// control comes back anyway.
    ///
    /// # Failure
    /// The second connection's error when the server answered but refused (MySQL).
    pub fn cancel(&self) -> Result<Cancelled, DbError> {
        match self {
            Canceller::MySql {
                options,
                connection_id,
                socket,
            } => {
                let mut quick = (**options).clone();
                quick.connect_timeout = quick.connect_timeout.min(CANCEL_TIMEOUT);
                let killed = Connection::connect_bounded(&quick, true)
                    .and_then(|mut killer| killer.query(&format!("KILL QUERY {connection_id}")));
                match killed {
                    Ok(_) => Ok(Cancelled::Sent),
                    // The statement (or session) already ended: nothing left to cancel.
                    Err(e) if e.errno == Some(1094) => Ok(Cancelled::Sent),
                    Err(e) if e.is_connection_lost() => match socket {
                        Some(socket) => {
                            socket.cut();
                            Ok(Cancelled::ConnectionCut)
                        }
                        None => Err(e),
                    },
                    Err(e) => Err(e),
                }
            }
            Canceller::Sqlite(handle) => {
                handle.interrupt();
                Ok(Cancelled::Sent)
            }
        }
    }
}

/// What a front end needs from a database.
pub trait Database: Send {
    /// Facts for the status bar and prompt.
    fn info(&self) -> DatabaseInfo;

    /// Runs a statement the way the `mysql` client does (see [`Connection::query`]).
    ///
    /// # Failure
    /// The database's error.
    fn query(&mut self, sql: &str) -> Result<QueryStart, DbError>;

    /// [`Database::query`] for SQL read as bytes (a file, piped input): a server gets them
    /// unchanged. A database that takes only text (SQLite) refuses bytes that are no
    /// UTF-8, saying where, rather than changing them.
    ///
    /// # Failure
    /// The database's error, or the refusal above.
    fn query_bytes(&mut self, sql: &[u8]) -> Result<QueryStart, DbError> {
        match std::str::from_utf8(sql) {
            Ok(text) => self.query(text),
            Err(e) => Err(DbError::new(
                super::ExceptionClass::ProgrammingError,
                format!(
                    "the statement is not valid UTF-8 (byte {} of it), and this database takes only UTF-8 text",
                    e.valid_up_to() + 1
                ),
            )),
        }
    }

    /// The next row of the current result.
    ///
    /// # Failure
    /// The database's error if the result fails mid-way.
    fn next_row(&mut self) -> Result<Option<RawRow>, DbError>;

    /// The next result of the last statement, if it had several.
    fn next_result(&mut self) -> Option<Result<QueryStart, DbError>>;

    /// Warnings of the last statement.
    fn warning_count(&mut self) -> u16;

    /// `SHOW WARNINGS` as rows of (level, code, message).
    ///
    /// # Failure
    /// The database's error.
    fn warnings(&mut self) -> Result<Vec<(String, u32, String)>, DbError>;

    /// A handle that cancels the running statement from another thread.
    fn canceller(&self) -> Canceller;

    /// One DB-API step, with its Python transcript.
    fn step(&mut self, command: Command) -> StepResult;

    /// One DB-API step handing fetched rows to `sink` as they are read; with `preview`,
    /// a long fetch shows only its first rows in the transcript. Backends that read
    /// whole results anyway can keep this default.
    fn step_into(
        &mut self,
        command: Command,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) -> Vec<Entry> {
        let _ = preview;
        let result = self.step(command);
        result.rows.into_iter().for_each(sink);
        result.entries
    }

    /// One DB-API step with its typed result (see [`Step`]): what front ends decide from.
    fn run_step(
        &mut self,
        command: Command,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) -> Step {
        let (before, call) = (self.cursor_status(), command.clone());
        let entries = self.step_into(command, sink, preview);
        let (after, autocommit) = (self.cursor_status(), self.autocommit());
        Step::new(call, entries, before.as_ref(), after, autocommit)
    }

    /// Where the current cursor stands, for the grid and the status bar.
    fn cursor_status(&self) -> Option<CursorStatus>;

    /// The current cursor's columns and row shape, if a cursor exists.
    fn cursor_columns(&self) -> Option<Columns>;

    /// The current cursor's `arraysize`, if a cursor exists.
    fn cursor_arraysize(&self) -> Option<i64> {
        None
    }

    /// Opens a fresh session after the connection was lost.
    ///
    /// # Failure
    /// The connection error.
    fn reconnect(&mut self) -> Result<(), DbError>;

    /// Is a transaction open (uncommitted changes may exist)?
    ///
    /// # Failure
    /// The database's error.
    fn in_transaction(&mut self) -> Result<bool, DbError>;

    /// Was the connection lost (so the next statement must reconnect)?
    fn is_gone(&self) -> bool;

    /// Is autocommit on, as the server last said (`None`: this database does not say,
    /// and only what was set through rowwise is known).
    fn autocommit(&self) -> Option<bool> {
        None
    }

    /// Notices, before a statement is sent, a connection that the server closed while it
    /// sat idle (restart, `wait_timeout`): true when it found one (`is_gone` is then
    /// true), so that the statement runs on a fresh session instead of failing.
    fn probe(&mut self) -> bool {
        false
    }

    /// The SQLite demo file, when this is the demo database.
    fn demo_path(&self) -> Option<std::path::PathBuf> {
        None
    }

    /// Restores the demo database to its seeded state.
    ///
    /// # Failure
    /// Any database but the demo refuses.
    fn reset_demo(&mut self) -> Result<(), DbError>;

    /// `(table, column)` pairs of the current database, for completion.
    ///
    /// # Failure
    /// The database's error.
    fn schema(&mut self) -> Result<Vec<(String, String)>, DbError>;
}

/// Where a cursor stands.
#[derive(Debug, Clone)]
pub struct CursorStatus {
    /// The reference's class name (`MySQLCursorDict`) or sqlite3's (`Cursor`).
    pub class: String,
    /// How it was made (`cnx.cursor(dictionary=True)`).
    pub python_call: String,
    /// `cursor.rowcount`.
    pub rowcount: i64,
    /// `cursor.lastrowid`.
    pub lastrowid: Option<u64>,
    /// Rows of the current result are still on the wire.
    pub unread: bool,
    /// A buffered cursor's rows not fetched yet.
    pub buffered_remaining: Option<usize>,
    /// The current result's columns.
    pub columns: Option<Columns>,
    /// How its rows become Python values.
    pub decoding: Decoding,
    /// The Python shape of its rows.
    pub shape: RowShape,
    /// The options it was made with.
    pub options: CursorOptions,
    /// [`Cursor::results`](crate::db::Cursor::results), where the backend counts them
    /// (`None`: every `execute` starts a new result).
    pub results: Option<u64>,
}

/// A MySQL/MariaDB server behind the [`Database`] interface.
#[derive(Debug)]
pub struct MySqlDatabase {
    options: ConnectOptions,
    session: Session,
    /// The current database, when the server does not track it.
    database: Option<String>,
    packet_limit: super::packet_limit::PacketLimit,
}

impl MySqlDatabase {
    /// Connects. `autocommit` is the mysql client's habit (on) for batch and line mode;
    /// DB-API sessions start with it off.
    ///
    /// # Failure
    /// The connection error.
    pub fn connect(options: &ConnectOptions, autocommit: bool) -> Result<Self, DbError> {
        let mut session = Session::connect(options)?;
        if autocommit {
            session.connection().set_autocommit(true)?;
        }
        Ok(MySqlDatabase {
            options: options.clone(),
            session,
            database: options.database.clone(),
            packet_limit: Default::default(),
        })
    }

    /// The DB-API session.
    pub fn session(&mut self) -> &mut Session {
        &mut self.session
    }

    /// The current database: the server's word when it tracks it.
    fn current_database(&self) -> Option<String> {
        let state = self.session.state();
        if state.tracked {
            state.schema.clone()
        } else {
            self.database.clone()
        }
    }

    fn refresh_database(&mut self) {
        if let Ok(rows) = self.session.connection().query_text("SELECT DATABASE()") {
            self.database = rows
                .into_iter()
                .next()
                .and_then(|r| r.into_iter().next())
                .flatten();
        }
    }
}

impl Database for MySqlDatabase {
    fn info(&self) -> DatabaseInfo {
        let o = &self.options;
        let mut session = self.session_info();
        let db = self.current_database();
        session.label = format!(
            "{}@{}{}",
            o.user,
            o.endpoint(),
            db.as_ref().map(|d| format!("/{d}")).unwrap_or_default()
        );
        session.database = db;
        session
    }

    fn query(&mut self, sql: &str) -> Result<QueryStart, DbError> {
        self.query_bytes(sql.as_bytes())
    }

    fn query_bytes(&mut self, sql: &[u8]) -> Result<QueryStart, DbError> {
        self.packet_limit
            .check(self.session.connection(), sql.len())?;
        let result = self.session.connection().query_bytes(sql);
        let is_use = sql
            .trim_ascii_start()
            .get(..3)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"use"));
        if result.is_ok() && is_use && !self.session.state().tracked {
            self.refresh_database();
        }
        result
    }

    fn next_row(&mut self) -> Result<Option<RawRow>, DbError> {
        self.session.connection().next_row()
    }

    fn next_result(&mut self) -> Option<Result<QueryStart, DbError>> {
        self.session.connection().next_result()
    }

    fn warning_count(&mut self) -> u16 {
        self.session.connection().last_warning_count()
    }

    fn warnings(&mut self) -> Result<Vec<(String, u32, String)>, DbError> {
        let rows = self.session.connection().query_text("SHOW WARNINGS")?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let mut it = r.into_iter();
                let level = it.next().flatten().unwrap_or_default();
                let code = it
                    .next()
                    .flatten()
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(0);
                let message = it.next().flatten().unwrap_or_default();
                (level, code, message)
            })
            .collect())
    }

    fn canceller(&self) -> Canceller {
        Canceller::MySql {
            options: Box::new(self.options.clone()),
            connection_id: self.session_info().connection_id.unwrap_or(0),
            socket: self.session.socket().cloned(),
        }
    }

    fn step(&mut self, command: Command) -> StepResult {
        self.session.step(command)
    }

    fn step_into(
        &mut self,
        command: Command,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) -> Vec<Entry> {
        self.session.step_into(command, sink, preview)
    }

    fn cursor_status(&self) -> Option<CursorStatus> {
        let cursor = self.session.cursor()?;
        let (decoding, shape) = cursor.decoding_and_shape();
        Some(CursorStatus {
            class: cursor.class().name().to_owned(),
            python_call: cursor.options().python_call(),
            rowcount: cursor.rowcount(),
            lastrowid: cursor.lastrowid(),
            unread: self.session.unread_result(),
            buffered_remaining: cursor.buffered_remaining(),
            columns: cursor.columns().cloned(),
            decoding,
            shape,
            options: cursor.options(),
            results: Some(cursor.results()),
        })
    }

    fn cursor_columns(&self) -> Option<Columns> {
        self.session.cursor().and_then(|c| c.columns().cloned())
    }

    fn cursor_arraysize(&self) -> Option<i64> {
        self.session.cursor().map(|c| c.arraysize)
    }

    /// Opens a fresh session that is what the lost one was: the same current database,
    /// autocommit mode and character set (never the start-up ones).
    fn reconnect(&mut self) -> Result<(), DbError> {
        let old = self.session.state().clone();
        let mut options = self.options.clone();
        options.database = self.current_database();
        let mut session = Session::connect(&options)?;
        if old.autocommit {
            session.connection().set_autocommit(true)?;
        }
        if let Some(sql) = old.charset_statement() {
            session.connection().query_text(&sql)?;
        }
        self.database = options.database;
        self.session = session;
        Ok(())
    }

    fn autocommit(&self) -> Option<bool> {
        Some(self.session.state().autocommit)
    }

    fn in_transaction(&mut self) -> Result<bool, DbError> {
        self.session.connection().in_transaction()
    }

    fn is_gone(&self) -> bool {
        self.session.is_gone()
    }

    fn probe(&mut self) -> bool {
        self.session.connection().probe()
    }

    fn reset_demo(&mut self) -> Result<(), DbError> {
        Err(DbError::new(
            super::ExceptionClass::InterfaceError,
            "only the demo database can be reset",
        ))
    }

    fn schema(&mut self) -> Result<Vec<(String, String)>, DbError> {
        let rows = self.session.connection().query_text(
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION",
        )?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let mut it = r.into_iter();
                Some((it.next().flatten()?, it.next().flatten()?))
            })
            .collect())
    }
}

impl MySqlDatabase {
    fn session_info(&self) -> DatabaseInfo {
        let server = self.session.server();
        DatabaseInfo {
            label: String::new(),
            server_version: server.version.clone(),
            connection_id: Some(server.connection_id),
            dialect: Dialect::MySql,
            user: self.options.user.clone(),
            database: self.current_database(),
            security: Some(super::Security {
                mode: self.options.tls.mode,
                transport: server.transport.clone(),
            }),
        }
    }
}

/// The result of reading a whole reply: for callers that do not stream.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    /// The columns (empty without a result set).
    pub columns: Option<Columns>,
    /// The rows.
    pub rows: Vec<RawRow>,
    /// The OK packet (without a result set).
    pub ok: OkInfo,
}
