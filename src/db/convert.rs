//! Wire values to Python values, rule for rule as mysql-connector-python 8.4.0 (pure-Python)
//! converts them: `MySQLConverter.row_to_python` for the text protocol and
//! `MySQLProtocol._parse_binary_values` for the binary protocol of prepared statements.
//!
//! One deliberate difference: where the reference decodes the binary protocol wrongly
//! (negative TIME, YEAR, BIT), the value the text protocol gives for the same data is
//! returned instead.

use super::column::{BINARY_CHARSET, Column, field_flag, field_type};
use super::{Cell, DbError, ExceptionClass};
use crate::pyrepr::{Date, DateError, DateTime, PyValue, TimeDelta, decimal_str};

/// How the cells of a row are turned into Python values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoding {
    /// Text protocol, converted by column type (`cursor()`).
    Text,
    /// Text protocol, left as bytes (`cursor(raw=True)`).
    Raw,
    /// Binary protocol (`cursor(prepared=True)`), converted as it is parsed.
    Binary,
    /// SQLite's typed values, as Python's `sqlite3` returns them (no `detect_types`):
    /// the storage class alone decides, whatever the column's declared type.
    Sqlite,
}

/// The Python value of one cell.
///
/// # Failure
/// A `ValueError` where the reference's converter raises one (a binary DATE the
/// `datetime` constructor refuses).
pub fn to_python(cell: &Cell, column: &Column, decoding: Decoding) -> Result<PyValue, DbError> {
    match decoding {
        Decoding::Raw => Ok(raw(cell)),
        Decoding::Text => Ok(text(cell, column)),
        Decoding::Binary => binary(cell, column),
        Decoding::Sqlite => Ok(sqlite(cell)),
    }
}

/// Converts a whole row.
pub fn row_to_python(
    cells: &[Cell],
    columns: &[Column],
    decoding: Decoding,
) -> Result<Vec<PyValue>, DbError> {
    cells
        .iter()
        .zip(columns)
        .map(|(cell, col)| to_python(cell, col, decoding))
        .collect()
}

fn raw(cell: &Cell) -> PyValue {
    match cell {
        Cell::Null => PyValue::None,
        Cell::Bytes(b) => PyValue::Bytes(b.clone()),
        other => PyValue::Bytes(
            super::display::cell_bytes(other, None)
                .map(std::borrow::Cow::into_owned)
                .unwrap_or_default(),
        ),
    }
}

fn sqlite(cell: &Cell) -> PyValue {
    match cell {
        Cell::Null => PyValue::None,
        Cell::Int(i) => PyValue::Int(i128::from(*i)),
        Cell::Double(d) => PyValue::Float(*d),
        Cell::Text(t) => PyValue::Str(t.clone()),
        Cell::Bytes(b) => PyValue::Bytes(b.clone()),
        // SQLite makes no other cells; keep them meaningful anyway.
        other => PyValue::Str(super::display::cell_text(other)),
    }
}

fn utf8_or_bytes(bytes: &[u8]) -> PyValue {
    match std::str::from_utf8(bytes) {
        Ok(s) => PyValue::Str(s.to_owned()),
        Err(_) => PyValue::Bytes(bytes.to_vec()),
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Text protocol: `MySQLConverter.row_to_python`.
fn text(cell: &Cell, column: &Column) -> PyValue {
    use field_type::{
        BIT, BLOB, DATE, DATETIME, DECIMAL, DOUBLE, FLOAT, INT24, JSON, LONG, LONG_BLOB, LONGLONG,
        MEDIUM_BLOB, NEWDECIMAL, SET, SHORT, STRING, TIME, TIMESTAMP, TINY, TINY_BLOB, VAR_STRING,
        YEAR,
    };
    let bytes: &[u8] = match cell {
        Cell::Null => return PyValue::None,
        Cell::Bytes(b) => b,
        // Only SQLite and the binary protocol make typed cells; keep them meaningful anyway.
        other => return binary(other, column).unwrap_or(PyValue::None),
    };
    let parse_int = || {
        lossy(bytes)
            .trim()
            .parse::<i128>()
            .map_or_else(|_| utf8_or_bytes(bytes), PyValue::Int)
    };
    match column.type_code {
        TINY | SHORT | LONG | LONGLONG | INT24 | YEAR => parse_int(),
        FLOAT | DOUBLE => lossy(bytes)
            .trim()
            .parse::<f64>()
            .map_or_else(|_| utf8_or_bytes(bytes), PyValue::Float),
        DECIMAL | NEWDECIMAL => {
            decimal_str(&lossy(bytes)).map_or_else(|| utf8_or_bytes(bytes), PyValue::Decimal)
        }
        BIT => PyValue::Int(bit_value(bytes)),
        DATE => text_date(bytes),
        TIME => text_time(bytes),
        DATETIME | TIMESTAMP => text_datetime(bytes),
        SET => text_set(bytes),
        STRING | VAR_STRING | JSON => text_string(bytes, column),
        TINY_BLOB | MEDIUM_BLOB | LONG_BLOB | BLOB => {
            let f = column.flags;
            if f & field_flag::BLOB != 0
                && f & field_flag::BINARY != 0
                && column.charset == BINARY_CHARSET
            {
                PyValue::Bytes(bytes.to_vec())
            } else {
                text_string(bytes, column)
            }
        }
        // NEWDATE, VARCHAR, ENUM, GEOMETRY, NULL: the converter has no method for these
        // and falls back to decoding.
        _ => utf8_or_bytes(bytes),
    }
}

/// `_string_to_python`: JSON as text, SET columns as sets, binary charset as bytes.
fn text_string(bytes: &[u8], column: &Column) -> PyValue {
    if column.type_code == field_type::JSON {
        return PyValue::Str(lossy(bytes));
    }
    if column.flags & field_flag::SET != 0 {
        return text_set(bytes);
    }
    if column.charset == BINARY_CHARSET {
        return PyValue::Bytes(bytes.to_vec());
    }
    utf8_or_bytes(bytes)
}

fn text_set(bytes: &[u8]) -> PyValue {
    let text = lossy(bytes);
    if text.is_empty() {
        return PyValue::Set(Vec::new());
    }
    PyValue::Set(text.split(',').map(str::to_owned).collect())
}

/// Big-endian bytes of a BIT value as an unsigned integer.
pub(crate) fn bit_value(bytes: &[u8]) -> i128 {
    bytes
        .iter()
        .fold(0i128, |acc, b| (acc << 8) | i128::from(*b))
}

fn ints(text: &str, sep: char) -> Option<Vec<i64>> {
    text.split(sep)
        .map(|p| p.trim().parse::<i64>().ok())
        .collect()
}

/// `_date_to_python`: an impossible date (the zero date) is `None`.
fn text_date(bytes: &[u8]) -> PyValue {
    let text = lossy(bytes);
    match ints(&text, '-').as_deref() {
        Some(&[y, m, d]) => make_date(y, m, d).map_or(PyValue::None, PyValue::Date),
        _ => utf8_or_bytes(bytes),
    }
}

fn make_date(y: i64, m: i64, d: i64) -> Result<Date, DateError> {
    let (y, m, d) = (clamp_i32(y), clamp_u32(m), clamp_u32(d));
    Date::new(y, m, d)
}

fn clamp_i32(v: i64) -> i32 {
    v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

fn clamp_u32(v: i64) -> u32 {
    v.clamp(0, i64::from(u32::MAX)) as u32
}

/// Microseconds from a fraction such as `5` or `123456` (`ljust(6, '0')`).
fn micros(frac: &str) -> i64 {
    let mut digits: String = frac.chars().take(6).collect();
    while digits.len() < 6 {
        digits.push('0');
    }
    digits.parse().unwrap_or(0)
}

/// `_time_to_python`: a leading `-` negates minutes, seconds and microseconds too.
fn text_time(bytes: &[u8]) -> PyValue {
    let text = lossy(bytes);
    let (hms, mcs) = match text.split_once('.') {
        Some((hms, frac)) => (hms, micros(frac)),
        None => (text.as_str(), 0),
    };
    let Some(&[h, m, s]) = ints(hms, ':').as_deref() else {
        return utf8_or_bytes(bytes);
    };
    let negative = text.starts_with('-');
    let (m, s, mcs) = if negative {
        (-m, -s, -mcs)
    } else {
        (m, s, mcs)
    };
    PyValue::TimeDelta(TimeDelta::from_micros(
        ((h * 60 + m) * 60 + s) * 1_000_000 + mcs,
    ))
}

/// `_datetime_to_python`: an impossible datetime (the zero date) is `None`.
fn text_datetime(bytes: &[u8]) -> PyValue {
    let text = lossy(bytes);
    let Some((date, time)) = text.split_once(' ') else {
        return utf8_or_bytes(bytes);
    };
    let (hms, mcs) = match time.split_once('.') {
        Some((hms, frac)) if time.len() > 8 => (hms, micros(frac)),
        _ => (time, 0),
    };
    match (ints(date, '-').as_deref(), ints(hms, ':').as_deref()) {
        (Some(&[y, mo, d]), Some(&[h, mi, s])) => DateTime::new(
            (clamp_i32(y), clamp_u32(mo), clamp_u32(d)),
            clamp_u32(h),
            clamp_u32(mi),
            clamp_u32(s),
            mcs as u32,
        )
        .map_or(PyValue::None, PyValue::DateTime),
        _ => utf8_or_bytes(bytes),
    }
}

/// Binary protocol: `_parse_binary_values`, with text semantics for TIME, YEAR and BIT.
fn binary(cell: &Cell, column: &Column) -> Result<PyValue, DbError> {
    use field_type::{
        BIT, DATE, DECIMAL, INT24, LONG, LONGLONG, NEWDATE, NEWDECIMAL, SHORT, TINY, YEAR,
    };
    Ok(match cell {
        // A zero DATETIME is the connector's None, as NULL is.
        Cell::Null | Cell::Date(0, 0, 0, 0, 0, 0, 0) => PyValue::None,
        Cell::Int(i) => PyValue::Int((*i).into()),
        Cell::UInt(u) => PyValue::Int((*u).into()),
        Cell::Float(f) => PyValue::Float(f64::from(*f)),
        Cell::Double(d) => PyValue::Float(*d),
        Cell::Text(s) => PyValue::Str(s.clone()),
        Cell::Date(y, mo, d, h, mi, s, us) => {
            let value_error =
                |e: DateError| DbError::new(ExceptionClass::ValueError, e.to_string());
            if matches!(column.type_code, DATE | NEWDATE) {
                PyValue::Date(
                    Date::new((*y).into(), (*mo).into(), (*d).into()).map_err(value_error)?,
                )
            } else {
                let dt = DateTime::new(
                    ((*y).into(), (*mo).into(), (*d).into()),
                    (*h).into(),
                    (*mi).into(),
                    (*s).into(),
                    *us,
                );
                PyValue::DateTime(dt.map_err(value_error)?)
            }
        }
        Cell::Time(negative, days, h, m, s, us) => {
            let magnitude =
                ((i64::from(*days) * 24 + i64::from(*h)) * 60 + i64::from(*m)) * 60 + i64::from(*s);
            let total = magnitude * 1_000_000 + i64::from(*us);
            PyValue::TimeDelta(TimeDelta::from_micros(if *negative {
                -total
            } else {
                total
            }))
        }
        Cell::Bytes(bytes) => match column.type_code {
            DECIMAL | NEWDECIMAL => {
                decimal_str(&lossy(bytes)).map_or_else(|| utf8_or_bytes(bytes), PyValue::Decimal)
            }
            BIT => PyValue::Int(bit_value(bytes)),
            YEAR | TINY | SHORT | LONG | LONGLONG | INT24 => lossy(bytes)
                .parse::<i128>()
                .map_or_else(|_| PyValue::Bytes(bytes.clone()), PyValue::Int),
            _ if column.flags == field_flag::BINARY || column.charset == BINARY_CHARSET => {
                PyValue::Bytes(bytes.clone())
            }
            _ => utf8_or_bytes(bytes),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(type_code: u8, flags: u16, charset: u16) -> Column {
        Column {
            name: "c".into(),
            type_code,
            flags,
            charset,
            meta: None,
        }
    }

    fn text_value(type_code: u8, flags: u16, charset: u16, bytes: &[u8]) -> String {
        text(
            &Cell::Bytes(bytes.to_vec()),
            &col(type_code, flags, charset),
        )
        .to_string()
    }

    #[test]
    fn text_protocol_values_match_the_reference() {
        use field_type::*;
        assert_eq!(
            text_value(LONGLONG, 32, 63, b"18446744073709551615"),
            "18446744073709551615"
        );
        assert_eq!(
            text_value(NEWDECIMAL, 0, 63, b"5500.50"),
            "Decimal('5500.50')"
        );
        assert_eq!(text_value(FLOAT, 0, 63, b"-0"), "-0.0");
        assert_eq!(text_value(BIT, 32, 63, b"\xa5"), "165");
        assert_eq!(text_value(DATE, 128, 63, b"0000-00-00"), "None");
        assert_eq!(
            text_value(TIME, 128, 63, b"-12:34:56"),
            "datetime.timedelta(days=-1, seconds=41104)"
        );
        assert_eq!(
            text_value(TIME, 128, 63, b"-00:00:00.5"),
            "datetime.timedelta(days=-1, seconds=86399, microseconds=500000)"
        );
        assert_eq!(
            text_value(DATETIME, 128, 63, b"2024-01-02 03:04:05.5"),
            "datetime.datetime(2024, 1, 2, 3, 4, 5, 500000)"
        );
        assert_eq!(text_value(STRING, 2048, 45, b"red,blue"), "{'blue', 'red'}");
        assert_eq!(text_value(STRING, 2048, 45, b""), "set()");
        assert_eq!(text_value(BLOB, 144, 63, b"\x00\xff"), "b'\\x00\\xff'");
        assert_eq!(text_value(BLOB, 16, 45, b"text"), "'text'");
        assert_eq!(text_value(VAR_STRING, 0, 45, b"\xff"), "b'\\xff'");
        assert_eq!(text_value(YEAR, 96, 63, b"2024"), "2024");
    }

    #[test]
    fn binary_protocol_uses_text_semantics_where_the_reference_is_wrong() -> Result<(), DbError> {
        use field_type::*;
        let time = binary(&Cell::Time(true, 0, 12, 34, 56, 0), &col(TIME, 128, 63))?;
        assert_eq!(
            time.to_string(),
            "datetime.timedelta(days=-1, seconds=41104)"
        );
        assert_eq!(
            binary(&Cell::Int(2024), &col(YEAR, 96, 63))?.to_string(),
            "2024"
        );
        assert_eq!(
            binary(&Cell::Bytes(vec![0xa5]), &col(BIT, 32, 63))?.to_string(),
            "165"
        );
        assert_eq!(
            binary(&Cell::Float(0.1), &col(FLOAT, 0, 63))?.to_string(),
            "0.10000000149011612"
        );
        assert_eq!(
            binary(&Cell::Bytes(b"red,blue".to_vec()), &col(STRING, 2048, 45))?.to_string(),
            "'red,blue'"
        );
        Ok(())
    }

    #[test]
    fn binary_zero_date_is_none_and_a_zero_month_is_a_value_error() {
        let c = col(field_type::DATETIME, 128, 63);
        assert_eq!(
            binary(&Cell::Date(0, 0, 0, 0, 0, 0, 0), &c).ok(),
            Some(PyValue::None)
        );
        let err = binary(&Cell::Date(2024, 0, 0, 0, 0, 0, 0), &c).err();
        assert_eq!(
            err.map(|e| e.python_line()),
            Some("ValueError: month must be in 1..12".to_owned())
        );
    }
}
