//! A parser for the Python tuple literals a user types as statement parameters
//! (`\params (3, "O'Brien", None)`): the part of `ast.literal_eval` a tuple of scalars needs.

use super::PyValue;

/// Why a parameter literal could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid Python literal at column {column}: {message}")]
pub struct LiteralError {
    /// 1-based character column where reading stopped.
    pub column: usize,
    /// What was expected or wrong there.
    pub message: String,
}

/// How deep tuples, lists, dicts and signs may nest. Python's own parser stops near 200;
/// a limit keeps hostile input such as `((((...` from overflowing the stack.
const MAX_DEPTH: usize = 100;

/// Parses a Python tuple literal such as `(1, 'a', None)`, `()` or `(3,)`.
///
/// Elements may be `None`, `True`, `False`, integers (decimal, `0x`, `0o`, `0b`, `_`
/// separators, signs), floats, `str` and `bytes` literals with any prefix, quote style and
/// escape Python accepts (adjacent literals concatenate), and nested tuples, lists and
/// dicts with `str` keys.
///
/// # Failure
/// Anything else, or text that is not a tuple (Python's `(1)` is an int), is a
/// [`LiteralError`] naming the column.
pub fn parse_tuple(text: &str) -> Result<Vec<PyValue>, LiteralError> {
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
        depth: 0,
    };
    p.skip_ws();
    let value = p.value()?;
    p.skip_ws();
    if p.pos != p.chars.len() {
        return Err(p.error("unexpected text after the literal"));
    }
    match value {
        PyValue::Tuple(items) => Ok(items),
        other => Err(LiteralError {
            column: 1,
            message: format!(
                "expected a tuple such as (1, 'a'), got {}",
                other.type_name()
            ),
        }),
    }
}

/// Parses a Python dict literal with `str` keys such as `{'id': 3, 'name': 'Ann'}`: the
/// `params` of `cursor.execute` for `%(name)s` placeholders. Values are as in
/// [`parse_tuple`].
///
/// # Failure
/// A [`LiteralError`] for anything else.
pub fn parse_dict(text: &str) -> Result<Vec<(String, PyValue)>, LiteralError> {
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
        depth: 0,
    };
    p.skip_ws();
    let value = p.value()?;
    p.skip_ws();
    if p.pos != p.chars.len() {
        return Err(p.error("unexpected text after the literal"));
    }
    match value {
        PyValue::Dict(pairs) => Ok(pairs),
        other => Err(LiteralError {
            column: 1,
            message: format!(
                "expected a dict such as {{'id': 3}}, got {}",
                other.type_name()
            ),
        }),
    }
}

/// Parses a Python list literal of tuples such as `[(1, 'a'), (2, 'b')]` or `[]`: the
/// `seq_of_params` of `executemany`. The tuples' elements are as in [`parse_tuple`].
///
/// # Failure
/// A [`LiteralError`] for anything else (an item that is not a tuple included).
pub fn parse_tuple_list(text: &str) -> Result<Vec<Vec<PyValue>>, LiteralError> {
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
        depth: 0,
    };
    p.skip_ws();
    let value = p.value()?;
    p.skip_ws();
    if p.pos != p.chars.len() {
        return Err(p.error("unexpected text after the literal"));
    }
    let expected = |got: &str| LiteralError {
        column: 1,
        message: format!("expected a list of tuples such as [(1, 'a'), (2, 'b')], got {got}"),
    };
    match value {
        PyValue::List(items) => items
            .into_iter()
            .map(|item| match item {
                PyValue::Tuple(values) => Ok(values),
                other => Err(expected(&format!("a list holding {}", other.type_name()))),
            })
            .collect(),
        other => Err(expected(other.type_name())),
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// Open tuples, lists, dicts and signs around the value being read.
    depth: usize,
}

impl Parser {
    fn error(&self, message: &str) -> LiteralError {
        LiteralError {
            column: self.pos + 1,
            message: message.to_owned(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<PyValue, LiteralError> {
        self.skip_ws();
        if self.depth >= MAX_DEPTH {
            return Err(self.error("too deeply nested"));
        }
        self.depth += 1;
        let value = self.value_here();
        self.depth -= 1;
        value
    }

    /// Does a number start under the cursor (`7`, `.5`)?
    fn at_number(&self) -> bool {
        match self.peek() {
            Some(c) if c.is_ascii_digit() => true,
            Some('.') => self.peek_at(1).is_some_and(|d| d.is_ascii_digit()),
            _ => false,
        }
    }

    fn value_here(&mut self) -> Result<PyValue, LiteralError> {
        match self.peek() {
            Some('(') => self.sequence(')'),
            Some('[') => self.sequence(']'),
            Some('{') => self.dict(),
            Some('-' | '+') => self.signed_number(),
            Some(_) if self.at_number() => self.number(false),
            Some(c) if c.is_alphabetic() || c == '_' || c == '\'' || c == '"' => {
                self.word_or_string()
            }
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("unexpected end of input")),
        }
    }

    fn sequence(&mut self, close: char) -> Result<PyValue, LiteralError> {
        self.pos += 1;
        let mut items = Vec::new();
        let mut saw_comma = false;
        loop {
            self.skip_ws();
            if self.peek() == Some(close) {
                self.pos += 1;
                break;
            }
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.pos += 1;
                    saw_comma = true;
                }
                Some(c) if c == close => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.error(&format!("expected ',' or '{close}'"))),
            }
        }
        if close == ']' {
            return Ok(PyValue::List(items));
        }
        // `(x)` is just x in Python; only a comma (or nothing at all) makes a tuple.
        if items.len() == 1 && !saw_comma {
            return Ok(items.remove(0));
        }
        Ok(PyValue::Tuple(items))
    }

    fn dict(&mut self) -> Result<PyValue, LiteralError> {
        self.pos += 1;
        let mut pairs = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some('}') {
                self.pos += 1;
                break;
            }
            let key_at = self.pos;
            let key = match self.value()? {
                PyValue::Str(key) => key,
                other => {
                    return Err(LiteralError {
                        column: key_at + 1,
                        message: format!("dict keys must be str, not {}", other.type_name()),
                    });
                }
            };
            self.skip_ws();
            if self.peek() != Some(':') {
                return Err(self.error("expected ':'"));
            }
            self.pos += 1;
            let value = self.value()?;
            // A repeated key keeps its first place and its last value, as in Python.
            match pairs.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => *v = value,
                None => pairs.push((key, value)),
            }
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some('}') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
        Ok(PyValue::Dict(pairs))
    }

    fn signed_number(&mut self) -> Result<PyValue, LiteralError> {
        let negative = self.peek() == Some('-');
        self.pos += 1;
        self.skip_ws();
        // The sign is read with the digits so that `-170141183460469231731687303715884105728`
        // (the smallest i128, whose magnitude alone does not fit) is still a number.
        if self.at_number() {
            return self.number(negative);
        }
        match self.value()? {
            // `--170141183460469231731687303715884105728` is 2**127, past i128.
            PyValue::Int(i) if negative => i
                .checked_neg()
                .map(PyValue::Int)
                .ok_or_else(|| self.error("integer out of range")),
            PyValue::Int(i) => Ok(PyValue::Int(i)),
            PyValue::Float(x) => Ok(PyValue::Float(if negative { -x } else { x })),
            PyValue::Bool(b) => Ok(PyValue::Int(if negative {
                -i128::from(b)
            } else {
                i128::from(b)
            })),
            _ => Err(self.error("a sign must be followed by a number")),
        }
    }

    fn number(&mut self, negative: bool) -> Result<PyValue, LiteralError> {
        let start = self.pos;
        while self.peek().is_some_and(|c| {
            c.is_ascii_alphanumeric()
                || c == '_'
                || c == '.'
                || ((c == '+' || c == '-') && self.exponent_sign(start))
        }) {
            self.pos += 1;
        }
        let raw: String = self.chars[start..self.pos].iter().collect();
        if raw.ends_with('_') || raw.contains("__") {
            return Err(LiteralError {
                column: start + 1,
                message: format!("invalid number {raw}"),
            });
        }
        let text = raw.replace('_', "");
        let radix = match text.get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("0x") => Some(16),
            Some("0o") => Some(8),
            Some("0b") => Some(2),
            _ => None,
        };
        let bad = || LiteralError {
            column: start + 1,
            message: format!("invalid number {raw}"),
        };
        let sign = if negative { "-" } else { "" };
        if let Some(radix) = radix {
            let digits = &text[2..];
            if digits.starts_with(['+', '-']) {
                return Err(bad());
            }
            return i128::from_str_radix(&format!("{sign}{digits}"), radix)
                .map(PyValue::Int)
                .map_err(|_| bad());
        }
        if text.bytes().all(|b| b.is_ascii_digit()) {
            // Python 3 refuses decimal integers with leading zeros, except zero itself.
            if text.len() > 1 && text.starts_with('0') && text.bytes().any(|b| b != b'0') {
                return Err(bad());
            }
            return format!("{sign}{text}")
                .parse::<i128>()
                .map(PyValue::Int)
                .map_err(|_| LiteralError {
                    column: start + 1,
                    message: format!("integer {raw} is too large"),
                });
        }
        let is_float_text = text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
        if is_float_text {
            let x = text.parse::<f64>().map_err(|_| bad())?;
            return Ok(PyValue::Float(if negative { -x } else { x }));
        }
        Err(bad())
    }

    /// Is the `+`/`-` under the cursor the sign of an exponent (`1e-5`) of the number that
    /// starts at `start`? Only that number's own characters count: an `x` earlier in the
    /// input (`('x', 1e-5)`) says nothing about this one.
    fn exponent_sign(&self, start: usize) -> bool {
        let number = &self.chars[start..self.pos];
        matches!(number.last(), Some('e' | 'E')) && !number.iter().any(|c| *c == 'x' || *c == 'X')
    }

    fn word_or_string(&mut self) -> Result<PyValue, LiteralError> {
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
                out.push(char::from_u32(cp).ok_or("escape is not a valid character")?)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<PyValue> {
        match parse_tuple(text) {
            Ok(v) => v,
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[test]
    fn scalars_of_every_kind_parse() {
        assert_eq!(
            parse("(3, -7, 1.5, 1e300, None, True, False, 'a', \"b\")"),
            vec![
                PyValue::Int(3),
                PyValue::Int(-7),
                PyValue::Float(1.5),
                PyValue::Float(1e300),
                PyValue::None,
                PyValue::Bool(true),
                PyValue::Bool(false),
                PyValue::Str("a".into()),
                PyValue::Str("b".into()),
            ]
        );
    }

    #[test]
    fn single_element_tuple_needs_its_comma() {
        assert_eq!(parse("('d',)"), vec![PyValue::Str("d".into())]);
        assert!(parse_tuple("('d')").is_err());
        assert_eq!(parse("()"), vec![]);
    }

    #[test]
    fn string_escapes_decode_as_python_does() {
        assert_eq!(
            parse(
                r#"("'; delete * from users ; --", 'it\'s', 'a\\b\n\x00\u00e9\U0001F40D', r'\n')"#
            ),
            vec![
                PyValue::Str("'; delete * from users ; --".into()),
                PyValue::Str("it's".into()),
                PyValue::Str("a\\b\n\u{0}é🐍".into()),
                PyValue::Str("\\n".into()),
            ]
        );
    }

    #[test]
    fn bytes_and_adjacent_literals() {
        assert_eq!(
            parse(r"(b'\x00\xff', 'a' 'b')"),
            vec![PyValue::Bytes(vec![0, 255]), PyValue::Str("ab".into())]
        );
    }

    #[test]
    fn integers_in_other_bases_and_with_separators() {
        assert_eq!(
            parse("(0xff, 0o17, 0b101, 1_000, 18446744073709551615)"),
            vec![
                PyValue::Int(255),
                PyValue::Int(15),
                PyValue::Int(5),
                PyValue::Int(1000),
                PyValue::Int(18446744073709551615),
            ]
        );
    }

    /// An `x` anywhere before a float (in a string, say) used to make its exponent sign
    /// end the number, so `('x', 1e-05)` did not parse.
    #[test]
    fn a_float_exponent_is_read_whatever_came_before_it() {
        assert_eq!(
            parse("('x', 1e-05, b'\\xff', 2.5E+300, -1e-07, 0x1f)"),
            vec![
                PyValue::Str("x".into()),
                PyValue::Float(1e-5),
                PyValue::Bytes(vec![0xff]),
                PyValue::Float(2.5e300),
                PyValue::Float(-1e-7),
                PyValue::Int(31),
            ]
        );
    }

    #[test]
    fn the_smallest_i128_and_signed_other_bases_parse() {
        assert_eq!(
            parse("(-170141183460469231731687303715884105728, -0x10, - 3)"),
            vec![PyValue::Int(i128::MIN), PyValue::Int(-16), PyValue::Int(-3)]
        );
    }

    #[test]
    fn minus_the_smallest_i128_is_out_of_range_not_an_overflow() {
        let err = parse_tuple("(--170141183460469231731687303715884105728,)")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("integer out of range"), "{err}");
        assert_eq!(parse("(--5,)"), vec![PyValue::Int(5)]);
    }

    #[test]
    fn dicts_with_str_keys_parse_and_other_keys_do_not() {
        assert_eq!(
            parse("({'a': 1, \"b\": [None], 'a': 2},)"),
            vec![PyValue::Dict(vec![
                ("a".into(), PyValue::Int(2)),
                ("b".into(), PyValue::List(vec![PyValue::None])),
            ])]
        );
        assert!(parse_tuple("({1: 2},)").is_err());
        assert!(parse_tuple("({'a' 2},)").is_err());
    }

    /// Hostile nesting is an error, not a stack overflow.
    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        for open in ["(", "[", "{'k': ", "-"] {
            let text = open.repeat(100_000);
            let err = parse_tuple(&text).err().map(|e| e.message);
            assert_eq!(err.as_deref(), Some("too deeply nested"), "{open}");
        }
        assert!(parse_tuple(&format!("{}1{}", "(".repeat(50), ",)".repeat(50))).is_ok());
    }

    #[test]
    fn a_list_of_tuples_parses_and_nothing_else_does() {
        assert_eq!(
            parse_tuple_list("[(1, 'a'), (2,)]").ok(),
            Some(vec![
                vec![PyValue::Int(1), PyValue::Str("a".into())],
                vec![PyValue::Int(2)]
            ])
        );
        assert_eq!(parse_tuple_list(" [] ").ok(), Some(vec![]));
        assert!(parse_tuple_list("[(1,), 2]").is_err());
        assert!(parse_tuple_list("((1,),)").is_err());
        assert!(parse_tuple_list("[(1,)] x").is_err());
    }

    #[test]
    fn junk_is_an_error_with_a_column() {
        let err = parse_tuple("(1, foo)").err();
        assert_eq!(err.map(|e| e.column), Some(5));
        assert!(parse_tuple("(1, 'open)").is_err());
        assert!(parse_tuple("(1, 2) extra").is_err());
        assert!(parse_tuple("(012,)").is_err());
    }
}
