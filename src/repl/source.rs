//! `\. FILE` / `source FILE` in line mode: the file's lines are read as bytes and run as
//! they come (a dump is never held whole), the client's commands in it included (`use db`,
//! a nested `source`, `exit`), as the mysql client runs them.

use std::io::{self, BufRead};
use std::path::Path;

use super::{Flow, Repl};
use crate::sql::client_command;

/// How deep `source` may nest (a file that sources itself stops here).
const MAX_DEPTH: usize = 16;

impl Repl {
    pub(super) fn source_file(&mut self, path: &Path) -> Flow {
        if self.source_depth >= MAX_DEPTH {
            self.console.error(&format!(
                "ERROR: source nested more than {MAX_DEPTH} deep ('{}')",
                path.display()
            ));
            return Flow::Continue;
        }
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.console.error(&format!(
                    "Failed to open file '{}', error: {e}",
                    path.display()
                ));
                return Flow::Continue;
            }
        };
        // The file has its own statement reader: what was being typed stays as it was.
        let outer = std::mem::take(&mut self.reader);
        self.source_depth += 1;
        let flow = self.source_lines(io::BufReader::new(file), path);
        self.source_depth -= 1;
        self.reader = outer;
        flow
    }

    fn source_lines(&mut self, input: impl BufRead, path: &Path) -> Flow {
        for line in input.split(b'\n') {
            let mut line = match line {
                Ok(line) => line,
                Err(e) => {
                    self.console
                        .error(&format!("ERROR: reading {}: {e}", path.display()));
                    return Flow::Continue;
                }
            };
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            let is_command = !self.reader.is_pending()
                && client_command(&line).is_some_and(|(name, _)| name != "delimiter");
            if is_command {
                self.reader.skip_line();
                if let Some(Flow::Quit) = self.client_command(&line) {
                    return Flow::Quit;
                }
                continue;
            }
            let statements = self.reader.push_line(&line);
            drop(line);
            if let Some((at, refused)) = self.reader.take_refused() {
                self.console
                    .error(&format!("ERROR at line {at}: {refused}"));
            }
            for statement in statements {
                self.run_statement(&statement);
            }
        }
        if let Some(statement) = self.reader.finish() {
            self.run_statement(&statement);
        }
        Flow::Continue
    }
}
