//! SQL text handling shared by the front ends: splitting a buffer into statements the way
//! the `mysql` client does (quotes, backticks, comments and a custom DELIMITER respected),
//! and finding the statement under the caret.

mod commands;
mod keywords;
mod reader;
mod scan;

pub use commands::{CLIENT_COMMANDS, client_command, first_argument};
pub use keywords::{KEYWORDS, is_keyword, is_sensitive};
pub use reader::{DelimiterError, ReadStatement, StatementReader, Terminator};
pub use scan::{Found, Scanner, State};

/// One statement found in a buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement text, trimmed, without its delimiter.
    pub text: String,
    /// Byte offset of the statement's first character in the buffer.
    pub start: usize,
    /// Byte offset just past the statement (before the delimiter).
    pub end: usize,
    /// Was it ended by the delimiter (rather than by the end of the buffer)?
    pub terminated: bool,
}

/// Splits `text` into statements ended by `delimiter` (`;` normally). Pieces that hold
/// only whitespace and comments are dropped.
pub fn split(text: &str, delimiter: &str) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut scanner = Scanner::new(delimiter);
    let mut start = 0;
    for (end, after) in scanner.delimiters(text) {
        push_statement(&mut out, text, start, end, true);
        start = after;
    }
    push_statement(&mut out, text, start, text.len(), false);
    out
}

fn push_statement(
    out: &mut Vec<Statement>,
    text: &str,
    start: usize,
    end: usize,
    terminated: bool,
) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    // The scanner's whitespace is ASCII, `trim` also takes Unicode spaces: ask about what
    // is left, so that a piece of only `\u{3000}` is dropped rather than sent empty.
    if !has_content(trimmed) {
        return;
    }
    out.push(Statement {
        text: trimmed.to_owned(),
        start: start + lead,
        end: start + lead + trimmed.len(),
        terminated,
    });
}

/// Does `sql` hold anything but whitespace and comments?
pub fn has_content(sql: impl AsRef<[u8]>) -> bool {
    let mut scanner = Scanner::new(";");
    let mut rest = sql.as_ref();
    loop {
        let found = scanner.next_delimiter(rest);
        match (found.first_content, found.delimiter) {
            (Some(_), _) => return true,
            (None, Some((_, end))) => rest = &rest[end..],
            (None, None) => return false,
        }
    }
}

/// The statement of `text` that contains byte offset `caret` (or ends right before it).
pub fn statement_at(text: &str, caret: usize, delimiter: &str) -> Option<Statement> {
    let statements = split(text, delimiter);
    statements
        .iter()
        .find(|s| caret >= s.start && caret <= s.end + delimiter.len())
        .or_else(|| statements.iter().rev().find(|s| s.end <= caret))
        .or_else(|| statements.first())
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<String> {
        split(sql, ";").into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn semicolons_inside_quotes_and_comments_do_not_split() {
        assert_eq!(
            texts("SELECT ';', \"a;b\", `c;d`; /* x; */ SELECT 2 -- tail;\n; # hash ;\nSELECT 3"),
            vec![
                "SELECT ';', \"a;b\", `c;d`",
                "/* x; */ SELECT 2 -- tail;",
                "# hash ;\nSELECT 3"
            ]
        );
    }

    #[test]
    fn escaped_and_doubled_quotes_stay_inside_the_string() {
        assert_eq!(
            texts(r"SELECT 'it\'s; ok', 'a''b;c'; SELECT 2"),
            vec![r"SELECT 'it\'s; ok', 'a''b;c'", "SELECT 2"]
        );
    }

    #[test]
    fn comment_only_pieces_are_dropped() {
        assert_eq!(texts("SELECT 1; -- done\n"), vec!["SELECT 1"]);
        assert!(split("  ;; /* */ ", ";").is_empty());
    }

    #[test]
    fn double_dash_needs_a_space_to_start_a_comment() {
        assert_eq!(
            texts("SELECT 1--1; SELECT 2"),
            vec!["SELECT 1--1", "SELECT 2"]
        );
    }

    #[test]
    fn custom_delimiter_keeps_semicolons_in_bodies() {
        let sql = "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END$$\nCALL p()$$";
        assert_eq!(
            split(sql, "$$")
                .into_iter()
                .map(|s| s.text)
                .collect::<Vec<_>>(),
            vec![
                "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END",
                "CALL p()"
            ]
        );
    }

    /// mysqldump starts every file with `/*!40101 SET ... */;` lines: they are SQL the
    /// server runs, not comments to drop, and a quote inside one is a real quote.
    #[test]
    fn executable_comments_are_statements_not_comments() {
        assert_eq!(
            texts("/*!40101 SET NAMES utf8mb4 */;\n/*M!100100 SET @x = ';' */; SELECT 1"),
            vec![
                "/*!40101 SET NAMES utf8mb4 */",
                "/*M!100100 SET @x = ';' */",
                "SELECT 1"
            ]
        );
        assert!(has_content("/*!50003 SET @a = 1 */"));
        // Found by tests/fuzz.rs: the comment's closing `/` began the delimiter `//`.
        assert_eq!(
            split("/*!50003 SET @a = 1 *///SELECT 2//", "//")
                .into_iter()
                .map(|s| s.text)
                .collect::<Vec<_>>(),
            vec!["/*!50003 SET @a = 1 */", "SELECT 2"]
        );
        assert!(!has_content("/* plain */ /*M not executable */"));
    }

    /// Found by tests/fuzz.rs: a piece holding only Unicode whitespace became a statement
    /// with empty text.
    #[test]
    fn a_piece_of_unicode_whitespace_is_no_statement() {
        assert_eq!(
            texts("SELECT 1;\u{3000}\u{85};SELECT 2"),
            vec!["SELECT 1", "SELECT 2"]
        );
    }

    #[test]
    fn statement_at_finds_the_one_under_the_caret() {
        let sql = "SELECT 1;\nSELECT 2;\n";
        assert_eq!(
            statement_at(sql, 12, ";").map(|s| s.text),
            Some("SELECT 2".into())
        );
        assert_eq!(
            statement_at(sql, 3, ";").map(|s| s.text),
            Some("SELECT 1".into())
        );
        assert_eq!(
            statement_at(sql, sql.len(), ";").map(|s| s.text),
            Some("SELECT 2".into())
        );
    }
}
