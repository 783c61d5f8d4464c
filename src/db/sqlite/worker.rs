//! The thread that owns a rusqlite connection, so that a statement can stay open across
//! calls and rows are read from SQLite only as a cursor advances.
//!
//! rusqlite's `Rows` borrows its `Statement`, which borrows the `Connection`; a DB-API
//! cursor, though, steps its statement across many calls. Here the connection, the open
//! statement and its rows live on one thread's stack, where borrowing them is plain Rust;
//! [`Link`] sends that thread one request at a time and waits for the reply. Every reply
//! carries the connection's [`Facts`], which `sqlite3` reads after each step.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Rows};

use super::super::{Columns, DbError, ExceptionClass};
use super::error::{binding_count, from_rusqlite, null_character, one_statement_at_a_time};
use super::sql::{first_statement_end, lstrip_sql};
use super::value::{SqlValue, column};

mod many;

pub(crate) use many::Ran;
use many::run_many;

/// A parameter to bind, or the error `sqlite3` raises when it comes to bind it.
pub(crate) type Param = Result<SqlValue, DbError>;

/// One row as SQLite returned it.
pub(crate) type SqlRow = Vec<SqlValue>;

/// What the connection reports after each request: `sqlite3_get_autocommit`,
/// `sqlite3_changes` and `sqlite3_last_insert_rowid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Facts {
    pub autocommit: bool,
    pub changes: u64,
    pub last_insert_rowid: i64,
}

impl Facts {
    /// What a connection that is gone reports.
    const GONE: Facts = Facts {
        autocommit: true,
        changes: 0,
        last_insert_rowid: 0,
    };

    fn of(conn: &Connection) -> Self {
        Facts {
            autocommit: conn.is_autocommit(),
            changes: conn.changes(),
            last_insert_rowid: conn.last_insert_rowid(),
        }
    }
}

/// A statement to start: `sql` is prepared (its first statement; more SQL after it is
/// `sqlite3`'s "one statement at a time" error), `begin` runs first if the connection is
/// in autocommit mode, then the parameters are bound and the statement stepped once.
#[derive(Debug)]
pub(crate) struct Start {
    pub sql: String,
    pub params: Vec<Param>,
    pub begin: Option<String>,
}

/// A started statement: its columns (name, declared type) and its first row, or `None`
/// when it finished at once.
#[derive(Debug, Clone)]
pub(crate) struct Started {
    pub columns: Vec<(String, Option<String>)>,
    pub row: Option<SqlRow>,
}

impl Started {
    /// The statement's columns as the cursor describes them (a type from the declared
    /// type, or from the first row's value where there is none).
    pub fn described_columns(&self) -> Columns {
        let first = self.row.as_ref();
        self.columns
            .iter()
            .enumerate()
            .map(|(i, (name, decl))| column(name, decl.as_deref(), first.and_then(|r| r.get(i))))
            .collect()
    }
}

enum Request {
    Start(Start),
    Many(Start, Vec<Vec<Param>>),
    Step,
    Reset,
    Exec(String),
    ReadAll(String),
    Facts,
}

enum Reply {
    /// `Ok(None)`: the text held no statement at all.
    Started(Result<Option<Started>, DbError>),
    /// `Ok(None)`: the statement is finished (and reset).
    Stepped(Result<Option<SqlRow>, DbError>),
    Rows(Result<Vec<SqlRow>, DbError>),
    Done(Result<(), DbError>),
    Ran(Result<Ran, DbError>),
}

/// The connection's thread, seen from its owner. Dropping it closes the connection.
pub(crate) struct Link {
    requests: Option<Sender<Request>>,
    replies: Receiver<(Reply, Facts)>,
    interrupt: Arc<rusqlite::InterruptHandle>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Link")
    }
}

fn gone() -> DbError {
    DbError::sqlite(
        ExceptionClass::OperationalError,
        "the SQLite connection thread has stopped",
    )
}

impl Link {
    /// Opens the file as `sqlite3.connect(path)` does: read-write, created if missing, a
    /// 5 s busy timeout, and foreign keys off (SQLite's default, which rusqlite's bundled
    /// build changes).
    ///
    /// # Failure
    /// `sqlite3.OperationalError: unable to open database file` and the like.
    pub(crate) fn open(path: &Path) -> Result<Link, DbError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(from_rusqlite)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(from_rusqlite)?;
        conn.execute_batch("PRAGMA foreign_keys = OFF")
            .map_err(from_rusqlite)?;
        let interrupt = Arc::new(conn.get_interrupt_handle());
        let (request_tx, request_rx) = mpsc::channel();
        let (reply_tx, reply_rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("rowwise-sqlite".into())
            .spawn(move || serve(&conn, &request_rx, &reply_tx))
            .map_err(|e| DbError::sqlite(ExceptionClass::OperationalError, e.to_string()))?;
        Ok(Link {
            requests: Some(request_tx),
            replies: reply_rx,
            interrupt,
            thread: Some(thread),
        })
    }

    /// The handle that interrupts the running statement from any thread.
    pub(crate) fn interrupt_handle(&self) -> Arc<rusqlite::InterruptHandle> {
        Arc::clone(&self.interrupt)
    }

    fn call(&self, request: Request) -> Option<(Reply, Facts)> {
        self.requests.as_ref()?.send(request).ok()?;
        self.replies.recv().ok()
    }

    /// Starts a statement (ending the open one, if any).
    pub(crate) fn start(&self, start: Start) -> (Result<Option<Started>, DbError>, Facts) {
        match self.call(Request::Start(start)) {
            Some((Reply::Started(r), facts)) => (r, facts),
            _ => (Err(gone()), Facts::GONE),
        }
    }

    /// Steps the open statement once: the next row, or `None` when it is finished.
    pub(crate) fn step(&self) -> (Result<Option<SqlRow>, DbError>, Facts) {
        match self.call(Request::Step) {
            Some((Reply::Stepped(r), facts)) => (r, facts),
            _ => (Err(gone()), Facts::GONE),
        }
    }

    /// Resets and drops the open statement, if any.
    pub(crate) fn reset(&self) -> Facts {
        self.call(Request::Reset).map_or(Facts::GONE, |(_, f)| f)
    }

    /// `executemany`: prepares `start.sql` once, refuses a read-only statement, runs
    /// `start.begin` if the connection is in autocommit mode, then binds and steps it once
    /// for each parameter set, stopping at the first error. Ends any open statement.
    pub(crate) fn run_many(
        &self,
        start: Start,
        sets: Vec<Vec<Param>>,
    ) -> (Result<Ran, DbError>, Facts) {
        match self.call(Request::Many(start, sets)) {
            Some((Reply::Ran(r), facts)) => (r, facts),
            _ => (Err(gone()), Facts::GONE),
        }
    }

    /// Runs SQL that returns no rows (`BEGIN`, `COMMIT`, ...), leaving the open statement
    /// open.
    pub(crate) fn exec(&self, sql: &str) -> (Result<(), DbError>, Facts) {
        match self.call(Request::Exec(sql.to_owned())) {
            Some((Reply::Done(r), facts)) => (r, facts),
            _ => (Err(gone()), Facts::GONE),
        }
    }

    /// Runs a query of its own to the end (for schema lookups), leaving the open
    /// statement open.
    pub(crate) fn read_all(&self, sql: &str) -> Result<Vec<SqlRow>, DbError> {
        match self.call(Request::ReadAll(sql.to_owned())) {
            Some((Reply::Rows(r), _)) => r,
            _ => Err(gone()),
        }
    }

    /// The connection's facts now.
    pub(crate) fn facts(&self) -> Facts {
        self.call(Request::Facts).map_or(Facts::GONE, |(_, f)| f)
    }

    /// Has the thread stopped (it only does if something inside it panicked)?
    pub(crate) fn is_gone(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        // Closing the channel ends the thread, which drops (and so closes) the connection.
        self.requests = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The thread's loop: requests in, replies out, until the owner hangs up.
fn serve(conn: &Connection, requests: &Receiver<Request>, replies: &Sender<(Reply, Facts)>) {
    let mut pending = None;
    loop {
        let request = match pending.take() {
            Some(r) => r,
            None => match requests.recv() {
                Ok(r) => r,
                Err(_) => return,
            },
        };
        let reply = match request {
            Request::Start(start) => {
                pending = run_statement(conn, start, requests, replies);
                continue;
            }
            Request::Many(start, sets) => Reply::Ran(run_many(conn, start, sets)),
            Request::Step => Reply::Stepped(Ok(None)),
            Request::Reset | Request::Facts => Reply::Done(Ok(())),
            Request::Exec(sql) => Reply::Done(conn.execute_batch(&sql).map_err(from_rusqlite)),
            Request::ReadAll(sql) => Reply::Rows(read_all(conn, &sql)),
        };
        if replies.send((reply, Facts::of(conn))).is_err() {
            return;
        }
    }
}

/// Starts one statement and serves requests while it is open. Returns the request that
/// ended it by needing a new statement, if one did.
fn run_statement(
    conn: &Connection,
    start: Start,
    requests: &Receiver<Request>,
    replies: &Sender<(Reply, Facts)>,
) -> Option<Request> {
    let reply = |r: Reply| replies.send((r, Facts::of(conn))).is_ok();
    let mut stmt = match prepare(conn, &start) {
        Ok(Some(stmt)) => stmt,
        Ok(None) => {
            reply(Reply::Started(Ok(None)));
            return None;
        }
        Err(e) => {
            reply(Reply::Started(Err(e)));
            return None;
        }
    };
    if let Err(e) = bind(&mut stmt, start.params) {
        reply(Reply::Started(Err(e)));
        return None;
    }
    let columns: Vec<(String, Option<String>)> = stmt
        .columns()
        .map(|c| (c.name().to_owned(), c.decl_type().map(str::to_owned)))
        .collect();
    let mut rows = stmt.raw_query();
    match next_row(&mut rows) {
        Ok(Some(row)) => {
            let started = Started {
                columns,
                row: Some(row),
            };
            if !reply(Reply::Started(Ok(Some(started)))) {
                return None;
            }
        }
        other => {
            drop(rows);
            reply(Reply::Started(
                other.map(|_| Some(Started { columns, row: None })),
            ));
            return None;
        }
    }
    serve_open_statement(conn, rows, requests, &reply)
}

/// Serves requests while a statement's rows are open: steps, facts, other SQL beside it.
/// Returns the request that needs a new statement, if one came.
fn serve_open_statement(
    conn: &Connection,
    mut rows: rusqlite::Rows<'_>,
    requests: &Receiver<Request>,
    reply: &dyn Fn(Reply) -> bool,
) -> Option<Request> {
    loop {
        let request = requests.recv().ok()?;
        match request {
            Request::Step => {
                // At the end (or an error) rusqlite has already reset the statement, and
                // SQLite's changes count is final.
                let step = next_row(&mut rows);
                let finished = !matches!(step, Ok(Some(_)));
                if !reply(Reply::Stepped(step)) || finished {
                    return None;
                }
            }
            Request::Reset => {
                drop(rows);
                reply(Reply::Done(Ok(())));
                return None;
            }
            Request::Facts => {
                if !reply(Reply::Done(Ok(()))) {
                    return None;
                }
            }
            Request::Exec(sql) => {
                let result = conn.execute_batch(&sql).map_err(from_rusqlite);
                if !reply(Reply::Done(result)) {
                    return None;
                }
            }
            Request::ReadAll(sql) => {
                if !reply(Reply::Rows(read_all(conn, &sql))) {
                    return None;
                }
            }
            Request::Start(_) | Request::Many(..) => return Some(request),
        }
    }
}

/// Prepares the first statement of the text, then runs `begin` if asked: `sqlite3` opens
/// its implicit transaction after preparing and before binding.
fn prepare<'c>(
    conn: &'c Connection,
    start: &Start,
) -> Result<Option<rusqlite::Statement<'c>>, DbError> {
    let sql = start.sql.as_str();
    if sql.contains('\0') {
        return Err(null_character());
    }
    let end = first_statement_end(sql);
    let stmt = match conn.prepare(&sql[..end]) {
        Ok(stmt) => stmt,
        Err(rusqlite::Error::Empty) => return Ok(None),
        Err(e) => return Err(from_rusqlite(e)),
    };
    if lstrip_sql(&sql[end..]).is_some() {
        return Err(one_statement_at_a_time());
    }
    if let Some(begin) = &start.begin
        && conn.is_autocommit()
    {
        conn.execute_batch(begin).map_err(from_rusqlite)?;
    }
    Ok(Some(stmt))
}

fn bind(stmt: &mut rusqlite::Statement<'_>, params: Vec<Param>) -> Result<(), DbError> {
    let uses = stmt.parameter_count();
    if uses != params.len() {
        return Err(binding_count(uses, params.len()));
    }
    for (i, param) in params.into_iter().enumerate() {
        stmt.raw_bind_parameter(i + 1, param?)
            .map_err(from_rusqlite)?;
    }
    Ok(())
}

fn read_all(conn: &Connection, sql: &str) -> Result<Vec<SqlRow>, DbError> {
    let mut stmt = conn.prepare(sql).map_err(from_rusqlite)?;
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = next_row(&mut rows)? {
        out.push(row);
    }
    Ok(out)
}

fn next_row(rows: &mut Rows<'_>) -> Result<Option<SqlRow>, DbError> {
    match rows.next() {
        Ok(Some(row)) => {
            let n = row.as_ref().column_count();
            let mut values = Vec::with_capacity(n);
            for i in 0..n {
                values.push(SqlValue::from(row.get_ref(i).map_err(from_rusqlite)?));
            }
            Ok(Some(values))
        }
        Ok(None) => Ok(None),
        Err(e) => Err(from_rusqlite(e)),
    }
}

#[cfg(test)]
mod tests;
