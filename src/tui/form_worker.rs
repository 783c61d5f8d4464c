//! The form's worker: a thread that owns the `UserDao`, its connection pool and the
//! identity map, and runs every DAO call, so the UI never waits on the network.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use std::path::PathBuf;

use crate::dao::{
    ActionReport, DaoCall, DaoError, DaoStep, DaoValue, Reported, SqliteUserDao, UserDao, UserDto,
    UserMap, UserStore, run_call,
};
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
#[derive(Debug, Default)]
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
    /// The DAO calls made, in order, for the Python export.
    pub steps: Vec<DaoStep>,
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

struct FormWorker {
    dao: Option<Box<dyn UserStore>>,
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
        .spawn(move || worker.run(&req_rx))?;
    Ok(req_tx)
}

fn names(users: &[UserDto]) -> Vec<(i64, String)> {
    users.iter().map(|u| (u.id, u.name.clone())).collect()
}

impl FormRequest {
    /// The DAO call the request makes, if it is one (borrowing is the pool's).
    fn dao_call(self) -> Option<DaoCall> {
        Some(match self {
            FormRequest::List(None) => DaoCall::GetUsers,
            FormRequest::List(Some(pattern)) => DaoCall::FindUsersByName(pattern),
            FormRequest::Add(id, name) => DaoCall::AddUser(UserDto::new(id, name)),
            FormRequest::Update(id, name) => DaoCall::UpdateUser(UserDto::new(id, name)),
            FormRequest::Delete(id) => DaoCall::DeleteUser(id),
            FormRequest::CreateTable => DaoCall::CreateTable,
            FormRequest::Borrow | FormRequest::GiveBack => return None,
        })
    }
}

impl FormWorker {
    fn run(&mut self, requests: &Receiver<FormRequest>) {
        while let Ok(request) = requests.recv() {
            let reply = self.handle(request);
            if !self.tx.post(Box::new(reply)) {
                break;
            }
        }
    }

    fn open(&mut self) -> Result<(), DbError> {
        if self.dao.is_none() {
            let store: Box<dyn UserStore> = match &self.target {
                FormTarget::MySql(options) => Box::new(UserDao::new(Pool::new(
                    options,
                    PoolOptions::new().name(POOL_NAME).size(POOL_SIZE),
                )?)),
                FormTarget::Sqlite(path) => Box::new(SqliteUserDao::open(path)?),
            };
            self.dao = Some(store);
        }
        Ok(())
    }

    fn handle(&mut self, request: FormRequest) -> FormReply {
        let mut reply = FormReply::default();
        if let Err(e) = self.open() {
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
        let Some(dao) = self.dao.take() else {
            return reply;
        };
        if self.name_max.is_none() {
            self.name_max = dao.name_max();
        }
        match request {
            FormRequest::Borrow => self.borrow(dao.pool(), &mut reply),
            FormRequest::GiveBack => self.give_back(dao.pool(), &mut reply),
            other => {
                if let Some(call) = other.dao_call() {
                    self.call(dao.as_ref(), &call, &mut reply);
                }
            }
        }
        reply.name_max = self.name_max;
        reply.pool = dao.pool().map(Pool::stats);
        reply.held = self.held.len();
        self.dao = Some(dao);
        reply
    }

    /// Runs one DAO call, and after a change reloads the list (a second call, recorded
    /// too: the export replays what the form showed).
    fn call(&mut self, dao: &dyn UserStore, call: &DaoCall, reply: &mut FormReply) {
        let result = run_call(dao, call, &mut self.map);
        reply.steps.push(DaoStep::new(call.clone(), &result));
        let done = match result {
            Ok(done) => done,
            Err(e) => return Self::failed(reply, &e),
        };
        reply.report = Some(done.report);
        match (call, done.value) {
            (_, DaoValue::Users(users)) => reply.users = Some(names(&users)),
            (DaoCall::UpdateUser(user), DaoValue::Rowcount(0)) => {
                reply.message = Some(format!(
                    "No user has id {}: nothing was updated (rowcount 0).",
                    user.id
                ));
            }
            _ => {}
        }
        if *call == DaoCall::CreateTable {
            self.name_max = dao.name_max();
        }
        if !matches!(call, DaoCall::GetUsers | DaoCall::FindUsersByName(_)) {
            let reload = run_call(dao, &DaoCall::GetUsers, &mut self.map);
            reply.steps.push(DaoStep::new(DaoCall::GetUsers, &reload));
            if let Ok(Reported {
                value: DaoValue::Users(users),
                ..
            }) = reload
            {
                reply.users = Some(names(&users));
            }
        }
    }

    fn borrow(&mut self, pool: Option<&Pool>, reply: &mut FormReply) {
        let Some(pool) = pool else {
            reply.message = Some(
                "sqlite3 has no connection pool: the DAO keeps one connection to the file.".into(),
            );
            return;
        };
        let call = DaoCall::Borrow(self.held.len() + 1);
        match pool.get_connection() {
            Ok(cnx) => {
                self.held.push(cnx);
                reply.message = Some(format!(
                    "Borrowed: cnx{} = cnxpool.get_connection()",
                    self.held.len()
                ));
                reply.steps.push(DaoStep {
                    call,
                    outcome: Ok(DaoValue::Nothing),
                });
            }
            Err(e) => {
                reply.error = Some(FormError {
                    line: e.python_line(),
                    missing_table: false,
                    meaning: "The pool is exhausted: get_connection() raised instead of waiting."
                        .into(),
                });
                reply.steps.push(DaoStep {
                    call,
                    outcome: Err(e),
                });
            }
        }
    }

    fn give_back(&mut self, pool: Option<&Pool>, reply: &mut FormReply) {
        let n = self.held.len();
        for cnx in self.held.drain(..) {
            let _ = cnx.close();
        }
        if pool.is_some() && n > 0 {
            reply.steps.push(DaoStep {
                call: DaoCall::GiveBack(n),
                outcome: Ok(DaoValue::Nothing),
            });
        }
        reply.message = Some(format!(
            "Gave back {n} connection(s): close() returns them to the pool."
        ));
    }

    fn failed(reply: &mut FormReply, e: &DaoError) {
        reply.report = Some((*e.report).clone());
        reply.error = Some(FormError::from(e));
    }
}
