//! SQL keywords, for completion and highlighting.

/// Keywords offered by completion and coloured by the highlighter (upper case).
pub const KEYWORDS: &[&str] = &[
    "ADD",
    "ALL",
    "ALTER",
    "ANALYZE",
    "AND",
    "AS",
    "ASC",
    "AUTO_INCREMENT",
    "BEGIN",
    "BETWEEN",
    "BIGINT",
    "BINARY",
    "BLOB",
    "BOOLEAN",
    "BY",
    "CALL",
    "CASCADE",
    "CASE",
    "CAST",
    "CHANGE",
    "CHAR",
    "CHARACTER",
    "CHARSET",
    "CHECK",
    "COLLATE",
    "COLUMN",
    "COLUMNS",
    "COMMIT",
    "CONSTRAINT",
    "COUNT",
    "CREATE",
    "CROSS",
    "CURRENT_DATE",
    "CURRENT_TIMESTAMP",
    "DATABASE",
    "DATABASES",
    "DATE",
    "DATETIME",
    "DECIMAL",
    "DEFAULT",
    "DELETE",
    "DELIMITER",
    "DESC",
    "DESCRIBE",
    "DISTINCT",
    "DOUBLE",
    "DROP",
    "DUPLICATE",
    "ELSE",
    "END",
    "ENGINE",
    "ENUM",
    "EXISTS",
    "EXPLAIN",
    "FALSE",
    "FLOAT",
    "FOR",
    "FOREIGN",
    "FROM",
    "FULL",
    "FUNCTION",
    "GRANT",
    "GROUP",
    "HAVING",
    "IF",
    "IGNORE",
    "IN",
    "INDEX",
    "INNER",
    "INSERT",
    "INT",
    "INTEGER",
    "INTERVAL",
    "INTO",
    "IS",
    "JOIN",
    "JSON",
    "KEY",
    "KILL",
    "LEFT",
    "LIKE",
    "LIMIT",
    "LOCK",
    "MODIFY",
    "NATURAL",
    "NOT",
    "NULL",
    "OFFSET",
    "ON",
    "OR",
    "ORDER",
    "OUTER",
    "PRIMARY",
    "PROCEDURE",
    "QUERY",
    "REFERENCES",
    "RENAME",
    "REPLACE",
    "RETURNS",
    "REVOKE",
    "RIGHT",
    "ROLLBACK",
    "SAVEPOINT",
    "SELECT",
    "SET",
    "SHOW",
    "SMALLINT",
    "START",
    "STATUS",
    "TABLE",
    "TABLES",
    "TEMPORARY",
    "TEXT",
    "THEN",
    "TIME",
    "TIMESTAMP",
    "TINYINT",
    "TO",
    "TRANSACTION",
    "TRIGGER",
    "TRUE",
    "TRUNCATE",
    "UNION",
    "UNIQUE",
    "UNSIGNED",
    "UPDATE",
    "USE",
    "USING",
    "VALUES",
    "VARBINARY",
    "VARCHAR",
    "VARIABLES",
    "VIEW",
    "WARNINGS",
    "WHEN",
    "WHERE",
    "WITH",
    "WORK",
    "YEAR",
];

/// Is `word` (any case) a keyword?
pub fn is_keyword(word: &str) -> bool {
    let upper = word.to_ascii_uppercase();
    KEYWORDS.binary_search(&upper.as_str()).is_ok()
}

/// Does a statement carry a password (so it must never reach a history file)? Like the
/// mysql client's default `--histignore "*IDENTIFIED*:*PASSWORD*"`.
pub fn is_sensitive(statement: &str) -> bool {
    let upper = statement.to_ascii_uppercase();
    upper.contains("IDENTIFIED") || upper.contains("PASSWORD")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_list_is_sorted_for_binary_search() {
        assert!(
            KEYWORDS.windows(2).all(|w| w[0] < w[1]),
            "KEYWORDS must stay sorted"
        );
        assert!(is_keyword("select") && !is_keyword("selects"));
    }

    #[test]
    fn statements_with_passwords_are_sensitive() {
        for s in [
            "CREATE USER u IDENTIFIED BY 'x'",
            "set password = password('x')",
            "ALTER USER u IDENTIFIED WITH mysql_native_password AS '*X'",
            "GRANT ALL ON *.* TO u identified by 'x'",
        ] {
            assert!(is_sensitive(s), "{s}");
        }
        assert!(!is_sensitive("SELECT name FROM user"));
    }
}
