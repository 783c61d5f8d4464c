//! The mysql client's own commands in line mode, in both spellings: `\u db` and `use db`,
//! `\s` and `status`, ... A long form counts only at the start of a statement, for the
//! whole line, and runs at once without a delimiter (as the mysql client runs it).

use std::process::Command as Process;

use super::{Flow, Repl, parse_meta};
use crate::session::{RenewRefused, Work};
use crate::sql::ReadStatement;

/// The mysql client's long command names and their `\` forms.
const LONG_FORMS: &[(&str, &str)] = &[
    ("?", "?"),
    ("help", "?"),
    ("clear", "c"),
    ("connect", "r"),
    ("edit", "e"),
    ("ego", "G"),
    ("exit", "q"),
    ("quit", "q"),
    ("go", "g"),
    ("nopager", "n"),
    ("notee", "t"),
    ("nowarning", "w"),
    ("pager", "P"),
    ("print", "p"),
    ("prompt", "R"),
    ("rehash", "#"),
    ("source", "."),
    ("status", "s"),
    ("system", "!"),
    ("tee", "T"),
    ("use", "u"),
    ("charset", "C"),
    ("warnings", "W"),
];

/// `use db;` becomes `\u db`, `status` becomes `\s`: the line in its `\` form, or `None`
/// when it does not start with a long command name (then it is SQL). `delimiter` is left
/// to the statement reader.
pub(super) fn long_to_short(line: &str) -> Option<String> {
    // Only the start: `prompt xx> ` keeps its trailing space.
    let trimmed = line.trim_start();
    let end = trimmed
        .find(|c: char| c.is_whitespace() || c == ';')
        .unwrap_or(trimmed.len());
    let (word, rest) = trimmed.split_at(end);
    let (_, short) = LONG_FORMS
        .iter()
        .find(|(long, _)| long.eq_ignore_ascii_case(word))?;
    Some(format!("\\{short}{rest}"))
}

/// A command of the mysql client that the meta-command parser does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Client {
    /// `\g`, `\G` with nothing typed.
    NoQuery,
    /// `\p`: print the statement being typed.
    Print,
    /// `\R text`: a new prompt.
    Prompt(String),
    /// `\#`: read the completion names again.
    Rehash,
    /// `\! command`: run a shell command.
    System(String),
    /// `\C name`: the client character set.
    Charset(String),
    /// `\r [db [host]]`: a new session.
    Connect(Vec<String>),
    /// `\n`: results to stdout.
    NoPager,
    /// `\P [command]`: results through a pager.
    Pager(String),
    /// `\e`: edit the statement in $VISUAL / $EDITOR.
    Edit,
}

/// Is `line` the one-character command `\\name`, alone or followed by a space or `;`?
/// (`\\rowcount` is not `\\r`.)
fn command_arg(line: &str, name: char) -> Option<&str> {
    let rest = line.trim_start().strip_prefix('\\')?.strip_prefix(name)?;
    match rest.chars().next() {
        None => Some(""),
        Some(c) if c.is_whitespace() || c == ';' => Some(rest),
        Some(_) => None,
    }
}

/// Parses the `\\` commands handled here.
pub(super) fn parse_client(line: &str) -> Option<Client> {
    let arg =
        |name| command_arg(line, name).map(|a| a.trim().trim_end_matches(';').trim().to_owned());
    if let Some(prompt) = command_arg(line, 'R') {
        // The prompt keeps its trailing space (`prompt xx> `).
        return Some(Client::Prompt(
            prompt.strip_prefix(' ').unwrap_or(prompt).to_owned(),
        ));
    }
    Some(
        if arg('g').is_some_and(|a| a.is_empty()) || arg('G').is_some_and(|a| a.is_empty()) {
            Client::NoQuery
        } else if arg('p').is_some_and(|a| a.is_empty()) {
            Client::Print
        } else if arg('#').is_some() {
            Client::Rehash
        } else if let Some(command) = arg('!') {
            Client::System(command)
        } else if let Some(name) = arg('C') {
            Client::Charset(name)
        } else if let Some(args) = arg('r') {
            Client::Connect(args.split_whitespace().map(str::to_owned).collect())
        } else if arg('n').is_some() {
            Client::NoPager
        } else if let Some(command) = arg('P') {
            Client::Pager(command)
        } else if arg('e').is_some() {
            Client::Edit
        } else {
            return None;
        },
    )
}

/// Lines the statement reader handles itself: `\\c` (clear), `\\d` (delimiter).
fn for_the_reader(short: &str) -> bool {
    command_arg(short, 'd').is_some()
}

/// The pager `\\P` without a command and `--pager` without one use: `$PAGER`, else
/// `less -SFX` (long lines cut, not folded; leave at once when the result fits).
pub fn default_pager() -> String {
    std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less -SFX".to_owned())
}

impl Repl {
    /// While a statement is being typed: `\\e` and `\\p` on a line of their own act on it
    /// (`\\c`, `\\g`, `\\G` are the statement reader's).
    pub(super) fn command_within_statement(&mut self, line: &[u8]) -> Option<Flow> {
        let text = std::str::from_utf8(line).ok()?;
        match parse_client(text)? {
            client @ (Client::Edit | Client::Print) => Some(self.run_client(client)),
            _ => None,
        }
    }

    /// Runs `line` when it is one of the client's commands (not SQL); `None` otherwise.
    pub(super) fn client_command(&mut self, line: &[u8]) -> Option<Flow> {
        let text = std::str::from_utf8(line).ok()?;
        let trimmed = text.trim_start();
        // Left to the statement reader: DELIMITER, and \G \g \c \d inside a statement.
        if trimmed.len() >= 9 && trimmed[..9].eq_ignore_ascii_case("delimiter") {
            return None;
        }
        let short = if trimmed.starts_with('\\') {
            trimmed.to_owned()
        } else {
            long_to_short(trimmed)?
        };
        if for_the_reader(&short) {
            return None;
        }
        if command_arg(&short, 'c').is_some() {
            self.reader.clear();
            return Some(Flow::Continue);
        }
        if let Some(client) = parse_client(&short) {
            self.remember(text.trim());
            return Some(self.run_client(client));
        }
        match parse_meta(&short) {
            Ok(Some(meta)) => {
                self.remember(text.trim());
                Some(self.run_meta(meta))
            }
            Ok(None) => None,
            Err(message) => {
                self.console.error(&format!("ERROR: {message}"));
                Some(Flow::Continue)
            }
        }
    }

    fn run_client(&mut self, client: Client) -> Flow {
        match client {
            Client::NoQuery => self.console.error("ERROR: No query specified\n"),
            Client::Print => {
                let typed = String::from_utf8_lossy(self.reader.pending_text()).into_owned();
                self.console.line("--------------");
                self.console.line(&typed);
                self.console.line("--------------");
                self.console.line("");
            }
            Client::Prompt(prompt) if prompt.is_empty() => {
                "\\u@\\d> ".clone_into(&mut self.options.prompt);
                self.console
                    .line("Returning to default PROMPT of \\u@\\d> ");
            }
            Client::Prompt(prompt) => {
                self.console.line(&format!("PROMPT set to '{prompt}'"));
                self.options.prompt = prompt;
            }
            Client::Rehash => self.refresh_completions(),
            Client::System(command) if command.is_empty() => {
                self.console.error("ERROR: Usage: \\! shell-command");
            }
            Client::System(command) => {
                if let Err(e) = Process::new("sh").arg("-c").arg(&command).status() {
                    self.console.error(&format!("ERROR: cannot run sh: {e}"));
                }
            }
            Client::Charset(name) => self.charset(&name),
            Client::Connect(args) => self.connect(&args),
            Client::NoPager => {
                self.console.set_pager(None);
                self.console.line("PAGER set to stdout");
            }
            Client::Pager(command) => {
                let pager = if command.is_empty() {
                    default_pager()
                } else {
                    command
                };
                self.console.line(&format!("PAGER set to '{pager}'"));
                self.console.set_pager(Some(pager));
            }
            Client::Edit => return self.edit(),
        }
        Flow::Continue
    }

    /// `\e`, `edit`: the statement being typed (or else the last one) in `$VISUAL` or
    /// `$EDITOR` (`vi` when neither is set); what the editor leaves is then run, as if
    /// typed, and a last statement without a delimiter runs too.
    fn edit(&mut self) -> Flow {
        let typed = self.reader.pending_text().to_vec();
        let text = if typed.is_empty() {
            self.last_statement.clone()
        } else {
            typed
        };
        let edited = match super::editor::edit(&text) {
            Ok(edited) => edited,
            Err(e) => {
                self.console.error(&format!("ERROR: {e}"));
                return Flow::Continue;
            }
        };
        self.reader.clear();
        for line in edited.split(|b| *b == b'\n') {
            if let Flow::Quit = self.handle_line(line.to_vec()) {
                return Flow::Quit;
            }
        }
        if let Some(statement) = self.reader.finish() {
            self.remember(&statement.text_lossy());
            self.run_statement(&statement);
        }
        Flow::Continue
    }

    /// `\C name`: rowwise reads and writes UTF-8, so only utf8mb4 (or utf8) can be chosen.
    fn charset(&mut self, name: &str) {
        match name.to_ascii_lowercase().as_str() {
            "" => self.console.error("ERROR: Usage: \\C charset_name | charset charset_name"),
            "utf8mb4" | "utf8" | "utf8mb3" => self.console.line("Charset changed"),
            other => self.console.error(&format!(
                "ERROR: rowwise shows text as UTF-8 and talks utf8mb4 to the server; charset '{other}' is not supported (the data's own character sets are converted by the server)"
            )),
        }
    }

    /// `\r [db [host]]`: a fresh session, as the mysql client's `connect`.
    fn connect(&mut self, args: &[String]) {
        if args.len() > 1 {
            self.console.error(
                "ERROR: rowwise connects to the server it was started with; start it again for another host",
            );
            return;
        }
        // The transaction state as the server has it, for the supervisor's answer.
        self.note_transaction(None);
        match self.supervisor.renew(self.db.as_mut()) {
            Ok(()) => {}
            Err(refused @ RenewRefused::TransactionOpen) => {
                self.console.error(&format!("ERROR: {refused}"));
                return;
            }
            Err(RenewRefused::Failed(e)) => {
                self.console.error(&e.mysql_client_line());
                return;
            }
        }
        if let Some(db) = args.first() {
            let sql = format!("USE `{}`", db.replace('`', "``"));
            if let Err(e) = self.db.query(&sql) {
                self.console.error(&e.mysql_client_line());
            }
        }
        let info = self.db.info();
        self.console.line(&format!(
            "Connection id:    {}",
            info.connection_id.unwrap_or(0)
        ));
        self.console.line(&format!(
            "Current database: {}",
            info.database.as_deref().unwrap_or("*** NONE ***")
        ));
        self.console.line("");
        self.refresh_completions();
    }

    /// `\u db`, `use db`: changes the database, saying `Database changed` as the mysql
    /// client does.
    pub(super) fn use_database(&mut self, db: &str) {
        let statement = ReadStatement::new(format!("USE `{}`", db.replace('`', "``")));
        if !self.ensure_connected(Work::Server) {
            return;
        }
        match self.db.query_bytes(&statement.text) {
            Ok(_) => {
                while self.db.next_result().is_some() {}
                self.console.line("Database changed");
            }
            Err(e) => self.console.error(&e.mysql_client_line()),
        }
        self.refresh_completions();
    }

    /// End of piped input: a last statement without a delimiter runs, as the mysql client
    /// runs it in batch.
    pub(super) fn end_of_input(&mut self) {
        if let Some(statement) = self.reader.finish() {
            self.run_statement(&statement);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_forms_become_their_backslash_forms() {
        assert_eq!(long_to_short("status").as_deref(), Some("\\s"));
        assert_eq!(long_to_short("STATUS;").as_deref(), Some("\\s;"));
        assert_eq!(long_to_short("use shop").as_deref(), Some("\\u shop"));
        assert_eq!(
            long_to_short("  source a.sql").as_deref(),
            Some("\\. a.sql")
        );
        assert_eq!(long_to_short("nowarning").as_deref(), Some("\\w"));
        assert_eq!(long_to_short("select 1"), None);
        assert_eq!(long_to_short("user_id = 1"), None);
        assert_eq!(long_to_short("statuses"), None);
    }

    #[test]
    fn client_commands_parse() {
        assert_eq!(parse_client("\\g"), Some(Client::NoQuery));
        assert_eq!(parse_client("\\R x> "), Some(Client::Prompt("x> ".into())));
        assert_eq!(parse_client("\\r"), Some(Client::Connect(vec![])));
        assert_eq!(parse_client("\\rowcount"), None);
        assert_eq!(parse_client("\\params (1,)"), None);
        assert_eq!(
            parse_client("\\! echo hi"),
            Some(Client::System("echo hi".into()))
        );
        assert_eq!(parse_client("\\reconnect"), None);
        assert_eq!(parse_client("\\s"), None);
    }
}
