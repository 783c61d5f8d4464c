//! XML, byte for byte as `mysql --xml` prints it: a `<?xml ...?>` prolog and a
//! `<resultset statement="...">` per result (an empty result too), one `<row>` per row, a
//! NULL as `xsi:nil="true"`; `&`, `<`, `>` and `"` escaped, other bytes as they are.

use std::io::{self, Write};

use super::html::xml_escape_into;
use super::{RowWriter, cell_bytes};
use crate::db::{Cell, Column};

pub struct XmlWriter<W: Write> {
    out: W,
    statement: Vec<u8>,
    names: Vec<Vec<u8>>,
    columns: Vec<Column>,
    rows: u64,
    scratch: Vec<u8>,
}

impl<W: Write> XmlWriter<W> {
    /// A writer; `statement` is the text of the statement, as the `statement` attribute
    /// shows it (the mysql client gives the statement as read, with the newline of its last
    /// line when the delimiter is not on it).
    pub fn new(out: W, statement: &[u8]) -> Self {
        XmlWriter {
            out,
            statement: statement.to_vec(),
            names: Vec::new(),
            columns: Vec::new(),
            rows: 0,
            scratch: Vec::new(),
        }
    }
}

impl<W: Write> RowWriter for XmlWriter<W> {
    fn begin(&mut self, columns: &[Column]) -> io::Result<()> {
        self.columns = columns.to_vec();
        self.names = columns
            .iter()
            .map(|c| {
                let mut name = Vec::new();
                xml_escape_into(&mut name, c.name.as_bytes());
                name
            })
            .collect();
        self.rows = 0;
        let mut head = b"<?xml version=\"1.0\"?>\n\n<resultset statement=\"".to_vec();
        xml_escape_into(&mut head, &self.statement);
        head.extend_from_slice(b"\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
        self.out.write_all(&head)
    }

    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.scratch.clear();
        if self.rows == 0 {
            self.scratch.push(b'\n');
        }
        self.scratch.extend_from_slice(b"  <row>\n");
        for ((cell, column), name) in cells.iter().zip(&self.columns).zip(&self.names) {
            self.scratch.extend_from_slice(b"\t<field name=\"");
            self.scratch.extend_from_slice(name);
            match cell_bytes(cell, column) {
                None => self.scratch.extend_from_slice(b"\" xsi:nil=\"true\" />\n"),
                Some(bytes) => {
                    self.scratch.extend_from_slice(b"\">");
                    xml_escape_into(&mut self.scratch, &bytes);
                    self.scratch.extend_from_slice(b"</field>\n");
                }
            }
        }
        self.scratch.extend_from_slice(b"  </row>\n");
        self.rows += 1;
        self.out.write_all(&self.scratch)
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.write_all(b"</resultset>\n")?;
        self.out.flush()
    }
}
