//! What the server says about a result column beyond the DB-API description: where it
//! comes from and how wide it is (`mysql --column-type-info` shows it).

/// A column definition packet's fields that [`super::Column`] does not carry. Names stay
/// bytes: they are shown as the server sent them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMeta {
    /// The column's name in its table (`Org_field`), before any alias.
    pub org_name: Vec<u8>,
    /// The database of its table (`Database`).
    pub schema: Vec<u8>,
    /// The table or its alias (`Table`).
    pub table: Vec<u8>,
    /// The table's own name (`Org_table`).
    pub org_table: Vec<u8>,
    /// The column's display length in bytes of the connection's character set (`Length`).
    pub length: u32,
    /// Decimal digits (`Decimals`).
    pub decimals: u8,
}

impl From<&mysql::Column> for ColumnMeta {
    fn from(c: &mysql::Column) -> Self {
        ColumnMeta {
            org_name: c.org_name_ref().to_vec(),
            schema: c.schema_ref().to_vec(),
            table: c.table_ref().to_vec(),
            org_table: c.org_table_ref().to_vec(),
            length: c.column_length(),
            decimals: c.decimals(),
        }
    }
}
