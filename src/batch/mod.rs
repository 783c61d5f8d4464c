//! Batch mode (`rowwise -e SQL`, `rowwise < file.sql`): statements run in order, results
//! written as rows arrive (constant memory), the first SQL error stops with exit status 1
//! and the mysql client's message, unless `--force`. A lost connection is an error, as in
//! the mysql client's batch mode: nothing reconnects (the session supervisor says what an
//! open transaction lost).

mod command;
mod report;
mod sink;

use std::io::{self, BufRead, Write};
use std::sync::Arc;

use crate::db::Database;
use crate::output::run::{Outcome, run_statement};
use crate::output::{Collations, Format, JsonWriter};
use crate::session::{Reconnect, Supervisor};
use crate::sql::{ReadStatement, StatementReader, client_command};

use report::Report;
use sink::Sink;

/// How batch output is written.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions {
    pub format: Format,
    /// Print the header line (TSV, CSV).
    pub header: bool,
    /// Go on after SQL errors.
    pub force: bool,
    /// On a terminal: a boxed table cuts values longer than this many bytes (see
    /// [`crate::output::TableWriter::abridged`]); `None` prints every value whole.
    pub table_cell_limit: Option<usize>,
    /// Print a failing statement between `--------------` lines on stderr before its
    /// error (MariaDB's `--print-query-on-error`, on by default).
    pub print_query_on_error: bool,
    /// Print every column's metadata before a boxed table (`--column-type-info`).
    pub column_type_info: bool,
}

/// Why a batch run stopped.
#[derive(Debug)]
pub enum BatchError {
    /// An SQL error at a line (already reported on stderr).
    Sql,
    /// Writing the output failed.
    Io(io::Error),
}

impl From<io::Error> for BatchError {
    fn from(e: io::Error) -> Self {
        BatchError::Io(e)
    }
}

/// Runs every statement of `input`, writing results to `out` and errors to `err`.
///
/// # Failure
/// [`BatchError::Sql`] after the first SQL error (with `--force` errors are reported
/// and the run goes on); [`BatchError::Io`] when writing fails.
pub fn run(
    db: &mut dyn Database,
    input: impl BufRead,
    options: BatchOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), BatchError> {
    let sink = if options.format == Format::Json {
        Sink::Document(Box::new(JsonWriter::document(out)))
    } else {
        Sink::PerResult(out, column_info(db, options, err)?)
    };
    let mut batch = Batch {
        db,
        options,
        sink,
        err,
        // As the mysql client in batch mode: a lost connection is an error, not a reconnect.
        supervisor: Supervisor::new(Reconnect::Never),
    };
    let ran = batch.run_input(input, 0);
    // A document is closed however the run ended: an error leaves valid JSON behind.
    let closed = batch.sink.finish();
    ran?;
    Ok(closed?)
}

/// What the run does after a line.
enum Flow {
    Continue,
    /// `exit` / `quit`: stop reading, here and in the files that sourced this one.
    Quit,
}

/// One batch run: the session, where its output goes and who watches the connection.
struct Batch<'r, 'o> {
    db: &'r mut dyn Database,
    options: BatchOptions,
    sink: Sink<'o>,
    err: &'r mut dyn Write,
    supervisor: Supervisor,
}

impl Batch<'_, '_> {
    fn run_input(&mut self, input: impl BufRead, depth: usize) -> Result<Flow, BatchError> {
        let mut reader = StatementReader::new();
        let mut lines = input.split(b'\n');
        loop {
            let (statements, at_end) = match lines.next() {
                Some(line) => {
                    let mut line = line?;
                    if line.last() == Some(&b'\r') {
                        line.pop();
                    }
                    if !reader.is_pending()
                        && let Some((name, arg)) = client_command(&line)
                        && name != "delimiter"
                    {
                        reader.skip_line();
                        let at = reader.line_number();
                        let arg = arg.to_vec();
                        let delimiter = reader.delimiter().to_owned();
                        match self.command(name, &arg, &delimiter, at, depth)? {
                            Flow::Continue => continue,
                            Flow::Quit => return Ok(Flow::Quit),
                        }
                    }
                    let statements = reader.push_line(&line);
                    drop(line);
                    (statements, false)
                }
                None => (reader.finish().into_iter().collect::<Vec<_>>(), true),
            };
            if let Some((line, refused)) = reader.take_refused() {
                // The mysql client reports a refused DELIMITER and reads on.
                self.sink.flush()?;
                writeln!(self.err, "ERROR at line {line}: {refused}")?;
                self.err.flush()?;
            }
            for statement in statements {
                self.report(&statement)?;
            }
            if at_end {
                break;
            }
        }
        self.sink.flush()?;
        Ok(Flow::Continue)
    }

    /// Runs a statement through the loop line mode shares ([`run_statement`]); an SQL
    /// error is reported on `err` (after the statement itself with
    /// `--print-query-on-error`) and stops the run unless `--force`. A connection the
    /// server closed fails the statement before it is sent.
    fn report(&mut self, statement: &ReadStatement) -> Result<(), BatchError> {
        let mut mode = Report {
            sink: &mut self.sink,
            err: &mut *self.err,
            options: self.options,
            statement,
        };
        let outcome = run_statement(
            self.db,
            &mut self.supervisor,
            &statement.text,
            &mut mode,
            None,
        )?;
        // As the mysql client: with --force, errors are reported but the exit status is 0.
        if outcome == Outcome::Ran || self.options.force {
            Ok(())
        } else {
            Err(BatchError::Sql)
        }
    }
}

/// The collation names `--column-type-info` needs (read once), when it shows tables.
fn column_info(
    db: &mut dyn Database,
    options: BatchOptions,
    err: &mut dyn Write,
) -> Result<Option<Arc<Collations>>, BatchError> {
    if !options.column_type_info || options.format != Format::Table {
        return Ok(None);
    }
    match Collations::load(db) {
        Ok(collations) => Ok(Some(Arc::new(collations))),
        Err(e) => {
            writeln!(err, "ERROR: --column-type-info: {}", e.msg)?;
            err.flush()?;
            Err(BatchError::Sql)
        }
    }
}
