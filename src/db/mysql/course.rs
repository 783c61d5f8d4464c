//! The course's tables and rows on a server database (`rowwise setup-course`): the same
//! data as the demo database, from `examples/sql/course.sql`, so that every lesson, script
//! and example works on a server too. Tables that already exist are never touched unless
//! the caller asks for them to be replaced.

use super::Connection;
use crate::db::DbError;
use crate::sql;

/// The statements that create and fill the course's tables (MySQL dialect).
pub const COURSE_SQL: &str = include_str!("../../../examples/sql/course.sql");

/// The tables [`COURSE_SQL`] creates, in its order (a table after those it refers to).
pub const COURSE_TABLES: [&str; 8] = [
    "user",
    "pet",
    "city",
    "student",
    "article",
    "creator",
    "authorship",
    "counter",
];

/// Why the course's tables were not created.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CourseError {
    /// Some of the tables exist and replacing them was not asked for; nothing was changed.
    #[error(
        "database `{database}` already has {}: nothing was changed (`rowwise setup-course --replace {database}` drops and recreates them)",
        tables.join(", ")
    )]
    TablesExist {
        /// The database that was to hold the tables (`rowwise setup-course DB`).
        database: String,
        /// The course tables found in it.
        tables: Vec<String>,
    },
    /// No database was named.
    #[error("no database named: give one (`rowwise setup-course DATABASE`, or -D DATABASE)")]
    NoDatabase,
    /// The server refused a statement.
    #[error("{0}")]
    Db(#[from] DbError),
}

/// What [`setup_course`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseSetup {
    /// The database was created by this call.
    pub created_database: bool,
    /// Course tables that existed and were dropped first (only with `replace`).
    pub replaced: Vec<String>,
}

/// Creates the database if it is missing, then the course's tables and rows in it. With
/// `replace`, course tables that exist are dropped first; without it, their existence is
/// an error and nothing is changed. Other tables of the database are never touched.
///
/// # Failure
/// [`CourseError::TablesExist`], or the server's error (the connection's session is left in
/// `database`).
pub fn setup_course(
    conn: &mut Connection,
    database: &str,
    replace: bool,
) -> Result<CourseSetup, CourseError> {
    if database.is_empty() {
        return Err(CourseError::NoDatabase);
    }
    let quoted = quote_identifier(database);
    let exists = !conn
        .query_text(&format!("SHOW DATABASES LIKE '{}'", like_literal(database)))?
        .is_empty();
    if !exists {
        conn.query_text(&format!("CREATE DATABASE {quoted}"))?;
    }
    conn.query_text(&format!("USE {quoted}"))?;
    let existing = existing_course_tables(conn)?;
    if !existing.is_empty() && !replace {
        return Err(CourseError::TablesExist {
            database: database.to_owned(),
            tables: existing,
        });
    }
    if !existing.is_empty() {
        // Children first, so the drop holds even where foreign_key_checks cannot be turned off.
        let list: Vec<String> = existing.iter().rev().map(|t| quote_identifier(t)).collect();
        conn.query_text("SET @rowwise_fk = @@foreign_key_checks, foreign_key_checks = 0")?;
        let dropped = conn.query_text(&format!("DROP TABLE {}", list.join(", ")));
        conn.query_text("SET foreign_key_checks = @rowwise_fk")?;
        dropped?;
    }
    for statement in sql::split(COURSE_SQL, ";") {
        conn.query_text(&statement.text)?;
    }
    Ok(CourseSetup {
        created_database: !exists,
        replaced: existing,
    })
}

/// The course tables present in the current database, in [`COURSE_TABLES`] order.
fn existing_course_tables(conn: &mut Connection) -> Result<Vec<String>, DbError> {
    let present: Vec<String> = conn
        .query_text("SHOW TABLES")?
        .into_iter()
        .filter_map(|row| row.into_iter().next().flatten())
        .collect();
    Ok(COURSE_TABLES
        .iter()
        .filter(|t| present.iter().any(|p| p.eq_ignore_ascii_case(t)))
        .map(|t| (*t).to_owned())
        .collect())
}

/// `name` as a backquoted identifier (a backquote inside doubled).
fn quote_identifier(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// `name` inside a quoted LIKE pattern matching exactly it. Database names cannot be sent as
/// parameters to SHOW DATABASES; quote, backslash and the LIKE wildcards are escaped.
fn like_literal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' | '%' | '_' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn course_sql_creates_every_listed_table_and_nothing_else() {
        let created: Vec<String> = sql::split(COURSE_SQL, ";")
            .iter()
            .filter_map(|s| {
                s.text
                    .lines()
                    .find_map(|line| line.strip_prefix("CREATE TABLE "))
                    .and_then(|rest| rest.split_whitespace().next())
                    .map(str::to_owned)
            })
            .collect();
        let mut listed: Vec<&str> = COURSE_TABLES.to_vec();
        listed.sort_unstable();
        let mut found: Vec<&str> = created.iter().map(String::as_str).collect();
        found.sort_unstable();
        assert_eq!(found, listed);
    }

    #[test]
    fn like_literal_matches_only_the_name_itself() {
        assert_eq!(like_literal("my_db%'x\\"), "my\\_db\\%''x\\\\");
        assert_eq!(quote_identifier("a`b"), "`a``b`");
    }
}
