//! Running several statements one after another, as a Python program does: for each,
//! `cursor.execute(statement)` and, when it has rows, `cursor.fetchall()`. The run stops
//! at the first error (a cancel is one: KILL QUERY fails the running statement) and, when
//! Ctrl-C asked it to stop (the request's own [`super::Stops`], or the loops' stop flag,
//! [`crate::db::api::interrupt_loop`]), before the next statement: a Ctrl-C between two
//! statements, or before the run started, is not lost. The grid
//! keeps the rows of the last statement that had any, if no statement came after it.

use std::time::Instant;

use crate::db::api::{Command, clear_stop, take_stop};

use super::{PREVIEW_ROWS, RequestId, RowBatch, StepDone, Worker};

impl Worker {
    pub(super) fn run_all(&mut self, id: RequestId, statements: Vec<String>) -> StepDone {
        let mut done = StepDone {
            id,
            ..StepDone::default()
        };
        let total = statements.len();
        let mut finished = 0;
        let mut stopped = None;
        let mut cancelled = false;
        // A stop left from an earlier request is dropped; one meant for this run is in
        // `stops`, even when it came before the run started.
        clear_stop();
        let was_open = self.supervisor.in_transaction();
        for (n, sql) in statements.into_iter().enumerate() {
            if take_stop() || self.stops.asked(id) {
                cancelled = true;
                done.cancelled_before_start = n == 0;
                stopped = Some(n + 1);
                break;
            }
            if !self.ensure_connected(&mut done) {
                stopped = Some(n + 1);
                break;
            }
            let started = Instant::now();
            let step = self
                .db
                .run_step(Command::Execute(sql.clone()), &mut |_| {}, None);
            done.timing.server += started.elapsed();
            let (ok, has_rows) = (step.ok(), step.has_rows());
            let changed = step.executed() && self.changed_data();
            done.steps.push(step);
            // Each statement that changed data counts in the open transaction.
            self.settle(&mut done, changed.then_some(sql.as_str()));
            if !was_open && done.opened_by.is_none() && self.supervisor.in_transaction() {
                done.opened_by = Some(sql.clone());
            }
            done.batch = RowBatch::default();
            done.fetched = None;
            if !ok {
                stopped = Some(n + 1);
                break;
            }
            if has_rows && !self.fetch_all_of(&mut done) {
                stopped = Some(n + 1);
                break;
            }
            finished += 1;
        }
        // A Ctrl-C that failed the running statement (KILL QUERY) also named this run.
        cancelled |= take_stop() || self.stops.asked(id);
        done.summary = Some(match stopped {
            None => format!("Ran all {total} statement(s), one after another."),
            Some(n) if cancelled => format!(
                "Stopped at statement {n} of {total}: cancelled; {finished} ran before it, the rest were not run."
            ),
            Some(n) => format!(
                "Stopped at statement {n} of {total}: {finished} ran before it, the rest were not run."
            ),
        });
        self.finish(&mut done, None);
        done
    }

    /// `cursor.fetchall()` after a statement of the run that has rows; the grid keeps them.
    /// Returns whether the fetch succeeded.
    fn fetch_all_of(&mut self, done: &mut StepDone) -> bool {
        let columns = self.db.cursor_status().and_then(|s| s.columns);
        let started = Instant::now();
        let mut batch = RowBatch::default();
        let mut got = 0usize;
        let mut fetch = self.db.run_step(
            Command::FetchAll,
            &mut |row| {
                got += 1;
                batch.push(&row, columns.as_ref());
            },
            Some(PREVIEW_ROWS),
        );
        done.timing.fetch += started.elapsed();
        fetch.fetched = got;
        let ok = fetch.ok();
        done.steps.push(fetch);
        done.batch = batch;
        done.fetched = Some((None, got));
        ok
    }
}
