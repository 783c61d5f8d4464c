//! A parser for option files in `my.cnf` syntax, over text only (no file system):
//! `[group]` headers, `key=value` or bare `key`, quotes, backslash escapes, `#` and `;`
//! comments, `!include` and `!includedir` directives.

use std::path::{Path, PathBuf};

use super::ConfigError;

/// One meaningful line of an option file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    /// `key=value` (or a bare `key`, whose value is `None`) inside `[group]`.
    Option {
        /// Group name, lower-case.
        group: String,
        /// Option name, lower-case, with `_` written as `-`.
        key: String,
        /// The value, unquoted and unescaped.
        value: Option<String>,
        /// 1-based line number.
        line: usize,
    },
    /// `!include FILE`
    Include(PathBuf),
    /// `!includedir DIR` (its `*.cnf` files, in name order)
    IncludeDir(PathBuf),
}

/// Canonical option name: lower-case, `_` as `-`.
pub fn normalize_key(key: &str) -> String {
    key.trim().to_ascii_lowercase().replace('_', "-")
}

/// Parses the text of one option file; `path` is only used in error messages.
///
/// # Failure
/// A [`ConfigError::Syntax`] naming the file and line of a malformed group header, an
/// option outside any group, an unterminated quote, or a directive without a path.
pub fn parse(text: &str, path: &Path) -> Result<Vec<Directive>, ConfigError> {
    parse_bytes(text.as_bytes(), path)
}

/// Parses an option file as the bytes it holds, as the mysql client reads it: a comment
/// may hold any bytes (a Latin-1 `ü` in a comment is no error), while a group, key or
/// value must be UTF-8.
///
/// # Failure
/// As [`parse`], and a [`ConfigError::Syntax`] for a group, key or value that is not
/// UTF-8 (naming the line and the byte).
pub fn parse_bytes(bytes: &[u8], path: &Path) -> Result<Vec<Directive>, ConfigError> {
    let mut out = Vec::new();
    let mut group: Option<String> = None;
    let syntax = |line: usize, message: String| ConfigError::Syntax {
        path: path.to_path_buf(),
        line,
        message,
    };
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    for (index, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let line_no = index + 1;
        let line = line_text(raw)
            .and_then(parse_line)
            .map_err(|m| syntax(line_no, m))?;
        match line {
            Line::Blank => {}
            Line::Directive(directive) => out.push(directive),
            Line::Group(name) => group = Some(name),
            Line::Option(text) => {
                let Some(group) = &group else {
                    return Err(syntax(
                        line_no,
                        format!("option outside any [group]: {text}"),
                    ));
                };
                let (key, value) = option(text).map_err(|m| syntax(line_no, m))?;
                out.push(Directive::Option {
                    group: group.clone(),
                    key,
                    value,
                    line: line_no,
                });
            }
        }
    }
    Ok(out)
}

/// What one line of an option file is.
enum Line<'a> {
    /// Empty, or a comment.
    Blank,
    /// `!include`, `!includedir`.
    Directive(Directive),
    /// `[name]`, lowercased.
    Group(String),
    /// `key = value` or a bare `key`, trimmed, read by [`option`].
    Option(&'a str),
}

/// A line as text, without its `\r`: UTF-8 up to a comment, which may hold any bytes.
fn line_text(raw: &[u8]) -> Result<&str, String> {
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    match std::str::from_utf8(raw) {
        Ok(text) => Ok(text),
        Err(e) => {
            // Valid up to the first bad byte: fine when that byte is in a comment.
            let head = std::str::from_utf8(&raw[..e.valid_up_to()]).unwrap_or_default();
            if in_comment(head) {
                return Ok(head);
            }
            Err(format!(
                "byte 0x{:02X} at column {} is not UTF-8 (rowwise reads option names and values as UTF-8; comments may hold any bytes)",
                raw[e.valid_up_to()],
                e.valid_up_to() + 1
            ))
        }
    }
}

fn parse_line(raw: &str) -> Result<Line<'_>, String> {
    let line = raw.trim();
    if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
        return Ok(Line::Blank);
    }
    if let Some(rest) = line.strip_prefix('!') {
        let (word, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let arg = arg.trim();
        if arg.is_empty() {
            return Err(format!("!{word} needs a path"));
        }
        return match word {
            "include" => Ok(Line::Directive(Directive::Include(PathBuf::from(arg)))),
            "includedir" => Ok(Line::Directive(Directive::IncludeDir(PathBuf::from(arg)))),
            _ => Err(format!("unknown directive !{word}")),
        };
    }
    if let Some(rest) = line.strip_prefix('[') {
        let Some(name) = strip_comment(rest).trim_end().strip_suffix(']') else {
            return Err(format!("group header without ']': {line}"));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err("empty group name".to_owned());
        }
        return Ok(Line::Group(name.to_ascii_lowercase()));
    }
    Ok(Line::Option(line))
}

/// `key = value` (the value unquoted and unescaped) or a bare `key`; the key normalized.
fn option(line: &str) -> Result<(String, Option<String>), String> {
    let (key, value) = match line.split_once('=') {
        Some((key, value)) => (key, Some(parse_value(value)?)),
        None => (strip_comment(line), None),
    };
    let key = normalize_key(key);
    if key.is_empty() {
        return Err("option without a name".to_owned());
    }
    Ok((key, value))
}

/// Does `head` (the start of a line) end inside a comment?
fn in_comment(head: &str) -> bool {
    let line = head.trim_start();
    if line.starts_with('#') || line.starts_with(';') {
        return true;
    }
    if line.starts_with('[') || line.starts_with('!') {
        return line.contains('#');
    }
    let Some((_, value)) = line.split_once('=') else {
        return line.contains('#');
    };
    let value = value.trim_start();
    let Some(quote @ ('\'' | '"')) = value.chars().next() else {
        return value.contains('#');
    };
    let mut chars = value[1..].chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            c if c == quote => return chars.as_str().contains('#'),
            _ => {}
        }
    }
    false
}

/// Text before an unquoted ` #` / `#` comment.
fn strip_comment(text: &str) -> &str {
    text.find('#').map_or(text, |at| &text[..at])
}

/// A value: trimmed, quotes removed (with the text after the closing quote ignored but
/// for a comment), escapes decoded; unquoted values end at `#`.
fn parse_value(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    let first = value.chars().next();
    if let Some(quote @ ('\'' | '"')) = first {
        let mut out = String::new();
        let mut chars = value[1..].chars();
        loop {
            match chars.next() {
                None => return Err(format!("unterminated {quote} quote")),
                Some('\\') => match chars.next() {
                    Some(c) => push_escape(&mut out, c),
                    None => return Err(format!("unterminated {quote} quote")),
                },
                Some(c) if c == quote => break,
                Some(c) => out.push(c),
            }
        }
        let rest: String = chars.collect();
        let rest = rest.trim();
        if !rest.is_empty() && !rest.starts_with('#') {
            return Err(format!("text after the closing quote: {rest}"));
        }
        return Ok(out);
    }
    let unquoted = strip_comment(value).trim_end();
    let mut out = String::new();
    let mut chars = unquoted.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(e) => push_escape(&mut out, e),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

fn push_escape(out: &mut String, c: char) {
    match c {
        'b' => out.push('\u{8}'),
        't' => out.push('\t'),
        'n' => out.push('\n'),
        'r' => out.push('\r'),
        's' => out.push(' '),
        '\\' => out.push('\\'),
        '\'' | '"' => out.push(c),
        // The mysql client keeps a backslash before anything else (Windows paths).
        other => {
            out.push('\\');
            out.push(other);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(text: &str) -> Vec<(String, String, Option<String>)> {
        match parse(text, Path::new("t.cnf")) {
            Ok(ds) => ds
                .into_iter()
                .filter_map(|d| match d {
                    Directive::Option {
                        group, key, value, ..
                    } => Some((group, key, value)),
                    _ => None,
                })
                .collect(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn the_course_file_parses_with_its_quoted_space_password() {
        let got =
            options("[client]\nuser='admin'\npassword=' '\nhost='localhost'\ndatabase='test'\n");
        assert_eq!(
            got[1],
            ("client".into(), "password".into(), Some(" ".into()))
        );
        assert_eq!(got[0].2.as_deref(), Some("admin"));
    }

    #[test]
    fn comments_bare_keys_and_underscores() {
        let got = options("# top\n; also\n[Client]\nssl_ca = /etc/ca.pem # trailing\nskip-ssl\n");
        assert_eq!(
            got,
            vec![
                ("client".into(), "ssl-ca".into(), Some("/etc/ca.pem".into())),
                ("client".into(), "skip-ssl".into(), None),
            ]
        );
    }

    #[test]
    fn escapes_decode_and_unknown_ones_keep_their_backslash() {
        let got = options("[client]\npassword=\"a\\sb\\\\c\\\"d\"\nsocket=C:\\mysql\\data\n");
        assert_eq!(got[0].2.as_deref(), Some("a b\\c\"d"));
        assert_eq!(got[1].2.as_deref(), Some("C:\\mysql\\data"));
    }

    #[test]
    fn includes_are_reported_as_directives() -> Result<(), ConfigError> {
        let ds = parse(
            "!include /etc/a.cnf\n!includedir /etc/conf.d\n",
            Path::new("t.cnf"),
        )?;
        assert_eq!(
            ds,
            vec![
                Directive::Include("/etc/a.cnf".into()),
                Directive::IncludeDir("/etc/conf.d".into())
            ]
        );
        Ok(())
    }

    #[test]
    fn a_latin1_comment_is_no_error_but_a_latin1_value_names_its_line() {
        let text = b"[client]\n# Gr\xfc\xdfe\nhost=127.0.0.1 # M\xfcnchen\npassword='a#b' # \xfc\n";
        let got = parse_bytes(text, Path::new("t.cnf")).map_err(|e| e.to_string());
        let Ok(got) = got else {
            panic!("{got:?}");
        };
        assert_eq!(got.len(), 2);
        assert!(
            matches!(&got[0], Directive::Option { key, value, line: 3, .. }
            if key == "host" && value.as_deref() == Some("127.0.0.1"))
        );
        assert!(
            matches!(&got[1], Directive::Option { value, .. } if value.as_deref() == Some("a#b"))
        );
        let err = parse_bytes(b"[client]\r\nuser=M\xfcller\r\n", Path::new("t.cnf"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with("t.cnf:2: byte 0xFC at column 7 is not UTF-8"),
            "{err}"
        );
        assert!(parse_bytes(b"[client]\npassword='\xfc # x'\n", Path::new("t.cnf")).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_parse_or_fail_without_panicking(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)
        ) {
            let mut text = b"[client]\n".to_vec();
            text.extend_from_slice(&bytes);
            let _ = parse_bytes(&text, Path::new("t.cnf"));
        }
    }

    #[test]
    fn malformed_lines_name_the_file_and_line() {
        let err = parse("[client\n", Path::new("t.cnf"))
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("t.cnf:1: group header without ']': [client")
        );
        assert!(parse("user=x\n", Path::new("t.cnf")).is_err());
        assert!(parse("[client]\npassword='open\n", Path::new("t.cnf")).is_err());
    }
}
