//! Line mode: a rustyline REPL with the mysql client's habits — multi-line statements up to
//! `;` (or the DELIMITER), tables and `N rows in set (0.01 sec)`, `\G`, meta-commands,
//! history without passwords, Ctrl-C cancelling a running statement — plus cursor
//! stepping, where statements run through a DB-API cursor and every step prints its Python.

mod auto;
mod auto_vertical;
mod commands;
mod console;
mod editor;
mod helper;
mod history;
mod input;
mod meta;
mod source;
mod status;
mod stepping;
mod supervised;

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::Arc;

use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{Config as EditorConfig, Editor};

use crate::complete::Completions;
use crate::config::Format;
use crate::db::Database;
use crate::interrupt::{Interrupts, SignalState};
use crate::session::{Reconnect, Supervisor};
use crate::sql::{ReadStatement, StatementReader, Terminator};

/// Longest value line mode prints (bytes of a cell, characters of a repr): the rest is
/// cut with a marker. Batch mode and `rowwise script` print values whole.
const DISPLAY_VALUE_BYTES: usize = 4096;

pub use commands::default_pager;
pub use console::Console;
pub use helper::ReplHelper;
pub use meta::{HELP, Meta, parse as parse_meta};

#[derive(Debug, Clone)]
pub struct ReplOptions {
    /// Prompt template: `\u` user, `\d` database, `\h` host label; default `\u@\d> `.
    pub prompt: String,
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
    #[allow(
        clippy::option_option,
        reason = "outer None: not said yet; inner: the connection id, which a database may not have"
    )]
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

#[allow(
    clippy::needless_pass_by_value,
    reason = "the shape `map_err` takes, used as `.map_err(term)`"
)]
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

    fn refresh_completions(&mut self) {
        if let (Ok(schema), Some(helper)) = (self.db.schema(), self.editor.helper_mut()) {
            helper.completions = Completions::from_schema(&schema);
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
