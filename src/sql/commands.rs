//! The mysql client's own commands, as it recognises them at the start of a statement:
//! a long name (`use`, `status`, `source`, ...) followed by a space, `;` or the end of the
//! line, or `\` and one character (`\u`, `\s`, `\.`, ...). Such a line is the client's, not
//! SQL: it runs at once, without a delimiter.

/// Long names and their one-character forms, as the mysql client lists them.
pub const CLIENT_COMMANDS: &[(&str, char)] = &[
    ("?", '?'),
    ("help", 'h'),
    ("charset", 'C'),
    ("clear", 'c'),
    ("connect", 'r'),
    ("delimiter", 'd'),
    ("edit", 'e'),
    ("ego", 'G'),
    ("exit", 'q'),
    ("go", 'g'),
    ("nopager", 'n'),
    ("notee", 't'),
    ("nowarning", 'w'),
    ("pager", 'P'),
    ("print", 'p'),
    ("prompt", 'R'),
    ("quit", 'q'),
    ("rehash", '#'),
    ("source", '.'),
    ("status", 's'),
    ("system", '!'),
    ("tee", 'T'),
    ("use", 'u'),
    ("warnings", 'W'),
];

/// When `line` starts with one of the mysql client's commands: its long name and what
/// follows it (the argument, untrimmed).
pub fn client_command(line: &[u8]) -> Option<(&'static str, &[u8])> {
    let line = line.trim_ascii_start();
    if let Some(rest) = line.strip_prefix(b"\\") {
        let (&c, arg) = rest.split_first()?;
        let (name, _) = CLIENT_COMMANDS
            .iter()
            .find(|(_, short)| u32::from(c) == u32::from(*short))?;
        return Some((name, arg));
    }
    let end = line
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b';')
        .unwrap_or(line.len());
    let (word, arg) = line.split_at(end);
    let (name, _) = CLIENT_COMMANDS
        .iter()
        .find(|(long, _)| long.as_bytes().eq_ignore_ascii_case(word))?;
    Some((name, arg))
}

/// The first word of a command's argument, without the delimiter or `;` after it and
/// without backticks (`use db;`, ``use `my db` ``).
pub fn first_argument<'a>(arg: &'a [u8], delimiter: &str) -> &'a [u8] {
    let arg = arg.trim_ascii();
    if let Some(quoted) = arg.strip_prefix(b"`") {
        let end = quoted
            .iter()
            .position(|b| *b == b'`')
            .unwrap_or(quoted.len());
        return &quoted[..end];
    }
    let end = arg
        .iter()
        .position(u8::is_ascii_whitespace)
        .unwrap_or(arg.len());
    let word = &arg[..end];
    let word = word.strip_suffix(delimiter.as_bytes()).unwrap_or(word);
    word.strip_suffix(b";").unwrap_or(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_found_in_both_spellings_and_sql_is_not() {
        assert_eq!(client_command(b"use shop"), Some(("use", &b" shop"[..])));
        assert_eq!(client_command(b"  STATUS;"), Some(("status", &b";"[..])));
        assert_eq!(client_command(b"\\u shop"), Some(("use", &b" shop"[..])));
        assert_eq!(
            client_command(b"\\. f.sql"),
            Some(("source", &b" f.sql"[..]))
        );
        assert_eq!(client_command(b"exit"), Some(("exit", &b""[..])));
        assert_eq!(client_command(b"user_id = 1"), None);
        assert_eq!(client_command(b"SELECT 1"), None);
        assert_eq!(client_command(b"\\z"), None);
        assert_eq!(first_argument(b" mysqltest//", "//;"), b"mysqltest//");
        assert_eq!(first_argument(b" db;", ";"), b"db");
        assert_eq!(first_argument(b" db$$", "$$"), b"db");
        assert_eq!(first_argument(b" `my db`;", ";"), b"my db");
    }
}
