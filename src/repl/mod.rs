//! Line mode: a rustyline REPL with the mysql client's habits — multi-line statements up to
//! `;` (or the DELIMITER), tables and `N rows in set (0.01 sec)`, `\G`, meta-commands,
//! history without passwords, Ctrl-C cancelling a running statement — plus cursor
//! stepping, where statements run through a DB-API cursor and every step prints its Python.

mod auto_vertical;
mod commands;
mod console;
mod editor;
mod helper;
mod history;
mod input;
mod meta;
mod source;
mod supervised;

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{Config as EditorConfig, Editor};

use crate::complete::Completions;
use crate::config::Format;
use crate::db::{Database, DbError, QueryStart};
use crate::interrupt::{Interrupts, SignalState};
use crate::output::display_writer;

/// Longest value line mode prints (bytes of a cell, characters of a repr): the rest is
/// cut with a marker. Batch mode and `rowwise script` print values whole.
const DISPLAY_VALUE_BYTES: usize = 4096;
use crate::session::{Command, Entry, Outcome, Reconnect, Supervisor};
use crate::sql::{ReadStatement, StatementReader, Terminator};

pub use commands::default_pager;
pub use console::Console;
pub use helper::ReplHelper;
pub use meta::{HELP, Meta, parse as parse_meta};

/// Line-mode settings.
#[derive(Debug, Clone)]
pub struct ReplOptions {
    /// Prompt template: `\u` user, `\d` database, `\h` host label; default `\u@\d> `.
    pub prompt: String,
    /// Output format for results.
    pub format: Format,
    /// History file (created 0600), if any.
    pub history: Option<PathBuf>,
    /// The autocommit mode the session was opened in (shown by `\s` on SQLite).
    pub autocommit: bool,
    /// Results through this pager command when stdout is a terminal (`None`: stdout).
    pub pager: Option<String>,
    /// `--column-type-info`: the server's collation names, to show every column's
    /// metadata before a table.
    pub column_info: Option<Arc<crate::output::Collations>>,
    /// `--auto-vertical-output`: a table wider than the terminal is shown vertically.
    pub auto_vertical: bool,
}

/// What the loop does after a line.
enum Flow {
    Continue,
    Quit,
}

/// The REPL's state.
pub struct Repl {
    db: Box<dyn Database>,
    editor: Editor<ReplHelper, FileHistory>,
    reader: StatementReader,
    options: ReplOptions,
    console: Console,
    stepping: bool,
    show_warnings: bool,
    interrupts: Interrupts,
    signals: Arc<SignalState>,
    /// Statements read from a pipe or file rather than typed: read as bytes, run at end of
    /// input even without a delimiter, never put in the history.
    piped: Option<input::Piped>,
    supervisor: Supervisor,
    /// The last statement run, for `\\e` with nothing typed.
    last_statement: Vec<u8>,
    /// How many `source` files are being read (their lines never go to the history).
    source_depth: usize,
    /// The connection whose transcript has said `cnx.autocommit = True` already.
    autocommit_said: Option<Option<u32>>,
}

/// Runs line mode until the user quits.
///
/// # Failure
/// A terminal error that stops rustyline.
pub fn run(db: Box<dyn Database>, options: ReplOptions) -> crate::Result<()> {
    let signals = Arc::new(SignalState::default());
    let interrupts = Interrupts::install(Arc::clone(&signals)).map_err(crate::Error::Terminal)?;
    let config = EditorConfig::builder()
        .auto_add_history(false)
        .max_history_size(10_000)
        .map_err(term)?
        .build();
    let mut editor: Editor<ReplHelper, FileHistory> = Editor::with_config(config).map_err(term)?;
    editor.set_helper(Some(ReplHelper {
        completions: Completions::default(),
        colour: io::stdout().is_terminal(),
    }));
    let piped = input::Piped::from_stdin();
    if let Some(path) = options.history.as_ref().filter(|_| piped.is_none()) {
        history::load(editor.history_mut(), path);
    }
    let console = Console::with_pager(options.pager.clone());
    let mut repl = Repl {
        db,
        editor,
        reader: StatementReader::new(),
        options,
        console,
        stepping: false,
        show_warnings: false,
        interrupts,
        signals,
        piped,
        supervisor: Supervisor::new(Reconnect::Automatically),
        last_statement: Vec::new(),
        source_depth: 0,
        autocommit_said: None,
    };
    repl.refresh_completions();
    repl.greet();
    repl.run_loop()
}

fn term(e: ReadlineError) -> crate::Error {
    crate::Error::Terminal(io::Error::other(e.to_string()))
}

impl Repl {
    fn greet(&mut self) {
        if !io::stdin().is_terminal() {
            return;
        }
        let info = self.db.info();
        self.console.line(&format!(
            "rowwise {} — {} (server {}). Type \\? for help, \\cursor to step through a DB-API cursor.",
            env!("CARGO_PKG_VERSION"),
            info.label,
            info.server_version
        ));
    }

    fn prompt(&self) -> String {
        if self.reader.is_pending() {
            return "    -> ".to_owned();
        }
        let info = self.db.info();
        let mut out = String::new();
        let mut chars = self.options.prompt.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('u') => out.push_str(&info.user),
                Some('d') => out.push_str(info.database.as_deref().unwrap_or("(none)")),
                Some('h') => out.push_str(&info.label),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        }
        out
    }

    fn run_loop(&mut self) -> crate::Result<()> {
        loop {
            let prompt = self.prompt();
            let line = match &mut self.piped {
                Some(piped) => piped.read_line(),
                None => self.editor.readline(&prompt).map(String::into_bytes),
            };
            match line {
                Ok(line) => {
                    if let Flow::Quit = self.handle_line(line) {
                        break;
                    }
                }
                Err(ReadlineError::Interrupted) => self.reader.clear(),
                Err(ReadlineError::Eof) if self.piped.is_some() => {
                    self.end_of_input();
                    if self.confirm_quit() {
                        break;
                    }
                }
                Err(ReadlineError::Eof) => {
                    if self.confirm_quit() {
                        break;
                    }
                }
                Err(e) => {
                    self.save_history();
                    return Err(term(e));
                }
            }
        }
        self.save_history();
        self.console.line("Bye");
        Ok(())
    }

    fn save_history(&mut self) {
        if let Some(path) = self
            .options
            .history
            .as_ref()
            .filter(|_| self.piped.is_none())
        {
            history::save(self.editor.history_mut(), path);
        }
    }

    fn handle_line(&mut self, line: Vec<u8>) -> Flow {
        let command = if self.reader.is_pending() {
            self.command_within_statement(&line)
        } else {
            self.client_command(&line)
        };
        if let Some(flow) = command {
            return flow;
        }
        let statements = self.reader.push_line(&line);
        // The statements hold their own copy: a huge line is not kept twice while it runs.
        drop(line);
        if let Some((_, refused)) = self.reader.take_refused() {
            self.console.error(&format!("ERROR: {refused}"));
        }
        for statement in statements {
            if self.piped.is_none() {
                self.remember(&with_terminator(&statement, self.reader.delimiter()));
            }
            self.run_statement(&statement);
        }
        Flow::Continue
    }

    /// Puts a typed line in the history (piped input never goes there).
    fn remember(&mut self, entry: &str) {
        if self.piped.is_none() && self.source_depth == 0 {
            history::remember(self.editor.history_mut(), entry);
        }
    }

    fn run_meta(&mut self, meta: Meta) -> Flow {
        match meta {
            Meta::Help => self.console.text(HELP),
            Meta::Quit => {
                if self.confirm_quit() {
                    return Flow::Quit;
                }
            }
            Meta::Clear => self.reader.clear(),
            Meta::Use(db) => self.use_database(&db),
            Meta::Status => self.status(),
            Meta::Source(path) => return self.source_file(&path),
            Meta::Tee(path) => match self.console.tee(&path) {
                Ok(()) => self
                    .console
                    .line(&format!("Logging to file '{}'", path.display())),
                Err(e) => self
                    .console
                    .error(&format!("ERROR: cannot write {}: {e}", path.display())),
            },
            Meta::NoTee => {
                self.console.no_tee();
                self.console.line("Outfile disabled.");
            }
            Meta::Format(format) => {
                self.options.format = format;
                self.console
                    .line(&format!("Output format: {format:?}").to_lowercase());
            }
            Meta::ShowWarnings(on) => {
                self.show_warnings = on;
                self.console.line(if on {
                    "Show warnings enabled."
                } else {
                    "Show warnings disabled."
                });
            }
            Meta::Auto => {
                self.stepping = false;
                self.console
                    .line("Auto mode: statements fetch their whole result.");
            }
            Meta::ResetDemo => self.reset_demo(),
            Meta::Cursor(command) => {
                if !self.stepping {
                    self.stepping = true;
                    self.console.line("Cursor stepping: statements now open a cursor and wait for \\fetchone, \\fetchmany, \\fetchall or \\iterate (\\auto to leave).");
                }
                self.step(command);
            }
        }
        Flow::Continue
    }

    fn reset_demo(&mut self) {
        match crate::db::reset_demo(self.db.as_mut()) {
            Ok(()) => {
                self.console.line(&format!(
                    "Demo database restored ({}).",
                    self.db.info().label
                ));
                self.refresh_completions();
            }
            Err(e) => self.console.error(&format!("ERROR: {}", e.msg)),
        }
    }

    /// Runs a DB-API step and prints its transcript, and fetched rows as a table.
    fn step(&mut self, command: Command) {
        let is_fetch = matches!(
            command,
            Command::FetchOne | Command::FetchMany(_) | Command::FetchAll | Command::Iterate
        );
        // A fetch reads what the cursor holds; anything else needs the server.
        if !is_fetch && !self.ensure_connected() {
            if command == Command::Commit {
                self.console.error(&format!(
                    "cnx.commit() failed: {}",
                    Supervisor::commit_refused().python_line()
                ));
            }
            return;
        }
        let changes = matches!(command, Command::Execute(_));
        let command_sql = match &command {
            Command::Execute(sql) => Some(sql.clone()),
            _ => None,
        };
        // Line mode's session runs in autocommit mode, as the mysql client's: the
        // transcript says so once per connection, so that it replays to the same result.
        let autocommit = self.db.autocommit() == Some(true);
        let connection = self.db.info().connection_id;
        if autocommit && self.autocommit_said != Some(connection) {
            self.autocommit_said = Some(connection);
            for line in Entry::new("cnx.autocommit = True".into(), Outcome::None).lines() {
                self.console.line(&line);
            }
        }
        // A rollback in autocommit mode with no transaction open (no START TRANSACTION)
        // undoes nothing: the transcript says so.
        let rollback = command == Command::Rollback && !self.supervisor.in_transaction();
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
        if rollback && autocommit && !failed {
            let note = Entry::comment(
                "autocommit is on: each statement was committed as it ran, so nothing was rolled back",
            );
            for line in note.lines() {
                self.console.line(&line);
            }
        }
        let columns = self
            .db
            .cursor_columns()
            .filter(|_| is_fetch && !failed && !result.rows.is_empty());
        if let Some(columns) = columns {
            let mut buf = Vec::new();
            let mut w = display_writer(Format::Table, &mut buf, DISPLAY_VALUE_BYTES);
            let written = w
                .begin(&columns)
                .and_then(|()| result.rows.iter().try_for_each(|r| w.row(r)))
                .and_then(|()| w.end());
            drop(w);
            if written.is_ok() {
                self.console.text(&String::from_utf8_lossy(&buf));
            }
        }
        let changed =
            (changes && !failed && self.db.cursor_status().is_none_or(|s| s.columns.is_none()))
                .then_some(command_sql);
        self.note_transaction(changed.flatten().as_deref());
    }

    fn run_statement(&mut self, statement: &ReadStatement) {
        self.last_statement.clone_from(&statement.text);
        if self.stepping {
            self.step(Command::Execute(statement.text_lossy().into_owned()));
            return;
        }
        if !self.ensure_connected() {
            return;
        }
        let started = Instant::now();
        let canceller = self.db.canceller();
        let format = if statement.terminator == Terminator::Vertical {
            Format::Vertical
        } else {
            self.options.format
        };
        let (db, console) = (&mut self.db, &mut self.console);
        let info = self.options.column_info.as_ref();
        let wide = self
            .options
            .auto_vertical
            .then(auto_vertical::terminal_width);
        let (outcome, _) = self.interrupts.during(canceller, || {
            run_auto(
                db.as_mut(),
                &statement.text,
                (format, info, wide),
                console,
                started,
            )
        });
        let changed = match outcome {
            Ok(changed) => {
                if self.show_warnings && self.db.warning_count() > 0 {
                    self.print_warnings();
                }
                changed
            }
            Err(e) => {
                self.console.error(&e.mysql_client_line());
                false
            }
        };
        if statement
            .text
            .get(..3)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"use"))
        {
            self.refresh_completions();
        }
        self.note_transaction(changed.then_some(&*statement.text_lossy()));
    }

    fn print_warnings(&mut self) {
        if let Ok(warnings) = self.db.warnings() {
            for (level, code, message) in warnings {
                self.console
                    .line(&format!("{level} (Code {code}): {message}"));
            }
        }
    }

    fn refresh_completions(&mut self) {
        if let (Ok(schema), Some(helper)) = (self.db.schema(), self.editor.helper_mut()) {
            helper.completions = Completions::from_schema(&schema);
        }
    }

    fn status(&mut self) {
        let info = self.db.info();
        let autocommit = self.autocommit_for_status();
        let lines = [
            "--------------".to_owned(),
            format!("rowwise {}", env!("CARGO_PKG_VERSION")),
            String::new(),
            format!("Connection:             {}", info.label),
            format!(
                "Connection id:          {}",
                info.connection_id.map_or("-".to_owned(), |i| i.to_string())
            ),
            format!(
                "Current database:       {}",
                info.database.as_deref().unwrap_or("")
            ),
            format!("Current user:           {}", info.user),
            format!("Server version:         {}", info.server_version),
            format!(
                "SSL:                    {}",
                info.security
                    .as_ref()
                    .map_or("-".to_owned(), |s| s.to_string())
            ),
            format!("Autocommit:             {autocommit}"),
            format!(
                "Open transaction:       {}",
                if self.supervisor.in_transaction() {
                    "yes"
                } else {
                    "no"
                }
            ),
            format!(
                "Mode:                   {}",
                if self.stepping {
                    "cursor stepping (\\auto to leave)"
                } else {
                    "auto"
                }
            ),
            format!(
                "Output format:          {}",
                format!("{:?}", self.options.format).to_lowercase()
            ),
            "--------------".to_owned(),
        ];
        for line in lines {
            self.console.line(&line);
        }
    }

    /// Ctrl-D or `\q`: asks first when a transaction is open.
    fn confirm_quit(&mut self) -> bool {
        self.note_transaction(None);
        if !self.supervisor.in_transaction() {
            return true;
        }
        loop {
            let answer = self
                .editor
                .readline("There are uncommitted changes. Commit (c), roll back (r) or stay (s)? ");
            let answer = match answer {
                Ok(a) => a.trim().to_ascii_lowercase(),
                Err(ReadlineError::Interrupted) => "s".to_owned(),
                Err(_) => "r".to_owned(),
            };
            let sql = match answer.as_str() {
                "c" | "commit" => "COMMIT",
                "r" | "rollback" | "roll back" => "ROLLBACK",
                "s" | "stay" => return false,
                _ => continue,
            };
            return match self.db.query(sql) {
                Ok(_) => {
                    self.console.line(if sql == "COMMIT" {
                        "Committed."
                    } else {
                        "Rolled back."
                    });
                    true
                }
                Err(e) => {
                    self.console.error(&e.mysql_client_line());
                    false
                }
            };
        }
    }
}

fn with_terminator(statement: &ReadStatement, delimiter: &str) -> String {
    match statement.terminator {
        Terminator::Vertical => format!("{}\\G", statement.text_lossy()),
        Terminator::Go => format!("{}\\g", statement.text_lossy()),
        _ => format!("{}{delimiter}", statement.text_lossy()),
    }
}

fn plural(n: u64, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Runs one statement in auto mode: every result, then the mysql client's summary line.
/// Returns whether a result without rows (a change) came back.
fn run_auto(
    db: &mut dyn Database,
    sql: &[u8],
    (format, info, wide): (
        Format,
        Option<&Arc<crate::output::Collations>>,
        Option<usize>,
    ),
    console: &mut Console,
    started: Instant,
) -> Result<bool, DbError> {
    let mut changed = false;
    // --column-type-info: a table shows its columns' metadata, even without rows.
    let info = info.filter(|_| format == Format::Table);
    let mut next = Some(db.query_bytes(sql));
    while let Some(result) = next {
        match result? {
            QueryStart::Rows(columns) => {
                let mut buf = Vec::new();
                let mut count: u64 = 0;
                let mut w: Box<dyn crate::output::RowWriter + '_> = match (info, wide) {
                    (Some(collations), _) => Box::new(crate::output::ColumnInfoWriter::new(
                        &mut buf,
                        Arc::clone(collations),
                        Some(DISPLAY_VALUE_BYTES),
                    )),
                    // --auto-vertical-output: a table wider than the terminal turns vertical.
                    (None, Some(width)) if format == Format::Table => Box::new(
                        auto_vertical::AutoVertical::new(&mut buf, width, DISPLAY_VALUE_BYTES),
                    ),
                    (None, _) => display_writer(format, &mut buf, DISPLAY_VALUE_BYTES),
                };
                let io_ok = w.begin(&columns).is_ok();
                let mut failure = None;
                loop {
                    match db.next_row() {
                        Ok(Some(row)) => {
                            count += 1;
                            if io_ok {
                                let _ = w.row(&row);
                            }
                        }
                        Ok(None) => break,
                        Err(e) => {
                            failure = Some(e);
                            break;
                        }
                    }
                }
                let _ = w.end();
                drop(w);
                if let Some(e) = failure {
                    return Err(e);
                }
                let secs = started.elapsed().as_secs_f64();
                let warnings = db.warning_count();
                if count > 0 || info.is_some() {
                    console.result(&String::from_utf8_lossy(&buf));
                }
                let warn = if warnings > 0 {
                    format!(", {}", plural(warnings.into(), "warning"))
                } else {
                    String::new()
                };
                if count == 0 && info.is_none() {
                    console.line(&format!("Empty set{warn} ({secs:.2} sec)"));
                } else {
                    console.line(&format!(
                        "{} in set{warn} ({secs:.2} sec)",
                        plural(count, "row")
                    ));
                }
                console.line("");
            }
            QueryStart::Done(ok) => {
                changed = true;
                let secs = started.elapsed().as_secs_f64();
                let warn = if ok.warnings > 0 {
                    format!(", {}", plural(ok.warnings.into(), "warning"))
                } else {
                    String::new()
                };
                console.line(&format!(
                    "Query OK, {} affected{warn} ({secs:.2} sec)",
                    plural(ok.affected_rows, "row")
                ));
                if !ok.info.is_empty() {
                    console.line(&ok.info);
                }
                console.line("");
            }
        }
        next = db.next_result();
    }
    Ok(changed)
}
