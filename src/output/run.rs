//! One statement from start to end, the loop batch mode and line mode share: the session
//! supervisor is asked first, the statement is sent, each result's rows go through a
//! [`RowWriter`] as they arrive (or its OK packet is taken), the mode says how it went, and
//! the supervisor is told after. What the modes do differently — which writer, what is
//! printed after a result, how an error or a lost session is worded — is the [`Mode`] they
//! pass in; the order of the steps is this file's alone.

use std::io;
use std::time::{Duration, Instant};

use super::RowWriter;
use crate::db::{Column, Database, DbError, OkInfo, QueryStart};
use crate::interrupt::Interrupts;
use crate::session::{Prepared, SessionEvent, Supervisor, Work};

/// What a front end does at each step of [`run_statement`].
pub trait Mode {
    /// The supervisor answered before the statement (it runs only when `prepared.go`).
    ///
    /// # Failure
    /// Writing what the mode says fails.
    fn prepared(
        &mut self,
        db: &mut dyn Database,
        supervisor: &Supervisor,
        prepared: &Prepared,
    ) -> io::Result<()>;

    /// Where the rows of the next result go.
    fn writer(&mut self) -> Box<dyn RowWriter + '_>;

    /// A result's `rows` rows were all written, `elapsed` after the statement was sent.
    ///
    /// # Failure
    /// Writing what the mode says fails.
    fn rows_written(
        &mut self,
        db: &mut dyn Database,
        rows: u64,
        elapsed: Duration,
    ) -> io::Result<()>;

    /// A result without rows (a change) came back, `elapsed` after the statement was sent.
    ///
    /// # Failure
    /// Writing what the mode says fails.
    fn changed(&mut self, ok: &OkInfo, elapsed: Duration) -> io::Result<()>;

    /// Every result was read (`Ok`) or the server's error stopped the statement; the
    /// supervisor has not been told yet, so the session is as the statement left it (its
    /// warnings can still be read).
    ///
    /// # Failure
    /// Writing what the mode says fails.
    fn ran(&mut self, db: &mut dyn Database, outcome: Result<(), &DbError>) -> io::Result<()>;

    /// The supervisor was told how the statement went (`failed`: by an error) and
    /// answered with `events`.
    ///
    /// # Failure
    /// Writing what the mode says fails.
    fn settled(
        &mut self,
        db: &mut dyn Database,
        supervisor: &Supervisor,
        failed: bool,
        events: &[SessionEvent],
    ) -> io::Result<()>;
}

/// How a statement went, for a mode that decides what comes next (`--force`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every result was read.
    Ran,
    /// The server (or the connection) stopped it with an error.
    Failed,
    /// The supervisor did not let it run: the session was lost, reconnecting failed, or
    /// it found the open transaction lost.
    NotRun,
}

/// Runs `sql` under `supervisor`, the steps worded by `mode`; with `interrupts`, a Ctrl-C
/// while it runs cancels it on the server.
///
/// # Failure
/// Writing the results (or what the mode says) fails: the run stops at once, and the
/// supervisor is not told.
pub fn run_statement(
    db: &mut dyn Database,
    supervisor: &mut Supervisor,
    sql: &[u8],
    mode: &mut dyn Mode,
    interrupts: Option<&Interrupts>,
) -> io::Result<Outcome> {
    let prepared = supervisor.prepare(db, Work::Server);
    mode.prepared(db, supervisor, &prepared)?;
    if !prepared.go {
        return Ok(Outcome::NotRun);
    }
    let started = Instant::now();
    let result = match interrupts {
        Some(interrupts) => {
            let canceller = db.canceller();
            interrupts
                .during(canceller, || write_results(db, sql, mode, started))
                .0
        }
        None => write_results(db, sql, mode, started),
    };
    let (changed, failed) = match result {
        Ok(changed) => {
            mode.ran(db, Ok(()))?;
            (changed, false)
        }
        Err(RunError::Db(e)) => {
            mode.ran(db, Err(&e))?;
            (false, true)
        }
        Err(RunError::Io(e)) => return Err(e),
    };
    let text = String::from_utf8_lossy(sql);
    let events = supervisor.settle(db, changed.then_some(&*text));
    mode.settled(db, supervisor, failed, &events)?;
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Ran
    })
}

/// Why a statement's results stopped.
enum RunError {
    Db(DbError),
    Io(io::Error),
}

impl From<io::Error> for RunError {
    fn from(e: io::Error) -> Self {
        RunError::Io(e)
    }
}

impl From<DbError> for RunError {
    fn from(e: DbError) -> Self {
        RunError::Db(e)
    }
}

/// Sends `sql` and reads every result it gives; true when one of them was a change (a
/// result without rows), which the supervisor counts in the open transaction.
fn write_results(
    db: &mut dyn Database,
    sql: &[u8],
    mode: &mut dyn Mode,
    started: Instant,
) -> Result<bool, RunError> {
    let mut changed = false;
    let mut next = Some(db.query_bytes(sql));
    while let Some(result) = next {
        match result? {
            QueryStart::Rows(columns) => {
                let rows = write_rows(db, &columns, mode.writer().as_mut())?;
                mode.rows_written(db, rows, started.elapsed())?;
            }
            QueryStart::Done(ok) => {
                changed = true;
                mode.changed(&ok, started.elapsed())?;
            }
        }
        next = db.next_result();
    }
    Ok(changed)
}

/// Writes one result's rows as they arrive (constant memory for a streaming writer); a
/// server error part-way leaves the writer unended.
fn write_rows(
    db: &mut dyn Database,
    columns: &[Column],
    w: &mut dyn RowWriter,
) -> Result<u64, RunError> {
    w.begin(columns)?;
    let mut rows = 0;
    while let Some(row) = db.next_row()? {
        rows += 1;
        w.row(&row)?;
    }
    w.end()?;
    Ok(rows)
}
