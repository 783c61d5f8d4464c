//! `UserDao`: the course's `UserDAO` for the `user` table — CRUD and a search by name,
//! every statement parametric, connections borrowed from a [`Pool`], loaded users kept in
//! an [`IdentityMap`] the caller owns and passes in (as the course's "Using the identity
//! map" asks). Each method's Python twin is in `python/user_dao.py`.

use std::sync::Arc;

use super::dto::UserDto;
use super::entity::{add_mapped, mapped};
use super::exec::{
    Commit, DaoResult, Reported, all_rows, dictionary, int, int_column, run, text_column,
};
use super::identity_map::IdentityMap;
use super::report::{ActionReport, Query, python_method};
use crate::db::{CursorOptions, Pool};
use crate::pyrepr::{PyValue, str_repr};

/// The users loaded so far, by id (`user_map` in the Python).
pub type UserMap = IdentityMap<i64, UserDto>;

/// The Python source of the DAO class, shown beside each call.
pub const USER_DAO_PY: &str = include_str!("python/user_dao.py");
/// The Python source of the DTO class.
pub const USER_DTO_PY: &str = include_str!("python/user_dto.py");
/// The course's main program, with the DAO borrowing from a pool.
pub const MAIN_PY: &str = include_str!("python/main.py");

/// The `user` table, as the form offers to create it when it is missing.
pub const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS user (id INT PRIMARY KEY, name VARCHAR(255) NOT NULL) DEFAULT CHARSET=utf8mb4";
/// `get_users`.
pub const SELECT_USERS: &str = "SELECT id, name FROM user ORDER BY id";
/// `get_user`.
pub const SELECT_USER: &str = "SELECT id, name FROM user WHERE id = %s";
/// `add_user`.
pub const INSERT_USER: &str = "INSERT INTO user (id, name) VALUES (%s, %s)";
/// `update_user`.
pub const UPDATE_USER: &str = "UPDATE user SET name = %s WHERE id = %s";
/// `delete_user`.
pub const DELETE_USER: &str = "DELETE FROM user WHERE id = %s";
/// `find_users_by_name`.
pub const FIND_USERS: &str = "SELECT id, name FROM user WHERE name LIKE %s ORDER BY id";
/// `user.name`'s declared length, for the form to check a name before sending it.
const NAME_MAX: &str = "SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'user' AND COLUMN_NAME = 'name'";

fn report(call: String, method: &str) -> ActionReport {
    ActionReport::new(call, python_method(USER_DAO_PY, method))
}

/// Data access for the `user` table. Holds no state but its pool.
#[derive(Debug, Clone)]
pub struct UserDao {
    pool: Pool,
}

impl UserDao {
    /// `UserDAO(cnxpool)`.
    pub fn new(pool: Pool) -> Self {
        UserDao { pool }
    }

    /// The pool the DAO borrows from.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// `user.name`'s declared length, from `information_schema`; `None` when it cannot be
    /// read (no table yet, no connection free).
    pub fn name_max(&self) -> Option<usize> {
        let mut cnx = self.pool.get_connection().ok()?;
        let rows = cnx.query_text(NAME_MAX).ok()?;
        rows.first()?.first()?.as_ref()?.parse().ok()
    }

    /// `user_dao.create_table()`: creates the `user` table if it does not exist.
    ///
    /// # Failure
    /// The pool's or the server's error, with the report.
    pub fn create_table(&self) -> DaoResult<()> {
        let report = report("user_dao.create_table()".into(), "create_table");
        let query = Query::new(CREATE_TABLE, Vec::new());
        run(
            &self.pool,
            report,
            &query,
            CursorOptions::default(),
            Commit::No,
            |_, _| Ok(()),
        )
    }

    /// `user_dao.get_users(user_map)`: every user, by id; users already in the map are
    /// returned as the very objects the map holds.
    ///
    /// # Failure
    /// The pool's or the server's error (1146 when the table is missing), with the report.
    pub fn get_users(&self, user_map: &mut UserMap) -> DaoResult<Vec<Arc<UserDto>>> {
        let report = report("user_dao.get_users(user_map)".into(), "get_users");
        let query = Query::new(SELECT_USERS, Vec::new());
        run(
            &self.pool,
            report,
            &query,
            dictionary(),
            Commit::No,
            |cursor, cnx| {
                let rows = all_rows(cursor, cnx)?;
                rows.iter().map(|row| mapped(row, user_map)).collect()
            },
        )
    }

    /// `user_dao.get_user(id, user_map)`: the user with this id, or `None`. The map is
    /// asked first; only a user it does not hold is queried.
    ///
    /// # Failure
    /// The pool's or the server's error, with the report.
    pub fn get_user(&self, id: i64, user_map: &mut UserMap) -> DaoResult<Option<Arc<UserDto>>> {
        let mut report = report(format!("user_dao.get_user({id}, user_map)"), "get_user");
        if let Some(user) = user_map.lookup(&id) {
            report.identity_map_hit = true;
            return Ok(Reported {
                value: Some(user),
                report,
            });
        }
        let query = Query::new(SELECT_USER, vec![int(id)]);
        run(
            &self.pool,
            report,
            &query,
            dictionary(),
            Commit::No,
            |cursor, cnx| match cursor.fetchone(cnx)? {
                None => Ok(None),
                Some(row) => {
                    let user = UserDto::new(int_column(&row, "id")?, text_column(&row, "name")?);
                    Ok(Some(user_map.insert(id, user)))
                }
            },
        )
    }

    /// `user_dao.add_user(user, user_map)`: inserts and commits; the user then stands in
    /// the map for its id.
    ///
    /// # Failure
    /// `IntegrityError` 1062 for an id in use, 1146 for a missing table, the pool's error.
    pub fn add_user(&self, user: &UserDto, user_map: &mut UserMap) -> DaoResult<Arc<UserDto>> {
        let call = format!("user_dao.add_user({}, user_map)", user.python_repr());
        let query = Query::new(INSERT_USER, vec![user.id_param(), user.name_param()]);
        let report = report(call, "add_user");
        add_mapped(&self.pool, report, &query, user_map, user.id, user.clone())
    }

    /// `user_dao.update_user(user, user_map)`: sets the name of the user with this id and
    /// commits; returns `cursor.rowcount` (0 when no row changed). A user already in the
    /// map is replaced by `user`.
    ///
    /// # Failure
    /// The pool's or the server's error, with the report.
    pub fn update_user(&self, user: &UserDto, user_map: &mut UserMap) -> DaoResult<i64> {
        let call = format!("user_dao.update_user({}, user_map)", user.python_repr());
        let query = Query::new(UPDATE_USER, vec![user.name_param(), user.id_param()]);
        let done = run(
            &self.pool,
            report(call, "update_user"),
            &query,
            CursorOptions::default(),
            Commit::Yes,
            |c, _| Ok(c.rowcount()),
        )?;
        user_map.replace(&user.id, user.clone());
        Ok(done)
    }

    /// `user_dao.delete_user(id, user_map)`: deletes and commits; returns `cursor.rowcount`.
    /// The map forgets the user.
    ///
    /// # Failure
    /// The pool's or the server's error, with the report.
    pub fn delete_user(&self, id: i64, user_map: &mut UserMap) -> DaoResult<i64> {
        let call = format!("user_dao.delete_user({id}, user_map)");
        let query = Query::new(DELETE_USER, vec![int(id)]);
        let done = run(
            &self.pool,
            report(call, "delete_user"),
            &query,
            CursorOptions::default(),
            Commit::Yes,
            |c, _| Ok(c.rowcount()),
        )?;
        user_map.remove(&id);
        Ok(done)
    }

    /// `user_dao.find_users_by_name(pattern, user_map)`: the users whose name matches the
    /// SQL `LIKE` pattern (`%` any text, `_` one character, `\` escapes), by id.
    ///
    /// # Failure
    /// The pool's or the server's error, with the report.
    pub fn find_users_by_name(
        &self,
        pattern: &str,
        user_map: &mut UserMap,
    ) -> DaoResult<Vec<Arc<UserDto>>> {
        let call = format!(
            "user_dao.find_users_by_name({}, user_map)",
            str_repr(pattern)
        );
        let query = Query::new(FIND_USERS, vec![PyValue::Str(pattern.to_owned())]);
        run(
            &self.pool,
            report(call, "find_users_by_name"),
            &query,
            dictionary(),
            Commit::No,
            |cursor, cnx| {
                let rows = all_rows(cursor, cnx)?;
                rows.iter().map(|row| mapped(row, user_map)).collect()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each method's SQL in Rust must be the `query` of its Python twin, so that the code
    /// the form shows is the code that runs.
    #[test]
    fn every_statement_is_the_query_of_its_python_method() {
        for (method, sql) in [
            ("create_table", CREATE_TABLE),
            ("get_users", SELECT_USERS),
            ("get_user", SELECT_USER),
            ("add_user", INSERT_USER),
            ("update_user", UPDATE_USER),
            ("delete_user", DELETE_USER),
            ("find_users_by_name", FIND_USERS),
        ] {
            let python = python_method(USER_DAO_PY, method);
            let line = ["query = \"\"\"", sql, "\"\"\""].concat();
            assert!(python.contains(&line), "{method}: {line} not in\n{python}");
        }
    }

    #[test]
    fn the_python_main_adds_and_prints_the_two_course_users() {
        assert!(MAIN_PY.contains("UserDTO(1, \"John Doe\")"));
        assert!(MAIN_PY.contains("UserDTO(2, \"Jane Smith\")"));
        assert!(USER_DTO_PY.contains("return f'{self.id} {self.name}'"));
    }
}
