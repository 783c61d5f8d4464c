//! Boxed tables as the `mysql` client draws them (comfy-table; widths in terminal cells,
//! numbers right-aligned), and how one cell reads on a screen.

use std::io::{self, Write};

use comfy_table::{
    Cell as TableCell, CellAlignment, ContentLineStyle, LineStyle, Table, TableStyle,
};

use super::{RowWriter, cell_bytes};
use crate::db::{Cell, Column};

/// The mysql client's ASCII box.
const MYSQL_STYLE: TableStyle = TableStyle::new()
    .top_border(LineStyle::new('+', '-', '+', '+'))
    .header_lines(ContentLineStyle::new('|', '|', '|'))
    .header_separator(LineStyle::new('+', '-', '+', '+'))
    .content_lines(ContentLineStyle::new('|', '|', '|'))
    .bottom_border(LineStyle::new('+', '-', '+', '+'));

/// How a cell reads on a screen: `NULL`, binary strings as `0x…` hex, text with control
/// characters shown as escapes (so data can never drive the terminal). Newlines stay.
pub fn cell_display(cell: &Cell, column: &Column) -> String {
    let Some(bytes) = cell_bytes(cell, column) else {
        return "NULL".to_owned();
    };
    let binary = column.is_binary_string();
    match std::str::from_utf8(&bytes) {
        Ok(text) if !binary => sanitize(text),
        _ if bytes.is_empty() => String::new(),
        _ => {
            const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
            let mut hex = String::with_capacity(2 + bytes.len() * 2);
            hex.push_str("0x");
            for &b in bytes.iter() {
                hex.push(char::from(DIGITS[usize::from(b >> 4)]));
                hex.push(char::from(DIGITS[usize::from(b & 15)]));
            }
            hex
        }
    }
}

/// The width in terminal cells of [`cell_display`]'s first line, capped at `cap`, without
/// building the string for the common cases (ASCII text, NULL, binary).
pub fn cell_width(cell: &Cell, column: &Column, cap: usize) -> usize {
    let Some(bytes) = cell_bytes(cell, column) else {
        return 4;
    };
    if column.is_binary_string() {
        return if bytes.is_empty() {
            0
        } else {
            (2 + 2 * bytes.len()).min(cap)
        };
    }
    // Only the head matters: a 100 MB value is not scanned for its first newline.
    let head = bytes.get(..bytes.len().min(cap * 4)).unwrap_or_default();
    let head = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
    if head.iter().all(|b| (0x20..0x7f).contains(b)) {
        return head.len().min(cap);
    }
    let text = String::from_utf8_lossy(head);
    unicode_width::UnicodeWidthStr::width(sanitize(&text).as_str()).min(cap)
}

/// Replaces control characters (but newline) with visible escapes.
pub fn sanitize(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// The widest line comfy-table lays out: it keeps widths in `u16` and wraps a longer line
/// at this width, searching the rest of the line again for every piece — quadratic, so a
/// 100 MB value took minutes in a release build and hours in a debug one. rowwise wraps
/// such lines itself, in one pass (hard, where comfy-table would prefer a space).
const MAX_LINE_WIDTH: usize = u16::MAX as usize;

/// Wraps lines wider than [`MAX_LINE_WIDTH`], in one pass, so that comfy-table never has to.
fn wrap_long_lines(text: String) -> String {
    // A character is never wider than its UTF-8 bytes (control characters are escaped).
    if text.len() <= MAX_LINE_WIDTH {
        return text;
    }
    let mut out = String::with_capacity(text.len() + text.len() / MAX_LINE_WIDTH + 1);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut width = 0;
        for c in line.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if width + w > MAX_LINE_WIDTH {
                out.push('\n');
                width = 0;
            }
            out.push(c);
            width += w;
        }
    }
    out
}

/// A boxed table; rows are kept until `end`, since widths depend on every row.
pub struct TableWriter<W: Write> {
    out: W,
    columns: Vec<Column>,
    table: Table,
    cell_limit: Option<usize>,
}

impl<W: Write> TableWriter<W> {
    /// A table that shows every value whole (batch's `-t`); see [`TableWriter::abridged`]
    /// for a screen.
    pub fn new(out: W) -> Self {
        TableWriter {
            out,
            columns: Vec::new(),
            table: Table::new(),
            cell_limit: None,
        }
    }

    /// A writer for a screen: byte strings longer than `limit` bytes show their head and
    /// their size. comfy-table's layout is quadratic in a cell's length (a 3 MB value
    /// takes 13 s in a debug build, a 100 MB one hours), and nobody reads 200 MB of hex.
    pub fn abridged(out: W, limit: usize) -> Self {
        TableWriter {
            cell_limit: Some(limit),
            ..TableWriter::new(out)
        }
    }

    fn display(&self, cell: &Cell, column: &Column) -> String {
        let limit = self.cell_limit.unwrap_or(usize::MAX);
        match cell {
            Cell::Bytes(b) if b.len() > limit => {
                let mut head = b.get(..limit).unwrap_or_default();
                if !column.is_binary_string()
                    && let Err(e) = std::str::from_utf8(head)
                    && e.error_len().is_none()
                {
                    // Cut text on a character boundary, not into hex.
                    head = head.get(..e.valid_up_to()).unwrap_or_default();
                }
                let shown = cell_display(&Cell::Bytes(head.to_vec()), column);
                format!("{shown}… [{} bytes]", b.len())
            }
            _ => wrap_long_lines(cell_display(cell, column)),
        }
    }
}

impl<W: Write> RowWriter for TableWriter<W> {
    fn begin(&mut self, columns: &[Column]) -> io::Result<()> {
        self.columns = columns.to_vec();
        let mut table = Table::new();
        table.load_style(MYSQL_STYLE).force_no_tty();
        table.set_header(columns.iter().map(|c| TableCell::new(sanitize(&c.name))));
        self.table = table;
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        let row: Vec<TableCell> = cells
            .iter()
            .zip(&self.columns)
            .map(|(cell, column)| {
                let c = TableCell::new(self.display(cell, column));
                if column.is_numeric() {
                    c.set_alignment(CellAlignment::Right)
                } else {
                    c
                }
            })
            .collect();
        self.table.add_row(row);
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        writeln!(self.out, "{}", self.table)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abridged_table_cuts_long_values_and_gives_their_size() -> io::Result<()> {
        let blob = Column {
            name: "b".into(),
            type_code: 252,
            flags: 0,
            charset: 63,
            meta: None,
        };
        let text = Column {
            name: "t".into(),
            type_code: 253,
            flags: 0,
            charset: 45,
            meta: None,
        };
        let mut buf = Vec::new();
        let mut w = TableWriter::abridged(&mut buf, 4);
        w.begin(&[blob, text])?;
        w.row(&[
            Cell::Bytes(vec![0xff; 100]),
            Cell::Bytes("aéééé".as_bytes().to_vec()),
        ])?;
        w.end()?;
        let out = String::from_utf8_lossy(&buf);
        assert!(
            out.contains("| 0xFFFFFFFF… [100 bytes] | aé… [9 bytes] |"),
            "{out}"
        );
        Ok(())
    }

    #[test]
    fn table_looks_like_the_mysql_client() -> io::Result<()> {
        let id = Column {
            name: "id".into(),
            type_code: 3,
            flags: 0,
            charset: 63,
            meta: None,
        };
        let name = Column {
            name: "name".into(),
            type_code: 253,
            flags: 0,
            charset: 45,
            meta: None,
        };
        let mut buf = Vec::new();
        let mut w = TableWriter::new(&mut buf);
        w.begin(&[id, name])?;
        w.row(&[
            Cell::Bytes(b"1".to_vec()),
            Cell::Bytes("日本".as_bytes().to_vec()),
        ])?;
        w.row(&[Cell::Bytes(b"10".to_vec()), Cell::Null])?;
        w.end()?;
        assert_eq!(
            String::from_utf8_lossy(&buf),
            "+----+------+\n| id | name |\n+----+------+\n|  1 | 日本 |\n| 10 | NULL |\n+----+------+\n"
        );
        Ok(())
    }

    #[test]
    fn binary_cells_show_as_hex_and_control_characters_as_escapes() {
        let blob = Column {
            name: "b".into(),
            type_code: 252,
            flags: 144,
            charset: 63,
            meta: None,
        };
        assert_eq!(
            cell_display(&Cell::Bytes(vec![0xde, 0xad]), &blob),
            "0xDEAD"
        );
        let text = Column {
            name: "t".into(),
            type_code: 253,
            flags: 0,
            charset: 45,
            meta: None,
        };
        assert_eq!(
            cell_display(&Cell::Bytes(b"a\x1b[2Jb\tc".to_vec()), &text),
            "a\\x1b[2Jb\\tc"
        );
    }

    #[test]
    fn lines_wider_than_comfy_table_can_hold_are_wrapped_without_losing_a_character()
    -> io::Result<()> {
        let text = Column {
            name: "t".into(),
            type_code: 252,
            flags: 16,
            charset: 45,
            meta: None,
        };
        let ascii = "a".repeat(MAX_LINE_WIDTH * 2 + 7);
        let values = [
            ascii.clone(),
            format!(
                "{}\nshort\n{}",
                "é".repeat(MAX_LINE_WIDTH + 3),
                "b ".repeat(MAX_LINE_WIDTH)
            ),
            "日本".repeat(MAX_LINE_WIDTH / 2 + 5),
        ];
        for value in &values {
            let mut buf = Vec::new();
            let mut w = TableWriter::new(&mut buf);
            w.begin(std::slice::from_ref(&text))?;
            w.row(&[Cell::Bytes(value.clone().into_bytes())])?;
            w.end()?;
            let out = String::from_utf8_lossy(&buf).into_owned();
            let rows: Vec<&str> = out
                .lines()
                .skip(3)
                .filter(|l| l.starts_with("| "))
                .map(|l| l.trim_start_matches("| ").trim_end_matches(" |").trim_end())
                .collect();
            for row in &rows {
                let width = unicode_width::UnicodeWidthStr::width(*row);
                assert!(width <= MAX_LINE_WIDTH, "a line of {width} cells");
            }
            let pieces: String = rows.concat();
            let expected: String = value.split('\n').collect::<Vec<_>>().concat();
            assert!(
                pieces.replace(' ', "") == expected.replace(' ', ""),
                "a value of {} bytes lost characters in the table",
                value.len()
            );
        }

        // Where the line has no space to prefer, the table is the one comfy-table draws.
        let mut buf = Vec::new();
        let mut w = TableWriter::new(&mut buf);
        w.begin(std::slice::from_ref(&text))?;
        w.row(&[Cell::Bytes(ascii.clone().into_bytes())])?;
        w.end()?;
        let mut table = Table::new();
        table.load_style(MYSQL_STYLE).force_no_tty();
        table.set_header(["t"]);
        table.add_row([ascii.as_str()]);
        assert!(String::from_utf8_lossy(&buf) == format!("{table}\n"));
        Ok(())
    }
}
