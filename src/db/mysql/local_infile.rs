//! `LOAD DATA LOCAL INFILE`: whether the server may read a file of the client's, from
//! where, and the mysql client's errors when it may not or cannot.
//!
//! The driver always offers the capability and, without a handler, would answer the
//! server's request with an empty file (a silent load of nothing). So rowwise refuses the
//! statement before sending it unless it is allowed ([`LocalInfile::On`]); when it is,
//! the handler sends the file, and a file it cannot send is recorded and reported as the
//! statement's error after the (empty) transfer ends, as the mysql client does: the
//! session stays in step with the server. A request the statement check did not foresee
//! (a statement opening with a comment) meets the same handler: refused or served, never
//! answered with a silent empty file.

use std::cell::RefCell;
use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use mysql::LocalInfileHandler;

use crate::db::{DbError, ExceptionClass};

/// May the server read local files (`LOAD DATA LOCAL INFILE`)?
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum LocalInfile {
    /// Refused before sending, as mysql-connector-python (whose `allow_local_infile` is
    /// off by default) has the server refuse it: the DB-API engine's setting.
    #[default]
    Refused,
    /// Refused, with an error that says how to allow it (the mysql client's front ends
    /// without `--local-infile`).
    Off,
    /// Allowed (`--local-infile`, `--load-data-local-dir`): any file the user can read,
    /// or only files inside `dir` once symlinks and `..` are resolved.
    On {
        /// The only directory files may come from.
        dir: Option<PathBuf>,
    },
}

/// Why a file request was not served.
#[derive(Debug)]
pub(crate) enum Failure {
    /// LOCAL is not allowed: the connection words the refusal (it knows the server).
    Refused,
    /// The file could not be sent.
    File(DbError),
}

thread_local! {
    /// Why the last file request on this thread could not be served. The handler runs
    /// on the thread that sent the statement, inside its call.
    static FAILURE: RefCell<Option<Failure>> = const { RefCell::new(None) };
}

/// Forgets a failure left from an earlier statement.
pub(crate) fn clear_failure() {
    FAILURE.with(|f| f.borrow_mut().take());
}

/// The failure of the file request made during the statement just run, if any.
pub(crate) fn take_failure() -> Option<Failure> {
    FAILURE.with(|f| f.borrow_mut().take())
}

/// The driver's handler: sends the file when `setting` allows it, records why not
/// otherwise (the driver then ends the transfer with nothing sent).
pub(crate) fn handler(setting: LocalInfile) -> LocalInfileHandler {
    LocalInfileHandler::new(move |name, out| {
        let failure = match &setting {
            LocalInfile::On { dir } => match send_file(name, dir.as_deref(), out) {
                Ok(()) => return Ok(()),
                // Writing to the server failed: the connection is broken.
                Err(Sending::Socket(e)) => return Err(e),
                Err(Sending::File(e)) => Failure::File(e),
            },
            LocalInfile::Refused | LocalInfile::Off => Failure::Refused,
        };
        FAILURE.with(|f| *f.borrow_mut() = Some(failure));
        Ok(())
    })
}

/// The error for a refused statement when `--local-infile` is off: the refusal as the
/// server words it, and how to allow it.
pub(crate) fn off_error(refusal: DbError) -> DbError {
    DbError {
        msg: format!(
            "{} (rowwise: start it with --local-infile, or local-infile=1 in an option file, \
             to let the server read local files)",
            refusal.msg
        ),
        ..refusal
    }
}

enum Sending {
    Socket(io::Error),
    File(DbError),
}

fn send_file(name: &[u8], dir: Option<&Path>, out: &mut dyn Write) -> Result<(), Sending> {
    let path = Path::new(OsStr::from_bytes(name));
    if let Some(dir) = dir {
        // Before opening: a FIFO or device outside the directory is never touched.
        check_inside(name, path, dir).map_err(Sending::File)?;
    }
    let mut file = std::fs::File::open(path).map_err(|e| Sending::File(not_found(name, &e)))?;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Sending::File(not_found(name, &e))),
        };
        out.write_all(buf.get(..n).unwrap_or_default())
            .map_err(Sending::Socket)?;
    }
}

/// Refuses `path` unless, with symlinks and `..` resolved, it lies inside `dir`.
fn check_inside(name: &[u8], path: &Path, dir: &Path) -> Result<(), DbError> {
    let refused = |why: String| {
        DbError::client(
            ExceptionClass::DatabaseError,
            2068,
            format!(
                "LOAD DATA LOCAL INFILE file request rejected due to restrictions on access: {why}"
            ),
        )
    };
    let real_dir = dir.canonicalize().map_err(|e| {
        refused(format!(
            "--load-data-local-dir '{}' cannot be resolved ({e})",
            dir.display()
        ))
    })?;
    let real = path.canonicalize().map_err(|e| not_found(name, &e))?;
    if real.starts_with(&real_dir) {
        Ok(())
    } else {
        Err(refused(format!(
            "'{}' (resolved: '{}') is not inside --load-data-local-dir '{}' (resolved: '{}')",
            path.display(),
            real.display(),
            dir.display(),
            real_dir.display()
        )))
    }
}

/// The mysql client's error for a file it cannot open or read (libmariadb's
/// `CR_FILE_NOT_FOUND` text, the OS error number as the error number).
fn not_found(name: &[u8], e: &io::Error) -> DbError {
    let code = e.raw_os_error().unwrap_or(0);
    let shown = String::from_utf8_lossy(name.get(..64).unwrap_or(name));
    DbError {
        sqlstate: Some("HY000".to_owned()),
        ..DbError::client(
            ExceptionClass::DatabaseError,
            u32::try_from(code).unwrap_or(0),
            format!("File '{shown}' not found (Errcode: {code})"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_through_dotdot_or_a_symlink_out_of_the_dir_is_refused() -> io::Result<()> {
        let root = tempfile::tempdir()?;
        let dir = root.path().join("allowed");
        std::fs::create_dir(&dir)?;
        std::fs::write(dir.join("in.csv"), "1\n")?;
        std::fs::write(root.path().join("out.csv"), "2\n")?;
        std::os::unix::fs::symlink(root.path().join("out.csv"), dir.join("link.csv"))?;
        let inside = dir.join("in.csv");
        assert!(check_inside(inside.as_os_str().as_bytes(), &inside, &dir).is_ok());
        for escape in [dir.join("../out.csv"), dir.join("link.csv")] {
            let e = check_inside(escape.as_os_str().as_bytes(), &escape, &dir).err();
            let msg = e.map(|e| e.msg).unwrap_or_default();
            assert!(msg.contains("is not inside --load-data-local-dir"), "{msg}");
            assert!(msg.contains(&escape.display().to_string()), "{msg}");
        }
        Ok(())
    }
}
