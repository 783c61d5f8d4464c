//! A parser for the Python tuple literals a user types as statement parameters
//! (`\params (3, "O'Brien", None)`): the part of `ast.literal_eval` a tuple of scalars needs.

use super::PyValue;

mod number;
mod string;
#[cfg(test)]
mod tests;

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
    let value = parse_whole(text)?;
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
    let value = parse_whole(text)?;
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
    let value = parse_whole(text)?;
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

/// One literal that must fill `text` (spaces around it aside).
fn parse_whole(text: &str) -> Result<PyValue, LiteralError> {
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
    Ok(value)
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
}
