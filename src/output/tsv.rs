//! Tab-separated output, byte for byte as `mysql -B` prints it: the header line raw, values
//! with `\0`, tab, newline and backslash escaped, NULL as `NULL`.

use std::io::{self, Write};

use super::{RowWriter, cell_bytes};
use crate::db::{Cell, Column};

pub struct TsvWriter<W: Write> {
    out: W,
    /// The header is still to be printed (before the first row: an empty result prints
    /// nothing at all, as in the mysql client).
    header: bool,
    columns: Vec<Column>,
    scratch: Vec<u8>,
}

impl<W: Write> TsvWriter<W> {
    /// A writer; `header` prints the column names first (`-N` turns it off).
    pub fn new(out: W, header: bool) -> Self {
        TsvWriter {
            out,
            header,
            columns: Vec::new(),
            scratch: Vec::with_capacity(4096),
        }
    }
}

/// Bytes of a value escaped at a time; a row buffer this full is written out.
const SLICE: usize = 64 * 1024;

/// Appends `bytes` with the batch-mode escapes of the mysql client.
pub(crate) fn escape_into(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped: &[u8] = match b {
            0 => b"\\0",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            b'\\' => b"\\\\",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(escaped);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

impl<W: Write> RowWriter for TsvWriter<W> {
    fn begin(&mut self, columns: &[Column]) -> io::Result<()> {
        self.columns = columns.to_vec();
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        if std::mem::take(&mut self.header) {
            let names: Vec<&str> = self.columns.iter().map(|c| c.name.as_str()).collect();
            self.out.write_all(names.join("\t").as_bytes())?;
            self.out.write_all(b"\n")?;
        }
        self.scratch.clear();
        for (i, (cell, column)) in cells.iter().zip(&self.columns).enumerate() {
            if i > 0 {
                self.scratch.push(b'\t');
            }
            match cell_bytes(cell, column) {
                None => self.scratch.extend_from_slice(b"NULL"),
                // A long value goes out in slices: escaping 100 MB into the row buffer
                // first would hold it twice more.
                Some(bytes) => {
                    for piece in bytes.chunks(SLICE) {
                        escape_into(&mut self.scratch, piece);
                        if self.scratch.len() >= SLICE {
                            self.out.write_all(&self.scratch)?;
                            self.scratch.clear();
                        }
                    }
                }
            }
        }
        self.scratch.push(b'\n');
        self.out.write_all(&self.scratch)
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_but_the_header_is_not() -> io::Result<()> {
        let col = |name: &str| Column {
            name: name.into(),
            type_code: 253,
            flags: 0,
            charset: 45,
            meta: None,
        };
        let mut buf = Vec::new();
        let mut w = TsvWriter::new(&mut buf, true);
        w.begin(&[col("a\\b"), col("c")])?;
        w.row(&[Cell::Bytes(b"x\ty\nz\\\0\r\x1a".to_vec()), Cell::Null])?;
        w.end()?;
        assert_eq!(buf, b"a\\b\tc\nx\\ty\\nz\\\\\\0\r\x1a\tNULL\n".to_vec());
        Ok(())
    }
}
