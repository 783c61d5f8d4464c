//! A MySQL/MariaDB server behind the [`Database`] interface: the DB-API session for
//! stepping, its connection for the mysql client's face.

use super::kill::KillQuery;
use super::packet_limit::PacketLimit;
use super::session::Session;
use super::{ConnectOptions, QueryStart};
use crate::db::api::{
    Canceller, Command, CursorStatus, Database, DatabaseInfo, Dialect, Entry, Queries, Stepping,
};
use crate::db::security::Security;
use crate::db::{Columns, DbError, RawRow};

/// A MySQL/MariaDB server behind the [`Database`] interface.
#[derive(Debug)]
pub struct MySqlDatabase {
    options: ConnectOptions,
    session: Session,
    /// The current database, when the server does not track it.
    database: Option<String>,
    packet_limit: PacketLimit,
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
            packet_limit: PacketLimit::default(),
        })
    }

    /// The cursor face under this backend, for callers that run DB-API commands directly
    /// rather than through the [`Database`] trait.
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

impl Queries for MySqlDatabase {
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
}

impl Stepping for MySqlDatabase {
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

    fn canceller(&self) -> Canceller {
        KillQuery {
            options: self.options.clone(),
            connection_id: self.session_info().connection_id.unwrap_or(0),
            socket: self.session.socket().cloned(),
        }
        .canceller()
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
            security: Some(Security {
                mode: self.options.tls.mode,
                transport: server.transport.clone(),
            }),
        }
    }
}
