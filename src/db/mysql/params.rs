//! Client-side parameter interpolation, byte for byte as `MySQLCursor.execute` does it:
//! every `%s` is replaced, in order, by the converted, escaped and quoted parameter.
//!
//! This is how mysql-connector-python makes a "parametric statement" on its default
//! cursor; the values never become SQL syntax because every dangerous byte is escaped.

use crate::pyrepr::{PyValue, float_repr};

use crate::db::{DbError, ExceptionClass};

/// The SQL literal for one parameter: `MySQLConverter.to_mysql`, then `escape`, then
/// `quote` (numbers and NULL unquoted).
///
/// `no_backslash_escapes` is true when the server has `NO_BACKSLASH_ESCAPES` on (the
/// reference instead compares a cached `sql_mode` with that whole string; see
/// `Cursor::execute`).
///
/// # Failure
/// A `TypeError` message for values with no MySQL form (tuples, lists, dicts, sets).
pub fn sql_literal(value: &PyValue, no_backslash_escapes: bool) -> Result<Vec<u8>, String> {
    let quoted = |bytes: &[u8]| {
        let mut out = Vec::with_capacity(bytes.len() + 2);
        out.push(b'\'');
        out.extend(escape(bytes, no_backslash_escapes));
        out.push(b'\'');
        out
    };
    Ok(match value {
        PyValue::None => b"NULL".to_vec(),
        PyValue::Bool(b) => {
            if *b {
                b"1".to_vec()
            } else {
                b"0".to_vec()
            }
        }
        PyValue::Int(i) => i.to_string().into_bytes(),
        PyValue::Float(x) if x.is_nan() => b"NULL".to_vec(),
        PyValue::Float(x) => float_repr(*x).into_bytes(),
        PyValue::Decimal(d) => d.clone().into_bytes(),
        PyValue::Str(s) => quoted(s.as_bytes()),
        PyValue::Bytes(b) => quoted(b),
        PyValue::Date(d) => quoted(format!("{:04}-{:02}-{:02}", d.year, d.month, d.day).as_bytes()),
        PyValue::DateTime(dt) => {
            let d = dt.date;
            let mut text = format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                d.year, d.month, d.day, dt.hour, dt.minute, dt.second
            );
            if dt.microsecond != 0 {
                text.push_str(&format!(".{:06}", dt.microsecond));
            }
            quoted(text.as_bytes())
        }
        PyValue::TimeDelta(td) => {
            quoted(timedelta_literal(td.days, td.seconds, td.microseconds).as_bytes())
        }
        other => {
            return Err(format!(
                "Python '{}' cannot be converted to a MySQL type",
                other.type_name().to_lowercase()
            ));
        }
    })
}

/// `MySQLConverter._timedelta_to_mysql`.
fn timedelta_literal(days: i64, seconds: u32, micros: u32) -> String {
    let mut secs = (days * 86_400 + i64::from(seconds)).unsigned_abs();
    let negative = days < 0;
    let mut mcs = micros;
    if micros != 0 && negative {
        mcs = 1_000_000 - micros;
        secs -= 1;
    }
    let (hours, rem) = (secs / 3600, secs % 3600);
    let (mins, s) = (rem / 60, rem % 60);
    let sign = if negative { "-" } else { "" };
    if micros != 0 {
        format!("{sign}{hours:02}:{mins:02}:{s:02}.{mcs:06}")
    } else {
        format!("{sign}{hours:02}:{mins:02}:{s:02}")
    }
}

/// `MySQLConverter.escape` for bytes.
pub fn escape(bytes: &[u8], no_backslash_escapes: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 8);
    for &b in bytes {
        if no_backslash_escapes {
            if b == b'\'' {
                out.extend_from_slice(b"''");
            } else {
                out.push(b);
            }
            continue;
        }
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\'' => out.extend_from_slice(b"\\'"),
            b'"' => out.extend_from_slice(b"\\\""),
            0x1a => out.extend_from_slice(b"\\\x1a"),
            _ => out.push(b),
        }
    }
    out
}

/// Replaces each `%s` of `stmt` with the next parameter's SQL literal.
///
/// An empty `params` leaves the statement alone, `%s` and all (the reference only
/// interpolates when `params` is truthy).
///
/// # Failure
/// The reference's `ProgrammingError`s: a value with no MySQL form, more `%s` than
/// parameters, or parameters left over.
pub fn interpolate(
    stmt: &[u8],
    params: &[PyValue],
    no_backslash_escapes: bool,
) -> Result<Vec<u8>, DbError> {
    interpolate_with(stmt, params, |p| sql_literal(p, no_backslash_escapes))
}

/// As [`interpolate`], but byte strings that are not UTF-8 become hex literals
/// (`X'FF00'`), so the statement can travel as text. The driver only sends text; the
/// value the server sees is the same.
///
/// # Failure
/// As [`interpolate`]; also when the result is still not UTF-8.
pub fn interpolate_hex(
    stmt: &str,
    params: &[PyValue],
    no_backslash_escapes: bool,
) -> Result<String, DbError> {
    let bytes = interpolate_with(stmt.as_bytes(), params, |p| match p {
        PyValue::Bytes(b) if std::str::from_utf8(b).is_err() => Ok(hex_literal(b)),
        other => sql_literal(other, no_backslash_escapes),
    })?;
    String::from_utf8(bytes).map_err(|_| {
        DbError::new(
            ExceptionClass::ProgrammingError,
            "statement is not valid UTF-8",
        )
    })
}

/// `X'…'`: bytes that are not UTF-8, as a hex literal the server reads back unchanged.
pub(crate) fn hex_literal(bytes: &[u8]) -> Vec<u8> {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(bytes.len() * 2 + 3);
    out.extend_from_slice(b"X'");
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 0x0F)]);
    }
    out.push(b'\'');
    out
}

pub(crate) fn interpolate_with(
    stmt: &[u8],
    params: &[PyValue],
    literal: impl Fn(&PyValue) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, DbError> {
    if params.is_empty() {
        return Ok(stmt.to_vec());
    }
    let literals = params
        .iter()
        .map(literal)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            DbError::new(
                ExceptionClass::ProgrammingError,
                format!("Failed processing format-parameters; {e}"),
            )
        })?;
    let mut out = Vec::with_capacity(stmt.len() + literals.iter().map(Vec::len).sum::<usize>());
    let mut next = literals.iter();
    let mut i = 0;
    while i < stmt.len() {
        if stmt[i..].starts_with(b"%s") {
            let literal = next.next().ok_or_else(|| {
                DbError::new(
                    ExceptionClass::ProgrammingError,
                    "Not enough parameters for the SQL statement",
                )
            })?;
            out.extend_from_slice(literal);
            i += 2;
        } else {
            out.push(stmt[i]);
            i += 1;
        }
    }
    if next.next().is_some() {
        return Err(DbError::new(
            ExceptionClass::ProgrammingError,
            "Not all parameters were used in the SQL statement",
        ));
    }
    Ok(out)
}

/// Rewrites `%s` outside quotes to `?`, as `MySQLCursorPrepared.execute` does before
/// preparing (`RE_SQL_FIND_PARAM`: a `%s` followed by an even number of quote characters).
pub fn placeholders_to_question_marks(stmt: &str) -> String {
    let is_quote = |c: char| matches!(c, '"' | '\'' | '`');
    let chars: Vec<char> = stmt.chars().collect();
    // quotes_after[i] = number of quote characters at or after position i.
    let mut quotes_after = vec![0usize; chars.len() + 1];
    for i in (0..chars.len()).rev() {
        quotes_after[i] = quotes_after[i + 1] + usize::from(is_quote(chars[i]));
    }
    let mut out = String::with_capacity(stmt.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '%'
            && chars.get(i + 1) == Some(&'s')
            && quotes_after[i + 2].is_multiple_of(2)
        {
            out.push('?');
            i += 2;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interp(stmt: &str, params: &[PyValue]) -> Result<String, DbError> {
        interpolate(stmt.as_bytes(), params, false)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    #[test]
    fn injection_string_becomes_an_escaped_literal() -> Result<(), DbError> {
        let got = interp(
            "INSERT INTO user (id, name) VALUES (%s, %s)",
            &[
                PyValue::Int(3),
                PyValue::Str("'; delete * from users ; --".into()),
            ],
        )?;
        assert_eq!(
            got,
            "INSERT INTO user (id, name) VALUES (3, '\\'; delete * from users ; --')"
        );
        Ok(())
    }

    #[test]
    fn every_special_byte_is_escaped_but_nul() {
        assert_eq!(
            escape(b"a\\b\n\r'\"\x1a\x00", false),
            b"a\\\\b\\n\\r\\'\\\"\\\x1a\x00".to_vec()
        );
        assert_eq!(escape(b"it's \\", true), b"it''s \\".to_vec());
    }

    #[test]
    fn numbers_none_and_booleans_are_unquoted() -> Result<(), DbError> {
        let params = [
            PyValue::Float(1e300),
            PyValue::None,
            PyValue::Bool(true),
            PyValue::Float(f64::NAN),
        ];
        assert_eq!(interp("%s %s %s %s", &params)?, "1e+300 NULL 1 NULL");
        Ok(())
    }

    #[test]
    fn parameter_count_mismatches_are_programming_errors() {
        let one = [PyValue::Int(1)];
        assert_eq!(
            interp("%s, %s", &one).err().map(|e| e.msg),
            Some("Not enough parameters for the SQL statement".into())
        );
        assert_eq!(
            interp("no placeholder", &one).err().map(|e| e.msg),
            Some("Not all parameters were used in the SQL statement".into())
        );
        let nested = [PyValue::Tuple(vec![])];
        assert_eq!(
            interp("%s", &nested).err().map(|e| e.msg),
            Some("Failed processing format-parameters; Python 'tuple' cannot be converted to a MySQL type".into())
        );
    }

    #[test]
    fn empty_params_leave_placeholders_alone() -> Result<(), DbError> {
        assert_eq!(interp("SELECT '%s'", &[])?, "SELECT '%s'");
        Ok(())
    }

    #[test]
    fn prepared_rewrite_skips_quoted_placeholders() {
        assert_eq!(
            placeholders_to_question_marks("SELECT %s, '%s' FROM t WHERE a = %s"),
            "SELECT ?, '%s' FROM t WHERE a = ?"
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_travel_as_an_uppercase_hex_literal() -> Result<(), DbError> {
        let bytes = PyValue::Bytes(vec![0xFF, 0x00, 0x0A, 0xC3]);
        assert_eq!(
            interpolate_hex(
                "SELECT %s, %s",
                &[bytes, PyValue::Bytes(b"ok".to_vec())],
                false
            )?,
            "SELECT X'FF000AC3', 'ok'"
        );
        Ok(())
    }
}
