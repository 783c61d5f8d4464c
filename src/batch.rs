//! Batch mode (`rowwise -e SQL`, `rowwise < file.sql`): statements run in order, results
//! written as rows arrive (constant memory), the first SQL error stops with exit status 1
//! and the mysql client's message, unless `--force`.

use std::io::{self, BufRead, Write};
use std::sync::Arc;

use crate::db::{Database, DbError, QueryStart};
use crate::output::{
    Collations, ColumnInfoWriter, Format, JsonWriter, RowWriter, display_writer, statement_writer,
};
use crate::sql::{ReadStatement, StatementReader, Terminator};

/// How batch output is written.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions {
    /// Output format.
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
    let mut sink = if options.format == Format::Json {
        Sink::Document(Box::new(JsonWriter::document(out)))
    } else {
        Sink::PerResult(out, column_info(db, options, err)?)
    };
    let ran = run_all(db, input, options, &mut sink, err);
    // A document is closed however the run ended: an error leaves valid JSON behind.
    let closed = sink.finish();
    ran?;
    Ok(closed?)
}

/// Where results go: a writer per result, or one writer for the whole run (a JSON
/// document).
enum Sink<'o> {
    /// With the collation names when `--column-type-info` shows tables' metadata.
    PerResult(&'o mut dyn Write, Option<Arc<Collations>>),
    Document(Box<dyn RowWriter + 'o>),
}

impl Sink<'_> {
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::PerResult(out, _) => out.flush(),
            Sink::Document(w) => w.end(),
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        match self {
            Sink::PerResult(out, _) => out.flush(),
            Sink::Document(w) => w.finish(),
        }
    }
}

fn run_all(
    db: &mut dyn Database,
    input: impl BufRead,
    options: BatchOptions,
    out: &mut Sink<'_>,
    err: &mut dyn Write,
) -> Result<(), BatchError> {
    let mut reader = StatementReader::new();
    let mut lines = input.split(b'\n');
    loop {
        let (statements, at_end) = match lines.next() {
            Some(line) => {
                let mut line = line?;
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                let statements = reader.push_line(&line);
                drop(line);
                (statements, false)
            }
            None => (reader.finish().into_iter().collect::<Vec<_>>(), true),
        };
        if let Some((line, refused)) = reader.take_refused() {
            // The mysql client reports a refused DELIMITER and reads on.
            out.flush()?;
            writeln!(err, "ERROR at line {line}: {refused}")?;
            err.flush()?;
        }
        for statement in statements {
            match run_statement(db, &statement, options, out) {
                Ok(()) => {}
                Err(StatementError::Sql(e)) => {
                    out.flush()?;
                    if options.print_query_on_error {
                        err.write_all(b"--------------\n")?;
                        err.write_all(&statement.text)?;
                        err.write_all(b"\n--------------\n\n")?;
                    }
                    writeln!(err, "{}", error_line(&e, statement.line))?;
                    err.flush()?;
                    if !options.force {
                        return Err(BatchError::Sql);
                    }
                }
                Err(StatementError::Io(e)) => return Err(BatchError::Io(e)),
            }
        }
        if at_end {
            break;
        }
    }
    // As the mysql client: with --force, errors are reported but the exit status is 0.
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

enum StatementError {
    Sql(DbError),
    Io(io::Error),
}

impl From<io::Error> for StatementError {
    fn from(e: io::Error) -> Self {
        StatementError::Io(e)
    }
}

impl From<DbError> for StatementError {
    fn from(e: DbError) -> Self {
        StatementError::Sql(e)
    }
}

fn run_statement(
    db: &mut dyn Database,
    statement: &ReadStatement,
    options: BatchOptions,
    sink: &mut Sink<'_>,
) -> Result<(), StatementError> {
    let format = if statement.terminator == Terminator::Vertical {
        Format::Vertical
    } else {
        options.format
    };
    let mut next = Some(db.query_bytes(&statement.text));
    while let Some(result) = next {
        if let QueryStart::Rows(columns) = result? {
            match sink {
                Sink::Document(w) => write_result(db, &columns, w.as_mut())?,
                Sink::PerResult(out, info) => {
                    let mut w: Box<dyn RowWriter + '_> = match (format, options.table_cell_limit) {
                        (Format::Table, limit) if let Some(collations) = info => {
                            Box::new(ColumnInfoWriter::new(&mut **out, collations.clone(), limit))
                        }
                        (Format::Table, Some(limit)) => display_writer(format, &mut **out, limit),
                        (Format::Xml, _) => statement_writer(
                            format,
                            &mut **out,
                            options.header,
                            &shown_statement(statement),
                        ),
                        _ => statement_writer(format, &mut **out, options.header, b""),
                    };
                    write_result(db, &columns, w.as_mut())?;
                }
            }
        }
        next = db.next_result();
    }
    Ok(())
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

/// Writes one result's rows as they arrive.
fn write_result(
    db: &mut dyn Database,
    columns: &[crate::db::Column],
    w: &mut dyn RowWriter,
) -> Result<(), StatementError> {
    w.begin(columns)?;
    while let Some(row) = db.next_row()? {
        w.row(&row)?;
    }
    w.end()?;
    Ok(())
}

/// The statement as the mysql client shows it in `--xml`: as read, with the whitespace up
/// to its delimiter, and a last statement with the newline of its line.
fn shown_statement(statement: &ReadStatement) -> Vec<u8> {
    let mut text = statement.text.clone();
    text.extend_from_slice(&statement.trailing);
    if statement.terminator == Terminator::EndOfInput && !text.ends_with(b"\n") {
        text.push(b'\n');
    }
    text
}
