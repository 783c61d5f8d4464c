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
        self.walk(text, |pos, is_delimiter| {
            if let Some(len) = is_delimiter {
                found.delimiter = Some((pos, pos + len));
                false
            } else {
                if found.first_content.is_none() && !text[pos].is_ascii_whitespace() {
                    found.first_content = Some(pos);
                }
                true
            }
        });
        found
    }

    /// The delimiter in use: the one given to [`Scanner::new`] until
    /// [`Scanner::set_delimiter`] changes it.
    pub fn delimiter(&self) -> &str {
        &self.delimiter
    }

    /// Changes the delimiter (the `DELIMITER` command).
    pub fn set_delimiter(&mut self, delimiter: &str) {
        delimiter.clone_into(&mut self.delimiter);
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
            let step = match self.state {
                State::Quoted(q) => Step::Advance(self.quoted(bytes, i, q, &mut visit)),
                State::BlockComment if bytes[i..].starts_with(b"*/") => {
                    self.state = State::Normal;
                    Step::Advance(2)
                }
                State::BlockComment => Step::Advance(1),
                State::LineComment => {
                    if bytes[i] == b'\n' {
                        self.state = State::Normal;
                    }
                    Step::Advance(1)
                }
                State::Normal => self.normal(bytes, i, &delim, &mut visit),
            };
            match step {
                Step::Advance(n) => i += n,
                Step::Stop => return,
            }
        }
    }

    /// A byte inside a quoted string or identifier: a backslash escapes the next byte
    /// (not in backticks), a doubled quote is one quote, a single one closes it.
    fn quoted(&mut self, bytes: &[u8], i: usize, q: char, visit: &mut Visit<'_>) -> usize {
        let b = bytes[i];
        visit(i, None);
        if b == b'\\' && q != '`' {
            if i + 1 < bytes.len() {
                visit(i + 1, None);
            }
            return 2;
        }
        if b == q as u8 {
            if bytes.get(i + 1) == Some(&b) {
                visit(i + 1, None);
                return 2;
            }
            self.state = State::Normal;
        }
        1
    }

    /// A byte of plain SQL: the end of an executable comment, a delimiter (or the
    /// client's `\\G`, `\\g`, `\\c`), a client command's `\\x`, or an opener.
    fn normal(&mut self, bytes: &[u8], i: usize, delim: &[u8], visit: &mut Visit<'_>) -> Step {
        let rest = &bytes[i..];
        if self.in_executable_comment && rest.starts_with(b"*/") {
            self.in_executable_comment = false;
            visit(i, None);
            visit(i + 1, None);
            return Step::Advance(2);
        }
        if let Some(len) = self.terminator_at(rest, delim) {
            self.at_statement_start = true;
            return if visit(i, Some(len)) {
                Step::Advance(len)
            } else {
                Step::Stop
            };
        }
        // The mysql client reads any other `\\x` outside quotes as a command of its own
        // (unknown ones stay in the statement): the `x` is never a quote or a comment
        // opener (`\\'` opens no string).
        if self.client_terminators && rest[0] == b'\\' && rest.len() > 1 {
            self.at_statement_start = false;
            visit(i, None);
            visit(i + 1, None);
            return Step::Advance(2);
        }
        Step::Advance(self.opener(bytes, i, visit))
    }

    /// The length of the statement terminator `rest` starts with, if any.
    fn terminator_at(&self, rest: &[u8], delim: &[u8]) -> Option<usize> {
        if !delim.is_empty() && rest.starts_with(delim) {
            return Some(delim.len());
        }
        let client = [b"\\G", b"\\g", b"\\c"]
            .iter()
            .any(|t| rest.starts_with(*t));
        (self.client_terminators && client).then_some(2)
    }

    /// A byte of plain SQL that may open a string, an identifier or a comment; returns
    /// how many bytes it took.
    fn opener(&mut self, bytes: &[u8], i: usize, visit: &mut Visit<'_>) -> usize {
        let b = bytes[i];
        match b {
            b'\'' | b'"' | b'`' => {
                self.state = State::Quoted(char::from(b));
                self.at_statement_start = false;
                visit(i, None);
            }
            b'#' => self.state = State::LineComment,
            b'-' if self.opens_dash_comment(bytes, i) => self.state = State::LineComment,
            // `/*! ... */` and `/*M! ... */` are executable comments: the server runs their
            // text, so the mysql client scans it as SQL (quotes and the delimiter count)
            // and so does this.
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                if is_executable_comment(&bytes[i + 2..]) {
                    self.in_executable_comment = true;
                    self.at_statement_start = false;
                    visit(i, None);
                    visit(i + 1, None);
                } else {
                    self.state = State::BlockComment;
                }
                return 2;
            }
            _ => {
                if !b.is_ascii_whitespace() {
                    self.at_statement_start = false;
                }
                visit(i, None);
            }
        }
        1
    }

    /// Does the `-` at `i` open a `-- ` comment? It needs a second `-` and then whitespace
    /// (or a control character, or the end); at the start of a statement the mysql client
    /// takes `--word` as a comment too.
    fn opens_dash_comment(&self, bytes: &[u8], i: usize) -> bool {
        bytes.get(i + 1) == Some(&b'-')
            && ((self.client_terminators && self.at_statement_start)
                || bytes
                    .get(i + 2)
                    .is_none_or(|c| c.is_ascii_whitespace() || c.is_ascii_control()))
    }
}

/// What [`Scanner::walk`] calls at each byte of SQL and each delimiter.
type Visit<'v> = dyn FnMut(usize, Option<usize>) -> bool + 'v;

/// What one step of the walk did.
enum Step {
    /// Go on this many bytes further.
    Advance(usize),
    /// The visitor asked to stop (just past a delimiter).
    Stop,
}

/// Does the text after a `/*` make it an executable comment (`/*!` or MariaDB's `/*M!`)?
fn is_executable_comment(after_open: &[u8]) -> bool {
    after_open.starts_with(b"!") || after_open.starts_with(b"M!")
}
