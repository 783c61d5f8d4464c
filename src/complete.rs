//! Completion candidates for SQL: keywords, and the tables and columns of the current
//! database (read from `information_schema`, or SQLite's catalog, by the front end).

use crate::sql::KEYWORDS;

/// What completion can offer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completions {
    tables: Vec<String>,
    columns: Vec<String>,
}

impl Completions {
    /// Completion data from `(table, column)` pairs.
    pub fn from_schema(pairs: &[(String, String)]) -> Self {
        let mut tables: Vec<String> = pairs.iter().map(|(t, _)| t.clone()).collect();
        let mut columns: Vec<String> = pairs.iter().map(|(_, c)| c.clone()).collect();
        tables.sort();
        tables.dedup();
        columns.sort();
        columns.dedup();
        Completions { tables, columns }
    }

    /// Candidates for the word before byte offset `pos` of `line`: the start of that word
    /// and the matches — tables and columns first (as written), then keywords (in the case
    /// the user is typing).
    pub fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let pos = pos.min(line.len());
        let head = line.get(..pos).unwrap_or(line);
        let start = head
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '$'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &head[start..];
        if word.is_empty() {
            return (start, Vec::new());
        }
        let lower = word.to_lowercase();
        let mut out: Vec<String> = Vec::new();
        for name in self.tables.iter().chain(&self.columns) {
            if name.to_lowercase().starts_with(&lower) && !out.contains(name) {
                out.push(name.clone());
            }
        }
        let lower_case = word.chars().all(|c| !c.is_uppercase());
        for kw in KEYWORDS {
            if kw.to_lowercase().starts_with(&lower) {
                out.push(if lower_case {
                    kw.to_lowercase()
                } else {
                    (*kw).to_owned()
                });
            }
        }
        (start, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_tables_columns_and_keywords_in_the_users_case() {
        let c = Completions::from_schema(&[
            ("user".into(), "id".into()),
            ("user".into(), "name".into()),
        ]);
        assert_eq!(
            c.complete("SELECT na", 9),
            (7, vec!["name".to_owned(), "natural".to_owned()])
        );
        assert_eq!(c.complete("sel", 3), (0, vec!["select".to_owned()]));
        assert_eq!(c.complete("SEL", 3), (0, vec!["SELECT".to_owned()]));
        let (start, got) = c.complete("SELECT * FROM us", 16);
        assert_eq!((start, got.first().map(String::as_str)), (14, Some("user")));
    }
}
