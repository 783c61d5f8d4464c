//! The database worker: a thread that owns the [`Database`] and does every call on it, so
//! the UI thread never waits on the network. Requests come in tagged with an id; replies go
//! back through an [`Outbox`] (the event loop's channel). A long `fetchall()` streams its rows back in batches.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;
use std::time::Instant;

use crate::db::Database;
use crate::db::api::{Command, Entry, Outcome, Step};
use crate::session::{Reconnect, SessionEvent, Supervisor, Work};

use super::outbox::Outbox;

mod messages;
mod run_all;
mod stops;

pub use messages::{DbReply, DbRequest, RowBatch, StepDone, Timing};
pub use stops::Stops;

/// Identifies a request, so the UI can ignore replies it no longer waits for.
pub type RequestId = u64;

/// Widest a grid column gets, in terminal cells.
pub const MAX_COLUMN_WIDTH: usize = 40;

/// Rows per batch sent while a long fetch runs.
const BATCH_ROWS: usize = 50_000;

/// What a request that talks to the database says when Ctrl-C stopped it before it started.
const NOT_SENT: &str =
    "Not run: cancelled (Ctrl-C) before it started; nothing of it reached the database.";

/// Rows a `fetchall()` shows in the transcript before it is summarised.
const PREVIEW_ROWS: usize = 200;

/// Longest printed value the Python panel receives (bytes): a 100 MB cell's repr would
/// otherwise be built, sent and wrapped on every frame. (Fetches with a preview are
/// abridged by the session already; this catches every other entry.)
pub const TRANSCRIPT_VALUE_BYTES: usize = crate::db::api::PREVIEW_VALUE_BYTES;

struct Worker {
    db: Box<dyn Database>,
    tx: Arc<dyn Outbox<DbReply>>,
    supervisor: Supervisor,
    stops: Stops,
}

/// Starts the worker; returns the channel for requests. The worker ends when the
/// returned sender is dropped.
pub fn spawn(
    db: Box<dyn Database>,
    tx: impl Outbox<DbReply>,
    autocommit: bool,
) -> std::io::Result<Sender<DbRequest>> {
    spawn_with_stops(db, tx, autocommit, Stops::default())
}

/// As [`spawn`], with the [`Stops`] the UI's Ctrl-C writes to.
pub fn spawn_with_stops(
    db: Box<dyn Database>,
    tx: impl Outbox<DbReply>,
    autocommit: bool,
    stops: Stops,
) -> std::io::Result<Sender<DbRequest>> {
    let (req_tx, req_rx) = channel();
    let info = db.info();
    let canceller = db.canceller();
    let _ = tx.post(DbReply::Connected {
        info,
        canceller,
        autocommit,
    });
    let mut worker = Worker {
        db,
        tx: Arc::new(tx),
        supervisor: Supervisor::new(Reconnect::Automatically),
        stops,
    };
    thread::Builder::new()
        .name("db-worker".into())
        .spawn(move || worker.run(&req_rx))?;
    Ok(req_tx)
}

impl Worker {
    fn run(&mut self, requests: &Receiver<DbRequest>) {
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
                    Some(Command::Params(params)),
                    prefetch,
                ))),
                DbRequest::RunWithDict {
                    id,
                    sql,
                    dict,
                    prefetch,
                } => DbReply::Done(Box::new(self.run_statement(
                    id,
                    sql,
                    Some(Command::ParamsDict(dict)),
                    prefetch,
                ))),
                DbRequest::RunMany {
                    id,
                    sql,
                    list,
                    prefetch,
                } => DbReply::Done(Box::new(self.run_statement(
                    id,
                    sql,
                    Some(Command::ParamsMany(list)),
                    prefetch,
                ))),
                DbRequest::Step { id, command } => DbReply::Done(Box::new(self.step(id, command))),
                DbRequest::ResetDemo { id } => DbReply::Done(Box::new(self.reset_demo(id))),
            };
            if !self.tx.post(reply) {
                break;
            }
        }
    }

    /// Restores the demo database, unless Ctrl-C stopped the request before it started.
    fn reset_demo(&mut self, id: RequestId) -> StepDone {
        let mut done = StepDone {
            id,
            ..StepDone::default()
        };
        if self.stops.asked(id) {
            return self.not_started(
                done,
                "Not run: cancelled (Ctrl-C) before it started; the demo database is as it was.",
            );
        }
        match crate::db::reset_demo(self.db.as_mut()) {
            Ok(()) => done.notes.push("Demo database restored.".to_owned()),
            Err(e) => done.notes.push(format!("Cannot reset: {}", e.msg)),
        }
        self.finish(&mut done, None);
        done
    }

    /// A request Ctrl-C stopped before the worker started it (see [`Stops`]): nothing of
    /// it ran, so it has no step, only `note` saying so.
    fn not_started(&mut self, mut done: StepDone, note: &str) -> StepDone {
        done.cancelled_before_start = true;
        done.notes.push(note.to_owned());
        self.finish(&mut done, None);
        done
    }

    /// Asks the supervisor before work that talks to the server: a connection the server
    /// closed while idle is noticed first, as the mysql client does (it says 2006 and
    /// reconnects); a lost one is reconnected. Returns false when the work must not run:
    /// reconnecting failed, or the open transaction was found lost (the statement would
    /// otherwise run outside the transaction it was typed for).
    fn ensure_connected(&mut self, done: &mut StepDone) -> bool {
        let prepared = self.supervisor.prepare(self.db.as_mut(), Work::Server);
        for event in &prepared.events {
            self.tell(done, event, true);
        }
        done.events.extend(prepared.events);
        prepared.go
    }

    /// Words a session event as a note for the transcript and status line.
    fn tell(&self, done: &mut StepDone, event: &SessionEvent, before: bool) {
        let notes = if before {
            &mut done.notes
        } else {
            &mut done.lost
        };
        match event {
            SessionEvent::GoneWhileIdle => notes.push(
                "ERROR 2006 (HY000): MySQL server has gone away (it closed this connection while it was idle).".to_owned(),
            ),
            SessionEvent::ConnectionLost { lost_transaction } => {
                if !before {
                    notes.push(
                        "The connection to the server was lost; the next statement reconnects."
                            .to_owned(),
                    );
                }
                if let Some(lost) = lost_transaction {
                    notes.push(format!(
                        "The open transaction was lost with the connection: {}.",
                        lost.summary()
                    ));
                }
            }
            SessionEvent::Reconnected {
                info,
                lost_transaction,
            } => {
                notes.push(format!(
                    "Reconnected (connection id {}, database {}); the old cursor is gone.",
                    info.connection_id.map_or("-".to_owned(), |i| i.to_string()),
                    info.database.as_deref().unwrap_or("(none)")
                ));
                if let Some(lost) = lost_transaction {
                    notes.push(format!(
                        "The open transaction was lost with the connection: {}.",
                        lost.summary()
                    ));
                }
                done.reconnected = Some((info.clone(), self.db.canceller()));
            }
            SessionEvent::ReconnectFailed { error } => notes.push(format!(
                "Reconnecting failed: {} (nothing was run; the next statement tries again).",
                error.mysql_client_line()
            )),
            SessionEvent::NotRun => notes.push(format!(
                "Not run: it found the transaction lost. Autocommit is {} as before; run it again to run it on the new session.",
                if self.db.autocommit().unwrap_or(false) { "on" } else { "off" }
            )),
        }
    }

    fn run_statement(
        &mut self,
        id: RequestId,
        sql: String,
        params: Option<Command>,
        prefetch: Option<usize>,
    ) -> StepDone {
        #[cfg(debug_assertions)]
        super::test_panic::maybe("worker", &sql, &self.db.info());
        let mut done = StepDone {
            id,
            ..StepDone::default()
        };
        if !self.ensure_connected(&mut done) {
            self.finish(&mut done, None);
            return done;
        }
        // Looked at last thing before the statement is sent: a KILL QUERY that came
        // earlier found nothing running.
        if self.stops.asked(id) {
            return self.not_started(done, NOT_SENT);
        }
        let started = Instant::now();
        if let Some(params) = params {
            // Sets the parameters of the execute below (`Params` or `ParamsMany`, which
            // makes it `executemany`); prints nothing of its own.
            self.db.run_step(params, &mut |_| {}, None);
        }
        let step = self
            .db
            .run_step(Command::Execute(sql.clone()), &mut |_| {}, None);
        done.timing.server = started.elapsed();
        let (executed, has_rows) = (step.executed(), step.has_rows());
        done.steps.push(step);
        if let (true, Some(n)) = (has_rows, prefetch) {
            self.fetch_into(&mut done, Command::FetchMany(Some(n as i64)), Some(n));
        }
        let changed = executed.then_some(sql).filter(|_| self.changed_data());
        self.finish(&mut done, changed.as_deref());
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
            Command::FetchOne | Command::FetchMany(_) | Command::FetchAll | Command::Iterate
        );
        if !fetch && !self.ensure_connected(&mut done) {
            if command == Command::Commit {
                Self::refuse_commit(&mut done);
            }
            self.finish(&mut done, None);
            return done;
        }
        if self.stops.asked(id) {
            let note = match command {
                Command::Iterate => {
                    "for row in cursor: not run: cancelled (Ctrl-C) before it started; the rows are still in the cursor."
                }
                _ if fetch => {
                    "Not run: cancelled (Ctrl-C) before it started; the cursor is as it was."
                }
                _ => NOT_SENT,
            };
            return self.not_started(done, note);
        }
        let mut changed = None;
        match command {
            Command::FetchOne => self.fetch_into(&mut done, command, Some(1)),
            Command::FetchMany(n) => {
                let asked = n.map_or(1, |n| usize::try_from(n).unwrap_or(0));
                let command = self.with_arraysize(&mut done, n);
                self.fetch_into(&mut done, command, Some(asked));
            }
            Command::FetchAll | Command::Iterate => self.fetch_into(&mut done, command, None),
            Command::Execute(sql) => {
                let step = self
                    .db
                    .run_step(Command::Execute(sql.clone()), &mut |_| {}, None);
                if step.executed() && self.changed_data() {
                    changed = Some(sql);
                }
                done.steps.push(step);
            }
            Command::Commit => {
                let lost_before = self.db.is_gone();
                let step = self.db.run_step(command, &mut |_| {}, None);
                done.commit_failed = step.error.as_ref().map(|error| {
                    let error = error.python_line();
                    if lost_before || self.db.is_gone() {
                        format!("cnx.commit() failed: {error}: the connection was lost and the open transaction with it; nothing was committed.")
                    } else {
                        format!("cnx.commit() failed: {error}")
                    }
                });
                done.steps.push(step);
            }
            Command::Rollback => {
                let open = self.supervisor.in_transaction();
                let step = self.db.run_step(command, &mut |_| {}, None);
                if !open && step.ok() && self.db.autocommit() == Some(true) {
                    done.notes.push(
                        "Nothing was rolled back: autocommit is on, so every statement was committed as it ran.".to_owned(),
                    );
                }
                done.steps.push(step);
            }
            other => done.steps.push(self.db.run_step(other, &mut |_| {}, None)),
        }
        self.finish(&mut done, changed.as_deref());
        done
    }

    /// The fetch F7 asks for, `fetchmany(n)`, as the course writes it: the cursor's
    /// `arraysize` set to `n` first when it is not that already (`cursor.arraysize = n` in
    /// the transcript), then `fetchmany()`.
    fn with_arraysize(&mut self, done: &mut StepDone, n: Option<i64>) -> Command {
        match n {
            Some(size) if size > 0 => {
                if self.db.cursor_arraysize() != Some(size) {
                    let set = Command::Arraysize(i128::from(size));
                    done.steps.push(self.db.run_step(set, &mut |_| {}, None));
                }
                Command::FetchMany(None)
            }
            other => Command::FetchMany(other),
        }
    }

    /// A `cnx.commit()` that found its transaction lost: it fails as the reference's
    /// does, and the note names what was lost (a COMMIT on the new session would
    /// commit nothing and look like a success).
    fn refuse_commit(done: &mut StepDone) {
        let lost = done.events.iter().find_map(|e| match e {
            SessionEvent::Reconnected {
                lost_transaction: Some(lost),
                ..
            }
            | SessionEvent::ConnectionLost {
                lost_transaction: Some(lost),
            } => Some(lost.summary()),
            _ => None,
        });
        let entry = Entry::new(
            "cnx.commit()".to_owned(),
            Outcome::Error(Supervisor::commit_refused()),
        );
        done.steps
            .push(Step::new(Command::Commit, vec![entry], None, None, None));
        done.commit_failed = Some(match lost {
            Some(summary) => format!(
                "cnx.commit() failed: the transaction was lost with the connection ({summary}); nothing was committed."
            ),
            None => {
                "cnx.commit() failed: the connection was lost; nothing was committed.".to_owned()
            }
        });
    }

    /// Runs a fetch, packing rows as they arrive and sending full batches on the way.
    fn fetch_into(&mut self, done: &mut StepDone, command: Command, asked: Option<usize>) {
        let columns = self.db.cursor_status().and_then(|s| s.columns);
        let started = Instant::now();
        let tx = self.tx.clone();
        let id = done.id;
        let mut batch = RowBatch::default();
        let mut got = 0usize;
        let mut sink = |row| {
            got += 1;
            batch.push(&row, columns.as_ref());
            if batch.len() >= BATCH_ROWS {
                let full = std::mem::take(&mut batch);
                let _ = tx.post(DbReply::Rows { id, batch: full });
            }
        };
        // A loop asks this request's stop before each row, its first too: a Ctrl-C that
        // came after the look in `step` and before the first row stops it there.
        let stops = self.stops.clone();
        let db = &mut self.db;
        let mut step = crate::db::api::stopping_when(
            move || stops.asked(id),
            || db.run_step(command, &mut sink, Some(PREVIEW_ROWS)),
        );
        step.fetched = got;
        // A loop stopped part-way (Ctrl-C) left rows in the cursor: the grid stands on
        // the last row it handed out, not after the last row of the result.
        let rows_left = step
            .cursor
            .as_ref()
            .is_some_and(|s| s.unread || s.buffered_remaining.is_some_and(|n| n > 0));
        let asked = match asked {
            None if rows_left && step.call == Command::Iterate => Some(got),
            other => other,
        };
        done.steps.push(step);
        done.batch = batch;
        done.fetched = Some((asked, got));
        done.timing.fetch += started.elapsed();
    }

    /// Did the statement just run change something (no result set)?
    fn changed_data(&self) -> bool {
        self.db.cursor_status().is_none_or(|s| s.columns.is_none())
    }

    /// Fills in the cursor and transaction state after a request; `changed` is the SQL
    /// that ran and changed data, if any.
    fn finish(&mut self, done: &mut StepDone, changed: Option<&str>) {
        for step in &mut done.steps {
            // A loop's preview is bounded by the session already and ends with what
            // stopped it (an error, `KeyboardInterrupt`), which a cut here would lose.
            if step.call == Command::Iterate {
                continue;
            }
            step.entries = std::mem::take(&mut step.entries)
                .into_iter()
                .map(|e| e.abridged(TRANSCRIPT_VALUE_BYTES))
                .collect();
        }
        done.status = self.db.cursor_status();
        self.settle(done, changed);
        done.in_transaction = Some(self.supervisor.in_transaction());
        done.uncommitted = self.supervisor.uncommitted();
        done.autocommit = self.db.autocommit();
        done.info = Some(self.db.info());
    }

    /// Reads the transaction state the server reported after a statement (`changed`: its
    /// SQL when it changed data) and tells what a lost connection took with it.
    fn settle(&mut self, done: &mut StepDone, changed: Option<&str>) {
        let events = self.supervisor.settle(self.db.as_mut(), changed);
        for event in &events {
            self.tell(done, event, false);
        }
        done.events.extend(events);
    }
}
