//! The form's worker: a thread that owns the `UserDao`, its connection pool and the
//! identity map, and runs every DAO call, so the UI never waits on the network.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use std::path::PathBuf;

use crate::dao::{ActionReport, DaoError, DaoResult, SqliteUserDao, UserDao, UserDto, UserMap};
use crate::db::{ConnectOptions, DbError, Pool, PoolOptions, PoolStats, PooledConnection};

use super::outbox::Outbox;

/// Pool size of the form's DAO, as in the course's pooling example.
pub const POOL_SIZE: usize = 3;
/// The pool's name, as in the course.
pub const POOL_NAME: &str = "mypool";

/// What the form asks of the DAO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormRequest {
    /// `get_users`, or `find_users_by_name(pattern)` when a pattern is given.
    List(Option<String>),
    /// `add_user`.
    Add(i64, String),
    /// `update_user`.
    Update(i64, String),
    /// `delete_user`.
    Delete(i64),
    /// `create_table` (after the user agreed).
    CreateTable,
    /// Borrow one more connection from the pool and keep it (to see the pool run out).
    Borrow,
    /// Give back every connection borrowed with `Borrow`.
    GiveBack,
}

/// What a request did.
#[derive(Debug)]
pub struct FormReply {
    /// The report of the DAO call, if one was made.
    pub report: Option<ActionReport>,
    /// The error, if the call failed (with the exception line and what it means).
    pub error: Option<FormError>,
    /// The users now known (after a list, or reloaded after a change).
    pub users: Option<Vec<(i64, String)>>,
    /// Pool figures afterwards.
    pub pool: Option<PoolStats>,
    /// Connections the form holds through `Borrow`.
    pub held: usize,
    /// The `name` column's maximum length, once known.
    pub name_max: Option<usize>,
    /// A line for the status bar.
    pub message: Option<String>,
}

/// A failed call, classified for the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    /// `mysql.connector.errors.IntegrityError: 1062 (23000): ...`
    pub line: String,
    /// The table is missing: the form offers to create it.
    pub missing_table: bool,
    /// What went wrong, in a sentence.
    pub meaning: String,
}

impl From<&DaoError> for FormError {
    fn from(e: &DaoError) -> Self {
        let meaning = if e.is_missing_table() {
            "The user table does not exist."
        } else if e.is_duplicate_key() {
            "A user with this id exists already: the id is the primary key."
        } else if e.is_pool_exhausted() {
            "Every pooled connection is borrowed: get_connection() fails at once, it does not wait."
        } else if e.is_connection_lost() {
            "The connection to the server was lost; the form keeps what you typed."
        } else {
            "The database refused the call."
        };
        FormError {
            line: e.error.python_line(),
            missing_table: e.is_missing_table(),
            meaning: meaning.to_owned(),
        }
    }
}

/// Where the form's DAO works.
#[derive(Debug, Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "made once per session; boxing would change the public variant"
)]
pub enum FormTarget {
    /// A MySQL server: the DAO borrows from a pool.
    MySql(ConnectOptions),
    /// The SQLite demo file: sqlite3 has no pool; the DAO keeps one connection.
    Sqlite(PathBuf),
}

/// The DAO in use.
enum Store {
    MySql(UserDao),
    Sqlite(SqliteUserDao),
}

impl Store {
    fn get_users(&self, map: &mut UserMap) -> DaoResult<Vec<Arc<UserDto>>> {
        match self {
            Store::MySql(d) => d.get_users(map),
            Store::Sqlite(d) => d.get_users(map),
        }
    }

    fn find_users_by_name(&self, pattern: &str, map: &mut UserMap) -> DaoResult<Vec<Arc<UserDto>>> {
        match self {
            Store::MySql(d) => d.find_users_by_name(pattern, map),
            Store::Sqlite(d) => d.find_users_by_name(pattern, map),
        }
    }

    fn add_user(&self, user: &UserDto, map: &mut UserMap) -> DaoResult<Arc<UserDto>> {
        match self {
            Store::MySql(d) => d.add_user(user, map),
            Store::Sqlite(d) => d.add_user(user, map),
        }
    }

    fn update_user(&self, user: &UserDto, map: &mut UserMap) -> DaoResult<i64> {
        match self {
            Store::MySql(d) => d.update_user(user, map),
            Store::Sqlite(d) => d.update_user(user, map),
        }
    }

    fn delete_user(&self, id: i64, map: &mut UserMap) -> DaoResult<i64> {
        match self {
            Store::MySql(d) => d.delete_user(id, map),
            Store::Sqlite(d) => d.delete_user(id, map),
        }
    }

    fn create_table(&self) -> DaoResult<()> {
        match self {
            Store::MySql(d) => d.create_table(),
            Store::Sqlite(d) => d.create_table(),
        }
    }

    fn pool(&self) -> Option<&Pool> {
        match self {
            Store::MySql(d) => Some(d.pool()),
            Store::Sqlite(_) => None,
        }
    }
}

struct FormWorker {
    dao: Option<Store>,
    target: FormTarget,
    map: UserMap,
    held: Vec<PooledConnection>,
    tx: Box<dyn Outbox<Box<FormReply>>>,
    name_max: Option<usize>,
}

/// Starts the worker for a server; the pool is made on the first request.
///
/// # Failure
/// The OS refusing a thread.
pub fn spawn(
    target: FormTarget,
    tx: impl Outbox<Box<FormReply>>,
) -> std::io::Result<Sender<FormRequest>> {
    let (req_tx, req_rx) = channel();
    let mut worker = FormWorker {
        dao: None,
        target,
        map: UserMap::new(),
        held: Vec::new(),
        tx: Box::new(tx),
        name_max: None,
    };
    thread::Builder::new()
        .name("form-worker".into())
        .spawn(move || worker.run(req_rx))?;
    Ok(req_tx)
}

fn names(users: &[Arc<UserDto>]) -> Vec<(i64, String)> {
    users.iter().map(|u| (u.id, u.name.clone())).collect()
}

impl FormWorker {
    fn run(&mut self, requests: Receiver<FormRequest>) {
        while let Ok(request) = requests.recv() {
            let reply = self.handle(request);
            if !self.tx.post(Box::new(reply)) {
                break;
            }
        }
    }

    fn dao(&mut self) -> Result<&Store, DbError> {
        if self.dao.is_none() {
            let store = match &self.target {
                FormTarget::MySql(options) => Store::MySql(UserDao::new(Pool::new(
                    options,
                    PoolOptions::new().name(POOL_NAME).size(POOL_SIZE),
                )?)),
                FormTarget::Sqlite(path) => Store::Sqlite(SqliteUserDao::open(path)?),
            };
            self.dao = Some(store);
        }
        self.dao
            .as_ref()
            .ok_or_else(|| DbError::new(crate::db::ExceptionClass::PoolError, "no pool"))
    }

    fn handle(&mut self, request: FormRequest) -> FormReply {
        let mut reply = FormReply {
            report: None,
            error: None,
            users: None,
            pool: None,
            held: 0,
            name_max: None,
            message: None,
        };
        if let Err(e) = self.dao() {
            reply.error = Some(FormError {
                line: e.python_line(),
                missing_table: false,
                meaning: match self.target {
                    FormTarget::MySql(_) => "Could not create the connection pool.",
                    FormTarget::Sqlite(_) => "Could not open the demo database.",
                }
                .into(),
            });
            return reply;
        }
        if self.name_max.is_none() {
            self.name_max = self.read_name_max();
        }
        reply.name_max = self.name_max;
        let mut changed = false;
        match request {
            FormRequest::List(pattern) => {
                let result = match (&self.dao, &pattern) {
                    (Some(dao), Some(p)) => dao.find_users_by_name(p, &mut self.map),
                    (Some(dao), None) => dao.get_users(&mut self.map),
                    (None, _) => return reply,
                };
                match result {
                    Ok(done) => {
                        reply.users = Some(names(&done.value));
                        reply.report = Some(done.report);
                    }
                    Err(e) => self.failed(&mut reply, &e),
                }
            }
            FormRequest::Add(id, name) => {
                let user = UserDto::new(id, name);
                if let Some(dao) = &self.dao {
                    match dao.add_user(&user, &mut self.map) {
                        Ok(done) => {
                            reply.report = Some(done.report);
                            changed = true;
                        }
                        Err(e) => self.failed(&mut reply, &e),
                    }
                }
            }
            FormRequest::Update(id, name) => {
                let user = UserDto::new(id, name);
                if let Some(dao) = &self.dao {
                    match dao.update_user(&user, &mut self.map) {
                        Ok(done) => {
                            if done.value == 0 {
                                reply.message = Some(format!(
                                    "No user has id {id}: nothing was updated (rowcount 0)."
                                ));
                            }
                            reply.report = Some(done.report);
                            changed = true;
                        }
                        Err(e) => self.failed(&mut reply, &e),
                    }
                }
            }
            FormRequest::Delete(id) => {
                if let Some(dao) = &self.dao {
                    match dao.delete_user(id, &mut self.map) {
                        Ok(done) => {
                            reply.report = Some(done.report);
                            changed = true;
                        }
                        Err(e) => self.failed(&mut reply, &e),
                    }
                }
            }
            FormRequest::CreateTable => {
                if let Some(dao) = &self.dao {
                    match dao.create_table() {
                        Ok(done) => {
                            reply.report = Some(done.report);
                            changed = true;
                            self.name_max = self.read_name_max();
                            reply.name_max = self.name_max;
                        }
                        Err(e) => self.failed(&mut reply, &e),
                    }
                }
            }
            FormRequest::Borrow => {
                if let Some(pool) = self.dao.as_ref().and_then(Store::pool) {
                    match pool.get_connection() {
                        Ok(cnx) => {
                            self.held.push(cnx);
                            reply.message = Some(format!(
                                "Borrowed: cnx{} = cnxpool.get_connection()",
                                self.held.len()
                            ));
                        }
                        Err(e) => {
                            reply.error = Some(FormError {
                                line: e.python_line(),
                                missing_table: false,
                                meaning: "The pool is exhausted: get_connection() raised instead of waiting.".into(),
                            });
                        }
                    }
                } else {
                    reply.message = Some(
                        "sqlite3 has no connection pool: the DAO keeps one connection to the file."
                            .into(),
                    );
                }
            }
            FormRequest::GiveBack => {
                let n = self.held.len();
                for cnx in self.held.drain(..) {
                    let _ = cnx.close();
                }
                reply.message = Some(format!(
                    "Gave back {n} connection(s): close() returns them to the pool."
                ));
            }
        }
        if changed
            && let Some(dao) = &self.dao
            && let Ok(done) = dao.get_users(&mut self.map)
        {
            reply.users = Some(names(&done.value));
        }
        reply.pool = self.dao.as_ref().and_then(Store::pool).map(Pool::stats);
        reply.held = self.held.len();
        reply
    }

    fn failed(&self, reply: &mut FormReply, e: &DaoError) {
        reply.report = Some((*e.report).clone());
        reply.error = Some(FormError::from(e));
    }

    /// `user.name`'s declared length, from information_schema (or, in SQLite, from
    /// the declared type, which SQLite itself does not enforce).
    fn read_name_max(&self) -> Option<usize> {
        let pool = match self.dao.as_ref()? {
            Store::MySql(dao) => dao.pool(),
            Store::Sqlite(dao) => return dao.name_max(),
        };
        let mut cnx = pool.get_connection().ok()?;
        let rows = cnx
            .query_text(
                "SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'user' AND COLUMN_NAME = 'name'",
            )
            .ok()?;
        rows.first()?.first()?.as_ref()?.parse().ok()
    }
}
