//! The connection's mysql-client face: statements run as the `mysql` client runs them
//! (every result, rows as they come) for batch and line mode, and the tool's own queries.

use super::{Connection, Link, Response};
use crate::db::mysql::{OkInfo, QueryStart};
use crate::db::{DbError, ExceptionClass, RawRow};

impl Connection {
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
