//! `Cell`: one value as it came off the wire, before any conversion to Python.

/// A value as the server (or SQLite) sent it.
///
/// The MySQL text protocol sends every non-NULL value as bytes; the binary protocol
/// (prepared statements) sends typed values. What a cell means is decided together with
/// its [`Column`](super::Column), in [`convert`](super::convert).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// SQL NULL.
    Null,
    /// Text-protocol value, or a string/decimal/bit value of the binary protocol.
    Bytes(Vec<u8>),
    /// Text as SQLite stores it (its values carry their own storage class).
    Text(String),
    /// Signed integer (binary protocol, SQLite).
    Int(i64),
    /// Unsigned integer above `i64::MAX` (binary protocol).
    UInt(u64),
    /// FLOAT (binary protocol): single precision.
    Float(f32),
    /// DOUBLE (binary protocol, SQLite REAL).
    Double(f64),
    /// DATE / DATETIME / TIMESTAMP (binary protocol): year, month, day, hour, minute,
    /// second, microsecond. All zero is the zero date.
    Date(u16, u8, u8, u8, u8, u8, u32),
    /// TIME (binary protocol): negative, days, hours, minutes, seconds, microseconds.
    Time(bool, u32, u8, u8, u8, u32),
}

impl Cell {
    /// Is this SQL NULL? The connector hands it out as `None` in every cursor kind, raw too.
    pub fn is_null(&self) -> bool {
        matches!(self, Cell::Null)
    }
}

impl From<mysql::Value> for Cell {
    fn from(v: mysql::Value) -> Self {
        use mysql::Value as V;
        match v {
            V::NULL => Cell::Null,
            V::Bytes(b) => Cell::Bytes(b),
            V::Int(n) => Cell::Int(n),
            V::UInt(n) => Cell::UInt(n),
            V::Float(x) => Cell::Float(x),
            V::Double(x) => Cell::Double(x),
            V::Date(year, month, day, hour, minute, second, micros) => {
                Cell::Date(year, month, day, hour, minute, second, micros)
            }
            V::Time(neg, days, hours, minutes, seconds, micros) => {
                Cell::Time(neg, days, hours, minutes, seconds, micros)
            }
        }
    }
}

/// One row's cells in column order, as the server sent them, before any conversion to
/// Python values.
pub type RawRow = Vec<Cell>;

/// Takes the cells out of a `mysql` row.
pub(crate) fn row_from(row: mysql::Row) -> RawRow {
    row.unwrap_raw()
        .into_iter()
        .map(|v| v.map_or(Cell::Null, Cell::from))
        .collect()
}
