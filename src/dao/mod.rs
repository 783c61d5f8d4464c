//! The course's DAO/DTO and ORM patterns over the engine: `UserDto` and `UserDao` for the
//! `user` table, a generic [`IdentityMap`], and the 1:N (student/city) and N:M
//! (article/creator through authorship) mappings of the slides.
//!
//! Every statement is parametric: SQL texts are `&'static str` constants and user values
//! travel only as parameters (see [`Query`]). Connections are borrowed from a
//! [`crate::db::Pool`] for one call and given back. Every call returns, beside its
//! result, an [`ActionReport`] — the call and the DAO method as Python, the SQL and its
//! parameters, rowcount and lastrowid — for a front end to show.

mod articles;
mod dto;
pub(crate) mod entity;
mod error;
mod exec;
mod identity_map;
mod relation;
mod replay;
mod report;
mod school;
mod sqlite_user_dao;
mod store;
mod user_dao;

pub use articles::{
    ARTICLE_DAO_PY, Article, ArticleDao, ArticleMap, CREATE_TABLES as ARTICLE_TABLES, Creator,
    CreatorMap,
};
pub use dto::UserDto;
pub use error::DaoError;
pub use exec::{DaoResult, Reported};
pub use identity_map::IdentityMap;
pub use relation::{BackRefs, ToMany};
pub use replay::{DaoCall, DaoStep, DaoValue, mysql_setup, run_call, sqlite_setup};
pub use report::{ActionReport, Query, StatementReport, StringBuiltSql};
pub use school::{
    CREATE_TABLES as SCHOOL_TABLES, City, CityMap, SCHOOL_DAO_PY, SchoolDao, Student, StudentMap,
};
pub use sqlite_user_dao::{SqliteUserDao, USER_DAO_SQLITE_PY};
pub use store::UserStore;
pub use user_dao::{
    CREATE_TABLE as USER_TABLE, MAIN_PY, USER_DAO_PY, USER_DTO_PY, UserDao, UserMap,
};

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn dao_objects_can_be_handed_to_a_worker_thread() {
        fn shareable<T: Send + Sync>() {}
        shareable::<super::UserDao>();
        shareable::<super::UserMap>();
        shareable::<super::ArticleMap>();
        shareable::<super::StudentMap>();
        shareable::<super::DaoError>();
        shareable::<super::ActionReport>();
    }

    /// Nothing in the DAO may build SQL from values: no `format!` (or `concat!`) whose
    /// text holds SQL, and no way to turn a built string into the `&'static str` a
    /// [`super::Query`] takes.
    #[test]
    fn no_dao_source_builds_sql_from_strings() -> std::io::Result<()> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/dao");
        let sql_words = [
            "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ", " WHERE ", " FROM ", " VALUES",
        ];
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path)?;
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in code.lines().enumerate() {
                let builds = line.contains("format!(")
                    || line.contains("concat!(")
                    || line.contains("push_str(");
                let leaks = line.contains("::leak(") || line.contains(".leak()");
                let sql = sql_words.iter().any(|w| line.contains(w));
                assert!(
                    !leaks,
                    "{}:{}: leaks a string: {line}",
                    path.display(),
                    n + 1
                );
                assert!(
                    !(builds && sql),
                    "{}:{}: builds SQL text: {line}",
                    path.display(),
                    n + 1
                );
            }
            checked += 1;
        }
        assert!(
            checked >= 9,
            "only {checked} files checked in {}",
            dir.display()
        );
        Ok(())
    }
}
