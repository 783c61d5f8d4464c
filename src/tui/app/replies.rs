//! Replies from the database worker: each typed step updates the grid, the Python panel,
//! the status and the app's picture of the session. Decisions come from the steps, never
//! from their Python text.

use crate::complete::Completions;
use crate::db::CursorOptions;
use crate::db::api::Step;

use super::super::action::Effect;
use super::super::grid::Grid;
use super::super::worker::{DbReply, DbRequest, StepDone};
use super::{App, TranscriptItem, UNREAD_HELP};

impl App {
    pub(super) fn on_reply(&mut self, reply: DbReply) -> Vec<Effect> {
        match reply {
            DbReply::Connected {
                info,
                canceller,
                autocommit,
            } => {
                self.info = Some(info);
                self.canceller = Some(canceller);
                self.autocommit = autocommit;
                vec![Effect::Db(DbRequest::Schema)]
            }
            DbReply::Schema(pairs) => {
                self.completions = Completions::from_schema(&pairs);
                Vec::new()
            }
            DbReply::Rows { id, batch } => {
                if self.busy.as_ref().is_some_and(|b| b.id == id) {
                    self.grid.append(batch);
                }
                Vec::new()
            }
            DbReply::Done(done) => self.on_done(*done),
        }
    }

    fn on_done(&mut self, mut done: StepDone) -> Vec<Effect> {
        if self.busy.as_ref().is_some_and(|b| b.id == done.id) {
            self.busy = None;
        }
        let mut effects = Vec::new();
        let viewport = self.grid_viewport();
        self.transaction.after(&done);
        if let Some((info, canceller)) = done.reconnected.take() {
            self.info = Some(info);
            self.canceller = Some(canceller);
            self.grid = Grid::default();
            self.options = CursorOptions::default();
        }
        for note in &done.notes {
            self.transcript.push(TranscriptItem::Note(note.clone()));
        }
        if let Some(note) = done.notes.last() {
            self.info(note.clone());
        }
        let steps = std::mem::take(&mut done.steps);
        let (mut changed_schema, new_result) = self.record_steps(steps);
        self.record_outcome(&done);
        self.transcript_scroll = 0;
        if new_result {
            self.grid.reset(done.status.as_ref());
        }
        self.grid.append(done.batch);
        if let Some((asked, got)) = done.fetched {
            self.grid.after_fetch(asked, got, viewport);
        }
        if let Some(status) = &done.status {
            self.grid.apply_status(status);
        }
        self.cursor = done.status;
        self.uncommitted = done.uncommitted;
        // Autocommit as the server's session tracking said it after the request.
        if let Some(autocommit) = done.autocommit {
            self.autocommit = autocommit;
        }
        if let Some(info) = done.info {
            // A `USE` typed as SQL: completion follows the new database.
            changed_schema |= self
                .info
                .as_ref()
                .is_some_and(|i| i.database != info.database);
            self.info = Some(info);
        }
        if let Some(failure) = &done.commit_failed {
            self.error(failure.clone());
        }
        self.last_timing = Some(done.timing);
        if changed_schema {
            effects.push(Effect::Db(DbRequest::Schema));
        }
        self.not_run = done.cancelled_before_start;
        if self.quit_after.is_some_and(|id| id == done.id) && done.cancelled_before_start {
            // The commit or rollback did not happen: quitting now would say it had.
            self.quit_after = None;
            self.info("Still here: Ctrl-C cancelled it before it started, so nothing was committed or rolled back.");
        }
        if self.quit_after.is_some_and(|id| id == done.id) {
            self.quit_after = None;
            self.exit_failure = done.commit_failed;
            self.should_quit = true;
            effects.push(Effect::Quit);
        }
        effects
    }

    /// Each step into the Python panel (with the explanation of an unread result);
    /// returns whether one changed the schema and whether one made a new result.
    fn record_steps(&mut self, steps: Vec<Step>) -> (bool, bool) {
        let mut changed_schema = false;
        let mut new_result = false;
        for step in steps {
            self.apply_step(&step);
            changed_schema |= step.executed() && step.sql().is_some_and(is_ddl);
            new_result |= step.new_result;
            let unread = step.unread_result();
            self.replay.step(&step);
            for entry in step.entries {
                self.transcript.push(TranscriptItem::Entry(entry));
            }
            if unread {
                self.transcript
                    .push(TranscriptItem::Explain(UNREAD_HELP.to_owned()));
            }
        }
        (changed_schema, new_result)
    }

    /// What a run of statements came to, and what the request lost, after its entries.
    fn record_outcome(&mut self, done: &StepDone) {
        if let Some(summary) = &done.summary {
            self.transcript.push(TranscriptItem::Note(summary.clone()));
            if self.last_error.is_none() {
                self.info(summary.clone());
            }
        }
        for note in &done.lost {
            self.transcript.push(TranscriptItem::Note(note.clone()));
        }
        if !done.lost.is_empty() {
            self.error(done.lost.join(" "));
        }
    }

    /// Keeps the app's picture of the session in step with what a step did.
    fn apply_step(&mut self, step: &Step) {
        if let Some(on) = step.autocommit {
            self.autocommit = on;
        }
        if let Some(status) = &step.cursor {
            self.options = status.options;
        }
        if let Some(e) = &step.error {
            let text = e.python_line();
            self.error(text);
            self.last_error = Some(e.clone());
        }
    }
}

/// Does this SQL statement change the schema (so completion data is stale)?
fn is_ddl(sql: &str) -> bool {
    let first = sql
        .trim_start()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    ["create", "drop", "alter", "rename", "use", "truncate"].contains(&first.as_str())
}
