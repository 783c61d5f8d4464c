//! The database worker: a thread that owns the [`Database`] and does every call on it, so
//! the UI thread never waits on the network. Requests come in tagged with an id; replies go
//! back as [`AppEvent::Db`]. A long `fetchall()` streams its rows back in batches.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;
use std::time::{Duration, Instant};

use super::cell_text::grid_width;
use crate::db::{Canceller, Columns, CursorStatus, Database, DatabaseInfo, RawRow};
use crate::pyrepr::PyValue;
use crate::rowstore::RowStore;
use crate::session::{Command, Step};

use super::event::AppEvent;

mod run_all;

/// Identifies a request, so the UI can ignore replies it no longer waits for.
pub type RequestId = u64;

/// Widest a grid column gets, in terminal cells.
pub const MAX_COLUMN_WIDTH: usize = 40;

/// Rows per batch sent while a long fetch runs.
const BATCH_ROWS: usize = 50_000;

/// Rows a `fetchall()` shows in the transcript before it is summarised.
const PREVIEW_ROWS: usize = 200;

/// Longest printed value the Python panel receives (bytes): a 100 MB cell's repr would
/// otherwise be built, sent and wrapped on every frame. (Fetches with a preview are
/// abridged by the session already; this catches every other entry.)
pub const TRANSCRIPT_VALUE_BYTES: usize = crate::session::PREVIEW_VALUE_BYTES;

/// What the UI asks of the database.
#[derive(Debug, Clone, PartialEq)]
pub enum DbRequest {
    /// `cursor.execute(sql)`, then, with `prefetch`, `cursor.fetchmany(prefetch)`.
    Run {
        /// Request id.
        id: RequestId,
        /// The statement.
        sql: String,
        /// Rows to fetch right away (a screenful), or none.
        prefetch: Option<usize>,
    },
    /// As `Run`, with parameters: `cursor.execute(sql, params)`.
    RunWithParams {
        /// Request id.
        id: RequestId,
        /// The statement, with `%s` placeholders.
        sql: String,
        /// The parameters.
        params: Vec<PyValue>,
        /// Rows to fetch right away (a screenful), or none.
        prefetch: Option<usize>,
    },
    /// One DB-API step (fetch, cursor, commit, attribute, ...).
    Step {
        /// Request id.
        id: RequestId,
        /// The step.
        command: Command,
    },
    /// Several statements, one after another (`execute`, then `fetchall` when it has
    /// rows), stopping at the first error.
    RunAll {
        /// Request id.
        id: RequestId,
        /// The statements.
        statements: Vec<String>,
    },
    /// Tables and columns, for completion.
    Schema,
    /// Restore the demo database.
    ResetDemo {
        /// Request id.
        id: RequestId,
    },
}

/// Rows on their way to the grid, with the widest cell seen per column.
#[derive(Debug, Default, Clone)]
pub struct RowBatch {
    /// The rows.
    pub store: RowStore,
    /// Display widths (capped) per column.
    pub widths: Vec<u16>,
}

impl StepDone {
    /// Every transcript entry of its steps, in order.
    pub fn entries(&self) -> Vec<crate::session::Entry> {
        self.steps.iter().flat_map(|s| s.entries.clone()).collect()
    }
}

impl RowBatch {
    fn push(&mut self, row: &RawRow, columns: Option<&Columns>) {
        if let Some(columns) = columns {
            if self.widths.len() < columns.len() {
                self.widths.resize(columns.len(), 0);
            }
            for ((cell, column), width) in
                row.iter().zip(columns.iter()).zip(self.widths.iter_mut())
            {
                *width = (*width).max(grid_width(cell, column, MAX_COLUMN_WIDTH) as u16);
            }
        }
        self.store.push(row);
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// No rows?
    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }
}

/// How long a request took.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// Until `execute` returned (the server's share).
    pub server: Duration,
    /// Reading rows.
    pub fetch: Duration,
}

/// The result of one request.
#[derive(Debug, Default)]
pub struct StepDone {
    /// The request.
    pub id: RequestId,
    /// The steps run, typed, each with its transcript entries.
    pub steps: Vec<Step>,
    /// Rows fetched and not yet sent in a batch.
    pub batch: RowBatch,
    /// The request fetched rows: how many were asked (`None` for all) and how many came.
    pub fetched: Option<(Option<usize>, usize)>,
    /// The cursor afterwards.
    pub status: Option<CursorStatus>,
    /// Is a transaction open, if it could be asked.
    pub in_transaction: Option<bool>,
    /// Statements run in the open transaction.
    pub uncommitted: u32,
    /// Timings.
    pub timing: Timing,
    /// Things to tell the user before the entries (reconnections, lost transactions).
    pub notes: Vec<String>,
    /// Things that went wrong during the request, told after its entries (the
    /// connection lost, and with it the open transaction).
    pub lost: Vec<String>,
    /// What a run of several statements came to, told after its entries.
    pub summary: Option<String>,
    /// Set after a reconnect: the new session.
    pub reconnected: Option<(DatabaseInfo, Canceller)>,
}

/// Replies to the UI.
#[derive(Debug)]
pub enum DbReply {
    /// The session is ready.
    Connected {
        /// Facts for the status bar.
        info: DatabaseInfo,
        /// Cancels a running statement.
        canceller: Canceller,
        /// Is autocommit on?
        autocommit: bool,
    },
    /// Rows of a long fetch, while it runs.
    Rows {
        /// The request.
        id: RequestId,
        /// The rows.
        batch: RowBatch,
    },
    /// A request finished.
    Done(Box<StepDone>),
    /// Completion data.
    Schema(Vec<(String, String)>),
}

struct Worker {
    db: Box<dyn Database>,
    tx: Sender<AppEvent>,
    in_transaction: bool,
    uncommitted: u32,
    /// The user was told that the connection is gone (said once per loss).
    told_gone: bool,
}

/// Starts the worker; returns the channel for requests. The worker ends when the
/// returned sender is dropped.
pub fn spawn(
    db: Box<dyn Database>,
    tx: Sender<AppEvent>,
    autocommit: bool,
) -> std::io::Result<Sender<DbRequest>> {
    let (req_tx, req_rx) = channel();
    let info = db.info();
    let canceller = db.canceller();
    let _ = tx.send(AppEvent::Db(DbReply::Connected {
        info,
        canceller,
        autocommit,
    }));
    let mut worker = Worker {
        db,
        tx,
        in_transaction: false,
        uncommitted: 0,
        told_gone: false,
    };
    thread::Builder::new()
        .name("db-worker".into())
        .spawn(move || worker.run(req_rx))?;
    Ok(req_tx)
}

impl Worker {
    fn run(&mut self, requests: Receiver<DbRequest>) {
        while let Ok(request) = requests.recv() {
            let reply = match request {
                DbRequest::Schema => DbReply::Schema(self.db.schema().unwrap_or_default()),
                DbRequest::Run { id, sql, prefetch } => {
                    DbReply::Done(Box::new(self.run_statement(id, sql, None, prefetch)))
                }
                DbRequest::RunAll { id, statements } => {
                    DbReply::Done(Box::new(self.run_all(id, statements)))
                }
                DbRequest::RunWithParams {
                    id,
                    sql,
                    params,
                    prefetch,
                } => DbReply::Done(Box::new(self.run_statement(
                    id,
                    sql,
                    Some(params),
                    prefetch,
                ))),
                DbRequest::Step { id, command } => DbReply::Done(Box::new(self.step(id, command))),
                DbRequest::ResetDemo { id } => {
                    let mut done = StepDone {
                        id,
                        ..StepDone::default()
                    };
                    match self.db.reset_demo() {
                        Ok(()) => done.notes.push("Demo database restored.".to_owned()),
                        Err(e) => done.notes.push(format!("Cannot reset: {}", e.msg)),
                    }
                    self.finish(&mut done);
                    DbReply::Done(Box::new(done))
                }
            };
            if self.tx.send(AppEvent::Db(reply)).is_err() {
                break;
            }
        }
    }

    /// Reconnects when the connection was lost, saying what that cost. With `probe`
    /// (before anything that talks to the server) a connection the server closed while
    /// idle is noticed first, as the mysql client does: it says 2006 and reconnects, and
    /// the statement then runs on the new session (it was never sent).
    /// Returns false when there is no connection to run on (reconnecting failed).
    fn ensure_connected(&mut self, done: &mut StepDone, probe: bool) -> bool {
        if probe && self.db.probe() {
            done.notes.push(
                "ERROR 2006 (HY000): MySQL server has gone away (it closed this connection while it was idle)."
                    .to_owned(),
            );
            if let Some(note) = self.transaction_lost() {
                done.notes.push(note);
            }
        }
        if !self.db.is_gone() {
            return true;
        }
        match self.db.reconnect() {
            Ok(()) => {
                let info = self.db.info();
                done.notes.push(format!(
                    "Reconnected (connection id {}); the old cursor is gone.",
                    info.connection_id.map_or("-".to_owned(), |i| i.to_string())
                ));
                if let Some(note) = self.transaction_lost() {
                    done.notes.push(note);
                }
                done.reconnected = Some((info, self.db.canceller()));
                true
            }
            Err(e) => {
                done.notes.push(format!(
                    "Reconnecting failed: {} (nothing was run; the next statement tries again).",
                    e.mysql_client_line()
                ));
                false
            }
        }
    }

    /// The note for an open transaction that went with the connection, once.
    fn transaction_lost(&mut self) -> Option<String> {
        let open = std::mem::take(&mut self.in_transaction);
        let statements = std::mem::take(&mut self.uncommitted);
        open.then(|| format!(
            "The open transaction was lost with the connection: {statements} uncommitted statement(s) were rolled back."
        ))
    }

    fn run_statement(
        &mut self,
        id: RequestId,
        sql: String,
        params: Option<Vec<PyValue>>,
        prefetch: Option<usize>,
    ) -> StepDone {
        #[cfg(debug_assertions)]
        super::test_panic::maybe("worker", &sql, &self.db.info());
        let mut done = StepDone {
            id,
            ..StepDone::default()
        };
        if !self.ensure_connected(&mut done, true) {
            self.finish(&mut done);
            return done;
        }
        let started = Instant::now();
        if let Some(params) = params {
            // Sets the parameters of the execute below; prints nothing of its own.
            self.db.run_step(Command::Params(params), &mut |_| {}, None);
        }
        let step = self.db.run_step(Command::Execute(sql), &mut |_| {}, None);
        done.timing.server = started.elapsed();
        let (executed, has_rows) = (step.executed(), step.has_rows());
        done.steps.push(step);
        if let (true, Some(n)) = (has_rows, prefetch) {
            self.fetch_into(&mut done, Command::FetchMany(Some(n as i64)), Some(n));
        }
        if executed {
            self.note_statement();
        }
        self.finish(&mut done);
        done
    }

    fn step(&mut self, id: RequestId, command: Command) -> StepDone {
        let mut done = StepDone {
            id,
            ..StepDone::default()
        };
        // A fetch reads what the cursor holds (a buffered cursor's rows outlive the server,
        // and a reconnect would drop them); everything else talks to the server.
        let fetch = matches!(
            command,
            Command::FetchOne | Command::FetchMany(_) | Command::FetchAll
        );
        if !fetch && !self.ensure_connected(&mut done, true) {
            self.finish(&mut done);
            return done;
        }
        match command {
            Command::FetchOne => self.fetch_into(&mut done, command, Some(1)),
            Command::FetchMany(n) => {
                let asked = n.map_or(1, |n| usize::try_from(n).unwrap_or(0));
                self.fetch_into(&mut done, command, Some(asked));
            }
            Command::FetchAll => self.fetch_into(&mut done, command, None),
            Command::Execute(_) => {
                let step = self.db.run_step(command, &mut |_| {}, None);
                if step.executed() {
                    self.note_statement();
                }
                done.steps.push(step);
            }
            Command::Commit | Command::Rollback => {
                let step = self.db.run_step(command, &mut |_| {}, None);
                if step.ok() {
                    self.uncommitted = 0;
                }
                done.steps.push(step);
            }
            other => done.steps.push(self.db.run_step(other, &mut |_| {}, None)),
        }
        self.finish(&mut done);
        done
    }

    /// Runs a fetch, packing rows as they arrive and sending full batches on the way.
    fn fetch_into(&mut self, done: &mut StepDone, command: Command, asked: Option<usize>) {
        let columns = self.db.cursor_status().and_then(|s| s.columns);
        let started = Instant::now();
        let tx = self.tx.clone();
        let id = done.id;
        let mut batch = RowBatch::default();
        let mut got = 0usize;
        let mut step = self.db.run_step(
            command,
            &mut |row| {
                got += 1;
                batch.push(&row, columns.as_ref());
                if batch.len() >= BATCH_ROWS {
                    let full = std::mem::take(&mut batch);
                    let _ = tx.send(AppEvent::Db(DbReply::Rows { id, batch: full }));
                }
            },
            Some(PREVIEW_ROWS),
        );
        step.fetched = got;
        done.steps.push(step);
        done.batch = batch;
        done.fetched = Some((asked, got));
        done.timing.fetch += started.elapsed();
    }

    /// Counts a statement that changed something (no result set) as uncommitted work.
    fn note_statement(&mut self) {
        let changed = self.db.cursor_status().is_none_or(|s| s.columns.is_none());
        if changed {
            self.uncommitted += 1;
        }
    }

    /// Fills in the cursor and transaction state after a request.
    fn finish(&mut self, done: &mut StepDone) {
        for step in &mut done.steps {
            step.entries = std::mem::take(&mut step.entries)
                .into_iter()
                .map(|e| e.abridged(TRANSCRIPT_VALUE_BYTES))
                .collect();
        }
        done.status = self.db.cursor_status();
        let unread = done.status.as_ref().is_some_and(|s| s.unread);
        // The probe spares a query to a server that is gone; the query may still find it so.
        if !unread
            && !self.db.probe()
            && !self.db.is_gone()
            && let Ok(open) = self.db.in_transaction()
        {
            self.in_transaction = open;
            if !open {
                self.uncommitted = 0;
            }
        }
        if self.db.is_gone() && !self.told_gone {
            self.told_gone = true;
            done.lost.push(
                "The connection to the server was lost; the next statement reconnects.".to_owned(),
            );
            if let Some(note) = self.transaction_lost() {
                done.lost.push(note);
            }
        }
        if !self.db.is_gone() {
            self.told_gone = false;
        }
        done.in_transaction = Some(self.in_transaction);
        done.uncommitted = if self.in_transaction {
            self.uncommitted
        } else {
            0
        };
    }
}
