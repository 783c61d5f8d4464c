//! Reading SQLite SQL text the way SQLite and Python's `sqlite3` module do, without a
//! database: where the first statement ends (SQLite's own `sqlite3_complete` state
//! machine, which knows that a trigger body holds semicolons), whether any SQL follows,
//! whether a statement is DML (which makes `sqlite3` open a transaction first), and the
//! `%s` → `?` placeholder translation offered to users coming from MySQL.

/// Token classes of `sqlite3_complete` (sqlite/src/complete.c).
#[derive(Clone, Copy)]
enum Token {
    Semi = 0,
    Ws = 1,
    Other = 2,
    Explain = 3,
    Create = 4,
    Temp = 5,
    Trigger = 6,
    End = 7,
}

/// `trans[state][token]` of `sqlite3_complete`. States: 0 invalid, 1 start (a statement
/// just ended), 2 normal, 3 explain, 4 create, 5 trigger body, 6 semicolon in a trigger
/// body, 7 `END` of a trigger body.
const TRANS: [[u8; 8]; 8] = [
    [1, 0, 2, 3, 4, 2, 2, 2],
    [1, 1, 2, 3, 4, 2, 2, 2],
    [1, 2, 2, 2, 2, 2, 2, 2],
    [1, 3, 3, 2, 4, 2, 2, 2],
    [1, 4, 2, 2, 2, 4, 5, 2],
    [6, 5, 5, 5, 5, 5, 5, 5],
    [6, 6, 5, 5, 5, 5, 5, 7],
    [1, 7, 5, 5, 5, 5, 5, 5],
];

/// SQLite's `IdChar`: letters, digits, `_`, `$` and every byte of a multi-byte character.
fn is_id_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

fn keyword(word: &[u8]) -> Token {
    let is = |k: &str| word.eq_ignore_ascii_case(k.as_bytes());
    if is("create") {
        Token::Create
    } else if is("trigger") {
        Token::Trigger
    } else if is("temp") || is("temporary") {
        Token::Temp
    } else if is("end") {
        Token::End
    } else if is("explain") {
        Token::Explain
    } else {
        Token::Other
    }
}

/// The next token at `i`: its class and the index just past it, or `None` when the text
/// ends inside a quote, bracket or block comment (SQLite then waits for more text).
fn next_token(s: &[u8], i: usize) -> Option<(Token, usize)> {
    let at = |k: usize| s.get(k).copied();
    let until = |from: usize, close: u8| s[from..].iter().position(|&b| b == close);
    let c = at(i)?;
    Some(match c {
        b';' => (Token::Semi, i + 1),
        b' ' | b'\r' | b'\t' | b'\n' | b'\x0c' => (Token::Ws, i + 1),
        b'/' if at(i + 1) == Some(b'*') => {
            let body = s.get(i + 2..)?;
            let end = body.windows(2).position(|w| w == b"*/")?;
            (Token::Ws, i + 2 + end + 2)
        }
        b'-' if at(i + 1) == Some(b'-') => match until(i, b'\n') {
            Some(nl) => (Token::Ws, i + nl + 1),
            // A line comment running to the end: the caller sees the end of the text.
            None => (Token::Ws, s.len()),
        },
        b'[' => (Token::Other, i + 1 + until(i + 1, b']')? + 1),
        b'`' | b'"' | b'\'' => (Token::Other, i + 1 + until(i + 1, c)? + 1),
        c if is_id_byte(c) => {
            let len = s[i..].iter().take_while(|&&b| is_id_byte(b)).count();
            (keyword(&s[i..i + len]), i + len)
        }
        _ => (Token::Other, i + 1),
    })
}

/// The byte offset just past the first statement of `sql` (past its `;`), or the length of
/// `sql` when it holds a single unterminated statement. Leading empty statements (`;`)
/// belong to the first statement, as `sqlite3_prepare` skips them.
pub(crate) fn first_statement_end(sql: &str) -> usize {
    let s = sql.as_bytes();
    let mut state = 0u8;
    let mut i = 0;
    while let Some((token, next)) = next_token(s, i) {
        let before = state;
        state = TRANS[usize::from(state)][token as usize];
        if state == 1 && before > 1 {
            return next;
        }
        i = next;
    }
    s.len()
}

/// Python's `lstrip_sql` (Modules/_sqlite/statement.c): the offset of the first byte that
/// is not whitespace or a comment, or `None` if there is none. An unterminated `/*`
/// comment counts as a comment.
pub(crate) fn lstrip_sql(sql: &str) -> Option<usize> {
    let s = sql.as_bytes();
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        match c {
            b' ' | b'\t' | b'\x0c' | b'\n' | b'\r' => i += 1,
            b'-' if s.get(i + 1) == Some(&b'-') => {
                let nl = s[i..].iter().position(|&b| b == b'\n')?;
                i += nl + 1;
            }
            b'/' if s.get(i + 1) == Some(&b'*') => {
                let end = s[i + 2..].windows(2).position(|w| w == b"*/")?;
                i += 2 + end + 2;
            }
            _ => return Some(i),
        }
    }
    None
}

/// Does `sqlite3` treat this statement as DML (INSERT, UPDATE, DELETE, REPLACE), opening a
/// transaction before it unless `isolation_level` is `None`?
pub(crate) fn is_dml(sql: &str) -> bool {
    let Some(start) = lstrip_sql(sql) else {
        return false;
    };
    let rest = sql.as_bytes().get(start..).unwrap_or_default();
    ["insert", "update", "delete", "replace"].iter().any(|k| {
        rest.get(..k.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(k.as_bytes()))
    })
}

/// Splits a text of several statements (batch mode) into statements, each with its `;`.
pub(crate) fn split_statements(mut sql: &str) -> Vec<&str> {
    let mut out = Vec::new();
    while lstrip_sql(sql).is_some() {
        let end = first_statement_end(sql);
        let (first, rest) = sql.split_at(end);
        // A statement of only semicolons and comments runs nothing.
        if first
            .trim_matches(|c: char| c == ';' || c.is_ascii_whitespace())
            .is_empty()
        {
            sql = rest;
            continue;
        }
        out.push(first);
        sql = rest;
    }
    out
}

/// Rewrites MySQL-style `%s` placeholders as SQLite's `?`, outside quotes and comments.
/// `None` when there is no `%s` to rewrite.
pub(crate) fn qmark_placeholders(sql: &str) -> Option<String> {
    let s = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut copied = 0;
    let mut changed = false;
    let mut i = 0;
    while i < s.len() {
        let skip_to = match s[i] {
            b'\'' | b'"' | b'`' => closing(s, i + 1, s[i]),
            b'[' => closing(s, i + 1, b']'),
            b'-' if s.get(i + 1) == Some(&b'-') => s[i..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(s.len(), |p| i + p + 1),
            b'/' if s.get(i + 1) == Some(&b'*') => s[i + 2..]
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(s.len(), |p| i + 2 + p + 2),
            b'%' if s.get(i + 1) == Some(&b's') => {
                out.push_str(&sql[copied..i]);
                out.push('?');
                copied = i + 2;
                changed = true;
                i + 2
            }
            _ => i + 1,
        };
        i = skip_to;
    }
    out.push_str(&sql[copied..]);
    changed.then_some(out)
}

/// The index just past the quote closing a quoted run that starts at `from`.
fn closing(s: &[u8], from: usize, quote: u8) -> usize {
    s[from..]
        .iter()
        .position(|&b| b == quote)
        .map_or(s.len(), |p| from + p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_statement_ends_after_its_semicolon() {
        let sql = "SELECT 1; SELECT 2";
        assert_eq!(&sql[..first_statement_end(sql)], "SELECT 1;");
        assert_eq!(first_statement_end("SELECT 1"), 8);
    }

    #[test]
    fn semicolons_in_quotes_brackets_comments_and_triggers_do_not_end_a_statement() {
        for sql in [
            "SELECT 'a;b', \"c;d\", `e;f`, [g;h]",
            "SELECT 1 -- no; end\n + 1",
            "SELECT 1 /* ; */ + 1",
            "CREATE TRIGGER t AFTER INSERT ON user BEGIN SELECT 1; SELECT 2; END",
            "CREATE TEMP TRIGGER t AFTER INSERT ON user BEGIN SELECT 1; END",
        ] {
            assert_eq!(first_statement_end(sql), sql.len(), "{sql}");
        }
        let sql = "CREATE TRIGGER t AFTER INSERT ON user BEGIN SELECT 1; END; SELECT 2";
        assert_eq!(&sql[first_statement_end(sql)..], " SELECT 2");
    }

    #[test]
    fn leading_empty_statements_belong_to_the_first_statement() {
        let sql = " ; ; SELECT 2; SELECT 3";
        assert_eq!(&sql[..first_statement_end(sql)], " ; ; SELECT 2;");
    }

    #[test]
    fn lstrip_skips_whitespace_and_both_comment_styles() {
        assert_eq!(lstrip_sql("  -- c\n /* d */ x"), Some(16));
        assert_eq!(lstrip_sql(" -- only a comment"), None);
        assert_eq!(lstrip_sql(" /* unterminated"), None);
        assert_eq!(lstrip_sql(";"), Some(0));
    }

    #[test]
    fn dml_is_insert_update_delete_or_replace_after_comments() {
        assert!(is_dml("/* c */ insert INTO user VALUES (3, 'x')"));
        assert!(is_dml("REPLACE INTO user VALUES (3, 'x')"));
        assert!(!is_dml("SELECT 1"));
        assert!(!is_dml(
            "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x"
        ));
        assert!(!is_dml("CREATE TABLE t (x)"));
    }

    #[test]
    fn batch_text_splits_into_statements_and_drops_trailing_empty_ones() {
        assert_eq!(
            split_statements("SELECT 1; ; SELECT 2;\n-- end\n"),
            vec!["SELECT 1;", " ; SELECT 2;"]
        );
    }

    #[test]
    fn percent_s_becomes_a_question_mark_outside_quotes_and_comments() {
        assert_eq!(
            qmark_placeholders("INSERT INTO user VALUES (%s, '%s') -- %s\n/* %s */ AND %s"),
            Some("INSERT INTO user VALUES (?, '%s') -- %s\n/* %s */ AND ?".to_owned())
        );
        assert_eq!(qmark_placeholders("SELECT ?"), None);
        assert_eq!(qmark_placeholders("SELECT 'it''s %s'"), None);
    }
}
