//! `SqliteUserDao`: the slides' user DAO over the embedded SQLite demo, speaking Python's
//! `sqlite3` (`?` placeholders, one kept connection: sqlite3 has no pool). Every value
//! goes through parameters; the reports show the same things as the MySQL DAO's.

use std::path::Path;
use std::sync::Arc;

use rusqlite::types::Value as SqlValue;

use super::dto::UserDto;
use super::report::{ActionReport, Query, StatementReport, python_method};
use super::user_dao::UserMap;
use super::{DaoError, DaoResult, Reported};
use crate::db::DbError;
use crate::pyrepr::{PyValue, str_repr};

/// The DAO's Python twin (sqlite3).
pub const USER_DAO_SQLITE_PY: &str = include_str!("python/user_dao_sqlite.py");

const CREATE_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS user (id INTEGER PRIMARY KEY, name TEXT NOT NULL)";
const SELECT_USERS: &str = "SELECT id, name FROM user ORDER BY id";
const INSERT_USER: &str = "INSERT INTO user (id, name) VALUES (?, ?)";
const UPDATE_USER: &str = "UPDATE user SET name = ? WHERE id = ?";
const DELETE_USER: &str = "DELETE FROM user WHERE id = ?";
const FIND_USERS: &str = "SELECT id, name FROM user WHERE name LIKE ? ORDER BY id";

/// The user DAO on a SQLite file.
#[derive(Debug)]
pub struct SqliteUserDao {
    cnx: rusqlite::Connection,
}

fn to_sql(value: &PyValue) -> SqlValue {
    match value {
        PyValue::Int(i) => i64::try_from(*i).map_or(SqlValue::Null, SqlValue::Integer),
        PyValue::Str(s) => SqlValue::Text(s.clone()),
        _ => SqlValue::Null,
    }
}

fn report(call: String, method: &str) -> ActionReport {
    ActionReport::new(call, python_method(USER_DAO_SQLITE_PY, method))
}

impl SqliteUserDao {
    /// Opens the file (the demo database) with its own connection.
    ///
    /// # Failure
    /// The file cannot be opened.
    pub fn open(path: &Path) -> Result<Self, DbError> {
        let cnx = rusqlite::Connection::open(path).map_err(crate::db::sqlite_error)?;
        Ok(SqliteUserDao { cnx })
    }

    /// Runs one statement: rows read back as (id, name) for queries, rowcount and lastrowid
    /// as sqlite3 reports them (`-1` after a SELECT).
    fn run(
        &self,
        mut report: ActionReport,
        query: &Query,
        reads: bool,
    ) -> Result<(ActionReport, Vec<(i64, String)>), DaoError> {
        let mut statement = StatementReport::new(query);
        let params: Vec<SqlValue> = query.params().iter().map(to_sql).collect();
        let result = (|| -> rusqlite::Result<Vec<(i64, String)>> {
            let mut stmt = self.cnx.prepare(query.sql())?;
            if reads {
                let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
                return rows.collect();
            }
            stmt.execute(rusqlite::params_from_iter(params.iter()))?;
            Ok(Vec::new())
        })();
        match result {
            Ok(rows) => {
                statement.rowcount = if reads { -1 } else { self.cnx.changes() as i64 };
                statement.lastrowid = Some(self.cnx.last_insert_rowid() as u64);
                report.statement = Some(statement);
                Ok((report, rows))
            }
            Err(e) => {
                report.statement = Some(statement);
                Err(DaoError::new(crate::db::sqlite_error(e), report))
            }
        }
    }

    fn users(rows: Vec<(i64, String)>, map: &mut UserMap) -> Vec<Arc<UserDto>> {
        rows.into_iter()
            .map(|(id, name)| map.get_or_insert_with(id, || UserDto::new(id, name)).0)
            .collect()
    }

    /// `user_dao.create_table()`.
    ///
    /// # Failure
    /// SQLite's error, with the report.
    pub fn create_table(&self) -> DaoResult<()> {
        let (report, _) = self.run(
            report("user_dao.create_table()".into(), "create_table"),
            &Query::new(CREATE_TABLE, Vec::new()),
            false,
        )?;
        Ok(Reported { value: (), report })
    }

    /// `user_dao.get_users(user_map)`.
    ///
    /// # Failure
    /// SQLite's error (`no such table: user`), with the report.
    pub fn get_users(&self, map: &mut UserMap) -> DaoResult<Vec<Arc<UserDto>>> {
        let (report, rows) = self.run(
            report("user_dao.get_users(user_map)".into(), "get_users"),
            &Query::new(SELECT_USERS, Vec::new()),
            true,
        )?;
        Ok(Reported {
            value: Self::users(rows, map),
            report,
        })
    }

    /// `user_dao.find_users_by_name(pattern, user_map)`.
    ///
    /// # Failure
    /// SQLite's error, with the report.
    pub fn find_users_by_name(
        &self,
        pattern: &str,
        map: &mut UserMap,
    ) -> DaoResult<Vec<Arc<UserDto>>> {
        let call = format!(
            "user_dao.find_users_by_name({}, user_map)",
            str_repr(pattern)
        );
        let query = Query::new(FIND_USERS, vec![PyValue::Str(pattern.to_owned())]);
        let (report, rows) = self.run(report(call, "find_users_by_name"), &query, true)?;
        Ok(Reported {
            value: Self::users(rows, map),
            report,
        })
    }

    /// `user_dao.add_user(user, user_map)`: inserts and commits (sqlite3 commits the
    /// implicit transaction; here every statement stands alone).
    ///
    /// # Failure
    /// `sqlite3.IntegrityError: UNIQUE constraint failed: user.id` for an id in use.
    pub fn add_user(&self, user: &UserDto, map: &mut UserMap) -> DaoResult<Arc<UserDto>> {
        let call = format!("user_dao.add_user({}, user_map)", user.python_repr());
        let query = Query::new(
            INSERT_USER,
            vec![
                PyValue::Int(user.id.into()),
                PyValue::Str(user.name.clone()),
            ],
        );
        let (report, _) = self.run(report(call, "add_user"), &query, false)?;
        Ok(Reported {
            value: map.insert(user.id, user.clone()),
            report,
        })
    }

    /// `user_dao.update_user(user, user_map)`: returns `cursor.rowcount`.
    ///
    /// # Failure
    /// SQLite's error, with the report.
    pub fn update_user(&self, user: &UserDto, map: &mut UserMap) -> DaoResult<i64> {
        let call = format!("user_dao.update_user({}, user_map)", user.python_repr());
        let query = Query::new(
            UPDATE_USER,
            vec![
                PyValue::Str(user.name.clone()),
                PyValue::Int(user.id.into()),
            ],
        );
        let (report, _) = self.run(report(call, "update_user"), &query, false)?;
        map.replace(&user.id, user.clone());
        let rowcount = report.statement.as_ref().map_or(0, |s| s.rowcount);
        Ok(Reported {
            value: rowcount,
            report,
        })
    }

    /// `user_dao.delete_user(id, user_map)`: returns `cursor.rowcount`.
    ///
    /// # Failure
    /// SQLite's error, with the report.
    pub fn delete_user(&self, id: i64, map: &mut UserMap) -> DaoResult<i64> {
        let query = Query::new(DELETE_USER, vec![PyValue::Int(id.into())]);
        let (report, _) = self.run(
            report(
                format!("user_dao.delete_user({id}, user_map)"),
                "delete_user",
            ),
            &query,
            false,
        )?;
        map.remove(&id);
        let rowcount = report.statement.as_ref().map_or(0, |s| s.rowcount);
        Ok(Reported {
            value: rowcount,
            report,
        })
    }

    /// `user.name` has no declared length in SQLite: nothing to check beyond NOT NULL.
    pub fn name_max(&self) -> Option<usize> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_sql_constant_is_the_query_of_its_python_method() {
        for (method, sql) in [
            ("create_table", CREATE_TABLE),
            ("get_users", SELECT_USERS),
            ("add_user", INSERT_USER),
            ("update_user", UPDATE_USER),
            ("delete_user", DELETE_USER),
            ("find_users_by_name", FIND_USERS),
        ] {
            let python = python_method(USER_DAO_SQLITE_PY, method);
            assert!(
                python.contains(&format!("query = \"\"\"{sql}\"\"\"")),
                "{method}:\n{python}"
            );
        }
    }

    #[test]
    fn crud_round_trips_and_an_injection_string_is_stored_verbatim()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let dao = SqliteUserDao::open(&dir.path().join("t.sqlite3"))?;
        let mut map = UserMap::new();
        assert!(dao.get_users(&mut map).is_err_and(|e| e.is_missing_table()));
        dao.create_table()?;
        let payload = "'; DROP TABLE user; --";
        let added = dao.add_user(&UserDto::new(3, payload), &mut map)?;
        let statement = added.report.statement.as_ref().ok_or("no statement")?;
        assert_eq!(statement.params_repr(), "(3, \"'; DROP TABLE user; --\")");
        assert_eq!(statement.rowcount, 1);
        assert!(
            statement
                .string_built()
                .is_some_and(|s| s.as_str().contains("VALUES (3, ''; DROP TABLE user; --')"))
        );
        let duplicate = dao
            .add_user(&UserDto::new(3, "again"), &mut map)
            .err()
            .ok_or("no error")?;
        assert!(
            duplicate.is_duplicate_key(),
            "{}",
            duplicate.error.python_line()
        );
        assert_eq!(dao.update_user(&UserDto::new(3, "x"), &mut map)?.value, 1);
        let found = dao.find_users_by_name("x%", &mut map)?.value;
        assert_eq!(found.len(), 1);
        assert_eq!(dao.delete_user(3, &mut map)?.value, 1);
        assert!(dao.get_users(&mut map)?.value.is_empty());
        Ok(())
    }
}
