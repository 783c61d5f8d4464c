//! `repr()` of `str` and `bytes`.

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
    let quote = pick_quote(s.contains('\''), s.contains('"'));
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let cp = u32::from(c);
                if cp <= 0xff {
                    out.push_str(&format!("\\x{cp:02x}"));
                } else if cp <= 0xffff {
                    out.push_str(&format!("\\u{cp:04x}"));
                } else {
                    out.push_str(&format!("\\U{cp:08x}"));
                }
            }
        }
    }
    out.push(quote);
    out
}

/// `repr(b)` for a Python `bytes`.
pub fn bytes_repr(bytes: &[u8]) -> String {
    let quote = pick_quote(bytes.contains(&b'\''), bytes.contains(&b'"'));
    let mut out = String::with_capacity(bytes.len() + 3);
    out.push('b');
    out.push(quote);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b if char::from(b) == quote => {
                out.push('\\');
                out.push(char::from(b));
            }
            0x20..=0x7e => out.push(char::from(b)),
            b => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push(quote);
    out
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
