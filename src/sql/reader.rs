//! `StatementReader`: turns input lines into complete statements as the `mysql` client
//! does — statements end at the delimiter (or `\G` / `\g`) outside quotes and comments,
//! may span lines, and a `DELIMITER xyz` line changes the delimiter.

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
    /// The SQL, trimmed, without its terminator.
    pub text: String,
    /// 1-based line where it starts.
    pub line: usize,
    /// How it ended.
    pub terminator: Terminator,
}

/// The reader (see the module documentation).
#[derive(Debug, Clone)]
pub struct StatementReader {
    scanner: Scanner,
    buffer: String,
    start_line: usize,
    line: usize,
}

impl Default for StatementReader {
    fn default() -> Self {
        Self::new()
    }
}

impl StatementReader {
    /// A reader with the `;` delimiter.
    pub fn new() -> Self {
        StatementReader {
            scanner: Scanner::with_client_terminators(";"),
            buffer: String::new(),
            start_line: 0,
            line: 0,
        }
    }

    /// The delimiter in use.
    pub fn delimiter(&self) -> &str {
        self.scanner.delimiter()
    }

    /// Is a statement half-typed (the REPL shows a continuation prompt)?
    pub fn is_pending(&self) -> bool {
        super::has_content(&self.buffer) || self.scanner.state() != super::State::Normal
    }

    /// Where the scanner stands (inside a quote or comment, or not).
    pub fn state(&self) -> super::State {
        self.scanner.state()
    }

    /// Forgets a half-typed statement.
    pub fn clear(&mut self) {
        self.buffer.clear();
        let delimiter = self.scanner.delimiter().to_owned();
        self.scanner = Scanner::with_client_terminators(&delimiter);
    }

    /// Feeds one line (without its newline); returns the statements it completes.
    pub fn push_line(&mut self, line: &str) -> Vec<ReadStatement> {
        self.line += 1;
        let mut out = Vec::new();
        if self.buffer.trim().is_empty() && self.scanner.state() == super::State::Normal {
            let trimmed = line.trim();
            let mut words = trimmed.splitn(2, char::is_whitespace);
            if words
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("delimiter"))
            {
                let new = words.next().unwrap_or("").trim();
                if !new.is_empty() {
                    self.scanner.set_delimiter(new);
                }
                self.buffer.clear();
                return out;
            }
        }
        if self.buffer.trim().is_empty() && self.scanner.state() == super::State::Normal {
            self.start_line = self.line;
        }
        let mut rest = format!("{line}\n");
        loop {
            let found = self.scanner.clone().delimiters(&rest);
            match found.first() {
                None => {
                    self.scanner.delimiters(&rest);
                    self.buffer.push_str(&rest);
                    break;
                }
                Some(&(at, end)) => {
                    let head = &rest[..at];
                    self.scanner.delimiters(head);
                    let terminator = match &rest[at..end] {
                        "\\G" => Terminator::Vertical,
                        "\\g" => Terminator::Go,
                        _ => Terminator::Delimiter,
                    };
                    self.buffer.push_str(head);
                    let text = self.buffer.trim().to_owned();
                    if super::has_content(&text) {
                        out.push(ReadStatement {
                            text,
                            line: self.start_line,
                            terminator,
                        });
                    }
                    self.buffer.clear();
                    rest = rest[end..].to_owned();
                    self.start_line = self.line;
                }
            }
        }
        out
    }

    /// Ends the input: a last statement without a delimiter, if any.
    pub fn finish(&mut self) -> Option<ReadStatement> {
        let text = std::mem::take(&mut self.buffer).trim().to_owned();
        super::has_content(&text).then_some(ReadStatement {
            text,
            line: self.start_line,
            terminator: Terminator::EndOfInput,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &str) -> Vec<(String, usize, Terminator)> {
        let mut r = StatementReader::new();
        let mut out: Vec<_> = input.lines().flat_map(|l| r.push_line(l)).collect();
        out.extend(r.finish());
        out.into_iter()
            .map(|s| (s.text, s.line, s.terminator))
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
                ("/* x;\ny */ SELECT 2".into(), 2, Terminator::Delimiter),
            ]
        );
    }
}
