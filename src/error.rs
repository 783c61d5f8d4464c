//! The top-level error of the `rowwise` binary's front ends, and its exit codes.

use std::path::PathBuf;

use crate::config::ConfigError;
use crate::db::DbError;
use crate::db::sqlite::DemoError;
use crate::script::ScriptError;

/// Anything that stops a front end.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An option file, flag, URL or environment variable that cannot be used; said before
    /// any connection is tried.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The server could not be reached or refused us.
    #[error("{}", connect_message(.error, .endpoint, .database.as_deref()))]
    Connect {
        /// The server's or the client library's error, with its errno and SQLSTATE.
        error: DbError,
        /// `host:port` or the socket path.
        endpoint: String,
        /// The database the connection was to open, if one was asked for.
        database: Option<String>,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file that could not be read or written.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A cursor script that cannot be run.
    #[error("{}:{source}", path.display())]
    Script {
        /// The script file.
        path: PathBuf,
        /// What is wrong with it.
        source: ScriptError,
    },
    /// A database error that ends the program (batch mode).
    #[error("{}", .0.mysql_client_line())]
    Db(DbError),
    /// The demo database could not be prepared.
    #[error(transparent)]
    Demo(#[from] DemoError),
    /// The course's tables could not be set up.
    #[error(transparent)]
    Course(#[from] crate::db::course::CourseError),
    /// The terminal could not be set up or written to (raw mode, the alternate screen).
    #[error("terminal: {0}")]
    Terminal(std::io::Error),
    /// Something else, already phrased for the user.
    #[error("{0}")]
    Message(String),
}

/// Crate-wide result with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the course's error-handling example would print, with the server's own line.
fn connect_message(error: &DbError, endpoint: &str, database: Option<&str>) -> String {
    let reason = match error.errno {
        Some(1045) => "wrong user name or password".to_owned(),
        Some(1049) => format!("database '{}' does not exist", database.unwrap_or("?")),
        Some(2002) => format!("cannot reach the server through socket {endpoint}"),
        Some(2003) => format!("cannot reach the server at {endpoint}"),
        Some(2026) => format!("TLS failed with the server at {endpoint}"),
        Some(2059) => format!("cannot log in to {endpoint} with the authentication it asks for"),
        _ => format!("cannot connect to {endpoint}"),
    };
    format!("{reason}\n  {}", error.mysql_client_line())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::ExceptionClass;

    #[test]
    fn connect_errors_read_like_the_course_example() {
        let e = Error::Connect {
            error: DbError::server(
                1045,
                Some("28000"),
                "Access denied for user 'u'@'localhost' (using password: YES)",
            ),
            endpoint: "127.0.0.1:3306".into(),
            database: None,
        };
        assert_eq!(
            e.to_string(),
            "wrong user name or password\n  ERROR 1045 (28000): Access denied for user 'u'@'localhost' (using password: YES)"
        );
        let e = Error::Connect {
            error: DbError::client(
                ExceptionClass::InterfaceError,
                2003,
                "Can't connect to MySQL server on '127.0.0.1:1' (111 Connection refused)",
            ),
            endpoint: "127.0.0.1:1".into(),
            database: None,
        };
        assert!(
            e.to_string()
                .starts_with("cannot reach the server at 127.0.0.1:1\n  ERROR 2003 (HY000)")
        );
    }
}
