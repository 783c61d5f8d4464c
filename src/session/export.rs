//! Exports a session's transcript as a Python file that replays it with
//! mysql-connector-python 8.4.0 (or, for the demo database, Python's own `sqlite3`) and
//! prints exactly the same transcript.

use std::path::Path;

use crate::db::ConnectOptions;
use crate::pyrepr::str_repr;
use crate::sql::is_sensitive;

use crate::db::api::{Entry, KEYBOARD_INTERRUPT, LOOP_CODE, Outcome};

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
    if let Some(path) = &options.socket {
        args.push(format!(
            "unix_socket={}",
            str_repr(&path.display().to_string())
        ));
    } else {
        args.push(format!("host={}", str_repr(&options.host)));
        args.push(format!("port={}", options.port));
    }
    args.push(format!("user={}", str_repr(&options.user)));
    if let Some(db) = &options.database {
        args.push(format!("database={}", str_repr(db)));
    }
    args.push("password=os.environ.get(\"MYSQL_PWD\", \"\")".to_owned());
    args.push("use_pure=True".to_owned());
    format!("config = dict({})", args.join(", "))
}

/// One step of an exported session, typed for the export.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportStep {
    /// A transcript entry, replayed as the Python it shows.
    Entry(Entry),
    /// `for row in cursor` stopped by Ctrl-C after `rows` rows: replayed as the loop
    /// ending with a `break` after as many rows, then the `KeyboardInterrupt` line, so the
    /// cursor is left where the session left it.
    StoppedLoop {
        /// The `for row in cursor:` entry, with the rows it printed before the stop.
        entry: Entry,
        /// Rows it printed before it stopped.
        rows: usize,
    },
    /// Python written by another part of the engine (form mode's DAO calls) that prints
    /// its own transcript lines.
    Python(String),
}

/// The Python file (see the module documentation).
pub fn export_python(entries: &[Entry], options: &ConnectOptions) -> String {
    export_python_steps(&as_steps(entries), "", options)
}

/// The Python file of `steps`; `setup` (class definitions, a pool) follows the
/// connection, once.
pub fn export_python_steps(steps: &[ExportStep], setup: &str, options: &ConnectOptions) -> String {
    let mut out = String::new();
    out.push_str("#!/usr/bin/env python3\n");
    out.push_str("# A rowwise session, replayed with mysql-connector-python 8.4.0 (pip install mysql-connector-python==8.4.0).\n");
    out.push_str(
        "# Running it prints the session's transcript. The password is read from $MYSQL_PWD.\n",
    );
    out.push_str(PRELUDE);
    out.push_str(&connect_config(options));
    out.push_str("\ncnx = mysql.connector.connect(**config)\n\n");
    out.push_str(setup);
    push_steps(&mut out, steps);
    out
}

/// The Python file of a session on an SQLite file (the demo): it opens the file by name
/// from its directory, as the transcript spells `sqlite3.connect('demo.sqlite3')`.
pub fn export_sqlite_python(entries: &[Entry], path: &Path) -> String {
    export_sqlite_python_steps(&as_steps(entries), "", path)
}

/// [`export_sqlite_python`] of `steps`, with `setup` after the connection.
pub fn export_sqlite_python_steps(steps: &[ExportStep], setup: &str, path: &Path) -> String {
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
    out.push_str(setup);
    push_steps(&mut out, steps);
    out
}

fn as_steps(entries: &[Entry]) -> Vec<ExportStep> {
    entries.iter().cloned().map(ExportStep::Entry).collect()
}

const EXCEPT: &str = "except Exception as exc:  # noqa: BLE001 - the transcript shows every error\n    report(exc)\n";

/// Each entry: print its prompt line, run it, print what Python prints. Comments are
/// printed, not run. A step that may hold a password (the history's rule, as the mysql
/// client's `--histignore "*IDENTIFIED*:*PASSWORD*"`) is left out: the file outlives the
/// session and may be shared.
fn push_steps(out: &mut String, steps: &[ExportStep]) {
    for step in steps {
        match step {
            ExportStep::Entry(entry) => push_entry(out, entry),
            ExportStep::StoppedLoop { entry, rows } => {
                out.push_str(&format!(
                    "print({})\n",
                    str_repr(&format!(">>> {}", entry.code))
                ));
                push_stopped_loop(out, *rows);
            }
            ExportStep::Python(code) => out.push_str(code),
        }
    }
}

fn push_entry(out: &mut String, entry: &Entry) {
    if is_sensitive(&entry.code) {
        out.push_str("print('# (a step that may hold a password was left out of this file)')\n");
        return;
    }
    if entry.outcome == Outcome::Comment {
        out.push_str(&format!(
            "print({})\n",
            str_repr(&format!("# {}", entry.code))
        ));
        return;
    }
    out.push_str(&format!(
        "print({})\n",
        str_repr(&format!(">>> {}", entry.code))
    ));
    if entry.code == LOOP_CODE {
        // The loop the prompt lines stand for; rows print as the transcript shows them.
        out.push_str(&format!(
            "try:\n    for row in cursor:\n        print(pyrepr(row))\n{EXCEPT}"
        ));
        return;
    }
    let body = if is_assignment(&entry.code) {
        entry.code.clone()
    } else {
        format!("show({})", entry.code)
    };
    out.push_str(&format!("try:\n    {body}\n{EXCEPT}"));
}

/// The loop Ctrl-C stopped after `rows` rows: it takes exactly those rows from the cursor
/// (each `for` turn is one `fetchone()`), so what follows finds the cursor as it was.
fn push_stopped_loop(out: &mut String, rows: usize) {
    out.push_str("try:\n");
    if rows > 0 {
        out.push_str(&format!(
            "    # Ctrl-C stopped this loop in rowwise after {rows} row(s): it stops there here too.\n    for n, row in enumerate(cursor, start=1):\n        print(pyrepr(row))\n        if n == {rows}:\n            break\n"
        ));
    }
    out.push_str(&format!(
        "    print({})\n{EXCEPT}",
        str_repr(KEYBOARD_INTERRUPT)
    ));
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
            Entry::new(LOOP_CODE.into(), Outcome::None),
            Entry::new("cursor.arraysize = 2".into(), Outcome::None),
        ];
        let py = export_python(&entries, &ConnectOptions::new());
        assert!(
            py.contains("print('>>> for row in cursor:\\n...     print(row)\\n...')\ntry:\n    for row in cursor:\n        print(pyrepr(row))\n"),
            "{py}"
        );
        assert!(py.contains("    cursor.arraysize = 2\n"), "{py}");
    }

    /// A loop stopped by Ctrl-C used to be written as the whole loop, which replayed every
    /// row of the result instead of the rows the session printed.
    #[test]
    fn a_stopped_loop_is_exported_with_a_break_after_the_rows_it_printed() {
        let entry = Entry::new(
            LOOP_CODE.into(),
            Outcome::Printed("(1,)\n(2,)\nKeyboardInterrupt".into()),
        );
        let steps = [
            ExportStep::StoppedLoop {
                entry: entry.clone(),
                rows: 2,
            },
            ExportStep::StoppedLoop { entry, rows: 0 },
        ];
        let py = export_python_steps(&steps, "", &ConnectOptions::new());
        assert!(
            py.contains("    for n, row in enumerate(cursor, start=1):\n        print(pyrepr(row))\n        if n == 2:\n            break\n    print('KeyboardInterrupt')\n"),
            "{py}"
        );
        assert_eq!(
            py.matches("enumerate(cursor").count(),
            1,
            "no row, no loop: {py}"
        );
        assert_eq!(py.matches("print('KeyboardInterrupt')").count(), 2, "{py}");
    }

    #[test]
    fn python_steps_and_the_setup_are_written_as_given() {
        let steps = [
            ExportStep::Entry(Entry::new("cursor = cnx.cursor()".into(), Outcome::None)),
            ExportStep::Python("print('>>> user_dao.create_table()')\n".into()),
        ];
        let py = export_python_steps(&steps, "user_map = {}\n", &ConnectOptions::new());
        let setup = py.find("user_map = {}").unwrap_or(usize::MAX);
        let cursor = py.find("    cursor = cnx.cursor()").unwrap_or(0);
        assert!(
            py.find("cnx = mysql.connector.connect")
                .is_some_and(|c| c < setup)
        );
        assert!(setup < cursor, "{py}");
        assert!(
            py.ends_with("print('>>> user_dao.create_table()')\n"),
            "{py}"
        );
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
