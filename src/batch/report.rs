//! Batch mode's way through the shared statement loop ([`crate::output::run`]): rows go
//! to stdout as `mysql -B` writes them (or into the one JSON document), nothing is said
//! after a result, and errors go to stderr with their line, as the mysql client says them.

use std::io::{self, Write};
use std::time::Duration;

use super::BatchOptions;
use super::sink::{Sink, shown_statement};
use crate::db::{Database, DbError, OkInfo};
use crate::output::run::Mode;
use crate::output::{ColumnInfoWriter, Format, RowWriter, display_writer, statement_writer};
use crate::session::{Prepared, SessionEvent, Supervisor};
use crate::sql::{ReadStatement, Terminator};

/// One statement of a batch run.
pub(super) struct Report<'b, 'o> {
    pub(super) sink: &'b mut Sink<'o>,
    pub(super) err: &'b mut dyn Write,
    pub(super) options: BatchOptions,
    pub(super) statement: &'b ReadStatement,
}

impl Mode for Report<'_, '_> {
    fn prepared(
        &mut self,
        _: &mut dyn Database,
        _: &Supervisor,
        prepared: &Prepared,
    ) -> io::Result<()> {
        if prepared.go {
            return Ok(());
        }
        self.sink.flush()?;
        let line = self.statement.line;
        writeln!(
            self.err,
            "{}",
            error_line(&DbError::lost_connection(), line)
        )?;
        tell(&prepared.events, self.err)?;
        self.err.flush()
    }

    fn writer(&mut self) -> Box<dyn RowWriter + '_> {
        let options = self.options;
        let format = if self.statement.terminator == Terminator::Vertical {
            Format::Vertical
        } else {
            options.format
        };
        match &mut *self.sink {
            Sink::Document(w) => Box::new(&mut **w),
            Sink::PerResult(out, info) => match (format, options.table_cell_limit) {
                (Format::Table, limit) if let Some(collations) = info => {
                    Box::new(ColumnInfoWriter::new(&mut **out, collations.clone(), limit))
                }
                (Format::Table, Some(limit)) => display_writer(format, &mut **out, limit),
                (Format::Xml, _) => statement_writer(
                    format,
                    &mut **out,
                    options.header,
                    &shown_statement(self.statement),
                ),
                _ => statement_writer(format, &mut **out, options.header, b""),
            },
        }
    }

    fn rows_written(&mut self, _: &mut dyn Database, _: u64, _: Duration) -> io::Result<()> {
        Ok(())
    }

    fn changed(&mut self, _: &OkInfo, _: Duration) -> io::Result<()> {
        Ok(())
    }

    fn ran(&mut self, _: &mut dyn Database, outcome: Result<(), &DbError>) -> io::Result<()> {
        let Err(e) = outcome else {
            return Ok(());
        };
        self.sink.flush()?;
        if self.options.print_query_on_error {
            self.err.write_all(b"--------------\n")?;
            self.err.write_all(&self.statement.text)?;
            self.err.write_all(b"\n--------------\n\n")?;
        }
        writeln!(self.err, "{}", error_line(e, self.statement.line))
    }

    fn settled(
        &mut self,
        _: &mut dyn Database,
        _: &Supervisor,
        failed: bool,
        events: &[SessionEvent],
    ) -> io::Result<()> {
        if !failed {
            return Ok(());
        }
        tell(events, self.err)?;
        self.err.flush()
    }
}

/// Says what a lost connection took with it.
fn tell(events: &[SessionEvent], err: &mut dyn Write) -> io::Result<()> {
    for event in events {
        if let SessionEvent::ConnectionLost {
            lost_transaction: Some(lost),
        } = event
        {
            writeln!(
                err,
                "rowwise: the open transaction was lost with the connection: {}",
                lost.summary()
            )?;
        }
    }
    Ok(())
}

/// `ERROR 1146 (42S02) at line 1: ...` as the mysql client prints it; an error without
/// a number (SQLite's) reads `ERROR at line 1: no such table: x`.
fn error_line(e: &DbError, line: usize) -> String {
    match e.errno {
        Some(code) => format!(
            "ERROR {code} ({}) at line {line}: {}",
            e.sqlstate.as_deref().unwrap_or("HY000"),
            e.msg
        ),
        None => format!("ERROR at line {line}: {}", e.msg),
    }
}
