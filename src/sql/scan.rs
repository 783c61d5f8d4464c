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
}

impl Scanner {
    /// A scanner that ends statements at `delimiter`.
    pub fn new(delimiter: &str) -> Self {
        Scanner {
            delimiter: delimiter.to_owned(),
            state: State::Normal,
            client_terminators: false,
            in_executable_comment: false,
        }
    }

    /// A scanner that also ends statements at the mysql client's `\\G` and `\\g`.
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
    /// (the mysql client's `\G` and `\g` terminators included).
    pub fn delimiters(&mut self, text: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        self.walk(text, |pos, is_delimiter| {
            if let Some(len) = is_delimiter {
                found.push((pos, pos + len));
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
    pub fn content_positions(&mut self, text: &str) -> impl Iterator<Item = usize> {
        let mut found = Vec::new();
        let bytes = text.as_bytes();
        self.walk(text, |pos, is_delimiter| {
            if is_delimiter.is_none() && !bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
                found.push(pos);
            }
        });
        found.into_iter()
    }

    /// Walks `text`, calling `visit(pos, Some(len))` at each delimiter and
    /// `visit(pos, None)` at each character of SQL outside comments.
    fn walk(&mut self, text: &str, mut visit: impl FnMut(usize, Option<usize>)) {
        let bytes = text.as_bytes();
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
                        visit(i, Some(delim.len()));
                        i += delim.len();
                        continue;
                    }
                    if self.client_terminators
                        && (bytes[i..].starts_with(b"\\G") || bytes[i..].starts_with(b"\\g"))
                    {
                        visit(i, Some(2));
                        i += 2;
                        continue;
                    }
                    match b {
                        b'\'' | b'"' | b'`' => {
                            self.state = State::Quoted(char::from(b));
                            visit(i, None);
                        }
                        b'#' => self.state = State::LineComment,
                        b'-' if bytes.get(i + 1) == Some(&b'-')
                            && bytes.get(i + 2).is_none_or(|c| {
                                c.is_ascii_whitespace() || c.is_ascii_control()
                            }) =>
                        {
                            self.state = State::LineComment;
                        }
                        // `/*! ... */` and `/*M! ... */` are executable comments: the
                        // server runs their text, so the mysql client scans it as SQL
                        // (quotes and the delimiter count) and so does this.
                        b'/' if bytes.get(i + 1) == Some(&b'*') => {
                            if is_executable_comment(&bytes[i + 2..]) {
                                self.in_executable_comment = true;
                                visit(i, None);
                                visit(i + 1, None);
                            } else {
                                self.state = State::BlockComment;
                            }
                            i += 2;
                            continue;
                        }
                        _ => visit(i, None),
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
