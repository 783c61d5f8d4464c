//! Line mode's input when it is not a terminal (`rowwise --line < file.sql`, a pipe): lines
//! are read as bytes, so SQL that is no valid UTF-8 (a dump of BLOBs, latin1 text) reaches
//! the server unchanged and does not end the session as a line editor's decoding would.

use std::io::{self, BufRead, IsTerminal};

use rustyline::error::ReadlineError;

pub(super) struct Piped {
    input: Box<dyn BufRead + Send>,
}

impl Piped {
    /// Standard input, when it is not a terminal.
    pub(super) fn from_stdin() -> Option<Piped> {
        let stdin = io::stdin();
        (!stdin.is_terminal()).then(|| Piped {
            input: Box::new(io::BufReader::with_capacity(64 * 1024, stdin)),
        })
    }

    /// The next line without its `\n` (or `\r\n`); `Eof` at the end of input.
    ///
    /// # Failure
    /// A read error, as rustyline reports one.
    pub(super) fn read_line(&mut self) -> Result<Vec<u8>, ReadlineError> {
        let mut line = Vec::new();
        if self.input.read_until(b'\n', &mut line)? == 0 {
            return Err(ReadlineError::Eof);
        }
        if line.last() == Some(&b'\n') {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
        }
        Ok(line)
    }
}
