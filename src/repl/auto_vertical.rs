//! `--auto-vertical-output`, as the mysql client: a table wider than the terminal is
//! printed vertically instead (as with `\G`). The width is the terminal's on stdin, or 80
//! when stdin is not a terminal (the mysql client asks stdin too, and starts at 80).

use std::io::{self, Write};

use crate::db::{Cell, Column};
use crate::output::{RowWriter, TableWriter, VerticalWriter};

/// The mysql client's width when it cannot ask the terminal.
const DEFAULT_WIDTH: usize = 80;

/// The terminal's width, as the mysql client reads it: from stdin, else 80.
pub fn terminal_width() -> usize {
    match rustix::termios::tcgetwinsize(io::stdin()) {
        Ok(size) if size.ws_col > 0 => usize::from(size.ws_col),
        _ => DEFAULT_WIDTH,
    }
}

/// Draws the table, keeping the rows; at the end writes the table if its widest line fits
/// in `width` columns, else the same rows vertically.
pub struct AutoVertical<W: Write> {
    out: W,
    width: usize,
    table: Vec<u8>,
    limit: usize,
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
}

impl<W: Write> AutoVertical<W> {
    /// A writer for a terminal `width` columns wide; table cells abridged to `limit` bytes
    /// as in the table it replaces.
    pub fn new(out: W, width: usize, limit: usize) -> Self {
        AutoVertical {
            out,
            width,
            table: Vec::new(),
            limit,
            columns: Vec::new(),
            rows: Vec::new(),
        }
    }
}

impl<W: Write> RowWriter for AutoVertical<W> {
    fn begin(&mut self, columns: &[Column]) -> io::Result<()> {
        self.columns = columns.to_vec();
        self.rows.clear();
        self.table.clear();
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.rows.push(cells.to_vec());
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        let mut table = TableWriter::abridged(&mut self.table, self.limit);
        table.begin(&self.columns)?;
        for row in &self.rows {
            table.row(row)?;
        }
        table.end()?;
        drop(table);
        let text = String::from_utf8_lossy(&self.table);
        let widest = text
            .lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap_or(0);
        if widest <= self.width {
            return self.out.write_all(&self.table);
        }
        let mut vertical = VerticalWriter::new(&mut self.out);
        vertical.begin(&self.columns)?;
        for row in &self.rows {
            vertical.row(row)?;
        }
        vertical.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(width: usize, value: &str) -> io::Result<String> {
        let mut out = Vec::new();
        let mut w = AutoVertical::new(&mut out, width, 1000);
        w.begin(&[Column {
            name: "a".into(),
            type_code: 253,
            flags: 0,
            charset: 45,
            meta: None,
        }])?;
        w.row(&[Cell::Bytes(value.as_bytes().to_vec())])?;
        w.end()?;
        drop(w);
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    #[test]
    fn a_table_that_fits_stays_a_table_and_a_wider_one_turns_vertical() -> io::Result<()> {
        // `| xxxx |` is 8 columns wide.
        assert_eq!(
            write(8, "xxxx")?,
            "+------+\n| a    |\n+------+\n| xxxx |\n+------+\n"
        );
        assert_eq!(
            write(7, "xxxx")?,
            "*************************** 1. row ***************************\na: xxxx\n"
        );
        Ok(())
    }
}
