//! Cursor stepping (`\cursor`): statements open a DB-API cursor and wait for `\fetchone`,
//! `\fetchmany`, `\fetchall` or `\iterate`; every step prints the Python a student would
//! type and what it printed, and fetched rows as a table.

use crate::db::RawRow;
use crate::db::api::{Command, Entry, Outcome};
use crate::output::display_writer;
use crate::session::{Supervisor, Work};

use super::{DISPLAY_VALUE_BYTES, Format, Repl};

impl Repl {
    /// Runs a DB-API step and prints its transcript, and fetched rows as a table.
    pub(super) fn step(&mut self, command: Command) {
        let work = Work::of(&command);
        if !self.ensure_connected(work) {
            if command == Command::Commit {
                self.console.error(&format!(
                    "cnx.commit() failed: {}",
                    Supervisor::commit_refused().python_line()
                ));
            }
            return;
        }
        let command_sql = match &command {
            Command::Execute(sql) => Some(sql.clone()),
            _ => None,
        };
        self.say_autocommit_once();
        let nothing_to_undo =
            command == Command::Rollback && self.supervisor.rollback_undoes_nothing(&*self.db);
        let canceller = self.db.canceller();
        let db = &mut self.db;
        let (result, _) = self.interrupts.during(canceller, || db.step(command));
        for entry in &result.entries {
            for line in entry.display_lines(DISPLAY_VALUE_BYTES) {
                self.console.line(&line);
            }
        }
        let failed = result
            .entries
            .iter()
            .any(|e| matches!(e.outcome, Outcome::Error(_)));
        if nothing_to_undo && !failed {
            let note = Entry::comment(
                "autocommit is on: each statement was committed as it ran, so nothing was rolled back",
            );
            for line in note.lines() {
                self.console.line(&line);
            }
        }
        if work == Work::Fetch && !failed {
            self.show_fetched(&result.rows);
        }
        let no_result_set = self.db.cursor_status().is_none_or(|s| s.columns.is_none());
        let changed = command_sql.filter(|_| !failed && no_result_set);
        self.note_transaction(changed.as_deref());
    }

    /// Line mode's session runs in autocommit mode, as the mysql client's: the transcript
    /// says so once per connection, so that it replays to the same result.
    fn say_autocommit_once(&mut self) {
        let connection = self.db.info().connection_id;
        if self.db.autocommit() == Some(true) && self.autocommit_said != Some(connection) {
            self.autocommit_said = Some(connection);
            for line in Entry::new("cnx.autocommit = True".into(), Outcome::None).lines() {
                self.console.line(&line);
            }
        }
    }

    /// The rows a fetch returned, as a table (nothing when it returned none).
    fn show_fetched(&mut self, rows: &[RawRow]) {
        let Some(columns) = self.db.cursor_columns().filter(|_| !rows.is_empty()) else {
            return;
        };
        let mut buf = Vec::new();
        let mut w = display_writer(Format::Table, &mut buf, DISPLAY_VALUE_BYTES);
        let written = w
            .begin(&columns)
            .and_then(|()| rows.iter().try_for_each(|r| w.row(r)))
            .and_then(|()| w.end());
        drop(w);
        if written.is_ok() {
            self.console.text(&String::from_utf8_lossy(&buf));
        }
    }
}
