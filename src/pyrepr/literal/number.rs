//! Python number literals: integers in any base with `_` separators and a sign, floats.

use super::{LiteralError, Parser};
use crate::pyrepr::PyValue;

impl Parser {
    pub(super) fn signed_number(&mut self) -> Result<PyValue, LiteralError> {
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

    pub(super) fn number(&mut self, negative: bool) -> Result<PyValue, LiteralError> {
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
}
