//! Column metadata as the server describes a result column, and the DB-API `description`
//! tuple mysql-connector-python builds from it.

use std::sync::Arc;

use super::column_meta::ColumnMeta;
use crate::pyrepr::PyValue;

/// MySQL field type codes (`mysql.connector.constants.FieldType`).
pub mod field_type {
    #![allow(missing_docs)]
    pub const DECIMAL: u8 = 0;
    pub const TINY: u8 = 1;
    pub const SHORT: u8 = 2;
    pub const LONG: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const DOUBLE: u8 = 5;
    pub const NULL: u8 = 6;
    pub const TIMESTAMP: u8 = 7;
    pub const LONGLONG: u8 = 8;
    pub const INT24: u8 = 9;
    pub const DATE: u8 = 10;
    pub const TIME: u8 = 11;
    pub const DATETIME: u8 = 12;
    pub const YEAR: u8 = 13;
    pub const NEWDATE: u8 = 14;
    pub const VARCHAR: u8 = 15;
    pub const BIT: u8 = 16;
    pub const VECTOR: u8 = 242;
    pub const JSON: u8 = 245;
    pub const NEWDECIMAL: u8 = 246;
    pub const ENUM: u8 = 247;
    pub const SET: u8 = 248;
    pub const TINY_BLOB: u8 = 249;
    pub const MEDIUM_BLOB: u8 = 250;
    pub const LONG_BLOB: u8 = 251;
    pub const BLOB: u8 = 252;
    pub const VAR_STRING: u8 = 253;
    pub const STRING: u8 = 254;
    pub const GEOMETRY: u8 = 255;
}

/// Column flag bits (`mysql.connector.constants.FieldFlag`).
pub mod field_flag {
    #![allow(missing_docs)]
    pub const NOT_NULL: u16 = 1;
    pub const PRI_KEY: u16 = 2;
    pub const BLOB: u16 = 16;
    pub const UNSIGNED: u16 = 32;
    pub const BINARY: u16 = 128;
    pub const ENUM: u16 = 256;
    pub const SET: u16 = 2048;
}

/// The character set number the server uses for binary data.
pub const BINARY_CHARSET: u16 = 63;

/// One result column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Column name or alias, as the result labels it.
    pub name: String,
    /// Field type code (see [`field_type`]).
    pub type_code: u8,
    /// Flag bits (see [`field_flag`]).
    pub flags: u16,
    /// Character set / collation number; 63 is binary.
    pub charset: u16,
    /// The rest of the server's column definition; `None` for columns not read from a
    /// MySQL server (SQLite, tests).
    pub meta: Option<Arc<ColumnMeta>>,
}

/// The columns of one result set, shared by all of its rows.
pub type Columns = Arc<[Column]>;

impl Column {
    /// Can this column hold NULL?
    pub fn null_ok(&self) -> bool {
        self.flags & field_flag::NOT_NULL == 0
    }

    /// Is this a binary string (BINARY, VARBINARY, BLOB, BIT, ...)?
    pub fn is_binary(&self) -> bool {
        self.charset == BINARY_CHARSET
    }

    /// Is this a string type with the binary character set (BINARY, VARBINARY, BLOB, BIT),
    /// whose bytes are data rather than text? Numbers and dates also report charset 63
    /// but are text.
    pub fn is_binary_string(&self) -> bool {
        use field_type::{
            BIT, BLOB, GEOMETRY, LONG_BLOB, MEDIUM_BLOB, STRING, TINY_BLOB, VAR_STRING, VARCHAR,
            VECTOR,
        };
        self.is_binary()
            && matches!(
                self.type_code,
                BIT | TINY_BLOB
                    | MEDIUM_BLOB
                    | LONG_BLOB
                    | BLOB
                    | VAR_STRING
                    | STRING
                    | VARCHAR
                    | GEOMETRY
                    | VECTOR
            )
    }

    /// Is this a numeric type (right-aligned in tables, unquoted in JSON)?
    pub fn is_numeric(&self) -> bool {
        use field_type::{
            DECIMAL, DOUBLE, FLOAT, INT24, LONG, LONGLONG, NEWDECIMAL, SHORT, TINY, YEAR,
        };
        matches!(
            self.type_code,
            DECIMAL | TINY | SHORT | LONG | FLOAT | DOUBLE | LONGLONG | INT24 | YEAR | NEWDECIMAL
        )
    }

    /// The DB-API description entry:
    /// `(name, type_code, None, None, None, None, null_ok, flags, charset)`.
    pub fn description(&self) -> PyValue {
        PyValue::Tuple(vec![
            PyValue::Str(self.name.clone()),
            PyValue::Int(self.type_code.into()),
            PyValue::None,
            PyValue::None,
            PyValue::None,
            PyValue::None,
            PyValue::Int(i128::from(self.null_ok())),
            PyValue::Int(self.flags.into()),
            PyValue::Int(self.charset.into()),
        ])
    }

    /// The type name a user knows (`INT`, `VARCHAR`, ...), for display.
    pub fn type_name(&self) -> &'static str {
        use field_type::{
            BIT, BLOB, DATE, DATETIME, DECIMAL, DOUBLE, ENUM, FLOAT, GEOMETRY, INT24, JSON, LONG,
            LONG_BLOB, LONGLONG, MEDIUM_BLOB, NEWDATE, NEWDECIMAL, NULL, SET, SHORT, STRING, TIME,
            TIMESTAMP, TINY, TINY_BLOB, VAR_STRING, VARCHAR, VECTOR, YEAR,
        };
        let binary = self.is_binary();
        match self.type_code {
            DECIMAL | NEWDECIMAL => "DECIMAL",
            TINY => "TINYINT",
            SHORT => "SMALLINT",
            LONG => "INT",
            FLOAT => "FLOAT",
            DOUBLE => "DOUBLE",
            NULL => "NULL",
            TIMESTAMP => "TIMESTAMP",
            LONGLONG => "BIGINT",
            INT24 => "MEDIUMINT",
            DATE | NEWDATE => "DATE",
            TIME => "TIME",
            DATETIME => "DATETIME",
            YEAR => "YEAR",
            BIT => "BIT",
            JSON => "JSON",
            ENUM => "ENUM",
            SET => "SET",
            TINY_BLOB | MEDIUM_BLOB | LONG_BLOB | BLOB if binary => "BLOB",
            TINY_BLOB | MEDIUM_BLOB | LONG_BLOB | BLOB => "TEXT",
            VARCHAR | VAR_STRING if binary => "VARBINARY",
            VARCHAR | VAR_STRING => "VARCHAR",
            STRING if self.flags & field_flag::ENUM != 0 => "ENUM",
            STRING if self.flags & field_flag::SET != 0 => "SET",
            STRING if binary => "BINARY",
            STRING => "CHAR",
            GEOMETRY => "GEOMETRY",
            VECTOR => "VECTOR",
            _ => "UNKNOWN",
        }
    }
}

impl From<&mysql::Column> for Column {
    fn from(c: &mysql::Column) -> Self {
        Column {
            name: String::from_utf8_lossy(c.name_ref()).into_owned(),
            type_code: c.column_type() as u8,
            flags: c.flags().bits(),
            charset: c.character_set(),
            meta: Some(Arc::new(ColumnMeta::from(c))),
        }
    }
}

/// The columns of a `mysql` result, converted once per result set.
pub(crate) fn columns_from(cols: &[mysql::Column]) -> Columns {
    cols.iter().map(Column::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_tuple_matches_the_connector_layout() {
        let id = Column {
            name: "id".into(),
            type_code: field_type::LONG,
            flags: 16899,
            charset: 63,
            meta: None,
        };
        assert_eq!(
            id.description().to_string(),
            "('id', 3, None, None, None, None, 0, 16899, 63)"
        );
        let label = Column {
            name: "label".into(),
            type_code: field_type::VAR_STRING,
            flags: 0,
            charset: 45,
            meta: None,
        };
        assert_eq!(
            label.description().to_string(),
            "('label', 253, None, None, None, None, 1, 0, 45)"
        );
    }
}
