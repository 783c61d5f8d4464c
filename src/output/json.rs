//! JSON: an array of objects, one per row, written as rows arrive. Numbers stay numbers,
//! NULL is `null`, binary strings are `"0x…"` hex (JSON has no bytes). As a document
//! ([`JsonWriter::document`]) one array holds the rows of every result set of a run, so the
//! output stays one valid JSON value however many statements return rows.

use std::io::{self, Write};

use super::{RowWriter, cell_bytes};
use crate::db::{Cell, Column};

pub struct JsonWriter<W: Write> {
    out: W,
    columns: Vec<Column>,
    keys: Vec<String>,
    rows: u64,
    scratch: String,
    /// One array for every result until [`RowWriter::finish`] (rather than one per result).
    document: bool,
    opened: bool,
}

impl<W: Write> JsonWriter<W> {
    /// A writer for one result: `begin` opens its array, `end` closes it.
    pub fn new(out: W) -> Self {
        JsonWriter {
            out,
            columns: Vec::new(),
            keys: Vec::new(),
            rows: 0,
            scratch: String::new(),
            document: false,
            opened: false,
        }
    }

    /// A writer for a whole run: the first result opens the array, the rows of every
    /// result go into it, and `finish` closes it (nothing is written when no statement
    /// returned a result set).
    pub fn document(out: W) -> Self {
        JsonWriter {
            document: true,
            ..JsonWriter::new(out)
        }
    }

    fn close(&mut self) -> io::Result<()> {
        self.out
            .write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?;
        self.out.flush()
    }
}

/// Appends `text` as a JSON string literal.
pub(crate) fn json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Is `text` a number JSON accepts as is?
fn is_json_number(text: &str) -> bool {
    let t = text.strip_prefix('-').unwrap_or(text);
    let (int, rest) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    if int.is_empty() || (int.len() > 1 && int.starts_with('0')) {
        return false;
    }
    let rest = match rest.strip_prefix('.') {
        Some(frac) => {
            let digits = frac
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(frac.len());
            if digits == 0 {
                return false;
            }
            &frac[digits..]
        }
        None => rest,
    };
    match rest.strip_prefix(['e', 'E']) {
        Some(exp) => {
            let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            !exp.is_empty() && exp.bytes().all(|b| b.is_ascii_digit())
        }
        None => rest.is_empty(),
    }
}

/// The column names as JSON string literals, the keys of every row object.
pub(crate) fn json_keys(columns: &[Column]) -> Vec<String> {
    columns
        .iter()
        .map(|c| {
            let mut k = String::new();
            json_string(&mut k, &c.name);
            k
        })
        .collect()
}

/// Appends one row as a JSON object: numbers stay numbers, NULL is `null`, binary strings
/// (or text that is not UTF-8) are `"0x…"` hex.
pub(crate) fn push_object(out: &mut String, keys: &[String], columns: &[Column], cells: &[Cell]) {
    out.push('{');
    for (i, ((cell, column), key)) in cells.iter().zip(columns).zip(keys).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(key);
        out.push_str(": ");
        match cell_bytes(cell, column) {
            None => out.push_str("null"),
            Some(bytes) => match std::str::from_utf8(&bytes).ok() {
                Some(t) if column.is_numeric() && is_json_number(t) => out.push_str(t),
                Some(t) if !column.is_binary_string() => json_string(out, t),
                _ => {
                    let mut hex = String::with_capacity(2 + bytes.len() * 2);
                    hex.push_str("0x");
                    for b in bytes.iter() {
                        hex.push_str(&format!("{b:02x}"));
                    }
                    json_string(out, &hex);
                }
            },
        }
    }
    out.push('}');
}

impl<W: Write> RowWriter for JsonWriter<W> {
    fn begin(&mut self, columns: &[Column]) -> io::Result<()> {
        self.columns = columns.to_vec();
        self.keys = json_keys(columns);
        if self.document && self.opened {
            return Ok(());
        }
        self.opened = true;
        self.rows = 0;
        self.out.write_all(b"[")
    }

    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.scratch.clear();
        self.scratch
            .push_str(if self.rows == 0 { "\n  " } else { ",\n  " });
        push_object(&mut self.scratch, &self.keys, &self.columns, cells);
        self.rows += 1;
        self.out.write_all(self.scratch.as_bytes())
    }

    fn end(&mut self) -> io::Result<()> {
        if self.document {
            return self.out.flush();
        }
        self.close()
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.document && std::mem::take(&mut self.opened) {
            return self.close();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_stay_numbers_and_strings_are_escaped() -> io::Result<()> {
        let int = Column {
            name: "n".into(),
            type_code: 3,
            flags: 0,
            charset: 63,
            meta: None,
        };
        let text = Column {
            name: "s\"".into(),
            type_code: 253,
            flags: 0,
            charset: 45,
            meta: None,
        };
        let blob = Column {
            name: "b".into(),
            type_code: 252,
            flags: 144,
            charset: 63,
            meta: None,
        };
        let mut buf = Vec::new();
        let mut w = JsonWriter::new(&mut buf);
        w.begin(&[int, text, blob])?;
        w.row(&[
            Cell::Bytes(b"-12".to_vec()),
            Cell::Bytes(b"a\"b\n".to_vec()),
            Cell::Bytes(vec![0, 255]),
        ])?;
        w.row(&[Cell::Null, Cell::Null, Cell::Null])?;
        w.end()?;
        assert_eq!(
            String::from_utf8_lossy(&buf),
            "[\n  {\"n\": -12, \"s\\\"\": \"a\\\"b\\n\", \"b\": \"0x00ff\"},\n  {\"n\": null, \"s\\\"\": null, \"b\": null}\n]\n"
        );
        Ok(())
    }

    #[test]
    fn json_numbers_are_checked() {
        for ok in ["0", "-1", "5500.50", "1e300", "1.5E-7"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in ["", "-", "01", "1.", ".5", "inf", "nan", "1e"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }
}
