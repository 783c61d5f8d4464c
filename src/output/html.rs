//! HTML, byte for byte as `mysql --html` prints it: one `<TABLE BORDER=1>` per result on a
//! single line with no newline, `&`, `<`, `>` and `"` escaped, NULL as `NULL`, values' bytes
//! otherwise as they are. Like the mysql client (without `--quick`), an empty result prints
//! nothing.

use std::io::{self, Write};

use super::{RowWriter, cell_bytes};
use crate::db::{Cell, Column};

pub struct HtmlWriter<W: Write> {
    out: W,
    header: bool,
    columns: Vec<Column>,
    rows: u64,
    scratch: Vec<u8>,
}

impl<W: Write> HtmlWriter<W> {
    /// A writer; `header` prints the `<TH>` row (`-N` turns it off).
    pub fn new(out: W, header: bool) -> Self {
        HtmlWriter {
            out,
            header,
            columns: Vec::new(),
            rows: 0,
            scratch: Vec::new(),
        }
    }
}

/// Appends `bytes` with the mysql client's `xmlencode_print` escapes (it prints a NUL byte
/// as a space).
pub(crate) fn xml_escape_into(out: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        match b {
            0 => out.push(b' '),
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            _ => out.push(b),
        }
    }
}

impl<W: Write> RowWriter for HtmlWriter<W> {
    fn begin(&mut self, columns: &[Column]) -> io::Result<()> {
        self.columns = columns.to_vec();
        self.rows = 0;
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.scratch.clear();
        if self.rows == 0 {
            self.scratch.extend_from_slice(b"<TABLE BORDER=1>");
            if self.header {
                self.scratch.extend_from_slice(b"<TR>");
                for column in &self.columns {
                    self.scratch.extend_from_slice(b"<TH>");
                    if column.name.is_empty() {
                        self.scratch.extend_from_slice(b" &nbsp; ");
                    } else {
                        xml_escape_into(&mut self.scratch, column.name.as_bytes());
                    }
                    self.scratch.extend_from_slice(b"</TH>");
                }
                self.scratch.extend_from_slice(b"</TR>");
            }
        }
        self.scratch.extend_from_slice(b"<TR>");
        for (cell, column) in cells.iter().zip(&self.columns) {
            self.scratch.extend_from_slice(b"<TD>");
            match cell_bytes(cell, column) {
                None => self.scratch.extend_from_slice(b"NULL"),
                Some(bytes) => xml_escape_into(&mut self.scratch, &bytes),
            }
            self.scratch.extend_from_slice(b"</TD>");
        }
        self.scratch.extend_from_slice(b"</TR>");
        self.rows += 1;
        self.out.write_all(&self.scratch)
    }

    fn end(&mut self) -> io::Result<()> {
        if self.rows > 0 {
            self.out.write_all(b"</TABLE>")?;
        }
        self.out.flush()
    }
}
