//! Form mode's DAO calls as typed steps, and the Python that replays them: the course's
//! `UserDAO`/`UserDTO` classes defined once, then each call as a student writes it
//! (`for user in user_dao.get_users(user_map): print(user)`), printing what the form
//! showed. The session's export places these steps among its cursor steps.

use std::sync::Arc;

use super::USER_DAO_SQLITE_PY;
use super::dto::UserDto;
use super::exec::{DaoResult, Reported};
use super::store::UserStore;
use super::user_dao::{USER_DAO_PY, USER_DTO_PY, UserMap};
use crate::db::DbError;
use crate::pyrepr::str_repr;

/// One call form mode made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DaoCall {
    /// `user_dao.create_table()`.
    CreateTable,
    /// `user_dao.get_users(user_map)`.
    GetUsers,
    /// `user_dao.find_users_by_name(pattern, user_map)`.
    FindUsersByName(String),
    /// `user_dao.add_user(UserDTO(id, name), user_map)`.
    AddUser(UserDto),
    /// `user_dao.update_user(UserDTO(id, name), user_map)`.
    UpdateUser(UserDto),
    /// `user_dao.delete_user(id, user_map)`.
    DeleteUser(i64),
    /// `cnxN = cnxpool.get_connection()`: the form holds one more pooled connection (N is
    /// how many it then holds).
    Borrow(usize),
    /// `cnx1.close()` … `cnxN.close()`: the held connections go back to the pool.
    GiveBack(usize),
}

/// What a call returned, as far as the form shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum DaoValue {
    /// `None`.
    Nothing,
    /// The users of a list or a search, in order.
    Users(Vec<UserDto>),
    /// The user `add_user` returns.
    User(UserDto),
    /// The rowcount `update_user` and `delete_user` return.
    Rowcount(i64),
}

/// A call and what came of it.
#[derive(Debug, Clone, PartialEq)]
pub struct DaoStep {
    /// The form's call, which the export replays as the same DAO method call.
    pub call: DaoCall,
    /// Its value, or the exception it raised.
    pub outcome: Result<DaoValue, DbError>,
}

/// Runs a DAO call on `store` (a `Borrow` or `GiveBack` is the pool's, not the DAO's:
/// it does nothing here).
///
/// # Failure
/// The DAO's error, with the report.
pub fn run_call(store: &dyn UserStore, call: &DaoCall, map: &mut UserMap) -> DaoResult<DaoValue> {
    fn users(done: Reported<Vec<Arc<UserDto>>>) -> Reported<DaoValue> {
        let list = done.value.iter().map(|u| UserDto::clone(u)).collect();
        with(done.report, DaoValue::Users(list))
    }
    fn with(report: super::ActionReport, value: DaoValue) -> Reported<DaoValue> {
        Reported { value, report }
    }
    Ok(match call {
        DaoCall::CreateTable => with(store.create_table()?.report, DaoValue::Nothing),
        DaoCall::GetUsers => users(store.get_users(map)?),
        DaoCall::FindUsersByName(pattern) => users(store.find_users_by_name(pattern, map)?),
        DaoCall::AddUser(user) => {
            let done = store.add_user(user, map)?;
            with(done.report, DaoValue::User(UserDto::clone(&done.value)))
        }
        DaoCall::UpdateUser(user) => {
            let done = store.update_user(user, map)?;
            with(done.report, DaoValue::Rowcount(done.value))
        }
        DaoCall::DeleteUser(id) => {
            let done = store.delete_user(*id, map)?;
            with(done.report, DaoValue::Rowcount(done.value))
        }
        DaoCall::Borrow(_) | DaoCall::GiveBack(_) => with(
            super::ActionReport::new(String::new(), ""),
            DaoValue::Nothing,
        ),
    })
}

/// The `except` clause of every replayed call: the transcript shows each error.
const EXCEPT: &str = "except Exception as exc:  # noqa: BLE001 - the transcript shows every error\n    report(exc)\n";

impl DaoStep {
    /// The step of `call` from its result.
    pub fn new(call: DaoCall, result: &DaoResult<DaoValue>) -> Self {
        DaoStep {
            call,
            outcome: match result {
                Ok(done) => Ok(done.value.clone()),
                Err(e) => Err(e.error.clone()),
            },
        }
    }

    /// Each statement of the call as a student types it (a loop keeps its `...` lines)
    /// and the Python that runs it.
    fn statements(&self) -> Vec<(String, String)> {
        let dto = |u: &UserDto| format!("UserDTO({}, {})", u.id, str_repr(&u.name));
        let list = |call: String| {
            (
                format!("for user in {call}:\n...     print(user)\n..."),
                format!("for user in {call}:\n        print(user)"),
            )
        };
        let shown = |call: String| (call.clone(), format!("show({call})"));
        match &self.call {
            DaoCall::CreateTable => vec![shown("user_dao.create_table()".into())],
            DaoCall::GetUsers => vec![list("user_dao.get_users(user_map)".into())],
            DaoCall::FindUsersByName(p) => vec![list(format!(
                "user_dao.find_users_by_name({}, user_map)",
                str_repr(p)
            ))],
            DaoCall::AddUser(u) => vec![shown(format!("user_dao.add_user({}, user_map)", dto(u)))],
            DaoCall::UpdateUser(u) => {
                vec![shown(format!("user_dao.update_user({}, user_map)", dto(u)))]
            }
            DaoCall::DeleteUser(id) => vec![shown(format!("user_dao.delete_user({id}, user_map)"))],
            DaoCall::Borrow(n) => {
                let code = format!("cnx{n} = cnxpool.get_connection()");
                vec![(code.clone(), code)]
            }
            DaoCall::GiveBack(n) => (1..=*n).map(|i| shown(format!("cnx{i}.close()"))).collect(),
        }
    }

    /// What Python printed for the value (nothing for `None`).
    fn printed(&self) -> Vec<String> {
        match &self.outcome {
            Err(e) => vec![e.python_line()],
            Ok(DaoValue::Nothing) => Vec::new(),
            Ok(DaoValue::Users(users)) => users.iter().map(UserDto::to_string).collect(),
            Ok(DaoValue::User(u)) => {
                vec![format!("UserDTO(id={}, name={})", u.id, str_repr(&u.name))]
            }
            Ok(DaoValue::Rowcount(n)) => vec![n.to_string()],
        }
    }

    /// The transcript lines of the step: `>>> call` (and a loop's `...` lines), then what
    /// Python printed — what the replay prints.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .statements()
            .into_iter()
            .flat_map(|(code, _)| {
                format!(">>> {code}")
                    .lines()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        out.extend(self.printed());
        out
    }

    /// The Python that replays the step and prints [`DaoStep::lines`].
    pub fn python(&self) -> String {
        let mut out = String::new();
        for (code, run) in self.statements() {
            out.push_str(&format!("print({})\n", str_repr(&format!(">>> {code}"))));
            out.push_str(&format!("try:\n    {run}\n{EXCEPT}"));
        }
        out
    }
}

/// The course's source of a class without its `from user_dto import UserDTO` line: in
/// the export, the DTO class is defined just above.
fn without_import(source: &str) -> String {
    source
        .lines()
        .filter(|l| !l.starts_with("from user_dto import"))
        .fold(String::new(), |mut out, l| {
            out.push_str(l);
            out.push('\n');
            out
        })
}

/// What a MySQL export defines when form mode made calls: the DTO and DAO classes of
/// the course and the form's pool, DAO and identity map (after `config` is set).
pub fn mysql_setup(pool_name: &str, pool_size: usize) -> String {
    format!(
        "# Form mode (F2): the course's DTO and DAO, on a pool of its own, as rowwise ran them.\nfrom mysql.connector import pooling\n\n{}\n\n{}\n\ncnxpool = pooling.MySQLConnectionPool(pool_name={}, pool_size={pool_size}, **config)\nuser_dao = UserDAO(cnxpool)\nuser_map = {{}}\n\n",
        USER_DTO_PY.trim_end(),
        without_import(USER_DAO_PY).trim_end(),
        str_repr(pool_name),
    )
}

/// What an SQLite export defines when form mode made calls: the classes and the DAO on
/// the same file (`name`, in the export's directory), with its own connection.
pub fn sqlite_setup(name: &str) -> String {
    format!(
        "# Form mode (F2): the course's DTO and DAO over sqlite3, with a connection of its own.\n{}\n\n{}\n\nuser_dao = UserDAO({})\nuser_map = {{}}\n\n",
        USER_DTO_PY.trim_end(),
        without_import(USER_DAO_SQLITE_PY).trim_end(),
        str_repr(name),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::ExceptionClass;

    #[test]
    fn a_search_replays_as_the_course_loop_and_prints_each_user() {
        let step = DaoStep {
            call: DaoCall::FindUsersByName("J%".into()),
            outcome: Ok(DaoValue::Users(vec![UserDto::new(1, "John Doe")])),
        };
        assert_eq!(
            step.lines(),
            [
                ">>> for user in user_dao.find_users_by_name('J%', user_map):",
                "...     print(user)",
                "...",
                "1 John Doe"
            ]
        );
        assert!(step.python().contains(
            "try:\n    for user in user_dao.find_users_by_name('J%', user_map):\n        print(user)\nexcept Exception"
        ));
    }

    #[test]
    fn writes_show_their_value_and_errors_their_exception_line() {
        let add = DaoStep {
            call: DaoCall::AddUser(UserDto::new(3, "O'Brien")),
            outcome: Ok(DaoValue::User(UserDto::new(3, "O'Brien"))),
        };
        assert_eq!(
            add.lines(),
            [
                ">>> user_dao.add_user(UserDTO(3, \"O'Brien\"), user_map)",
                "UserDTO(id=3, name=\"O'Brien\")"
            ]
        );
        let failed = DaoStep {
            call: DaoCall::DeleteUser(9),
            outcome: Err(DbError::new(
                ExceptionClass::PoolError,
                "Failed getting connection; pool exhausted",
            )),
        };
        assert_eq!(
            failed.lines()[1],
            "mysql.connector.errors.PoolError: Failed getting connection; pool exhausted"
        );
        let back = DaoStep {
            call: DaoCall::GiveBack(2),
            outcome: Ok(DaoValue::Nothing),
        };
        assert_eq!(back.lines(), [">>> cnx1.close()", ">>> cnx2.close()"]);
    }

    #[test]
    fn the_setup_defines_the_classes_once_without_their_imports() {
        let setup = mysql_setup("mypool", 3);
        assert!(!setup.contains("from user_dto import"), "{setup}");
        assert_eq!(setup.matches("class UserDAO").count(), 1);
        assert!(
            setup
                .contains("pooling.MySQLConnectionPool(pool_name='mypool', pool_size=3, **config)")
        );
        assert!(sqlite_setup("demo.sqlite3").contains("user_dao = UserDAO('demo.sqlite3')"));
    }
}
