//! The start of a statement's reply as the mysql client reads it, in words both backends
//! answer with.

use crate::db::Columns;

/// What an OK packet reports about a statement without a result set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OkInfo {
    /// Rows inserted, updated or deleted.
    pub affected_rows: u64,
    /// The `AUTO_INCREMENT` id generated, or 0.
    pub insert_id: u64,
    /// Warnings the statement left, from the OK packet (the connector's `warning_count`).
    pub warnings: u16,
    /// The server's info text (`Rows matched: 1  Changed: 1  Warnings: 0`).
    pub info: String,
}

/// The start of a statement's reply, for front ends that read results the way the
/// `mysql` client does (all of them, rows as they come).
#[derive(Debug, Clone)]
pub enum QueryStart {
    /// A result set; read its rows with `next_row`.
    Rows(Columns),
    /// A statement without a result set.
    Done(OkInfo),
}
