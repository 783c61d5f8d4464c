//! The text form of a cell, as the MySQL text protocol (and so the `mysql` client) shows it.
//! Text-protocol cells already are that text; typed cells (binary protocol, SQLite) are
//! formatted the way the server would have sent them.

use std::borrow::Cow;

use super::Cell;
use super::column::{Column, field_type};

/// The bytes the text protocol would carry for this cell; `None` for NULL.
pub fn cell_bytes<'a>(cell: &'a Cell, column: Option<&Column>) -> Option<Cow<'a, [u8]>> {
    match cell {
        Cell::Null => None,
        Cell::Bytes(b) => Some(Cow::Borrowed(b)),
        Cell::Text(s) => Some(Cow::Borrowed(s.as_bytes())),
        other => Some(Cow::Owned(typed_text(other, column).into_bytes())),
    }
}

/// The text of a cell (lossy UTF-8 for byte strings; `NULL` for NULL).
pub fn cell_text(cell: &Cell) -> String {
    match cell_bytes(cell, None) {
        None => "NULL".to_owned(),
        Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn typed_text(cell: &Cell, column: Option<&Column>) -> String {
    match cell {
        Cell::Int(i) => i.to_string(),
        Cell::UInt(u) => u.to_string(),
        Cell::Float(f) => shortest_float(&format!("{f:e}")),
        Cell::Double(d) => shortest_float(&format!("{d:e}")),
        Cell::Date(y, mo, d, h, mi, s, us) => {
            let date_only = column
                .is_some_and(|c| matches!(c.type_code, field_type::DATE | field_type::NEWDATE));
            if date_only {
                format!("{y:04}-{mo:02}-{d:02}")
            } else if *us != 0 {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{us:06}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Cell::Time(neg, days, h, m, s, us) => {
            let sign = if *neg { "-" } else { "" };
            let hours = u64::from(*days) * 24 + u64::from(*h);
            if *us != 0 {
                format!("{sign}{hours:02}:{m:02}:{s:02}.{us:06}")
            } else {
                format!("{sign}{hours:02}:{m:02}:{s:02}")
            }
        }
        Cell::Null | Cell::Bytes(_) | Cell::Text(_) => String::new(),
    }
}

/// MySQL's `%g`-like layout of a float from Rust's shortest `{:e}` digits: `1.5`, `100`,
/// `1e300`, `1.5e-7`.
fn shortest_float(sci: &str) -> String {
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
    if digits.trim_start_matches('0').is_empty() {
        return format!("{sign}0");
    }
    if !(-5..15).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        return format!("{sign}{first}{rest}e{exp}");
    }
    let point = exp + 1;
    let len = digits.len() as i32;
    if point <= 0 {
        format!(
            "{sign}0.{}{digits}",
            "0".repeat(point.unsigned_abs() as usize)
        )
    } else if point >= len {
        format!("{sign}{digits}{}", "0".repeat((point - len) as usize))
    } else {
        let (int, frac) = digits.split_at(point as usize);
        format!("{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_cells_print_as_the_text_protocol_would() {
        assert_eq!(cell_text(&Cell::Double(1e300)), "1e300");
        assert_eq!(cell_text(&Cell::Double(100.0)), "100");
        assert_eq!(cell_text(&Cell::Float(0.1)), "0.1");
        assert_eq!(cell_text(&Cell::Double(-0.25)), "-0.25");
        assert_eq!(cell_text(&Cell::Time(true, 1, 2, 3, 4, 0)), "-26:03:04");
        assert_eq!(
            cell_text(&Cell::Date(2024, 1, 2, 3, 4, 5, 6)),
            "2024-01-02 03:04:05.000006"
        );
        assert_eq!(cell_text(&Cell::Null), "NULL");
    }
}
