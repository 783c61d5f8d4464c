//! What the Python export (Ctrl-S) needs beside the transcript's entries, typed: form
//! mode's DAO calls, placed among the entries in the order their replies came, and the
//! loops Ctrl-C stopped, with the rows they printed.

use std::path::Path;

use crate::dao::{DaoStep, mysql_setup, sqlite_setup};
use crate::db::ConnectOptions;
use crate::db::api::{Command, Entry, Step};
use crate::session::{ExportStep, export_python_steps, export_sqlite_python_steps};

use super::form_worker::{POOL_NAME, POOL_SIZE};

/// Something the export writes other than an entry as it reads.
#[derive(Debug, Clone)]
enum Mark {
    /// A form-mode DAO call, before the entry at its position.
    Dao(DaoStep),
    /// The entry at its position is a loop Ctrl-C stopped after this many rows.
    StoppedLoop(usize),
}

/// The export's notes on the session, by position in the transcript's entries.
#[derive(Debug, Clone, Default)]
pub struct ReplayLog {
    entries: usize,
    marks: Vec<(usize, Mark)>,
}

/// Rows a `for row in cursor` loop printed before Ctrl-C stopped it: the loop raised
/// nothing and yet left rows in the cursor.
fn stopped_loop(step: &Step) -> Option<usize> {
    let left = step
        .cursor
        .as_ref()
        .is_some_and(|s| s.unread || s.buffered_remaining.is_some_and(|n| n > 0));
    (step.call == Command::Iterate && step.ok() && left).then_some(step.fetched)
}

impl ReplayLog {
    /// Notes a step of the SQL session, whose entries join the transcript next.
    pub fn step(&mut self, step: &Step) {
        let n = step.entries.len();
        if let Some(rows) = stopped_loop(step).filter(|_| n > 0) {
            // The loop's entry is the step's last (a `cursor = cnx.cursor()` may come first).
            self.marks
                .push((self.entries + n - 1, Mark::StoppedLoop(rows)));
        }
        self.entries += n;
    }

    /// Notes form mode's DAO calls, made after every entry so far.
    pub fn dao(&mut self, steps: &[DaoStep]) {
        for step in steps {
            self.marks.push((self.entries, Mark::Dao(step.clone())));
        }
    }

    fn has_dao(&self) -> bool {
        self.marks.iter().any(|(_, m)| matches!(m, Mark::Dao(_)))
    }

    /// The export's steps: `entries` (the transcript's, in order) with the marks placed.
    pub fn steps(&self, entries: Vec<Entry>) -> Vec<ExportStep> {
        let mut out = Vec::with_capacity(entries.len() + self.marks.len());
        let mut marks = self.marks.iter().peekable();
        for (at, entry) in entries.into_iter().enumerate() {
            let mut rows = None;
            while let Some((_, mark)) = marks.next_if(|(pos, _)| *pos <= at) {
                match mark {
                    Mark::Dao(step) => out.push(ExportStep::Python(step.python())),
                    Mark::StoppedLoop(n) => rows = Some(*n),
                }
            }
            out.push(match rows {
                Some(rows) => ExportStep::StoppedLoop { entry, rows },
                None => ExportStep::Entry(entry),
            });
        }
        for (_, mark) in marks {
            if let Mark::Dao(step) = mark {
                out.push(ExportStep::Python(step.python()));
            }
        }
        out
    }

    /// The session as a Python file for mysql-connector-python.
    pub fn mysql(&self, entries: Vec<Entry>, options: &ConnectOptions) -> String {
        let setup = if self.has_dao() {
            mysql_setup(POOL_NAME, POOL_SIZE)
        } else {
            String::new()
        };
        export_python_steps(&self.steps(entries), &setup, options)
    }

    /// The session on the demo file as a Python file for sqlite3.
    pub fn sqlite(&self, entries: Vec<Entry>, path: &Path) -> String {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let setup = if self.has_dao() {
            sqlite_setup(&name)
        } else {
            String::new()
        };
        export_sqlite_python_steps(&self.steps(entries), &setup, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dao::{DaoCall, DaoValue};
    use crate::db::api::{LOOP_CODE, Outcome};
    use crate::db::convert::Decoding;
    use crate::db::{CursorStatus, RowShape};

    fn entry(code: &str) -> Entry {
        Entry::new(code.into(), Outcome::None)
    }

    #[test]
    fn dao_calls_sit_between_the_entries_they_came_between() {
        let mut log = ReplayLog::default();
        let first = Step::new(
            Command::Commit,
            vec![entry("cnx.commit()")],
            None,
            None,
            None,
        );
        log.step(&first);
        log.dao(&[DaoStep {
            call: DaoCall::GetUsers,
            outcome: Ok(DaoValue::Users(Vec::new())),
        }]);
        let second = Step::new(
            Command::Rollback,
            vec![entry("cnx.rollback()")],
            None,
            None,
            None,
        );
        log.step(&second);
        let steps = log.steps(vec![entry("cnx.commit()"), entry("cnx.rollback()")]);
        assert_eq!(steps.len(), 3);
        assert!(
            matches!(&steps[1], ExportStep::Python(py) if py.contains("user_dao.get_users(user_map)"))
        );
        assert!(matches!(&steps[2], ExportStep::Entry(e) if e.code == "cnx.rollback()"));
    }

    #[test]
    fn a_loop_that_left_rows_behind_is_marked_stopped_with_its_row_count() {
        let mut log = ReplayLog::default();
        let status = CursorStatus {
            class: "MySQLCursor".into(),
            python_call: "cnx.cursor()".into(),
            rowcount: 3,
            lastrowid: None,
            unread: true,
            buffered_remaining: None,
            columns: None,
            decoding: Decoding::Text,
            shape: RowShape::Tuple,
            options: crate::db::CursorOptions::default(),
            results: Some(1),
        };
        let mut step = Step::new(
            Command::Iterate,
            vec![entry("cursor = cnx.cursor()"), entry(LOOP_CODE)],
            None,
            Some(status),
            None,
        );
        step.fetched = 3;
        log.step(&step);
        let steps = log.steps(vec![entry("cursor = cnx.cursor()"), entry(LOOP_CODE)]);
        assert!(matches!(&steps[1], ExportStep::StoppedLoop { rows: 3, .. }));
        assert!(matches!(&steps[0], ExportStep::Entry(_)));
    }
}
