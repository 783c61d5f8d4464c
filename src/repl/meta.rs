//! Line-mode meta-commands: the mysql client's (`\?`, `\q`, `\c`, `\u`, `\s`, `\.`, `\T`,
//! `\t`, `\W`, `\w`) and rowwise's (`\format`, `\auto`, `\reset-demo`, and the cursor
//! commands of the cursor-script language).

use clap::ValueEnum;
use std::path::PathBuf;

use crate::config::Format;
use crate::db::api::Command;
use crate::script::meta_command;

#[derive(Debug, Clone, PartialEq)]
pub enum Meta {
    /// `\?`, `\h`, `help`
    Help,
    /// `\q`, `quit`, `exit`
    Quit,
    /// `\c`: forget the statement being typed.
    Clear,
    /// `\u db`
    Use(String),
    /// `\s`
    Status,
    /// `\. file`, `source file`
    Source(PathBuf),
    /// `\T file`: copy all output to a file.
    Tee(PathBuf),
    /// `\t`
    NoTee,
    /// `\format NAME`
    Format(Format),
    /// `\W` (on) / `\w` (off): show warnings after each statement.
    ShowWarnings(bool),
    /// `\auto`: back from cursor stepping to fetch-everything mode.
    Auto,
    /// `\reset-demo`
    ResetDemo,
    /// A cursor command (`\cursor`, `\fetchone`, ...): switches to stepping mode.
    Cursor(Command),
}

/// Parses a line starting with `\` (or a bare `quit`, `exit`, `help`, `source`).
///
/// # Failure
/// A message for an unknown command or a bad argument.
pub fn parse(line: &str) -> Result<Option<Meta>, String> {
    let trimmed = line.trim().trim_end_matches(';').trim();
    let lower = trimmed.to_ascii_lowercase();
    match lower.as_str() {
        "quit" | "exit" => return Ok(Some(Meta::Quit)),
        "help" => return Ok(Some(Meta::Help)),
        _ => {}
    }
    if let Some(file) = lower.strip_prefix("source ").map(|_| trimmed[7..].trim()) {
        return Ok(Some(Meta::Source(PathBuf::from(file))));
    }
    let Some(rest) = trimmed.strip_prefix('\\') else {
        return Ok(None);
    };
    let (name, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let arg = arg.trim();
    Ok(Some(match name {
        "?" | "h" | "help" => Meta::Help,
        "q" | "quit" => Meta::Quit,
        "c" => Meta::Clear,
        "u" | "use" if !arg.is_empty() => Meta::Use(arg.trim_matches('`').to_owned()),
        "u" | "use" => return Err("\\u needs a database name".to_owned()),
        "s" | "status" => Meta::Status,
        "." if !arg.is_empty() => Meta::Source(PathBuf::from(arg)),
        "." => return Err("\\. needs a file name".to_owned()),
        "T" if !arg.is_empty() => Meta::Tee(PathBuf::from(arg)),
        "T" => return Err("\\T needs a file name".to_owned()),
        "t" => Meta::NoTee,
        "W" => Meta::ShowWarnings(true),
        "w" => Meta::ShowWarnings(false),
        "auto" => Meta::Auto,
        "reset-demo" => Meta::ResetDemo,
        "format" => Meta::Format(<Format as clap::ValueEnum>::from_str(arg, true).map_err(
            |_| {
                let names: Vec<String> = Format::value_variants()
                    .iter()
                    .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_owned()))
                    .collect();
                format!("unknown format '{arg}': {}", names.join(", "))
            },
        )?),
        _ => match meta_command(0, name, arg) {
            Ok(command) => Meta::Cursor(command),
            Err(e) => {
                let text = e.to_string();
                return Err(text.strip_prefix("0: ").unwrap_or(&text).to_owned()
                    + " (\\? lists the commands)");
            }
        },
    }))
}

/// The `\?` text.
pub const HELP: &str = r"Statements end with ; (or the DELIMITER), \G (vertical) or \g.

mysql client commands
  \? \h help     this help                  \q quit exit   quit (asks if a transaction is open)
  \c             clear the statement        \u DB          use another database
  \s             status                     \. FILE        run the statements in FILE
  \T FILE        copy output to FILE        \t             stop copying
  \W / \w        show / hide warnings       \format F      table, vertical, csv, tsv or json
  \e edit        edit in $EDITOR, then run  \p print       print the statement being typed
  \P pager CMD   results through a pager    \n nopager     results to stdout
  \R prompt TEXT change the prompt          \! system CMD  run a shell command
  \r connect [DB] new session               \# rehash      reload completion names
  Long forms run at once without ; (use db, status, source FILE, tee FILE, ...)

Cursor stepping (the Python DB-API, as mysql-connector-python runs it)
  \cursor [buffered] [raw] [prepared] [dictionary] [named_tuple]
                 cursor = cnx.cursor(...); statements then wait for fetches
  \params (v1, v2, ...)   parameters for the next statement (%s placeholders)
  \paramsmany [(...), ...] the next statement runs as cursor.executemany(SQL, [...])
  \fetchone  \fetchmany [N]  \fetchall          fetch, printing the Python value and a table
  \iterate       for row in cursor: print(row), then the rows as a table
  \arraysize N   cursor.arraysize = N (what fetchmany() with no N fetches)
  \rowcount \lastrowid \column_names \description \with_rows \statement
  \close  \commit  \rollback  \autocommit on|off  \reconnect
  \auto          back to fetching everything at once
  \reset-demo    restore the demo database (demo only)
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mysql_client_commands_parse() -> Result<(), String> {
        assert_eq!(parse("\\u shop")?, Some(Meta::Use("shop".into())));
        assert_eq!(parse("quit")?, Some(Meta::Quit));
        assert_eq!(
            parse("source /tmp/a.sql")?,
            Some(Meta::Source("/tmp/a.sql".into()))
        );
        assert_eq!(parse("\\format json")?, Some(Meta::Format(Format::Json)));
        assert_eq!(parse("SELECT 1")?, None);
        Ok(())
    }

    #[test]
    fn cursor_commands_reuse_the_script_language() -> Result<(), String> {
        assert_eq!(
            parse("\\fetchmany 2")?,
            Some(Meta::Cursor(Command::FetchMany(Some(2))))
        );
        assert!(matches!(
            parse("\\cursor dictionary")?,
            Some(Meta::Cursor(Command::Cursor(_)))
        ));
        assert_eq!(parse("\\iterate")?, Some(Meta::Cursor(Command::Iterate)));
        assert_eq!(
            parse("\\arraysize -2")?,
            Some(Meta::Cursor(Command::Arraysize(-2)))
        );
        assert!(matches!(
            parse("\\paramsmany [(1, 'a'), (2, 'b')]")?,
            Some(Meta::Cursor(Command::ParamsMany(list))) if list.len() == 2
        ));
        assert!(parse("\\arraysize two").is_err());
        assert!(parse("\\frobnicate").is_err());
        Ok(())
    }
}
