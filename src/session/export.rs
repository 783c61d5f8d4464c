//! Exports a session's transcript as a Python file that replays it with
//! mysql-connector-python 8.4.0 (or, for the demo database, Python's own `sqlite3`) and
//! prints exactly the same transcript.

use std::path::Path;

use crate::db::ConnectOptions;
use crate::pyrepr::str_repr;
use crate::sql::is_sensitive;

use crate::db::api::{Entry, Outcome};

/// The helpers every export starts with: `show` prints like the REPL (and like rowwise:
/// sets sorted), `report` prints an exception line.
const PRELUDE: &str = r#"import os

import mysql.connector


def pyrepr(value):
    """repr(), except that a set lists its members sorted (as rowwise shows them)."""
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(pyrepr(v) for v in sorted(value)) + "}" if value else "set()"
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        inner = ", ".join(f"{k}={pyrepr(v)}" for k, v in zip(value._fields, value))
        return f"{type(value).__name__}({inner})"
    if isinstance(value, tuple):
        inner = ", ".join(pyrepr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(pyrepr(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pyrepr(k)}: {pyrepr(v)}" for k, v in value.items()) + "}"
    return repr(value)


def show(value):
    """Print a value as the Python REPL does (nothing for None)."""
    if value is not None:
        print(pyrepr(value))


def report(exc):
    cls = type(exc)
    name = cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__name__}"
    print(f"{name}: {exc}")

"#;

/// The helpers of a `sqlite3` export: as the reference runner prints (an address, as in
/// `<sqlite3.Row object at 0x...>`, is `0x...`).
const SQLITE_PRELUDE: &str = r#"import os
import re
import sqlite3


def pyrepr(value):
    """repr(), except for what Python prints with a memory address (see docs/sqlite-transcript.md)."""
    if isinstance(value, tuple):
        inner = ", ".join(pyrepr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(pyrepr(v) for v in value) + "]"
    return re.sub(r" at 0x[0-9a-fA-F]+>$", " at 0x...>", repr(value))


def show(value):
    """Print a value as the Python REPL does (nothing for None)."""
    if value is not None:
        print(pyrepr(value))


def report(exc):
    cls = type(exc)
    name = cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__name__}"
    print(f"{name}: {exc}")

"#;

/// Is `code` an assignment (`cursor = ...`, `cnx.autocommit = True`) rather than an
/// expression whose value the REPL prints?
fn is_assignment(code: &str) -> bool {
    let head: String = code.chars().take_while(|c| *c != '(').collect();
    head.contains(" = ")
}

/// The `connect()` arguments for `options`; the password comes from `MYSQL_PWD` at run
/// time, never from the file.
fn connect_config(options: &ConnectOptions) -> String {
    let mut args = Vec::new();
    match &options.socket {
        Some(path) => args.push(format!(
            "unix_socket={}",
            str_repr(&path.display().to_string())
        )),
        None => {
            args.push(format!("host={}", str_repr(&options.host)));
            args.push(format!("port={}", options.port));
        }
    }
    args.push(format!("user={}", str_repr(&options.user)));
    if let Some(db) = &options.database {
        args.push(format!("database={}", str_repr(db)));
    }
    args.push("password=os.environ.get(\"MYSQL_PWD\", \"\")".to_owned());
    args.push("use_pure=True".to_owned());
    format!("config = dict({})", args.join(", "))
}

/// The Python file (see the module documentation).
pub fn export_python(entries: &[Entry], options: &ConnectOptions) -> String {
    let mut out = String::new();
    out.push_str("#!/usr/bin/env python3\n");
    out.push_str("# A rowwise session, replayed with mysql-connector-python 8.4.0 (pip install mysql-connector-python==8.4.0).\n");
    out.push_str(
        "# Running it prints the session's transcript. The password is read from $MYSQL_PWD.\n",
    );
    out.push_str(PRELUDE);
    out.push_str(&connect_config(options));
    out.push_str("\ncnx = mysql.connector.connect(**config)\n\n");
    push_steps(&mut out, entries);
    out
}

/// The Python file of a session on an SQLite file (the demo): it opens the file by name
/// from its directory, as the transcript spells `sqlite3.connect('demo.sqlite3')`.
pub fn export_sqlite_python(entries: &[Entry], path: &Path) -> String {
    let dir = path
        .parent()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = String::new();
    out.push_str("#!/usr/bin/env python3\n");
    out.push_str(
        "# A rowwise session on an SQLite database, replayed with Python 3.11's sqlite3.\n",
    );
    out.push_str(
        "# Running it prints the session's transcript (and changes the database as it did).\n",
    );
    out.push_str(SQLITE_PRELUDE);
    if !dir.is_empty() {
        out.push_str(&format!("os.chdir({})\n", str_repr(&dir)));
    }
    out.push_str(&format!("cnx = sqlite3.connect({})\n\n", str_repr(&name)));
    push_steps(&mut out, entries);
    out
}

/// Each entry: print its prompt line, run it, print what Python prints. Comments are
/// printed, not run. A step that may hold a password (the history's rule, as the mysql
/// client's `--histignore "*IDENTIFIED*:*PASSWORD*"`) is left out: the file outlives the
/// session and may be shared.
fn push_steps(out: &mut String, entries: &[Entry]) {
    for entry in entries {
        if is_sensitive(&entry.code) {
            out.push_str(
                "print('# (a step that may hold a password was left out of this file)')\n",
            );
            continue;
        }
        if entry.outcome == Outcome::Comment {
            out.push_str(&format!(
                "print({})\n",
                str_repr(&format!("# {}", entry.code))
            ));
            continue;
        }
        out.push_str(&format!(
            "print({})\n",
            str_repr(&format!(">>> {}", entry.code))
        ));
        if entry.code == super::LOOP_CODE {
            // The loop the prompt lines stand for; rows print as the transcript shows them.
            out.push_str("try:\n    for row in cursor:\n        print(pyrepr(row))\nexcept Exception as exc:  # noqa: BLE001 - the transcript shows every error\n    report(exc)\n");
            continue;
        }
        let body = if is_assignment(&entry.code) {
            entry.code.clone()
        } else {
            format!("show({})", entry.code)
        };
        out.push_str(&format!("try:\n    {body}\nexcept Exception as exc:  # noqa: BLE001 - the transcript shows every error\n    report(exc)\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_prints_each_step_and_never_holds_the_password() {
        let entries = vec![
            Entry::new("cursor = cnx.cursor()".into(), Outcome::None),
            Entry::new("cursor.execute('SELECT 1')".into(), Outcome::None),
            Entry::new("cnx.autocommit = True".into(), Outcome::None),
        ];
        let options = ConnectOptions::new()
            .host("127.0.0.1")
            .user("root")
            .password("s3cret")
            .database("test");
        let py = export_python(&entries, &options);
        assert!(!py.contains("s3cret"));
        assert!(
            py.contains("print('>>> cursor = cnx.cursor()')\ntry:\n    cursor = cnx.cursor()\n"),
            "{py}"
        );
        assert!(
            py.contains("    show(cursor.execute('SELECT 1'))\n"),
            "{py}"
        );
        assert!(py.contains("    cnx.autocommit = True\n"), "{py}");
        assert!(py.contains("config = dict(host='127.0.0.1', port=3306, user='root', database='test', password=os.environ.get(\"MYSQL_PWD\", \"\"), use_pure=True)"), "{py}");
    }

    #[test]
    fn a_loop_is_exported_as_the_loop_it_shows() {
        let entries = vec![
            Entry::new(super::super::LOOP_CODE.into(), Outcome::None),
            Entry::new("cursor.arraysize = 2".into(), Outcome::None),
        ];
        let py = export_python(&entries, &ConnectOptions::new());
        assert!(
            py.contains("print('>>> for row in cursor:\\n...     print(row)\\n...')\ntry:\n    for row in cursor:\n        print(pyrepr(row))\n"),
            "{py}"
        );
        assert!(py.contains("    cursor.arraysize = 2\n"), "{py}");
    }

    #[test]
    fn a_step_that_may_hold_a_password_is_left_out_and_the_rest_kept() {
        let entries = vec![
            Entry::new(
                "cursor.execute(\"CREATE USER u IDENTIFIED BY 'hunter2'\")".into(),
                Outcome::None,
            ),
            Entry::new("cursor.execute('SELECT 2')".into(), Outcome::None),
        ];
        let py = export_python(&entries, &ConnectOptions::new());
        assert!(!py.contains("hunter2"), "{py}");
        assert!(py.contains("left out of this file"), "{py}");
        assert!(py.contains("show(cursor.execute('SELECT 2'))"), "{py}");
    }

    #[test]
    fn a_sqlite_export_opens_the_file_by_name_and_prints_comments() {
        let entries = vec![
            Entry::comment("sqlite3 has no buffered cursors"),
            Entry::new("cnx.row_factory = sqlite3.Row".into(), Outcome::None),
            Entry::new("cursor = cnx.cursor()".into(), Outcome::None),
        ];
        let py = export_sqlite_python(
            &entries,
            Path::new("/home/u/.local/share/rowwise/demo.sqlite3"),
        );
        assert!(
            py.contains(
                "os.chdir('/home/u/.local/share/rowwise')\ncnx = sqlite3.connect('demo.sqlite3')\n"
            ),
            "{py}"
        );
        assert!(
            py.contains("print('# sqlite3 has no buffered cursors')\nprint('>>> cnx.row_factory"),
            "{py}"
        );
        assert!(py.contains("    cnx.row_factory = sqlite3.Row\n"), "{py}");
    }
}
