//! The database engine: connections, the DB-API cursor, values and errors.
//!
//! Knows nothing of terminals. The words both backends speak live in `api` (commands,
//! entries, steps, the [`Database`] trait); MySQL goes through the `mysql` crate in
//! `mysql` and follows mysql-connector-python 8.4.0 in everything a user can observe; the
//! embedded demo database goes through rusqlite in `sqlite` and follows Python's own
//! `sqlite3`. Values, columns, conversion to Python and errors are shared.

pub mod api;
mod cell;
mod client_errors;
mod column;
mod column_meta;
pub mod convert;
mod cursor_kind;
pub mod display;
mod error;
pub mod mysql;
mod row;
mod security;
pub mod sqlite;

pub use api::{
    Cancel, Cancelled, Canceller, CursorStatus, Database, DatabaseInfo, Demo, Dialect, OkInfo,
    Queries, QueryStart, Stepping, demo_path, reset_demo,
};
pub use cell::{Cell, RawRow};
pub use column::{BINARY_CHARSET, Column, Columns, field_flag, field_type};
pub use column_meta::ColumnMeta;
pub use cursor_kind::{CursorClass, CursorOptions, RowShape};
pub use error::{DbError, ExceptionClass, PyModule};
pub use mysql::{
    CANCEL_TIMEOUT, ConnectOptions, Connection, Cursor, CursorIter, KillQuery, LocalInfile,
    MySqlDatabase, POOL_DEFAULT_SIZE, POOL_MAX_NAME_LEN, POOL_MAX_SIZE, Pool, PoolOptions,
    PoolStats, PooledConnection, ServerInfo, SessionSocket, SessionState, course, params,
    params_dict, pool_exhausted, tls,
};
pub use row::{NAMED_TUPLE_TYPE, is_identifier, named_tuple_error, shape_row};
pub use security::{Security, SslMode, Transport};
pub use sqlite::SqliteDatabase;
pub use tls::TlsOptions;

/// A rusqlite error as Python's `sqlite3` raises it.
pub(crate) use sqlite::from_rusqlite as sqlite_error;
