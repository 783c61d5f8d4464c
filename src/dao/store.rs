//! `UserStore`: what form mode asks of a user DAO, whatever the database. The MySQL
//! [`UserDao`] (a pool) and the SQLite [`SqliteUserDao`] (one connection) implement it, so
//! the form's worker holds a `Box<dyn UserStore>` and never asks which one it has.

use std::sync::Arc;

use super::dto::UserDto;
use super::exec::DaoResult;
use super::sqlite_user_dao::SqliteUserDao;
use super::user_dao::{UserDao, UserMap};
use crate::db::Pool;

/// The user DAO's methods, as the course's `UserDAO` names them.
pub trait UserStore: Send {
    /// `user_dao.create_table()`.
    ///
    /// # Failure
    /// The database's error, with the report.
    fn create_table(&self) -> DaoResult<()>;
    /// `user_dao.get_users(user_map)`.
    ///
    /// # Failure
    /// The database's error (a missing table included), with the report.
    fn get_users(&self, map: &mut UserMap) -> DaoResult<Vec<Arc<UserDto>>>;
    /// `user_dao.find_users_by_name(pattern, user_map)`.
    ///
    /// # Failure
    /// The database's error, with the report.
    fn find_users_by_name(&self, pattern: &str, map: &mut UserMap) -> DaoResult<Vec<Arc<UserDto>>>;
    /// `user_dao.add_user(user, user_map)`.
    ///
    /// # Failure
    /// A duplicate id, a missing table, the database's error, with the report.
    fn add_user(&self, user: &UserDto, map: &mut UserMap) -> DaoResult<Arc<UserDto>>;
    /// `user_dao.update_user(user, user_map)`: the rowcount.
    ///
    /// # Failure
    /// The database's error, with the report.
    fn update_user(&self, user: &UserDto, map: &mut UserMap) -> DaoResult<i64>;
    /// `user_dao.delete_user(id, user_map)`: the rowcount.
    ///
    /// # Failure
    /// The database's error, with the report.
    fn delete_user(&self, id: i64, map: &mut UserMap) -> DaoResult<i64>;
    /// The pool the DAO borrows from (sqlite3 has none).
    fn pool(&self) -> Option<&Pool>;
    /// `user.name`'s declared length, where the database enforces one.
    fn name_max(&self) -> Option<usize>;
}

/// One impl per DAO: each method is the DAO's own method of the same name.
macro_rules! user_store {
    ($dao:ty, pool: $pool:expr) => {
        impl UserStore for $dao {
            fn create_table(&self) -> DaoResult<()> {
                <$dao>::create_table(self)
            }
            fn get_users(&self, map: &mut UserMap) -> DaoResult<Vec<Arc<UserDto>>> {
                <$dao>::get_users(self, map)
            }
            fn find_users_by_name(
                &self,
                pattern: &str,
                map: &mut UserMap,
            ) -> DaoResult<Vec<Arc<UserDto>>> {
                <$dao>::find_users_by_name(self, pattern, map)
            }
            fn add_user(&self, user: &UserDto, map: &mut UserMap) -> DaoResult<Arc<UserDto>> {
                <$dao>::add_user(self, user, map)
            }
            fn update_user(&self, user: &UserDto, map: &mut UserMap) -> DaoResult<i64> {
                <$dao>::update_user(self, user, map)
            }
            fn delete_user(&self, id: i64, map: &mut UserMap) -> DaoResult<i64> {
                <$dao>::delete_user(self, id, map)
            }
            fn pool(&self) -> Option<&Pool> {
                let pool: fn(&$dao) -> Option<&Pool> = $pool;
                pool(self)
            }
            fn name_max(&self) -> Option<usize> {
                <$dao>::name_max(self)
            }
        }
    };
}

user_store!(UserDao, pool: |dao| Some(dao.pool()));
user_store!(SqliteUserDao, pool: |_| None);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sqlite_dao_serves_form_mode_through_the_trait() -> Result<(), Box<dyn std::error::Error>>
    {
        let dir = tempfile::tempdir()?;
        let store: Box<dyn UserStore> =
            Box::new(SqliteUserDao::open(&dir.path().join("t.sqlite3"))?);
        let mut map = UserMap::new();
        store.create_table()?;
        store.add_user(&UserDto::new(1, "John Doe"), &mut map)?;
        assert_eq!(store.update_user(&UserDto::new(1, "J"), &mut map)?.value, 1);
        let found = store.find_users_by_name("J%", &mut map)?.value;
        assert_eq!(
            found.first().map(std::string::ToString::to_string),
            Some("1 J".into())
        );
        assert!(store.pool().is_none() && store.name_max().is_none());
        assert_eq!(store.delete_user(1, &mut map)?.value, 1);
        assert!(store.get_users(&mut map)?.value.is_empty());
        Ok(())
    }
}
