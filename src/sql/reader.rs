//! `StatementReader`: turns input lines into complete statements as the `mysql` client
//! does — statements end at the delimiter (or `\G` / `\g`) outside quotes and comments,
//! may span lines, `\c` forgets the statement being typed, and a `DELIMITER xyz` line
//! changes the delimiter. Lines are bytes: SQL goes to the server as the file holds it
//! (a dump of BLOBs or latin1 text is no valid UTF-8).

use std::borrow::Cow;

use super::Scanner;

/// How a statement was ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terminator {
    /// The delimiter (`;` or the one set with DELIMITER).
    Delimiter,
    /// `\G`: show the result vertically.
    Vertical,
    /// `\g`: as the delimiter.
    Go,
    /// End of input without a delimiter.
    EndOfInput,
}

/// A complete statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadStatement {
    /// The SQL as read (bytes, ASCII whitespace trimmed), without its terminator.
    pub text: Vec<u8>,
    /// 1-based line of its first character (comments before it do not count).
    pub line: usize,
    /// How it ended.
    pub terminator: Terminator,
    /// The whitespace read between its last character and its terminator (newlines
    /// included): the mysql client keeps it in the statement text `--xml` shows.
    pub trailing: Vec<u8>,
}

impl ReadStatement {
    /// A statement made by the client itself (`\u db` becomes `USE db`).
    pub fn new(text: impl Into<Vec<u8>>) -> Self {
        ReadStatement {
            text: text.into(),
            line: 0,
            terminator: Terminator::Delimiter,
            trailing: Vec::new(),
        }
    }

    /// The text for display (bytes that are no UTF-8 shown as U+FFFD; never sent).
    pub fn text_lossy(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.text)
    }
}

/// A `DELIMITER` line the mysql client refuses (its messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DelimiterError {
    /// `DELIMITER` alone.
    #[error("DELIMITER must be followed by a 'delimiter' character or string")]
    Missing,
    /// A delimiter with `\` in it would never end a statement.
    #[error("DELIMITER cannot contain a backslash character")]
    Backslash,
}

/// The reader (see the module documentation).
#[derive(Debug, Clone)]
pub struct StatementReader {
    scanner: Scanner,
    buffer: Vec<u8>,
    /// The line of the current statement's first character, once it has one.
    start_line: Option<usize>,
    line: usize,
    refused: Option<(usize, DelimiterError)>,
}

impl Default for StatementReader {
    fn default() -> Self {
        Self::new()
    }
}

/// `DELIMITER xyz` (any case) or `\d xyz`: `Some(argument)` for such a line.
fn delimiter_command(line: &[u8]) -> Option<&[u8]> {
    let line = line.trim_ascii();
    let rest = if line.len() >= 9 && line[..9].eq_ignore_ascii_case(b"delimiter") {
        &line[9..]
    } else if line.starts_with(b"\\d") {
        &line[2..]
    } else {
        return None;
    };
    if !rest.is_empty() && !rest[0].is_ascii_whitespace() {
        return None;
    }
    let rest = rest.trim_ascii_start();
    let end = rest
        .iter()
        .position(u8::is_ascii_whitespace)
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

impl StatementReader {
    /// A reader with the `;` delimiter.
    pub fn new() -> Self {
        StatementReader {
            scanner: Scanner::with_client_terminators(";"),
            buffer: Vec::new(),
            start_line: None,
            line: 0,
            refused: None,
        }
    }

    /// The delimiter in use: `;` until a `DELIMITER` line changes it.
    pub fn delimiter(&self) -> &str {
        self.scanner.delimiter()
    }

    /// Is a statement half-typed (the REPL shows a continuation prompt)?
    pub fn is_pending(&self) -> bool {
        self.start_line.is_some() || self.scanner.state() != super::State::Normal
    }

    /// Where the scanner stands (inside a quote or comment, or not).
    pub fn state(&self) -> super::State {
        self.scanner.state()
    }

    /// Lines read so far.
    pub fn line_number(&self) -> usize {
        self.line
    }

    /// The statement being typed so far (empty when none).
    pub fn pending_text(&self) -> &[u8] {
        if self.start_line.is_some() {
            self.buffer.trim_ascii()
        } else {
            b""
        }
    }

    /// Counts a line that was not SQL (one of the client's commands), so that later
    /// statements keep their line numbers.
    pub fn skip_line(&mut self) {
        self.line += 1;
    }

    /// Forgets a half-typed statement.
    pub fn clear(&mut self) {
        self.buffer.clear();
        self.start_line = None;
        let delimiter = self.scanner.delimiter().to_owned();
        self.scanner = Scanner::with_client_terminators(&delimiter);
    }

    /// A `DELIMITER` line refused since the last call (its line and why).
    pub fn take_refused(&mut self) -> Option<(usize, DelimiterError)> {
        self.refused.take()
    }

    /// Feeds one line (without its newline); returns the statements it completes.
    pub fn push_line(&mut self, line: impl AsRef<[u8]>) -> Vec<ReadStatement> {
        let line = line.as_ref();
        self.line += 1;
        let mut out = Vec::new();
        if !self.is_pending()
            && let Some(argument) = delimiter_command(line)
        {
            match std::str::from_utf8(argument) {
                Ok("") => self.refused = Some((self.line, DelimiterError::Missing)),
                Ok(new) if new.contains('\\') => {
                    self.refused = Some((self.line, DelimiterError::Backslash));
                }
                Ok(new) => self.scanner.set_delimiter(new),
                // Not UTF-8: kept as is would need a byte delimiter; the mysql client's
                // own rule has no case for it, so say what a backslash would say.
                Err(_) => self.refused = Some((self.line, DelimiterError::Backslash)),
            }
            self.buffer.clear();
            return out;
        }
        let mut pos = 0;
        loop {
            let found = self.scanner.next_delimiter(&line[pos..]);
            let mut copy_from = pos;
            if let Some(first) = found.first_content
                && self.start_line.is_none()
            {
                // Whitespace and comments before a statement are not part of it (the
                // mysql client drops them too): it starts here, and so does its line.
                self.start_line = Some(self.line);
                self.buffer.clear();
                copy_from = pos + first;
            }
            let Some((at, end)) = found.delimiter else {
                self.buffer.extend_from_slice(&line[copy_from..]);
                break;
            };
            let (at, end) = (pos + at, pos + end);
            let terminator = match &line[at..end] {
                b"\\G" => Some(Terminator::Vertical),
                b"\\g" => Some(Terminator::Go),
                b"\\c" => None,
                _ => Some(Terminator::Delimiter),
            };
            match (terminator, self.start_line) {
                (Some(terminator), Some(start)) => {
                    self.buffer.extend_from_slice(&line[copy_from..at]);
                    let (text, trailing) = take_trimmed(&mut self.buffer);
                    out.push(ReadStatement {
                        text,
                        line: start,
                        terminator,
                        trailing,
                    });
                }
                _ => self.buffer.clear(),
            }
            self.start_line = None;
            pos = end;
        }
        self.buffer.push(b'\n');
        self.scanner.next_delimiter(b"\n");
        out
    }

    /// Ends the input: a last statement without a delimiter, if any.
    pub fn finish(&mut self) -> Option<ReadStatement> {
        let start = self.start_line.take();
        let (text, trailing) = take_trimmed(&mut self.buffer);
        start.map(|line| ReadStatement {
            text,
            line,
            terminator: Terminator::EndOfInput,
            trailing,
        })
    }
}

/// Takes the buffer out, ASCII whitespace trimmed, without copying it; also returns the
/// trailing whitespace it cut.
fn take_trimmed(buffer: &mut Vec<u8>) -> (Vec<u8>, Vec<u8>) {
    let mut text = std::mem::take(buffer);
    let end = text.len()
        - text
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    let trailing = text.split_off(end);
    let start = text.iter().take_while(|b| b.is_ascii_whitespace()).count();
    text.drain(..start);
    (text, trailing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &str) -> Vec<(String, usize, Terminator)> {
        let mut r = StatementReader::new();
        let mut out: Vec<_> = input.lines().flat_map(|l| r.push_line(l)).collect();
        out.extend(r.finish());
        out.into_iter()
            .map(|s| (s.text_lossy().into_owned(), s.line, s.terminator))
            .collect()
    }

    #[test]
    fn statements_carry_the_line_they_start_on() {
        assert_eq!(
            read_all("SELECT 1;\n\nSELECT\n2; SELECT 3;\nSELECT 4"),
            vec![
                ("SELECT 1".into(), 1, Terminator::Delimiter),
                ("SELECT\n2".into(), 3, Terminator::Delimiter),
                ("SELECT 3".into(), 4, Terminator::Delimiter),
                ("SELECT 4".into(), 5, Terminator::EndOfInput),
            ]
        );
    }

    #[test]
    fn delimiter_command_changes_the_terminator() {
        let input =
            "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nCALL p();";
        assert_eq!(
            read_all(input),
            vec![
                (
                    "CREATE PROCEDURE p() BEGIN SELECT 1; END".into(),
                    2,
                    Terminator::Delimiter
                ),
                ("CALL p()".into(), 4, Terminator::Delimiter),
            ]
        );
    }

    #[test]
    fn backslash_g_ends_a_statement_vertically_outside_quotes_only() {
        assert_eq!(
            read_all("SELECT '\\G' FROM t\\G"),
            vec![("SELECT '\\G' FROM t".into(), 1, Terminator::Vertical)]
        );
    }

    #[test]
    fn quotes_and_comments_span_lines() {
        assert_eq!(
            read_all("SELECT 'a;\nb'; /* x;\ny */ SELECT 2;"),
            vec![
                ("SELECT 'a;\nb'".into(), 1, Terminator::Delimiter),
                ("SELECT 2".into(), 3, Terminator::Delimiter),
            ]
        );
    }

    /// The mysql client counts an error's line from the statement's own first line: a
    /// comment after the previous `;` is not part of it (rowwise said one line early).
    #[test]
    fn a_statement_starts_at_its_first_line_of_sql_not_at_a_comment_before_it() {
        assert_eq!(
            read_all("SELECT 1;\n-- a comment\n\nSELECT\n  nosuch;"),
            vec![
                ("SELECT 1".into(), 1, Terminator::Delimiter),
                ("SELECT\n  nosuch".into(), 4, Terminator::Delimiter),
            ]
        );
    }

    /// `--echo`, `--error 1064` at the start of a statement are comments for the mysql
    /// client (its MySQL 4.x rule); inside a statement `--x` is SQL (`1--x` is 1 - -x).
    #[test]
    fn double_dash_word_starts_a_comment_only_at_the_start_of_a_statement() {
        assert_eq!(
            read_all("--echo hi\nSELECT 1;  --error 1064\nSELECT 2--1\n;SELECT 3; --x\n"),
            vec![
                ("SELECT 1".into(), 2, Terminator::Delimiter),
                ("SELECT 2--1".into(), 3, Terminator::Delimiter),
                ("SELECT 3".into(), 4, Terminator::Delimiter),
            ]
        );
    }

    /// `\c` forgets the statement being typed, on its own line or at the end of one.
    #[test]
    fn backslash_c_clears_the_statement_being_typed() {
        assert_eq!(
            read_all("SELECT\n1 \\c\nSELECT 2\n\\c\nSELECT '\\c';"),
            vec![("SELECT '\\c'".into(), 5, Terminator::Delimiter)]
        );
    }

    /// `DELIMITER` alone or with a backslash would leave nothing to end a statement: it
    /// is refused with the mysql client's words, and `;` stays.
    #[test]
    fn a_delimiter_that_could_never_end_a_statement_is_refused() {
        for (line, error) in [
            ("DELIMITER", DelimiterError::Missing),
            ("delimiter   ", DelimiterError::Missing),
            ("DELIMITER \\", DelimiterError::Backslash),
            ("DELIMITER a\\b", DelimiterError::Backslash),
        ] {
            let mut r = StatementReader::new();
            assert!(r.push_line(line).is_empty());
            assert_eq!(r.take_refused(), Some((1, error)), "{line}");
            assert_eq!(r.delimiter(), ";");
            assert_eq!(r.push_line("SELECT 1;").len(), 1);
        }
        assert_eq!(
            DelimiterError::Missing.to_string(),
            "DELIMITER must be followed by a 'delimiter' character or string"
        );
        let mut r = StatementReader::new();
        assert!(r.push_line("DELIMITER $$ trailing").is_empty());
        assert_eq!(r.delimiter(), "$$");
    }

    /// Bytes that are no UTF-8 (a BLOB in a dump, latin1 text) come out as they went in.
    #[test]
    fn statements_are_bytes_and_invalid_utf8_passes_unchanged() {
        let mut r = StatementReader::new();
        let line = b"INSERT INTO t VALUES ('\xff\xfe\x00;\x80'),(_binary '\xc3');";
        let got = r.push_line(line);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].text, line[..line.len() - 1].to_vec());
    }

    /// A last statement without a delimiter is handed back at the end of input.
    #[test]
    fn the_last_statement_without_a_delimiter_is_not_lost() {
        let mut r = StatementReader::new();
        assert!(r.push_line("SELECT").is_empty());
        assert!(r.push_line("  2").is_empty());
        let last = r.finish();
        assert_eq!(
            last.map(|s| (s.text, s.line)),
            Some((b"SELECT\n  2".to_vec(), 1))
        );
    }
}
