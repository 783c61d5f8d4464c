//! `--column-type-info`: the metadata of every result column, printed before the boxed
//! table as the mysql client prints it (`Field   1:` and the name in backquotes,
//! `Org_field`, ..., `Flags`).

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;

use super::{RowWriter, TableWriter, cell_bytes};
use crate::db::{Cell, Column, Database, DbError, Dialect, ExceptionClass, QueryStart, field_type};

/// Collation names by number, as the server lists them in `information_schema`.
#[derive(Debug, Clone, Default)]
pub struct Collations(HashMap<u16, String>);

impl Collations {
    /// Reads the server's collations (one query, when `--column-type-info` is on).
    ///
    /// # Failure
    /// The query's error; an SQLite database has no collations to read.
    pub fn load(db: &mut dyn Database) -> Result<Collations, DbError> {
        if db.info().dialect != Dialect::MySql {
            return Err(DbError::new(
                ExceptionClass::InterfaceError,
                "it needs a MySQL or MariaDB server (the demo database is SQLite)",
            ));
        }
        let mut map = HashMap::new();
        let start =
            db.query_bytes(b"SELECT ID, COLLATION_NAME FROM information_schema.COLLATIONS")?;
        if let QueryStart::Rows(_) = start {
            while let Some(row) = db.next_row()? {
                let text = |i: usize| {
                    row.get(i)
                        .and_then(cell_bytes_plain)
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                };
                if let (Some(id), Some(name)) = (text(0), text(1))
                    && let Ok(id) = id.trim().parse::<u16>()
                {
                    map.insert(id, name);
                }
            }
        }
        while let Some(next) = db.next_result() {
            next?;
        }
        Ok(Collations(map))
    }

    /// The name of collation `id`; `?` for one the server does not list (as the client).
    pub fn name(&self, id: u16) -> &str {
        self.0.get(&id).map_or("?", String::as_str)
    }
}

fn cell_bytes_plain(cell: &Cell) -> Option<Vec<u8>> {
    crate::db::display::cell_bytes(cell, None).map(std::borrow::Cow::into_owned)
}

/// The mysql client's name of a field type (`fieldtype2str`).
pub fn type_name(code: u8) -> &'static str {
    use field_type::{
        BIT, BLOB, DATE, DATETIME, DECIMAL, DOUBLE, ENUM, FLOAT, GEOMETRY, INT24, LONG, LONG_BLOB,
        LONGLONG, MEDIUM_BLOB, NEWDATE, NEWDECIMAL, NULL, SET, SHORT, STRING, TIME, TIMESTAMP,
        TINY, TINY_BLOB, VAR_STRING, YEAR,
    };
    match code {
        BIT => "BIT",
        BLOB => "BLOB",
        DATE => "DATE",
        DATETIME => "DATETIME",
        NEWDECIMAL => "NEWDECIMAL",
        DECIMAL => "DECIMAL",
        DOUBLE => "DOUBLE",
        ENUM => "ENUM",
        FLOAT => "FLOAT",
        GEOMETRY => "GEOMETRY",
        INT24 => "INT24",
        LONG => "LONG",
        LONGLONG => "LONGLONG",
        LONG_BLOB => "LONG_BLOB",
        MEDIUM_BLOB => "MEDIUM_BLOB",
        NEWDATE => "NEWDATE",
        NULL => "NULL",
        SET => "SET",
        SHORT => "SHORT",
        STRING => "STRING",
        TIME => "TIME",
        TIMESTAMP => "TIMESTAMP",
        TINY => "TINY",
        TINY_BLOB => "TINY_BLOB",
        VAR_STRING => "VAR_STRING",
        YEAR => "YEAR",
        _ => "?-unknown-?",
    }
}

/// The mysql client's list of flags (`fieldflags2str`): each name followed by a space,
/// then any bits it has no name for.
pub fn flag_names(flags: u16) -> String {
    // NUM and GROUP share a bit: the client names it NUM and never GROUP.
    const NAMES: [(u16, &str); 16] = [
        (1, "NOT_NULL"),
        (2, "PRI_KEY"),
        (4, "UNIQUE_KEY"),
        (8, "MULTIPLE_KEY"),
        (16, "BLOB"),
        (32, "UNSIGNED"),
        (64, "ZEROFILL"),
        (128, "BINARY"),
        (256, "ENUM"),
        (512, "AUTO_INCREMENT"),
        (1024, "TIMESTAMP"),
        (2048, "SET"),
        (4096, "NO_DEFAULT_VALUE"),
        (32768, "NUM"),
        (16384, "PART_KEY"),
        (8192, "ON_UPDATE_NOW"),
    ];
    let mut left = flags;
    let mut out = String::new();
    for (bit, name) in NAMES {
        if left & bit != 0 {
            out.push_str(name);
            out.push(' ');
            left &= !bit;
        }
    }
    if left != 0 {
        out.push_str(&format!(" unknows=0x{left:04x}"));
    }
    out
}

/// The flags as the client library reports them: the server's, plus NUM, which the
/// library sets itself for numeric types (libmariadb's `IS_NUM`).
fn client_flags(column: &Column) -> u16 {
    use field_type::{INT24, NEWDECIMAL, TIMESTAMP, YEAR};
    const NUM_FLAG: u16 = 32768;
    let t = column.type_code;
    let numeric = (t <= INT24 && t != TIMESTAMP) || t == YEAR || t == NEWDECIMAL;
    if numeric {
        column.flags | NUM_FLAG
    } else {
        column.flags
    }
}

/// Writes the metadata of `columns`; `max_lengths[i]` is the longest value of column `i`
/// in bytes (0 when every value is NULL or there are no rows).
pub fn write_column_info(
    out: &mut dyn Write,
    columns: &[Column],
    max_lengths: &[usize],
    collations: &Collations,
) -> io::Result<()> {
    for (i, column) in columns.iter().enumerate() {
        let meta = column.meta.as_deref().cloned().unwrap_or_default();
        write!(out, "Field {:3}:  `{}`\nOrg_field:  `", i + 1, column.name)?;
        out.write_all(&meta.org_name)?;
        // The protocol's catalog is always `def` (the driver refuses any other).
        out.write_all(b"`\nCatalog:    `def`\nDatabase:   `")?;
        out.write_all(&meta.schema)?;
        out.write_all(b"`\nTable:      `")?;
        out.write_all(&meta.table)?;
        out.write_all(b"`\nOrg_table:  `")?;
        out.write_all(&meta.org_table)?;
        writeln!(out, "`\nType:       {}", type_name(column.type_code))?;
        writeln!(
            out,
            "Collation:  {} ({})",
            collations.name(column.charset),
            column.charset
        )?;
        writeln!(out, "Length:     {}", meta.length)?;
        writeln!(
            out,
            "Max_length: {}",
            max_lengths.get(i).copied().unwrap_or(0)
        )?;
        writeln!(out, "Decimals:   {}", meta.decimals)?;
        writeln!(out, "Flags:      {}\n", flag_names(client_flags(column)))?;
    }
    writeln!(out)
}

/// A boxed table preceded by its columns' metadata. Rows are kept until `end` (the
/// table keeps them anyway), since `Max_length` needs the longest value; a result
/// without rows shows the metadata alone, as the client does.
pub struct ColumnInfoWriter<W: Write> {
    out: W,
    collations: Arc<Collations>,
    cell_limit: Option<usize>,
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
    max_lengths: Vec<usize>,
}

impl<W: Write> ColumnInfoWriter<W> {
    /// A writer; `cell_limit` as for [`TableWriter::abridged`].
    pub fn new(out: W, collations: Arc<Collations>, cell_limit: Option<usize>) -> Self {
        ColumnInfoWriter {
            out,
            collations,
            cell_limit,
            columns: Vec::new(),
            rows: Vec::new(),
            max_lengths: Vec::new(),
        }
    }
}

impl<W: Write> RowWriter for ColumnInfoWriter<W> {
    fn begin(&mut self, columns: &[Column]) -> io::Result<()> {
        self.columns = columns.to_vec();
        self.rows.clear();
        self.max_lengths = vec![0; columns.len()];
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        for ((cell, column), max) in cells.iter().zip(&self.columns).zip(&mut self.max_lengths) {
            if let Some(bytes) = cell_bytes(cell, column) {
                *max = (*max).max(bytes.len());
            }
        }
        self.rows.push(cells.to_vec());
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        write_column_info(
            &mut self.out,
            &self.columns,
            &self.max_lengths,
            &self.collations,
        )?;
        if !self.rows.is_empty() {
            let mut table = match self.cell_limit {
                Some(limit) => TableWriter::abridged(&mut self.out, limit),
                None => TableWriter::new(&mut self.out),
            };
            table.begin(&self.columns)?;
            for row in self.rows.drain(..) {
                table.row(&row)?;
            }
            table.end()?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_named_in_the_clients_order_with_unknown_bits_last() {
        assert_eq!(
            flag_names(1 | 2 | 4096 | 32768 | 16384),
            "NOT_NULL PRI_KEY NO_DEFAULT_VALUE NUM PART_KEY "
        );
        assert_eq!(flag_names(0), "");
        assert_eq!(flag_names(8192 | 1), "NOT_NULL ON_UPDATE_NOW ");
        assert_eq!(type_name(field_type::VARCHAR), "?-unknown-?");
    }
}
