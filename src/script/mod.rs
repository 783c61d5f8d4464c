//! The cursor-script language of `shared/cursor-script.md`: parsing a script into session
//! commands, and running it to print the transcript.

use std::io::{self, Write};

use crate::db::api::{Attribute, Command, Outcome};
use crate::db::{CursorOptions, Database};
use crate::pyrepr::{parse_dict, parse_tuple, parse_tuple_list};
use crate::session::{Reconnect, SessionEvent, Supervisor};

/// A script that cannot be run, with the line at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScriptError {
    /// The script ends inside a statement.
    #[error("{line}: the script ends inside a statement (missing ';')")]
    Unterminated {
        /// Line where the unfinished statement starts.
        line: usize,
    },
    /// A `\name` that is not a script command.
    #[error("{line}: unknown meta-command \\{name}")]
    UnknownCommand {
        /// Line of the command at fault, counting from 1.
        line: usize,
        /// The name after the backslash, as written.
        name: String,
    },
    /// A command's argument is wrong.
    #[error("{line}: {message}")]
    BadArgument {
        /// Line of the command at fault, counting from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One command of a script, with the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptLine {
    /// 1-based line number.
    pub line: usize,
    /// What the line asks the session to do.
    pub command: Command,
}

/// Python's `str.splitlines()` (which also breaks at `\r`, `\v`, `\f`, `\x1c`-`\x1e`,
/// `\x85`, U+2028 and U+2029).
fn python_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(
            c,
            '\n' | '\r'
                | '\u{b}'
                | '\u{c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        ) {
            lines.push(&text[start..i]);
            let mut next = i + c.len_utf8();
            if c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n') {
                chars.next();
                next += 1;
            }
            start = next;
        }
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Parses a whole script.
///
/// # Failure
/// A [`ScriptError`] for the first line that cannot be understood; nothing is run.
pub fn parse(text: &str) -> Result<Vec<ScriptLine>, ScriptError> {
    let mut out = Vec::new();
    let mut buf: Vec<&str> = Vec::new();
    let mut buf_line = 0;
    for (index, raw) in python_lines(text).into_iter().enumerate() {
        let line_no = index + 1;
        let line = raw.trim_end_matches(is_py_space);
        let stripped = line.trim_matches(is_py_space);
        if buf.is_empty() {
            if stripped.is_empty() || stripped.starts_with("--") {
                continue;
            }
            if let Some(meta) = stripped.strip_prefix('\\') {
                let (name, arg) = meta.split_once(' ').unwrap_or((meta, ""));
                out.push(ScriptLine {
                    line: line_no,
                    command: meta_command(line_no, name, arg.trim_matches(is_py_space))?,
                });
                continue;
            }
            buf_line = line_no;
        }
        buf.push(line);
        if stripped.ends_with(';') {
            let joined = buf.join("\n");
            let sql = joined.trim_matches(is_py_space);
            let sql = sql
                .strip_suffix(';')
                .unwrap_or(sql)
                .trim_end_matches(is_py_space);
            out.push(ScriptLine {
                line: buf_line,
                command: Command::Execute(sql.to_owned()),
            });
            buf.clear();
        }
    }
    if !buf.is_empty() {
        return Err(ScriptError::Unterminated { line: buf_line });
    }
    Ok(out)
}

/// Python's `int(text)` for the argument of `\fetchmany N`.
fn python_int(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.starts_with('_') || t.ends_with('_') || t.contains("__") {
        return None;
    }
    t.replace('_', "").parse().ok()
}

/// The argument of `\arraysize`: `-?[0-9]+`, as Python's `int()` reads it.
fn decimal_int(text: &str) -> Option<i128> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

pub(crate) fn meta_command(line: usize, name: &str, arg: &str) -> Result<Command, ScriptError> {
    let bad = |message: String| ScriptError::BadArgument { line, message };
    Ok(match name {
        "cursor" => {
            let mut options = CursorOptions::default();
            for flag in arg.split_whitespace() {
                if !options.set(flag, true) {
                    return Err(bad(format!("unknown cursor option {flag}")));
                }
            }
            Command::Cursor(options)
        }
        // A dict literal is the mapping of `%(name)s` placeholders.
        "params" if arg.trim_start().starts_with('{') => Command::ParamsDict(
            parse_dict(arg).map_err(|e| bad(format!("\\params takes a dict literal: {e}")))?,
        ),
        "params" => {
            let values = parse_tuple(arg)
                .map_err(|e| bad(format!("\\params takes a tuple literal: {e}")))?;
            Command::Params(values)
        }
        "paramsmany" => {
            let list = parse_tuple_list(arg)
                .map_err(|e| bad(format!("\\paramsmany takes a list of tuples: {e}")))?;
            Command::ParamsMany(list)
        }
        // As `\fetchone`, any argument is ignored (the reference runner does so too).
        "iterate" => Command::Iterate,
        "arraysize" => Command::Arraysize(decimal_int(arg).ok_or_else(|| {
            bad(format!(
                "\\arraysize takes an integer (-?[0-9]+ within 128 bits), not '{arg}'"
            ))
        })?),
        "fetchone" => Command::FetchOne,
        "fetchmany" if arg.is_empty() => Command::FetchMany(None),
        "fetchmany" => Command::FetchMany(Some(
            python_int(arg).ok_or_else(|| bad(format!("not an integer: {arg}")))?,
        )),
        "fetchall" => Command::FetchAll,
        "close" => Command::Close,
        "commit" => Command::Commit,
        "rollback" => Command::Rollback,
        "reconnect" => Command::Reconnect,
        "autocommit" => match arg {
            "on" => Command::Autocommit(true),
            "off" => Command::Autocommit(false),
            _ => return Err(bad(format!("\\autocommit takes on or off, not '{arg}'"))),
        },
        other => match Attribute::from_name(other) {
            Some(attribute) => Command::Get(attribute),
            None => {
                return Err(ScriptError::UnknownCommand {
                    line,
                    name: other.to_owned(),
                });
            }
        },
    })
}

/// Runs a parsed script on any database, writing the transcript (in the Python module
/// that database speaks) to `out` as each step completes.
///
/// # Failure
/// Only write errors; database errors are part of the transcript.
pub fn run(db: &mut dyn Database, script: &[ScriptLine], out: &mut impl Write) -> io::Result<()> {
    run_supervised(db, script, out, &mut io::sink())
}

/// Runs a script like [`run`], under the session supervisor: as for the reference's
/// program, a lost connection is never reconnected behind the script's back (its later
/// statements fail as the reference's do), and an open transaction lost with it is said
/// on `notes`, outside the transcript.
///
/// # Failure
/// Only write errors.
pub fn run_supervised(
    db: &mut dyn Database,
    script: &[ScriptLine],
    out: &mut impl Write,
    notes: &mut dyn Write,
) -> io::Result<()> {
    let mut supervisor = Supervisor::new(Reconnect::Never);
    for item in script {
        // Rows are not kept: the transcript is all a script prints.
        let entries = db.step_into(item.command.clone(), &mut |_| {}, None);
        let ok = !entries
            .iter()
            .any(|e| matches!(e.outcome, Outcome::Error(_)));
        for entry in entries {
            entry.write_to(out)?;
        }
        out.flush()?;
        let changed = match &item.command {
            Command::Execute(sql)
                if ok && db.cursor_status().is_none_or(|s| s.columns.is_none()) =>
            {
                Some(sql.as_str())
            }
            _ => None,
        };
        for event in supervisor.settle(db, changed) {
            if let SessionEvent::ConnectionLost {
                lost_transaction: Some(lost),
            } = event
            {
                writeln!(
                    notes,
                    "rowwise: line {}: the open transaction was lost with the connection: {}",
                    item.line,
                    lost.summary()
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pyrepr::PyValue;

    #[test]
    fn statements_span_lines_until_a_line_ends_with_a_semicolon() -> Result<(), ScriptError> {
        let script = parse("-- comment\nSELECT id,\n  name FROM user ;  \n\\fetchall\n")?;
        assert_eq!(
            script,
            vec![
                ScriptLine {
                    line: 2,
                    command: Command::Execute("SELECT id,\n  name FROM user".into())
                },
                ScriptLine {
                    line: 4,
                    command: Command::FetchAll
                },
            ]
        );
        Ok(())
    }

    #[test]
    fn meta_commands_parse_their_arguments() -> Result<(), ScriptError> {
        let script = parse(
            "\\cursor buffered dictionary\n\\params (1, 'a')\n\\fetchmany 3\n\\autocommit on\n\\rowcount\n",
        )?;
        let commands: Vec<Command> = script.into_iter().map(|s| s.command).collect();
        assert_eq!(
            commands[0],
            Command::Cursor(CursorOptions {
                buffered: true,
                dictionary: true,
                ..Default::default()
            })
        );
        assert_eq!(commands[2], Command::FetchMany(Some(3)));
        assert_eq!(commands[3], Command::Autocommit(true));
        assert_eq!(commands[4], Command::Get(Attribute::Rowcount));
        let dict = parse("\\params {'a': 1, 'b': None}\n")?;
        assert_eq!(
            dict[0].command,
            Command::ParamsDict(vec![
                ("a".to_owned(), PyValue::Int(1)),
                ("b".to_owned(), PyValue::None)
            ])
        );
        let loops = parse("\\iterate\n\\arraysize -007\n\\paramsmany [(1,), ()]\n")?;
        let commands: Vec<Command> = loops.into_iter().map(|s| s.command).collect();
        assert_eq!(
            commands,
            vec![
                Command::Iterate,
                Command::Arraysize(-7),
                Command::ParamsMany(vec![vec![PyValue::Int(1)], vec![]]),
            ]
        );
        Ok(())
    }

    #[test]
    fn bad_scripts_name_the_line() {
        assert_eq!(
            parse("SELECT 1\n"),
            Err(ScriptError::Unterminated { line: 1 })
        );
        assert!(matches!(
            parse("\n\\frobnicate\n"),
            Err(ScriptError::UnknownCommand { line: 2, .. })
        ));
        assert!(matches!(
            parse("\\arraysize 1.5\n"),
            Err(ScriptError::BadArgument { line: 1, .. })
        ));
        assert!(matches!(
            parse("\\arraysize +3\n"),
            Err(ScriptError::BadArgument { line: 1, .. })
        ));
        assert!(matches!(
            parse("\\paramsmany [1, 2]\n"),
            Err(ScriptError::BadArgument { line: 1, .. })
        ));
        assert!(matches!(
            parse("\\cursor fast\n"),
            Err(ScriptError::BadArgument { line: 1, .. })
        ));
        assert!(matches!(
            parse("\\params {1: 2}\n"),
            Err(ScriptError::BadArgument { line: 1, .. })
        ));
        assert!(matches!(
            parse("\\params 1\n"),
            Err(ScriptError::BadArgument { .. })
        ));
    }
}
