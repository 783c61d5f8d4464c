//! `Pool`: a named set of already open connections, like
//! `mysql.connector.pooling.MySQLConnectionPool` — a size fixed at creation (1 to 32), a
//! `get_connection()` that hands out a free connection or fails at once, and pooled
//! connections whose `close()` (or drop) gives them back with their session reset instead
//! of leaving the server. Safe to share between threads: `Pool` is a cheap clone of one
//! shared pool.
//!
//! Every message and check follows the reference's `pooling.py` (8.4.0), checked by
//! running it against MariaDB: sizes outside 1..=32 and bad names are `AttributeError`s,
//! an empty pool is `PoolError: Failed getting connection; pool exhausted`.

use std::collections::VecDeque;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::{ConnectOptions, Connection};
use crate::db::{DbError, ExceptionClass};
use crate::pyrepr::str_repr;

/// The largest pool the reference allows (`pooling.CNX_POOL_MAXSIZE`).
pub const POOL_MAX_SIZE: usize = 32;
/// The longest pool name the reference allows (`pooling.CNX_POOL_MAXNAMESIZE`).
pub const POOL_MAX_NAME_LEN: usize = 64;
/// The reference's default `pool_size`.
pub const POOL_DEFAULT_SIZE: usize = 5;

/// The pool's own settings (the `pool_*` keyword arguments), builder-lite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolOptions {
    /// `pool_name`; `None` makes one from host, port, user and database, as the reference.
    pub name: Option<String>,
    /// `pool_size`: how many connections the pool opens and hands out.
    pub size: usize,
    /// `pool_reset_session`: reset a connection's session when it comes back.
    pub reset_session: bool,
    /// Autocommit for the pool's connections (`autocommit=True`); off by default (DB-API).
    pub autocommit: bool,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            name: None,
            size: POOL_DEFAULT_SIZE,
            reset_session: true,
            autocommit: false,
        }
    }
}

impl PoolOptions {
    /// The reference's defaults: unnamed, size 5, sessions reset, autocommit off.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `pool_name`.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets `pool_size`.
    #[must_use]
    pub fn size(mut self, size: usize) -> Self {
        self.size = size;
        self
    }

    /// Sets `pool_reset_session`.
    #[must_use]
    pub fn reset_session(mut self, on: bool) -> Self {
        self.reset_session = on;
        self
    }

    /// Sets `autocommit` for the pooled connections.
    #[must_use]
    pub fn autocommit(mut self, on: bool) -> Self {
        self.autocommit = on;
        self
    }
}

/// `generate_pool_name`: the connection arguments given, joined with `_`.
fn generate_pool_name(options: &ConnectOptions) -> String {
    let mut parts = Vec::new();
    if options.socket.is_none() {
        parts.push(options.host.clone());
        parts.push(options.port.to_string());
    }
    parts.push(options.user.clone());
    parts.extend(options.database.clone());
    parts.join("_")
}

/// `_set_pool_size`.
fn check_size(size: usize) -> Result<(), DbError> {
    if size == 0 || size > POOL_MAX_SIZE {
        return Err(DbError::new(
            ExceptionClass::AttributeError,
            format!("Pool size should be higher than 0 and lower or equal to {POOL_MAX_SIZE}"),
        ));
    }
    Ok(())
}

/// `_set_pool_name`: letters, digits and `._:-*$#`, at most 64 characters.
fn check_name(name: &str) -> Result<(), DbError> {
    let legal = |c: char| c.is_ascii_alphanumeric() || "._:-*$#".contains(c);
    if !name.chars().all(legal) {
        return Err(DbError::new(
            ExceptionClass::AttributeError,
            format!("Pool name '{name}' contains illegal characters"),
        ));
    }
    if name.chars().count() > POOL_MAX_NAME_LEN {
        return Err(DbError::new(
            ExceptionClass::AttributeError,
            format!("Pool name '{name}' is too long"),
        ));
    }
    Ok(())
}

/// `PoolError: Failed getting connection; pool exhausted`
pub fn pool_exhausted() -> DbError {
    DbError::new(
        ExceptionClass::PoolError,
        "Failed getting connection; pool exhausted",
    )
}

/// How many connections a pool has and how many are out, for a pool panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolStats {
    /// `pool_name`: the one given, or the one made from host, port, user and database as the
    /// reference makes it.
    pub name: String,
    /// `pool_size`.
    pub size: usize,
    /// Connections borrowed and not yet given back.
    pub in_use: usize,
    /// Connections waiting in the pool.
    pub free: usize,
}

struct Shared {
    name: String,
    size: usize,
    reset_session: bool,
    options: ConnectOptions,
    autocommit: bool,
    /// Free connections, oldest returned first, as the reference's `queue.Queue`.
    idle: Mutex<VecDeque<Connection>>,
}

impl Shared {
    fn idle(&self) -> MutexGuard<'_, VecDeque<Connection>> {
        // A thread that panicked while holding the lock left the queue itself intact.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A connection pool (`MySQLConnectionPool`); clones share the same pool.
#[derive(Clone)]
pub struct Pool {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("name", &self.shared.name)
            .field("size", &self.shared.size)
            .finish()
    }
}

impl Pool {
    /// Creates the pool and opens all its connections now, as the reference does.
    ///
    /// # Failure
    /// `AttributeError` for a size outside 1..=32 or a bad name (checked in that order,
    /// before connecting); the connect error of the first connection that fails.
    pub fn new(options: &ConnectOptions, pool: PoolOptions) -> Result<Pool, DbError> {
        check_size(pool.size)?;
        let name = pool.name.unwrap_or_else(|| generate_pool_name(options));
        check_name(&name)?;
        let mut idle = VecDeque::with_capacity(pool.size);
        for _ in 0..pool.size {
            idle.push_back(Connection::connect(options, pool.autocommit)?);
        }
        Ok(Pool {
            shared: Arc::new(Shared {
                name,
                size: pool.size,
                reset_session: pool.reset_session,
                options: options.clone(),
                autocommit: pool.autocommit,
                idle: Mutex::new(idle),
            }),
        })
    }

    /// `cnxpool.pool_name`.
    pub fn name(&self) -> &str {
        &self.shared.name
    }

    /// `cnxpool.pool_size`.
    pub fn size(&self) -> usize {
        self.shared.size
    }

    /// Size, connections in use and free ones, read at one instant.
    pub fn stats(&self) -> PoolStats {
        let free = self.shared.idle().len();
        PoolStats {
            name: self.shared.name.clone(),
            size: self.shared.size,
            in_use: self.shared.size.saturating_sub(free),
            free,
        }
    }

    /// `cnxpool.get_connection()`: the next free connection, never waiting. A connection
    /// that no longer answers is reconnected first, as the reference does.
    ///
    /// # Failure
    /// `PoolError: Failed getting connection; pool exhausted` when none is free; the
    /// connect error when reconnecting fails (the connection then stays in the pool).
    pub fn get_connection(&self) -> Result<PooledConnection, DbError> {
        let popped = self.shared.idle().pop_front();
        let mut cnx = popped.ok_or_else(pool_exhausted)?;
        // The ping runs outside the lock so that other threads are never held up by it.
        if !cnx.is_connected() {
            match Connection::connect(&self.shared.options, cnx.autocommit()) {
                Ok(fresh) => cnx = fresh,
                Err(e) => {
                    self.shared.idle().push_back(cnx);
                    return Err(e);
                }
            }
        }
        Ok(PooledConnection {
            shared: Arc::clone(&self.shared),
            cnx: Some(cnx),
        })
    }

    /// The Python that creates this pool from an option file:
    /// `pooling.MySQLConnectionPool(pool_name='mypool', pool_size=3, option_files='connector.cnf')`.
    pub fn python_call(&self, option_file: &str) -> String {
        let mut args = vec![
            format!("pool_name={}", str_repr(&self.shared.name)),
            format!("pool_size={}", self.shared.size),
        ];
        if !self.shared.reset_session {
            args.push("pool_reset_session=False".to_owned());
        }
        if self.shared.autocommit {
            args.push("autocommit=True".to_owned());
        }
        args.push(format!("option_files={}", str_repr(option_file)));
        format!("pooling.MySQLConnectionPool({})", args.join(", "))
    }
}

/// A connection borrowed from a [`Pool`] (`PooledMySQLConnection`). It is used as a
/// [`Connection`] (through `Deref`); closing or dropping it gives it back to the pool.
pub struct PooledConnection {
    shared: Arc<Shared>,
    cnx: Option<Connection>,
}

impl std::fmt::Debug for PooledConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PooledConnection")
            .field("pool_name", &self.shared.name)
            .field("cnx", &self.cnx)
            .finish()
    }
}

impl PooledConnection {
    /// `cnx.pool_name`.
    pub fn pool_name(&self) -> &str {
        &self.shared.name
    }

    /// `cnx.close()`: resets the session (when the pool says so) and gives the connection
    /// back to the pool instead of closing it. The connection goes back even when the
    /// reset fails; the pool reconnects it before handing it out again.
    ///
    /// # Failure
    /// The reset's error, e.g. `OperationalError: MySQL Connection not available.` while
    /// rows are still unread.
    pub fn close(mut self) -> Result<(), DbError> {
        self.give_back()
    }

    fn give_back(&mut self) -> Result<(), DbError> {
        let Some(mut cnx) = self.cnx.take() else {
            return Ok(());
        };
        let reset = if self.shared.reset_session {
            cnx.reset_session()
        } else {
            Ok(())
        };
        if reset.is_err() {
            // A session that could not be reset must not be handed out as it is.
            cnx.close();
        }
        self.shared.idle().push_back(cnx);
        reset
    }
}

impl Deref for PooledConnection {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match &self.cnx {
            Some(cnx) => cnx,
            None => unreachable_connection(),
        }
    }
}

impl DerefMut for PooledConnection {
    fn deref_mut(&mut self) -> &mut Connection {
        match &mut self.cnx {
            Some(cnx) => cnx,
            None => unreachable_connection(),
        }
    }
}

/// `cnx` is `None` only inside `close(self)` and `drop`, where no borrow of `self` can
/// follow, so this is never reached.
fn unreachable_connection() -> ! {
    unreachable!("a pooled connection was used after it went back to its pool")
}

impl Drop for PooledConnection {
    fn drop(&mut self) {
        // Dropping is closing: the reset's error has nobody to go to here.
        let _ = self.give_back();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_outside_one_to_thirty_two_are_refused_before_connecting() {
        let nowhere = ConnectOptions::new().host("192.0.2.1").port(1);
        for size in [0, 33, 1000] {
            let err = Pool::new(&nowhere, PoolOptions::new().name("p").size(size))
                .err()
                .map(|e| e.python_line());
            assert_eq!(
                err.as_deref(),
                Some("AttributeError: Pool size should be higher than 0 and lower or equal to 32")
            );
        }
    }

    #[test]
    fn pool_names_with_illegal_characters_or_too_long_are_refused() {
        assert_eq!(
            check_name("my pool").err().map(|e| e.python_line()),
            Some("AttributeError: Pool name 'my pool' contains illegal characters".to_owned())
        );
        let long = "a".repeat(65);
        assert_eq!(
            check_name(&long).err().map(|e| e.to_string()),
            Some(format!("Pool name '{long}' is too long"))
        );
        assert!(check_name(&"a".repeat(64)).is_ok());
        assert!(check_name("127.0.0.1_3306_rw_test:*$#-").is_ok());
    }

    #[test]
    fn unnamed_pools_are_named_after_host_port_user_and_database() {
        let options = ConnectOptions::new()
            .host("127.0.0.1")
            .port(33991)
            .user("rw")
            .database("test");
        assert_eq!(generate_pool_name(&options), "127.0.0.1_33991_rw_test");
    }

    #[test]
    fn the_exhausted_error_reads_like_the_reference() {
        assert_eq!(
            pool_exhausted().python_line(),
            "mysql.connector.errors.PoolError: Failed getting connection; pool exhausted"
        );
    }

    #[test]
    fn pools_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        fn sendable<T: Send>() {}
        shareable::<Pool>();
        sendable::<PooledConnection>();
    }
}
