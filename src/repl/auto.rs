//! Line mode's auto mode (statements fetch their whole result) through the statement loop
//! batch mode shares ([`crate::output::run`]): each result is drawn as a table (or as the
//! chosen format) and shown when it is complete, through the pager, followed by the mysql
//! client's `N rows in set (0.01 sec)` or `Query OK, ...` line.

use std::sync::Arc;
use std::time::Duration;

use crate::db::api::Command;
use crate::db::{Database, DbError, OkInfo};
use crate::interrupt::SignalState;
use crate::output::run::{Mode, Outcome, run_statement};
use crate::output::{Collations, ColumnInfoWriter, RowWriter, display_writer};
use crate::session::{Prepared, SessionEvent, Supervisor};
use crate::sql::{ReadStatement, Terminator};

use super::auto_vertical::{self, AutoVertical};
use super::supervised::{sync_signals, tell};
use super::{Console, DISPLAY_VALUE_BYTES, Format, Repl};

impl Repl {
    pub(super) fn run_statement(&mut self, statement: &ReadStatement) {
        self.last_statement.clone_from(&statement.text);
        if self.stepping {
            self.step(Command::Execute(statement.text_lossy().into_owned()));
            return;
        }
        let format = if statement.terminator == Terminator::Vertical {
            Format::Vertical
        } else {
            self.options.format
        };
        let mut auto = Auto {
            console: &mut self.console,
            signals: &self.signals,
            format,
            // --column-type-info: a table shows its columns' metadata, even without rows.
            info: self
                .options
                .column_info
                .as_ref()
                .filter(|_| format == Format::Table),
            wide: self
                .options
                .auto_vertical
                .then(auto_vertical::terminal_width),
            show_warnings: self.show_warnings,
            shown: Vec::new(),
        };
        let ran = run_statement(
            self.db.as_mut(),
            &mut self.supervisor,
            &statement.text,
            &mut auto,
            Some(&self.interrupts),
        );
        let outcome = match ran {
            Ok(outcome) => outcome,
            // Results are drawn in memory: only a writer's own error can land here.
            Err(e) => {
                self.console.error(&format!("ERROR: {e}"));
                return;
            }
        };
        let is_use = statement
            .text
            .get(..3)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"use"));
        if is_use && outcome != Outcome::NotRun {
            self.refresh_completions();
        }
    }
}

/// One statement in auto mode.
struct Auto<'r> {
    console: &'r mut Console,
    signals: &'r SignalState,
    format: Format,
    info: Option<&'r Arc<Collations>>,
    /// `--auto-vertical-output`: the terminal's width.
    wide: Option<usize>,
    show_warnings: bool,
    /// The result being drawn (a table needs every row before its first line).
    shown: Vec<u8>,
}

impl Mode for Auto<'_> {
    fn prepared(
        &mut self,
        db: &mut dyn Database,
        supervisor: &Supervisor,
        prepared: &Prepared,
    ) -> std::io::Result<()> {
        self.settled(db, supervisor, false, &prepared.events)
    }

    fn writer(&mut self) -> Box<dyn RowWriter + '_> {
        self.shown.clear();
        let buf = &mut self.shown;
        match (self.info, self.wide) {
            (Some(collations), _) => Box::new(ColumnInfoWriter::new(
                buf,
                Arc::clone(collations),
                Some(DISPLAY_VALUE_BYTES),
            )),
            // --auto-vertical-output: a table wider than the terminal turns vertical.
            (None, Some(width)) if self.format == Format::Table => {
                Box::new(AutoVertical::new(buf, width, DISPLAY_VALUE_BYTES))
            }
            (None, _) => display_writer(self.format, buf, DISPLAY_VALUE_BYTES),
        }
    }

    fn rows_written(
        &mut self,
        db: &mut dyn Database,
        rows: u64,
        elapsed: Duration,
    ) -> std::io::Result<()> {
        let secs = elapsed.as_secs_f64();
        let warn = warnings(db.warning_count());
        if rows > 0 || self.info.is_some() {
            self.console.result(&String::from_utf8_lossy(&self.shown));
        }
        if rows == 0 && self.info.is_none() {
            self.console
                .line(&format!("Empty set{warn} ({secs:.2} sec)"));
        } else {
            self.console.line(&format!(
                "{} in set{warn} ({secs:.2} sec)",
                plural(rows, "row")
            ));
        }
        self.console.line("");
        Ok(())
    }

    fn changed(&mut self, ok: &OkInfo, elapsed: Duration) -> std::io::Result<()> {
        let secs = elapsed.as_secs_f64();
        self.console.line(&format!(
            "Query OK, {} affected{} ({secs:.2} sec)",
            plural(ok.affected_rows, "row"),
            warnings(ok.warnings)
        ));
        if !ok.info.is_empty() {
            self.console.line(&ok.info);
        }
        self.console.line("");
        Ok(())
    }

    fn ran(&mut self, db: &mut dyn Database, outcome: Result<(), &DbError>) -> std::io::Result<()> {
        match outcome {
            Ok(()) if self.show_warnings && db.warning_count() > 0 => {
                print_warnings(self.console, db);
            }
            Ok(()) => {}
            Err(e) => self.console.error(&e.mysql_client_line()),
        }
        Ok(())
    }

    fn settled(
        &mut self,
        db: &mut dyn Database,
        supervisor: &Supervisor,
        _: bool,
        events: &[SessionEvent],
    ) -> std::io::Result<()> {
        for event in events {
            tell(self.console, db, event);
        }
        sync_signals(self.signals, supervisor);
        Ok(())
    }
}

/// `\W`: the statement's warnings, as the mysql client lists them after it.
pub(super) fn print_warnings(console: &mut Console, db: &mut dyn Database) {
    if let Ok(warnings) = db.warnings() {
        for (level, code, message) in warnings {
            console.line(&format!("{level} (Code {code}): {message}"));
        }
    }
}

/// `, 2 warnings` for a summary line; nothing without warnings.
fn warnings(count: u16) -> String {
    if count > 0 {
        format!(", {}", plural(count.into(), "warning"))
    } else {
        String::new()
    }
}

fn plural(n: u64, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}
