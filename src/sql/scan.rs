//! A small lexer state machine over SQL text: where strings, identifiers and comments
//! start and end, and where the delimiter stands outside them. It can be fed line by line
//! (the REPL) or run over a whole buffer.

/// Where the scanner stands between two pieces of input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// In plain SQL.
    Normal,
    /// Inside a quoted string or identifier opened by this character.
    Quoted(char),
    /// Inside a `/* ... */` comment.
    BlockComment,
    /// Inside a `-- ` or `#` comment (ends at the newline).
    LineComment,
}

/// The lexer (see the module documentation).
#[derive(Debug, Clone)]
pub struct Scanner {
    delimiter: String,
    state: State,
    client_terminators: bool,
    /// Inside `/*! ... */`: its `*/` is one token, so a delimiter such as `//` right after
    /// it does not start at the comment's closing `/`.
    in_executable_comment: bool,
    /// Nothing but whitespace and comments since the last delimiter: a `--` here starts a
    /// comment even without the space after it (the mysql client's MySQL 4.x rule, which
    /// lets it run mysql-test files: `--echo`, `--error 1064`).
    at_statement_start: bool,
}

/// What [`Scanner::next_delimiter`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The first delimiter's byte range, if the text holds one.
    pub delimiter: Option<(usize, usize)>,
    /// Offset of the first byte of SQL content (not whitespace, not comment) before it.
    pub first_content: Option<usize>,
}

impl Scanner {
    /// A scanner that ends statements at `delimiter`.
    pub fn new(delimiter: &str) -> Self {
        Scanner {
            delimiter: delimiter.to_owned(),
            state: State::Normal,
            client_terminators: false,
            in_executable_comment: false,
            at_statement_start: true,
        }
    }

    /// A scanner that also ends statements at the mysql client's `\\G` and `\\g`, reports
    /// its `\\c` (clear the statement) the same way, and takes `--word` at the start of a
    /// statement as a comment as it does (the server would not).
    pub fn with_client_terminators(delimiter: &str) -> Self {
        Scanner {
            client_terminators: true,
            ..Scanner::new(delimiter)
        }
    }

    /// The state after what was scanned so far.
    pub fn state(&self) -> State {
        self.state
    }

    /// Byte ranges `(delimiter_start, delimiter_end)` of each delimiter in `text`
    /// (the mysql client's `\\G`, `\\g` and `\\c` included).
    pub fn delimiters(&mut self, text: impl AsRef<[u8]>) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        self.walk(text.as_ref(), |pos, is_delimiter| {
            if let Some(len) = is_delimiter {
                found.push((pos, pos + len));
            }
            true
        });
        found
    }

    /// Scans `text` up to the end of its first delimiter (or to its end when it holds
    /// none): where the delimiter stands, and where the first SQL content before it does.
    pub fn next_delimiter(&mut self, text: &[u8]) -> Found {
        let mut found = Found {
            delimiter: None,
            first_content: None,
        };
        self.walk(text, |pos, is_delimiter| match is_delimiter {
            Some(len) => {
                found.delimiter = Some((pos, pos + len));
                false
            }
            None => {
                if found.first_content.is_none() && !text[pos].is_ascii_whitespace() {
                    found.first_content = Some(pos);
                }
                true
            }
        });
        found
    }

    /// The delimiter in use.
    pub fn delimiter(&self) -> &str {
        &self.delimiter
    }

    /// Changes the delimiter (the `DELIMITER` command).
    pub fn set_delimiter(&mut self, delimiter: &str) {
        self.delimiter = delimiter.to_owned();
    }

    /// Byte offsets of characters that are SQL content (not whitespace, not comments).
    pub fn content_positions(&mut self, text: impl AsRef<[u8]>) -> impl Iterator<Item = usize> {
        let mut found = Vec::new();
        let bytes = text.as_ref();
        self.walk(bytes, |pos, is_delimiter| {
            if is_delimiter.is_none() && !bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
                found.push(pos);
            }
            true
        });
        found.into_iter()
    }

    /// Walks `text`, calling `visit(pos, Some(len))` at each delimiter and
    /// `visit(pos, None)` at each byte of SQL outside comments; stops when `visit` says
    /// `false` (after a delimiter, the scanner stands just past it).
    fn walk(&mut self, bytes: &[u8], mut visit: impl FnMut(usize, Option<usize>) -> bool) {
        let delim = self.delimiter.as_bytes().to_vec();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match self.state {
                State::Quoted(q) => {
                    visit(i, None);
                    if b == b'\\' && q != '`' {
                        if i + 1 < bytes.len() {
                            visit(i + 1, None);
                        }
                        i += 2;
                        continue;
                    }
                    if b == q as u8 {
                        if bytes.get(i + 1) == Some(&b) {
                            visit(i + 1, None);
                            i += 2;
                            continue;
                        }
                        self.state = State::Normal;
                    }
                    i += 1;
                }
                State::BlockComment => {
                    if bytes[i..].starts_with(b"*/") {
                        self.state = State::Normal;
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
                State::LineComment => {
                    if b == b'\n' {
                        self.state = State::Normal;
                    }
                    i += 1;
                }
                State::Normal => {
                    if self.in_executable_comment && bytes[i..].starts_with(b"*/") {
                        self.in_executable_comment = false;
                        visit(i, None);
                        visit(i + 1, None);
                        i += 2;
                        continue;
                    }
                    if !delim.is_empty() && bytes[i..].starts_with(&delim) {
                        self.at_statement_start = true;
                        let go_on = visit(i, Some(delim.len()));
                        i += delim.len();
                        if go_on {
                            continue;
                        }
                        return;
                    }
                    if self.client_terminators
                        && (bytes[i..].starts_with(b"\\G")
                            || bytes[i..].starts_with(b"\\g")
                            || bytes[i..].starts_with(b"\\c"))
                    {
                        self.at_statement_start = true;
                        let go_on = visit(i, Some(2));
                        i += 2;
                        if go_on {
                            continue;
                        }
                        return;
                    }
                    // The mysql client reads any other `\\x` outside quotes as a command
                    // of its own (unknown ones stay in the statement): the `x` is never
                    // a quote or a comment opener (`\\'` opens no string).
                    if self.client_terminators && b == b'\\' && i + 1 < bytes.len() {
                        self.at_statement_start = false;
                        visit(i, None);
                        visit(i + 1, None);
                        i += 2;
                        continue;
                    }
                    match b {
                        b'\'' | b'"' | b'`' => {
                            self.state = State::Quoted(char::from(b));
                            self.at_statement_start = false;
                            visit(i, None);
                        }
                        b'#' => self.state = State::LineComment,
                        b'-' if bytes.get(i + 1) == Some(&b'-')
                            && ((self.client_terminators && self.at_statement_start)
                                || bytes.get(i + 2).is_none_or(|c| {
                                    c.is_ascii_whitespace() || c.is_ascii_control()
                                })) =>
                        {
                            self.state = State::LineComment;
                        }
                        // `/*! ... */` and `/*M! ... */` are executable comments: the
                        // server runs their text, so the mysql client scans it as SQL
                        // (quotes and the delimiter count) and so does this.
                        b'/' if bytes.get(i + 1) == Some(&b'*') => {
                            if is_executable_comment(&bytes[i + 2..]) {
                                self.in_executable_comment = true;
                                self.at_statement_start = false;
                                visit(i, None);
                                visit(i + 1, None);
                            } else {
                                self.state = State::BlockComment;
                            }
                            i += 2;
                            continue;
                        }
                        _ => {
                            if !b.is_ascii_whitespace() {
                                self.at_statement_start = false;
                            }
                            visit(i, None);
                        }
                    }
                    i += 1;
                }
            }
        }
    }
}

/// Does the text after a `/*` make it an executable comment (`/*!` or MariaDB's `/*M!`)?
fn is_executable_comment(after_open: &[u8]) -> bool {
    after_open.starts_with(b"!") || after_open.starts_with(b"M!")
}
