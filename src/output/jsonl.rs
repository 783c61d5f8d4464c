//! JSON Lines: one JSON object per row and line, written as rows arrive; the values as in
//! `--format json`. Several result sets simply follow one another.

use std::io::{self, Write};

use super::RowWriter;
use super::json::{json_keys, push_object};
use crate::db::{Cell, Column};

pub struct JsonlWriter<W: Write> {
    out: W,
    columns: Vec<Column>,
    keys: Vec<String>,
    scratch: String,
}

impl<W: Write> JsonlWriter<W> {
    pub fn new(out: W) -> Self {
        JsonlWriter {
            out,
            columns: Vec::new(),
            keys: Vec::new(),
            scratch: String::new(),
        }
    }
}

impl<W: Write> RowWriter for JsonlWriter<W> {
    fn begin(&mut self, columns: &[Column]) -> io::Result<()> {
        self.columns = columns.to_vec();
        self.keys = json_keys(columns);
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.scratch.clear();
        push_object(&mut self.scratch, &self.keys, &self.columns, cells);
        self.scratch.push('\n');
        self.out.write_all(self.scratch.as_bytes())
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
