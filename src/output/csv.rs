//! RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted, quotes doubled, lines end
//! with CRLF. NULL is an empty field; an empty string is `""`, so the two stay apart.

use std::io::{self, Write};

use super::{RowWriter, cell_bytes};
use crate::db::{Cell, Column};

pub struct CsvWriter<W: Write> {
    out: W,
    header: bool,
    columns: Vec<Column>,
    scratch: Vec<u8>,
}

impl<W: Write> CsvWriter<W> {
    /// A writer; `header` prints the column names first.
    pub fn new(out: W, header: bool) -> Self {
        CsvWriter {
            out,
            header,
            columns: Vec::new(),
            scratch: Vec::new(),
        }
    }
}

fn field(out: &mut Vec<u8>, bytes: &[u8], force_quotes: bool) {
    let needs = force_quotes
        || bytes
            .iter()
            .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
    if !needs {
        out.extend_from_slice(bytes);
        return;
    }
    out.push(b'"');
    for &b in bytes {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

impl<W: Write> RowWriter for CsvWriter<W> {
    fn begin(&mut self, columns: &[Column]) -> io::Result<()> {
        self.columns = columns.to_vec();
        if self.header {
            self.scratch.clear();
            for (i, c) in columns.iter().enumerate() {
                if i > 0 {
                    self.scratch.push(b',');
                }
                field(&mut self.scratch, c.name.as_bytes(), c.name.is_empty());
            }
            self.scratch.extend_from_slice(b"\r\n");
            self.out.write_all(&self.scratch)?;
        }
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.scratch.clear();
        for (i, (cell, column)) in cells.iter().zip(&self.columns).enumerate() {
            if i > 0 {
                self.scratch.push(b',');
            }
            if let Some(bytes) = cell_bytes(cell, column) {
                field(&mut self.scratch, &bytes, bytes.is_empty());
            }
        }
        self.scratch.extend_from_slice(b"\r\n");
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
    fn quoting_follows_rfc_4180_and_null_differs_from_empty() -> io::Result<()> {
        let col = Column {
            name: "c".into(),
            type_code: 253,
            flags: 0,
            charset: 45,
            meta: None,
        };
        let mut buf = Vec::new();
        let mut w = CsvWriter::new(&mut buf, false);
        w.begin(&[col.clone(), col.clone(), col.clone(), col])?;
        w.row(&[
            Cell::Bytes(b"a,b".to_vec()),
            Cell::Bytes(b"say \"hi\"\n".to_vec()),
            Cell::Null,
            Cell::Bytes(Vec::new()),
        ])?;
        assert_eq!(
            String::from_utf8_lossy(&buf),
            "\"a,b\",\"say \"\"hi\"\"\n\",,\"\"\r\n"
        );
        Ok(())
    }
}
