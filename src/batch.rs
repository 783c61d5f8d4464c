//! Batch mode (`rowwise -e SQL`, `rowwise < file.sql`): statements run in order, results
//! written as rows arrive (constant memory), the first SQL error stops with exit status 1
//! and the mysql client's message, unless `--force`.

use std::io::{self, BufRead, Write};

use crate::db::{Database, DbError, QueryStart};
use crate::output::{Format, RowWriter, display_writer, writer};
use std::os::unix::ffi::OsStrExt;

use crate::sql::{ReadStatement, StatementReader, Terminator, client_command, first_argument};

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
    run_input(db, input, options, out, err, 0).map(|_| ())
}

/// What the run does after a line.
enum Flow {
    Continue,
    /// `exit` / `quit`: stop reading, here and in the files that sourced this one.
    Quit,
}

/// How deep `source` may nest (a file that sources itself stops here).
const MAX_SOURCE_DEPTH: usize = 16;

fn run_input(
    db: &mut dyn Database,
    input: impl BufRead,
    options: BatchOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
    depth: usize,
) -> Result<Flow, BatchError> {
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
                    match command(db, name, &arg, &delimiter, at, options, out, err, depth)? {
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
            out.flush()?;
            writeln!(err, "ERROR at line {line}: {refused}")?;
            err.flush()?;
        }
        for statement in statements {
            report(db, &statement, options, out, err)?;
        }
        if at_end {
            break;
        }
    }
    out.flush()?;
    // As the mysql client: with --force, errors are reported but the exit status is 0.
    Ok(Flow::Continue)
}

/// Runs a statement; an SQL error is reported on `err` (after the statement itself with
/// `--print-query-on-error`) and stops the run unless `--force`.
fn report(
    db: &mut dyn Database,
    statement: &ReadStatement,
    options: BatchOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), BatchError> {
    match run_statement(db, statement, options, out) {
        Ok(()) => Ok(()),
        Err(StatementError::Sql(e)) => {
            out.flush()?;
            if options.print_query_on_error {
                err.write_all(b"--------------\n")?;
                err.write_all(&statement.text)?;
                err.write_all(b"\n--------------\n\n")?;
            }
            writeln!(err, "{}", error_line(&e, statement.line))?;
            err.flush()?;
            if options.force {
                Ok(())
            } else {
                Err(BatchError::Sql)
            }
        }
        Err(StatementError::Io(e)) => Err(BatchError::Io(e)),
    }
}

/// One of the mysql client's commands in batch mode: `use`, `source`, `exit`/`quit` and
/// `clear` do what they do in the mysql client; the interactive ones are reported as not
/// run (never silently dropped, never sent to the server as SQL).
#[allow(clippy::too_many_arguments)]
fn command(
    db: &mut dyn Database,
    name: &str,
    arg: &[u8],
    delimiter: &str,
    line: usize,
    options: BatchOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
    depth: usize,
) -> Result<Flow, BatchError> {
    let word = first_argument(arg, delimiter);
    match name {
        "exit" | "quit" => return Ok(Flow::Quit),
        "clear" | "go" | "ego" => {}
        "use" if word.is_empty() => {
            writeln!(
                err,
                "ERROR at line {line}: USE must be followed by a database name"
            )?;
        }
        "use" => {
            let mut sql = b"USE `".to_vec();
            for &b in word {
                if b == b'`' {
                    sql.push(b'`');
                }
                sql.push(b);
            }
            sql.push(b'`');
            let mut statement = ReadStatement::new(sql);
            statement.line = line;
            report(db, &statement, options, out, err)?;
        }
        "source" if depth >= MAX_SOURCE_DEPTH => {
            writeln!(
                err,
                "ERROR at line {line}: source nested more than {MAX_SOURCE_DEPTH} deep"
            )?;
            if !options.force {
                return Err(BatchError::Sql);
            }
        }
        "source" => {
            let path = std::path::PathBuf::from(std::ffi::OsStr::from_bytes(
                arg.trim_ascii()
                    .strip_suffix(delimiter.as_bytes())
                    .unwrap_or(arg.trim_ascii()),
            ));
            match std::fs::File::open(&path) {
                Ok(file) => {
                    let input = io::BufReader::new(file);
                    return run_input(db, input, options, out, err, depth + 1);
                }
                Err(e) => {
                    writeln!(
                        err,
                        "ERROR at line {line}: Failed to open file '{}', error: {e}",
                        path.display()
                    )?;
                    if !options.force {
                        return Err(BatchError::Sql);
                    }
                }
            }
        }
        other => writeln!(
            err,
            "rowwise: line {line}: '{other}' is a command of the interactive client; batch mode does not run it"
        )?,
    }
    Ok(Flow::Continue)
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
    out: &mut dyn Write,
) -> Result<(), StatementError> {
    let format = if statement.terminator == Terminator::Vertical {
        Format::Vertical
    } else {
        options.format
    };
    let mut next = Some(db.query_bytes(&statement.text));
    while let Some(result) = next {
        if let QueryStart::Rows(columns) = result? {
            let mut w: Box<dyn RowWriter + '_> = match (format, options.table_cell_limit) {
                (Format::Table, Some(limit)) => display_writer(format, &mut *out, limit),
                _ => writer(format, &mut *out, options.header),
            };
            w.begin(&columns)?;
            while let Some(row) = db.next_row()? {
                w.row(&row)?;
            }
            w.end()?;
        }
        next = db.next_result();
    }
    Ok(())
}
