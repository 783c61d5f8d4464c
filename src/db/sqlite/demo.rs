//! The demo database file: where it lives, creating and seeding it on first use, and
//! restoring it to the seeded state.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::super::DbError;
use super::error::from_rusqlite;
use crate::private_file::{create_private, restrict_to_owner};

/// The seed: the course's tables and rows (`seed.sql`, also read by the reference runner).
pub const SEED_SQL: &str = include_str!("seed.sql");

/// The demo file's name in rowwise's data directory.
pub const DEMO_FILE: &str = "demo.sqlite3";

/// `PRAGMA application_id` of a demo file ('rwdm'), set by the seed.
const DEMO_APPLICATION_ID: i64 = 0x7277_646d;

/// Why the demo file could not be prepared.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DemoError {
    /// The platform has no per-user data directory to keep the demo in.
    #[error("no data directory to keep the demo database in (set HOME or XDG_DATA_HOME)")]
    NoDataDir,
    /// Creating the file or its directory failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// SQLite refused to create, seed or reset it.
    #[error("{}: {source}", path.display())]
    Sqlite {
        /// The demo database's file.
        path: PathBuf,
        /// The error as Python's `sqlite3` would raise it.
        source: DbError,
    },
    /// A reset was asked of a file that is not a demo database.
    #[error("{} is not a rowwise demo database: not resetting it", path.display())]
    NotADemo {
        /// The demo database's file.
        path: PathBuf,
    },
}

/// `<data dir>/demo.sqlite3`, the data dir being rowwise's own (`~/.local/share/rowwise`).
///
/// # Failure
/// [`DemoError::NoDataDir`] when the platform gives no data directory.
pub fn default_demo_path(data_dir: Option<PathBuf>) -> Result<PathBuf, DemoError> {
    data_dir
        .map(|d| d.join(DEMO_FILE))
        .ok_or(DemoError::NoDataDir)
}

/// Creates and seeds the demo file if it does not exist yet (owner-only, 0600). Returns
/// whether it was created. The seeded file is built beside it and renamed into place, so
/// an interrupted first run never leaves a half-seeded demo behind.
///
/// # Failure
/// The directory or file cannot be created, or seeding fails.
pub fn ensure_demo(path: &Path) -> Result<bool, DemoError> {
    if path.exists() {
        return Ok(false);
    }
    let io = |source| DemoError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut staging = path.as_os_str().to_owned();
    staging.push(format!(".{}.tmp", std::process::id()));
    let staging = PathBuf::from(staging);
    drop(create_private(&staging).map_err(io)?);
    let seeded = seed(&staging);
    if let Err(e) = seeded {
        let _ = std::fs::remove_file(&staging);
        return Err(e);
    }
    std::fs::rename(&staging, path).map_err(io)?;
    restrict_to_owner(path).map_err(io)?;
    Ok(true)
}

fn sqlite_error(path: &Path) -> impl Fn(rusqlite::Error) -> DemoError + '_ {
    move |e| DemoError::Sqlite {
        path: path.to_path_buf(),
        source: from_rusqlite(e),
    }
}

fn seed(path: &Path) -> Result<(), DemoError> {
    let conn = Connection::open(path).map_err(sqlite_error(path))?;
    let script = format!("BEGIN;\n{SEED_SQL}\nCOMMIT;");
    conn.execute_batch(&script).map_err(sqlite_error(path))?;
    conn.close().map_err(|(_, e)| sqlite_error(path)(e))
}

/// Restores a demo file to the seeded data, dropping everything else in it, in one
/// transaction that other connections see at once. A missing file is created.
///
/// # Failure
/// [`DemoError::NotADemo`] for a file with tables that the seed did not make (another
/// program's database is never emptied); SQLite's error (e.g. `database is locked` while
/// another connection holds a write transaction).
pub fn reset_demo(path: &Path) -> Result<(), DemoError> {
    if ensure_demo(path)? {
        return Ok(());
    }
    let err = sqlite_error(path);
    let conn = Connection::open(path).map_err(&err)?;
    let id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(&err)?;
    let objects = schema_objects(&conn).map_err(&err)?;
    if id != DEMO_APPLICATION_ID && !objects.is_empty() {
        return Err(DemoError::NotADemo {
            path: path.to_path_buf(),
        });
    }
    // Foreign-key checks would refuse to drop referenced tables; this PRAGMA is a no-op
    // inside a transaction, so it comes first.
    conn.execute_batch("PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE")
        .map_err(&err)?;
    let mut script = String::new();
    for (kind, name) in &objects {
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        script.push_str(&format!("DROP {kind} IF EXISTS {quoted};\n"));
    }
    script.push_str(SEED_SQL);
    script.push_str("\nCOMMIT;");
    if let Err(e) = conn.execute_batch(&script) {
        let _ = conn.execute_batch("ROLLBACK");
        return Err(err(e));
    }
    drop(conn);
    restrict_to_owner(path).map_err(|source| DemoError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Views, virtual tables, then tables (dropping a virtual table drops its shadow tables,
/// which cannot be dropped before it). SQLite's own tables are left alone.
fn schema_objects(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT upper(type), name FROM sqlite_schema
         WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         ORDER BY type = 'table', sql NOT LIKE 'CREATE VIRTUAL%', name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(path: &Path) -> rusqlite::Result<Vec<String>> {
        let conn = Connection::open(path)?;
        let mut stmt = conn.prepare("SELECT name FROM user ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect()
    }

    #[test]
    fn the_demo_is_created_once_private_and_seeded() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("sub").join(DEMO_FILE);
        assert!(ensure_demo(&path)?);
        assert!(!ensure_demo(&path)?);
        assert_eq!(names(&path)?, vec!["John Doe", "Jane Smith"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path)?.permissions().mode() & 0o777,
                0o600
            );
        }
        let leftovers = std::fs::read_dir(path.parent().ok_or("no parent")?)?.count();
        assert_eq!(leftovers, 1, "the staging file was not renamed away");
        Ok(())
    }

    #[test]
    fn reset_restores_deleted_rows_and_drops_new_tables() -> Result<(), Box<dyn std::error::Error>>
    {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join(DEMO_FILE);
        ensure_demo(&path)?;
        {
            let conn = Connection::open(&path)?;
            conn.execute_batch(
                "PRAGMA foreign_keys = OFF; DELETE FROM user; CREATE TABLE scratch (x);
                 CREATE VIEW v AS SELECT * FROM pet; DROP TABLE city;",
            )?;
        }
        reset_demo(&path)?;
        assert_eq!(names(&path)?, vec!["John Doe", "Jane Smith"]);
        let conn = Connection::open(&path)?;
        let extra: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name IN ('scratch', 'v')",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(extra, 0);
        let cities: i64 = conn.query_row("SELECT count(*) FROM city", [], |r| r.get(0))?;
        assert_eq!(cities, 3);
        Ok(())
    }

    #[test]
    fn reset_refuses_a_file_that_is_not_a_demo() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("mine.db");
        Connection::open(&path)?
            .execute_batch("CREATE TABLE precious (x); INSERT INTO precious VALUES (1);")?;
        assert!(matches!(reset_demo(&path), Err(DemoError::NotADemo { .. })));
        let kept: i64 =
            Connection::open(&path)?.query_row("SELECT x FROM precious", [], |r| r.get(0))?;
        assert_eq!(kept, 1);
        Ok(())
    }
}
