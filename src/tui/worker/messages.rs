//! The worker's messages: requests from the UI, replies back, and the rows and timings
//! they carry.

use std::time::Duration;

use super::super::cell_text::grid_width;
use super::{MAX_COLUMN_WIDTH, RequestId};
use crate::db::api::{Command, Step};
use crate::db::{Canceller, Columns, CursorStatus, DatabaseInfo, RawRow};
use crate::pyrepr::PyValue;
use crate::rowstore::RowStore;
use crate::session::SessionEvent;

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
    /// As `Run`, with a dict of parameters: `cursor.execute(sql, {...})`.
    RunWithDict {
        /// Request id.
        id: RequestId,
        /// The statement, with `%(name)s` placeholders.
        sql: String,
        /// The parameters.
        dict: Vec<(String, PyValue)>,
        /// Rows to fetch right away (a screenful), or none.
        prefetch: Option<usize>,
    },
    /// `cursor.executemany(sql, list)`, then, with `prefetch` and rows, a fetch as `Run`.
    RunMany {
        /// Request id.
        id: RequestId,
        /// The statement, with `%s` placeholders.
        sql: String,
        /// The `seq_of_params`: one tuple per run.
        list: Vec<Vec<PyValue>>,
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
    pub fn entries(&self) -> Vec<crate::db::api::Entry> {
        self.steps.iter().flat_map(|s| s.entries.clone()).collect()
    }
}

impl RowBatch {
    pub(super) fn push(&mut self, row: &RawRow, columns: Option<&Columns>) {
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
    /// The statement after which a transaction opened, when a request ran several (F10):
    /// the status bar names it, not the run's last statement.
    pub opened_by: Option<String>,
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
    /// What happened to the session (reconnects, losses), as the supervisor said it.
    pub events: Vec<SessionEvent>,
    /// Autocommit as the server last said, when it says.
    pub autocommit: Option<bool>,
    /// The session afterwards (the database follows `USE`).
    pub info: Option<DatabaseInfo>,
    /// A `cnx.commit()` that could not commit: the transaction was lost with the connection.
    pub commit_failed: Option<String>,
    /// Ctrl-C stopped the request before the worker started it: nothing of it ran (no
    /// step; a note says so).
    pub cancelled_before_start: bool,
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
