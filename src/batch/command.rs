//! The mysql client's own commands in batch mode (`use`, `source`, `exit`, ...): run as the
//! client runs them, never sent to the server as SQL.

use std::io;
use std::os::unix::ffi::OsStrExt;

use super::{Batch, BatchError, Flow};
use crate::sql::{ReadStatement, first_argument};

/// How deep `source` may nest (a file that sources itself stops here).
const MAX_SOURCE_DEPTH: usize = 16;

/// One of the mysql client's commands in batch mode: `use`, `source`, `exit`/`quit` and
/// `clear` do what they do in the mysql client; the interactive ones are reported as not
/// run (never silently dropped, never sent to the server as SQL).
impl Batch<'_, '_> {
    pub(super) fn command(
        &mut self,
        name: &str,
        arg: &[u8],
        delimiter: &str,
        line: usize,
        depth: usize,
    ) -> Result<Flow, BatchError> {
        let word = first_argument(arg, delimiter);
        match name {
            "exit" | "quit" => return Ok(Flow::Quit),
            "clear" | "go" | "ego" => {}
            "use" if word.is_empty() => {
                writeln!(
                    self.err,
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
                self.report(&statement)?;
            }
            "source" if depth >= MAX_SOURCE_DEPTH => {
                writeln!(
                    self.err,
                    "ERROR at line {line}: source nested more than {MAX_SOURCE_DEPTH} deep"
                )?;
                if !self.options.force {
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
                        return self.run_input(input, depth + 1);
                    }
                    Err(e) => {
                        writeln!(
                            self.err,
                            "ERROR at line {line}: Failed to open file '{}', error: {e}",
                            path.display()
                        )?;
                        if !self.options.force {
                            return Err(BatchError::Sql);
                        }
                    }
                }
            }
            other => writeln!(
                self.err,
                "rowwise: line {line}: '{other}' is a command of the interactive client; batch mode does not run it"
            )?,
        }
        Ok(Flow::Continue)
    }
}
