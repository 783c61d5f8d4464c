//! Markdown (GitHub-flavoured pipe tables), for pasting results into notes and issues: a
//! header row and its rule, then one line per row as it arrives. `|` is escaped, a line
//! break becomes `<br>`, NULL is `NULL` (an empty string stays empty), binary strings are
//! `0x…` hex.

use std::io::{self, Write};

use super::{RowWriter, cell_bytes};
use crate::db::{Cell, Column};

pub struct MarkdownWriter<W: Write> {
    out: W,
    header: bool,
    columns: Vec<Column>,
    scratch: String,
}

impl<W: Write> MarkdownWriter<W> {
    /// A writer; without `header` the column names are left empty (a pipe table needs a
    /// header row).
    pub fn new(out: W, header: bool) -> Self {
        MarkdownWriter {
            out,
            header,
            columns: Vec::new(),
            scratch: String::new(),
        }
    }
}

fn push_cell(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
}

impl<W: Write> RowWriter for MarkdownWriter<W> {
    fn begin(&mut self, columns: &[Column]) -> io::Result<()> {
        self.columns = columns.to_vec();
        let mut head = String::from("|");
        let mut rule = String::from("|");
        for column in columns {
            head.push(' ');
            if self.header {
                push_cell(&mut head, &column.name);
            }
            head.push_str(" |");
            rule.push_str(if column.is_numeric() {
                " ---: |"
            } else {
                " --- |"
            });
        }
        head.push('\n');
        rule.push('\n');
        self.out.write_all(head.as_bytes())?;
        self.out.write_all(rule.as_bytes())
    }

    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.scratch.clear();
        self.scratch.push('|');
        for (cell, column) in cells.iter().zip(&self.columns) {
            self.scratch.push(' ');
            match cell_bytes(cell, column) {
                None => self.scratch.push_str("NULL"),
                Some(bytes) => match std::str::from_utf8(&bytes) {
                    Ok(text) if !column.is_binary_string() => push_cell(&mut self.scratch, text),
                    _ => {
                        self.scratch.push_str("0x");
                        for b in bytes.iter() {
                            self.scratch.push_str(&format!("{b:02X}"));
                        }
                    }
                },
            }
            self.scratch.push_str(" |");
        }
        self.scratch.push('\n');
        self.out.write_all(self.scratch.as_bytes())
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(name: &str, type_code: u8, charset: u16) -> Column {
        Column {
            name: name.into(),
            type_code,
            flags: 0,
            charset,
            meta: None,
        }
    }

    #[test]
    fn pipes_breaks_null_and_bytes_cannot_break_the_table() -> io::Result<()> {
        let mut buf = Vec::new();
        let mut w = MarkdownWriter::new(&mut buf, true);
        w.begin(&[
            column("n", 3, 63),
            column("a|b", 253, 45),
            column("blob", 252, 63),
        ])?;
        w.row(&[
            Cell::Bytes(b"7".to_vec()),
            Cell::Bytes(b"x|y\nz".to_vec()),
            Cell::Bytes(vec![0, 0xff]),
        ])?;
        w.row(&[Cell::Null, Cell::Bytes(Vec::new()), Cell::Null])?;
        w.end()?;
        assert_eq!(
            String::from_utf8_lossy(&buf),
            "| n | a\\|b | blob |\n| ---: | --- | --- |\n| 7 | x\\|y<br>z | 0x00FF |\n| NULL |  | NULL |\n"
        );
        Ok(())
    }
}
