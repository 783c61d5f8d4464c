//! Vertical output, as the mysql client's `\G`: a ruler per row, then one
//! `name: value` line per column with the names right-aligned.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{RowWriter, cell_display};
use crate::db::{Cell, Column};

pub struct VerticalWriter<W: Write> {
    out: W,
    columns: Vec<Column>,
    width: usize,
    rows: u64,
}

impl<W: Write> VerticalWriter<W> {
    pub fn new(out: W) -> Self {
        VerticalWriter {
            out,
            columns: Vec::new(),
            width: 0,
            rows: 0,
        }
    }
}

impl<W: Write> RowWriter for VerticalWriter<W> {
    fn begin(&mut self, columns: &[Column]) -> io::Result<()> {
        self.columns = columns.to_vec();
        self.width = columns.iter().map(|c| c.name.width()).max().unwrap_or(0);
        self.rows = 0;
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.rows += 1;
        writeln!(
            self.out,
            "*************************** {}. row ***************************",
            self.rows
        )?;
        for (cell, column) in cells.iter().zip(&self.columns) {
            let pad = self.width.saturating_sub(column.name.width());
            writeln!(
                self.out,
                "{}{}: {}",
                " ".repeat(pad),
                column.name,
                cell_display(cell, column)
            )?;
        }
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_right_aligned_under_a_numbered_ruler() -> io::Result<()> {
        let cols = [
            Column {
                name: "id".into(),
                type_code: 3,
                flags: 0,
                charset: 63,
                meta: None,
            },
            Column {
                name: "name".into(),
                type_code: 253,
                flags: 0,
                charset: 45,
                meta: None,
            },
        ];
        let mut buf = Vec::new();
        let mut w = VerticalWriter::new(&mut buf);
        w.begin(&cols)?;
        w.row(&[
            Cell::Bytes(b"1".to_vec()),
            Cell::Bytes(b"John Doe".to_vec()),
        ])?;
        w.end()?;
        assert_eq!(
            String::from_utf8_lossy(&buf),
            "*************************** 1. row ***************************\n  id: 1\nname: John Doe\n"
        );
        Ok(())
    }
}
