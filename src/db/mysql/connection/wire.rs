//! The connection's side of the DB-API cursor: statements and prepared statements sent,
//! their replies streamed row by row or queued when the server sent results ahead, the
//! unread-result and `LOAD DATA LOCAL` rules the reference keeps.

use mysql::Conn;
use mysql::prelude::Queryable;

use super::{Connection, Link, PreparedStatement, Response};
use crate::db::mysql::local_infile::{self, LocalInfile};
use crate::db::mysql::map_error;
use crate::db::mysql::stream::{BufferedSet, LiveResult, Step};
use crate::db::{Columns, DbError, ExceptionClass, RawRow};

/// Is this a `LOAD DATA [LOW_PRIORITY | CONCURRENT] LOCAL INFILE` statement?
pub(super) fn is_load_data_local(sql: impl AsRef<[u8]>) -> bool {
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
pub(super) fn may_return_several_results(sql: &[u8]) -> bool {
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

    pub(super) fn take_idle(&mut self) -> Result<Conn, DbError> {
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

    pub(super) fn put_back(&mut self, conn: Conn, error: &mysql::Error) {
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
    pub(super) fn local_infile_error(&self) -> DbError {
        match self.options.local_infile {
            LocalInfile::Off => local_infile::off_error(self.local_infile_refused()),
            _ => self.local_infile_refused(),
        }
    }

    pub(super) fn send_query_bytes(&mut self, sql: &[u8]) -> Result<Response, DbError> {
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
    pub(super) fn stream_reply(
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
        if let Some(columns) = live.columns() {
            self.columns_desc = Some(columns.clone());
            self.unread_result = true;
            self.link = Link::Streaming(live);
            Ok(Response::Columns(columns))
        } else {
            let ok = live.ok_info();
            let mut live = live;
            // Step past the OK packet itself; what follows belongs to later commands.
            let _ = live.step();
            self.finish_live(live);
            Ok(Response::Ok(ok))
        }
    }

    /// Takes the connection back from a result whose current set is done, keeping any
    /// results that follow it for later commands.
    pub(super) fn finish_live(&mut self, mut live: LiveResult) {
        let rest = live.buffer_rest();
        self.backlog.extend(rest);
        self.link = Link::Idle(live.finish());
        self.absorb();
    }

    pub(super) fn next_queued_response(&mut self) -> Result<Response, DbError> {
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
    pub(super) fn local_infile_refused(&self) -> DbError {
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

    pub(super) fn end_stream(&mut self) {
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
}

#[cfg(test)]
mod tests {
    use super::is_load_data_local;

    #[test]
    pub(super) fn only_load_data_local_is_refused_before_sending() {
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
