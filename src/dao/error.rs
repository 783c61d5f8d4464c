//! `DaoError`: a DAO call that failed, with the report of what it had done by then, so a
//! front end can say why and show the statement that failed.

use super::report::ActionReport;
use crate::db::{DbError, ExceptionClass};

/// MySQL's `ER_NO_SUCH_TABLE`.
const ER_NO_SUCH_TABLE: u32 = 1146;
/// MySQL's `ER_DUP_ENTRY`.
const ER_DUP_ENTRY: u32 = 1062;

/// A failed DAO call.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", error.python_line())]
pub struct DaoError {
    /// The exception the call raised (from the pool, the connector or the server).
    #[source]
    pub error: DbError,
    /// What the call did before it failed.
    pub report: Box<ActionReport>,
}

impl DaoError {
    pub(crate) fn new(error: DbError, report: ActionReport) -> Self {
        DaoError {
            error,
            report: Box::new(report),
        }
    }

    /// The table does not exist (1146): a front end may offer to create it.
    pub fn is_missing_table(&self) -> bool {
        self.error.errno == Some(ER_NO_SUCH_TABLE) || self.error.msg.starts_with("no such table:")
    }

    /// A row with the same primary key exists already (1062).
    pub fn is_duplicate_key(&self) -> bool {
        self.error.errno == Some(ER_DUP_ENTRY)
            || self.error.msg.starts_with("UNIQUE constraint failed:")
    }

    /// No connection could be borrowed because every one is in use.
    pub fn is_pool_exhausted(&self) -> bool {
        self.error.class == ExceptionClass::PoolError
    }

    /// The server went away or could not be reached.
    pub fn is_connection_lost(&self) -> bool {
        self.error.is_connection_lost()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::pool_exhausted;

    fn failed(error: DbError) -> DaoError {
        DaoError::new(
            error,
            ActionReport::new("user_dao.get_users(user_map)".into(), ""),
        )
    }

    #[test]
    fn errors_are_classified_for_the_form() {
        let missing = failed(DbError::server(
            1146,
            Some("42S02"),
            "Table 'test.user' doesn't exist",
        ));
        assert!(missing.is_missing_table() && !missing.is_duplicate_key());
        assert_eq!(
            missing.to_string(),
            "mysql.connector.errors.ProgrammingError: 1146 (42S02): Table 'test.user' doesn't exist"
        );
        let duplicate = failed(DbError::server(
            1062,
            Some("23000"),
            "Duplicate entry '1' for key 'PRIMARY'",
        ));
        assert!(duplicate.is_duplicate_key());
        assert!(failed(pool_exhausted()).is_pool_exhausted());
        assert!(failed(DbError::lost_connection()).is_connection_lost());
    }
}
