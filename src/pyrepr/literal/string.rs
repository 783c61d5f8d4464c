//! Python string and bytes literals (any prefix, quote style and escape Python accepts,
//! adjacent literals concatenated) and the words `None`, `True`, `False`.

use super::{LiteralError, Parser};
use crate::pyrepr::PyValue;

impl Parser {
    pub(super) fn word_or_string(&mut self) -> Result<PyValue, LiteralError> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            self.pos += 1;
        }
        let word: String = self.chars[start..self.pos].iter().collect();
        if matches!(self.peek(), Some('\'' | '"')) {
            let prefix = word.to_ascii_lowercase();
            if ["", "r", "u", "b", "br", "rb"].contains(&prefix.as_str()) {
                self.pos = start;
                return self.strings();
            }
        }
        match word.as_str() {
            "None" => Ok(PyValue::None),
            "True" => Ok(PyValue::Bool(true)),
            "False" => Ok(PyValue::Bool(false)),
            _ => Err(LiteralError {
                column: start + 1,
                message: format!("'{word}' is not a literal"),
            }),
        }
    }

    /// One or more adjacent string literals, concatenated as Python does.
    fn strings(&mut self) -> Result<PyValue, LiteralError> {
        let mut text = String::new();
        let mut bytes: Vec<u8> = Vec::new();
        let mut kind: Option<bool> = None; // Some(true) = bytes
        loop {
            self.skip_ws();
            let start = self.pos;
            let mut prefix = String::new();
            while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                prefix.push(
                    self.peek()
                        .map(|c| c.to_ascii_lowercase())
                        .unwrap_or_default(),
                );
                self.pos += 1;
            }
            if !matches!(self.peek(), Some('\'' | '"'))
                || !["", "r", "u", "b", "br", "rb"].contains(&prefix.as_str())
            {
                self.pos = start;
                break;
            }
            let is_bytes = prefix.contains('b');
            if kind.is_some_and(|k| k != is_bytes) {
                return Err(self.error("cannot mix bytes and nonbytes literals"));
            }
            kind = Some(is_bytes);
            let raw = prefix.contains('r');
            let body = self.quoted_body()?;
            if is_bytes {
                bytes.extend(decode_bytes(&body, raw).map_err(|m| LiteralError {
                    column: start + 1,
                    message: m,
                })?);
            } else {
                text.push_str(&decode_str(&body, raw).map_err(|m| LiteralError {
                    column: start + 1,
                    message: m,
                })?);
            }
        }
        match kind {
            Some(true) => Ok(PyValue::Bytes(bytes)),
            Some(false) => Ok(PyValue::Str(text)),
            None => Err(self.error("expected a string")),
        }
    }

    /// The characters between the quotes, escapes still undecoded.
    fn quoted_body(&mut self) -> Result<Vec<char>, LiteralError> {
        let quote = self.peek().ok_or_else(|| self.error("expected a quote"))?;
        let triple = self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote);
        self.pos += if triple { 3 } else { 1 };
        let mut body = Vec::new();
        loop {
            let c = self
                .peek()
                .ok_or_else(|| self.error("unterminated string literal"))?;
            if c == '\\' {
                body.push(c);
                self.pos += 1;
                let next = self
                    .peek()
                    .ok_or_else(|| self.error("unterminated string literal"))?;
                body.push(next);
                self.pos += 1;
                continue;
            }
            if c == quote
                && (!triple || (self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote)))
            {
                self.pos += if triple { 3 } else { 1 };
                return Ok(body);
            }
            if c == '\n' && !triple {
                return Err(self.error("unterminated string literal"));
            }
            body.push(c);
            self.pos += 1;
        }
    }
}

/// One decoded escape: a character (str) or byte value (bytes).
enum Escaped {
    Char(u32),
    Kept(char),
    Skip,
}

fn take_digits(body: &[char], i: &mut usize, radix: u32, max: usize) -> Option<u32> {
    let mut value = 0u32;
    let mut n = 0;
    while n < max {
        let d = body.get(*i).and_then(|c| c.to_digit(radix))?;
        value = value * radix + d;
        *i += 1;
        n += 1;
    }
    Some(value)
}

/// Decodes the escape after a backslash at `body[*i]`; `unicode` enables `\u`, `\U`.
fn escape(body: &[char], i: &mut usize, unicode: bool) -> Result<Escaped, String> {
    let c = body.get(*i).copied().ok_or("trailing backslash")?;
    *i += 1;
    let simple = |v: u8| Ok(Escaped::Char(u32::from(v)));
    match c {
        '\n' => Ok(Escaped::Skip),
        '\\' | '\'' | '"' => Ok(Escaped::Char(u32::from(c))),
        'a' => simple(7),
        'b' => simple(8),
        'f' => simple(12),
        'n' => simple(b'\n'),
        'r' => simple(b'\r'),
        't' => simple(b'\t'),
        'v' => simple(11),
        '0'..='7' => {
            let mut value = c.to_digit(8).unwrap_or(0);
            for _ in 0..2 {
                match body.get(*i).and_then(|d| d.to_digit(8)) {
                    Some(d) => {
                        value = value * 8 + d;
                        *i += 1;
                    }
                    None => break,
                }
            }
            Ok(Escaped::Char(value))
        }
        'x' => take_digits(body, i, 16, 2)
            .map(Escaped::Char)
            .ok_or_else(|| "truncated \\xXX escape".to_owned()),
        'u' if unicode => take_digits(body, i, 16, 4)
            .map(Escaped::Char)
            .ok_or_else(|| "truncated \\uXXXX escape".to_owned()),
        'U' if unicode => take_digits(body, i, 16, 8)
            .map(Escaped::Char)
            .ok_or_else(|| "truncated \\UXXXXXXXX escape".to_owned()),
        'N' if unicode => Err("\\N{...} escapes are not supported; use \\u or \\U".to_owned()),
        other => Ok(Escaped::Kept(other)),
    }
}

fn decode_str(body: &[char], raw: bool) -> Result<String, String> {
    if raw {
        return Ok(body.iter().collect());
    }
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = body.get(i) {
        i += 1;
        if c != '\\' {
            out.push(c);
            continue;
        }
        match escape(body, &mut i, true)? {
            Escaped::Char(cp) => {
                out.push(char::from_u32(cp).ok_or("escape is not a valid character")?);
            }
            Escaped::Kept(k) => {
                out.push('\\');
                out.push(k);
            }
            Escaped::Skip => {}
        }
    }
    Ok(out)
}

fn decode_bytes(body: &[char], raw: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = body.get(i) {
        i += 1;
        if !c.is_ascii() {
            return Err("bytes can only contain ASCII literal characters".to_owned());
        }
        if c != '\\' || raw {
            out.push(c as u8);
            continue;
        }
        match escape(body, &mut i, false)? {
            Escaped::Char(v) => out.push(u8::try_from(v).map_err(|_| "octal escape out of range")?),
            Escaped::Kept(k) => {
                out.push(b'\\');
                out.extend(k.to_string().bytes());
            }
            Escaped::Skip => {}
        }
    }
    Ok(out)
}
