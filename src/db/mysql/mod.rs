//! MySQL/MariaDB through the `mysql` crate, behaving as mysql-connector-python 8.4.0 does:
//! connecting (`connect`, `tls`, `options`), the connection and its mysql-client face
//! (`connection`), the DB-API cursor (`cursor`), the cursor face that runs session commands
//! (`session`), the backend (`database`), the pool, and the course's tables (`course`).
//! Twin of `db/sqlite/`.

mod connect;
mod connection;
pub mod course;
mod cursor;
mod database;
mod kill;
mod local_infile;
mod options;
mod packet_limit;
pub mod params;
pub mod params_dict;
mod pool;
mod session;
mod session_state;
mod socket;
mod stream;
pub mod tls;

pub use crate::db::api::{OkInfo, QueryStart};
pub use connection::{Connection, ServerInfo};
pub use cursor::{Cursor, CursorIter};
pub use database::MySqlDatabase;
pub use kill::{CANCEL_TIMEOUT, KillQuery};
pub use local_infile::LocalInfile;
pub use options::ConnectOptions;
pub use pool::{
    POOL_DEFAULT_SIZE, POOL_MAX_NAME_LEN, POOL_MAX_SIZE, Pool, PoolOptions, PoolStats,
    PooledConnection, pool_exhausted,
};
pub use session::Session;
pub use session_state::SessionState;
pub use socket::SessionSocket;

use crate::db::{DbError, ExceptionClass};

/// `"No such file or directory (os error 2)"` → `"2 No such file or directory"`, the way
/// Python formats an `OSError` inside connector messages.
fn os_error_text(desc: &str) -> String {
    match desc.rsplit_once(" (os error ") {
        Some((text, code)) => format!("{} {text}", code.trim_end_matches(')')),
        None => desc.to_owned(),
    }
}

/// Converts a driver error met while talking to a connected server.
pub(crate) fn map_error(err: mysql::Error) -> DbError {
    match err {
        mysql::Error::MySqlError(e) => {
            DbError::server(u32::from(e.code), Some(&e.state), e.message)
        }
        mysql::Error::IoError(_) | mysql::Error::CodecError(_) => DbError::lost_connection(),
        mysql::Error::DriverError(mysql::DriverError::MismatchedStmtParams(want, got)) => {
            DbError::client(
                ExceptionClass::ProgrammingError,
                1210,
                format!(
                    "Incorrect number of arguments executing prepared statement (expected {want}, got {got})"
                ),
            )
        }
        other => DbError::new(ExceptionClass::InterfaceError, driver_text(&other)),
    }
}

/// A driver error's own text, without the driver's `DriverError { ... }` wrapping.
pub(crate) fn driver_text(err: &mysql::Error) -> String {
    match err {
        mysql::Error::IoError(e) => e.to_string(),
        mysql::Error::CodecError(e) => e.to_string(),
        mysql::Error::MySqlError(e) => e.to_string(),
        mysql::Error::DriverError(e) => e.to_string(),
        mysql::Error::UrlError(e) => e.to_string(),
        mysql::Error::TlsError(e) => e.to_string(),
        mysql::Error::FromRowError(_) => "from row conversion error".to_owned(),
        mysql::Error::FromValueError(_) => "from value conversion error".to_owned(),
    }
}

/// Converts a driver error met while connecting, naming the endpoint as the mysql client
/// does (2002 for a socket, 2003 for TCP).
pub(crate) fn map_connect_error(err: mysql::Error, options: &ConnectOptions) -> DbError {
    let cannot_connect = |detail: String| match &options.socket {
        Some(path) => DbError::client(
            ExceptionClass::InterfaceError,
            2002,
            format!(
                "Can't connect to local MySQL server through socket '{}' ({detail})",
                path.display()
            ),
        ),
        None => DbError::client(
            ExceptionClass::InterfaceError,
            2003,
            format!(
                "Can't connect to MySQL server on '{}:{}' ({detail})",
                options.host, options.port
            ),
        ),
    };
    match err {
        mysql::Error::DriverError(mysql::DriverError::CouldNotConnect(Some((_, desc, _)))) => {
            cannot_connect(os_error_text(&desc))
        }
        mysql::Error::DriverError(mysql::DriverError::CouldNotConnect(None)) => {
            cannot_connect("unknown error".into())
        }
        mysql::Error::DriverError(mysql::DriverError::ConnectTimeout) => cannot_connect(format!(
            "110 Connection timed out after {} s",
            options.connect_timeout.as_secs()
        )),
        // The server took the TCP connection but did not answer the handshake in time (a
        // frozen or overloaded server): the mysql client's wording for this case.
        mysql::Error::IoError(e)
        | mysql::Error::CodecError(
            mysql::mysql_common::proto::codec::error::PacketCodecError::Io(e),
        ) if matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ) =>
        {
            DbError::client(
                ExceptionClass::OperationalError,
                2013,
                format!(
                    "Lost connection to MySQL server at '{}' while reading the initial handshake: no answer within {} s",
                    options.endpoint(),
                    options.connect_timeout.as_secs_f32()
                ),
            )
        }
        mysql::Error::IoError(e) => cannot_connect(os_error_text(&e.to_string())),
        other => map_error(other),
    }
}
