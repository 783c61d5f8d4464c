//! Result writers over any `impl Write`: tab-separated (as `mysql -B`), CSV, JSON,
//! vertical (`\G`) and boxed tables. All but the boxed table write each row as it comes,
//! so batch output runs in constant memory whatever the result size.

mod column_info;
mod csv;
mod html;
mod json;
mod jsonl;
mod markdown;
pub mod run;
mod table;
mod tsv;
mod vertical;
mod xml;

use std::io::{self, Write};

use crate::db::{Cell, Column};

pub use column_info::{Collations, ColumnInfoWriter, flag_names, type_name, write_column_info};
pub use csv::CsvWriter;
pub use html::HtmlWriter;
pub use json::JsonWriter;
pub use jsonl::JsonlWriter;
pub use markdown::MarkdownWriter;
pub use table::{TableWriter, cell_display, cell_width, sanitize};
pub use tsv::TsvWriter;
pub use vertical::VerticalWriter;
pub use xml::XmlWriter;

/// A sink for one result set: `begin`, then `row` for each row, then `end`.
pub trait RowWriter {
    /// Starts a result with these columns.
    ///
    /// # Failure
    /// The writer's I/O error.
    fn begin(&mut self, columns: &[Column]) -> io::Result<()>;
    /// Writes one row.
    ///
    /// # Failure
    /// The writer's I/O error.
    fn row(&mut self, cells: &[Cell]) -> io::Result<()>;
    /// Ends the result.
    ///
    /// # Failure
    /// The writer's I/O error.
    fn end(&mut self) -> io::Result<()>;
    /// Ends the output of a whole run (a writer that spans results closes it here).
    ///
    /// # Failure
    /// The writer's I/O error.
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A writer lent out: the JSON document batch mode writes every result into is lent to
/// each result in turn.
impl<W: RowWriter + ?Sized> RowWriter for &mut W {
    fn begin(&mut self, columns: &[Column]) -> io::Result<()> {
        (**self).begin(columns)
    }

    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        (**self).row(cells)
    }

    fn end(&mut self) -> io::Result<()> {
        (**self).end()
    }

    fn finish(&mut self) -> io::Result<()> {
        (**self).finish()
    }
}

pub use crate::config::Format;

/// A writer for `format` over `out`; `header` says whether TSV/CSV/HTML/Markdown print
/// column names. XML names no statement here: see [`statement_writer`].
pub fn writer<'a, W: Write + 'a>(format: Format, out: W, header: bool) -> Box<dyn RowWriter + 'a> {
    statement_writer(format, out, header, b"")
}

/// As [`writer`], for the result of `statement` (which `--xml` shows).
pub fn statement_writer<'a, W: Write + 'a>(
    format: Format,
    out: W,
    header: bool,
    statement: &[u8],
) -> Box<dyn RowWriter + 'a> {
    match format {
        Format::Tsv => Box::new(TsvWriter::new(out, header)),
        Format::Csv => Box::new(CsvWriter::new(out, header)),
        Format::Json => Box::new(JsonWriter::new(out)),
        Format::Jsonl => Box::new(JsonlWriter::new(out)),
        Format::Html => Box::new(HtmlWriter::new(out, header)),
        Format::Xml => Box::new(XmlWriter::new(out, statement)),
        Format::Markdown => Box::new(MarkdownWriter::new(out, header)),
        Format::Vertical => Box::new(VerticalWriter::new(out)),
        Format::Table => Box::new(TableWriter::new(out)),
    }
}

/// A writer for a screen (line mode): as [`writer`], but a boxed table cuts values longer
/// than `cell_limit` bytes (see [`TableWriter::abridged`]).
pub fn display_writer<'a, W: Write + 'a>(
    format: Format,
    out: W,
    cell_limit: usize,
) -> Box<dyn RowWriter + 'a> {
    match format {
        Format::Table => Box::new(TableWriter::abridged(out, cell_limit)),
        other => writer(other, out, true),
    }
}

/// The text-protocol bytes of a cell, `None` for NULL.
pub(crate) fn cell_bytes<'c>(
    cell: &'c Cell,
    column: &Column,
) -> Option<std::borrow::Cow<'c, [u8]>> {
    crate::db::display::cell_bytes(cell, Some(column))
}
