//! `repr()` of `str` and `bytes`.

use std::fmt;

use super::printable_table::NOT_PRINTABLE;

/// Python's `str.isprintable()` for one character (CPython 3.11, Unicode 14.0).
pub fn is_printable(ch: char) -> bool {
    let cp = u32::from(ch);
    if (0x20..0x7f).contains(&cp) {
        return true;
    }
    NOT_PRINTABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_err()
}

/// The quote Python's repr picks: `'` unless the text has a `'` and no `"`.
fn pick_quote(has_single: bool, has_double: bool) -> char {
    if has_single && !has_double { '"' } else { '\'' }
}

/// `repr(s)` for a Python `str`.
pub fn str_repr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    let _ = write_str_repr(&mut out, s);
    out
}

/// Writes `repr(s)` piece by piece, so a writer that gives up early (an abridged
/// display) stops the work early too.
///
/// # Failure
/// The writer's error.
pub fn write_str_repr(out: &mut dyn fmt::Write, s: &str) -> fmt::Result {
    let quote = pick_quote(s.contains('\''), s.contains('"'));
    out.write_char(quote)?;
    let mut plain = 0;
    for (i, ch) in s.char_indices() {
        let escaped = ch == quote || !is_printable(ch) || ch == '\\';
        if !escaped {
            continue;
        }
        out.write_str(s.get(plain..i).unwrap_or_default())?;
        plain = i + ch.len_utf8();
        match ch {
            '\\' => out.write_str("\\\\")?,
            '\t' => out.write_str("\\t")?,
            '\n' => out.write_str("\\n")?,
            '\r' => out.write_str("\\r")?,
            c if c == quote => {
                out.write_char('\\')?;
                out.write_char(c)?;
            }
            c => {
                let cp = u32::from(c);
                if cp <= 0xff {
                    write!(out, "\\x{cp:02x}")?;
                } else if cp <= 0xffff {
                    write!(out, "\\u{cp:04x}")?;
                } else {
                    write!(out, "\\U{cp:08x}")?;
                }
            }
        }
    }
    out.write_str(s.get(plain..).unwrap_or_default())?;
    out.write_char(quote)
}

/// A run of printable ASCII bytes as text (always valid UTF-8).
fn ascii(run: Option<&[u8]>) -> &str {
    std::str::from_utf8(run.unwrap_or_default()).unwrap_or_default()
}

/// `repr(b)` for a Python `bytes`.
pub fn bytes_repr(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 3);
    let _ = write_bytes_repr(&mut out, bytes);
    out
}

/// Writes `repr(b)` piece by piece (see [`write_str_repr`]).
///
/// # Failure
/// The writer's error.
pub fn write_bytes_repr(out: &mut dyn fmt::Write, bytes: &[u8]) -> fmt::Result {
    let quote = pick_quote(bytes.contains(&b'\''), bytes.contains(&b'"'));
    out.write_char('b')?;
    out.write_char(quote)?;
    let mut plain = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let literal = (0x20..=0x7e).contains(&b) && b != b'\\' && char::from(b) != quote;
        if literal {
            continue;
        }
        out.write_str(ascii(bytes.get(plain..i)))?;
        plain = i + 1;
        match b {
            b'\\' => out.write_str("\\\\")?,
            b'\t' => out.write_str("\\t")?,
            b'\n' => out.write_str("\\n")?,
            b'\r' => out.write_str("\\r")?,
            b if char::from(b) == quote => {
                out.write_char('\\')?;
                out.write_char(char::from(b))?;
            }
            b => {
                const DIGITS: &[u8; 16] = b"0123456789abcdef";
                let hex = [
                    b'\\',
                    b'x',
                    DIGITS[usize::from(b >> 4)],
                    DIGITS[usize::from(b & 15)],
                ];
                out.write_str(ascii(Some(&hex)))?;
            }
        }
    }
    out.write_str(ascii(bytes.get(plain..)))?;
    out.write_char(quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_repr_prefers_single_quotes() {
        assert_eq!(str_repr("John Doe"), "'John Doe'");
        assert_eq!(str_repr(""), "''");
    }

    #[test]
    fn str_repr_switches_to_double_quotes_for_a_lone_single_quote() {
        assert_eq!(
            str_repr("'; delete * from users ; --"),
            "\"'; delete * from users ; --\""
        );
    }

    #[test]
    fn str_repr_escapes_the_chosen_quote_when_both_appear() {
        assert_eq!(
            str_repr("line1\nline2\t\"quoted\" and 'single'"),
            "'line1\\nline2\\t\"quoted\" and \\'single\\''"
        );
    }

    #[test]
    fn str_repr_keeps_printable_unicode_and_escapes_the_rest() {
        assert_eq!(str_repr("Zoë ☃ 🐍"), "'Zoë ☃ 🐍'");
        assert_eq!(
            str_repr("\u{0}\u{7f}\u{a0}\u{200b}\u{e0001}"),
            "'\\x00\\x7f\\xa0\\u200b\\U000e0001'"
        );
    }

    #[test]
    fn bytes_repr_escapes_non_ascii_as_hex() {
        assert_eq!(bytes_repr(b"\x00\xff\x10\xc3"), "b'\\x00\\xff\\x10\\xc3'");
        assert_eq!(bytes_repr(b"it's"), "b\"it's\"");
        assert_eq!(bytes_repr(b""), "b''");
    }
}
