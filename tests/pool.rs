//! The connection pool against the private server. The expected messages and session
//! states were read from the real mysql-connector-python 8.4.0 (`pooling.py`, pure
//! Python) running against MariaDB 10.11 — see the pool section of the DAO issue note.

mod common;

use std::sync::{Arc, Barrier};

use common::MariaDb;
use rowwise::db::{
    Connection, CursorOptions, DbError, ExceptionClass, Pool, PoolOptions, PoolStats,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn pool(name: &str, size: usize) -> Result<Pool, DbError> {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS pooltest");
    Pool::new(
        &server.tcp_options(Some("pooltest")),
        PoolOptions::new().name(name).size(size),
    )
}

/// The first column of the first row of `sql`, as text (`None` for NULL).
fn scalar(cnx: &mut Connection, sql: &str) -> Result<Option<String>, DbError> {
    Ok(cnx
        .query_text(sql)?
        .into_iter()
        .next()
        .and_then(|row| row.into_iter().next())
        .flatten())
}

fn stats(pool: &Pool) -> (usize, usize, usize) {
    let PoolStats {
        size, in_use, free, ..
    } = pool.stats();
    (size, in_use, free)
}

#[test]
fn a_pool_opens_all_its_connections_at_creation() -> TestResult {
    let pool = pool("opened", 3)?;
    assert_eq!(stats(&pool), (3, 0, 3));
    assert_eq!(pool.name(), "opened");
    let big = self::pool("biggest", 32)?;
    assert_eq!(stats(&big), (32, 0, 32));
    Ok(())
}

#[test]
fn sizes_zero_and_thirty_three_are_refused_as_the_reference_refuses() {
    for size in [0, 33] {
        let err = pool("refused", size).err();
        assert_eq!(
            err.map(|e| e.python_line()).as_deref(),
            Some("AttributeError: Pool size should be higher than 0 and lower or equal to 32")
        );
    }
}

#[test]
fn an_exhausted_pool_fails_at_once_with_the_reference_pool_error() -> TestResult {
    let pool = pool("mypool", 3)?;
    let borrowed: Vec<_> = (0..3)
        .map(|_| pool.get_connection())
        .collect::<Result<_, _>>()?;
    assert_eq!(stats(&pool), (3, 3, 0));
    let err = pool.get_connection().err();
    assert_eq!(
        err.as_ref()
            .map(rowwise::db::DbError::python_line)
            .as_deref(),
        Some("mysql.connector.errors.PoolError: Failed getting connection; pool exhausted")
    );
    assert_eq!(err.map(|e| e.class), Some(ExceptionClass::PoolError));
    assert!(borrowed.iter().all(|c| c.pool_name() == "mypool"));
    drop(borrowed);
    assert_eq!(stats(&pool), (3, 0, 3));
    Ok(())
}

#[test]
fn closing_a_pooled_connection_returns_the_same_session_to_the_pool() -> TestResult {
    let pool = pool("returned", 1)?;
    let cnx = pool.get_connection()?;
    let id = cnx.server().connection_id;
    cnx.close()?;
    assert_eq!(stats(&pool), (1, 0, 1));
    let again = pool.get_connection()?;
    assert_eq!(again.server().connection_id, id);
    Ok(())
}

#[test]
fn a_returned_connection_comes_back_with_its_session_reset() -> TestResult {
    let pool = pool("reset", 1)?;
    let mut cnx = pool.get_connection()?;
    cnx.query_text("SET @x = 42")?;
    cnx.query_text("CREATE TEMPORARY TABLE scratch (i INT)")?;
    cnx.query_text("SET NAMES latin1")?;
    cnx.set_autocommit(true)?;
    drop(cnx);

    let mut cnx = pool.get_connection()?;
    assert_eq!(scalar(&mut cnx, "SELECT @x")?, None);
    let missing = cnx.query_text("SELECT * FROM scratch").err();
    assert_eq!(missing.and_then(|e| e.errno), Some(1146));
    assert_eq!(
        scalar(&mut cnx, "SELECT @@character_set_client")?.as_deref(),
        Some("utf8mb4")
    );
    assert_eq!(
        scalar(&mut cnx, "SELECT @@collation_connection")?.as_deref(),
        Some("utf8mb4_general_ci")
    );
    // The reference keeps the autocommit mode last set through the connection.
    assert_eq!(
        scalar(&mut cnx, "SELECT @@session.autocommit")?.as_deref(),
        Some("1")
    );
    Ok(())
}

#[test]
fn a_pool_without_session_reset_keeps_session_state() -> TestResult {
    let server = MariaDb::shared();
    let pool = Pool::new(
        &server.tcp_options(None),
        PoolOptions::new()
            .name("noreset")
            .size(1)
            .reset_session(false),
    )?;
    let mut cnx = pool.get_connection()?;
    cnx.query_text("SET @x = 42")?;
    drop(cnx);
    let mut cnx = pool.get_connection()?;
    assert_eq!(scalar(&mut cnx, "SELECT @x")?.as_deref(), Some("42"));
    Ok(())
}

#[test]
fn closing_with_rows_unread_fails_like_the_reference_but_still_returns_the_connection() -> TestResult
{
    let pool = pool("unread", 1)?;
    let mut cnx = pool.get_connection()?;
    let first = cnx.server().connection_id;
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    cursor.execute(&mut cnx, "SELECT 1 UNION SELECT 2", &[])?;
    let err = cnx.close().err();
    assert_eq!(
        err.map(|e| e.python_line()).as_deref(),
        Some("mysql.connector.errors.OperationalError: MySQL Connection not available.")
    );
    assert_eq!(stats(&pool), (1, 0, 1));
    let mut again = pool.get_connection()?;
    assert_ne!(again.server().connection_id, first);
    assert_eq!(scalar(&mut again, "SELECT 7")?.as_deref(), Some("7"));
    Ok(())
}

#[test]
fn a_connection_killed_while_in_the_pool_is_reconnected_before_it_is_handed_out() -> TestResult {
    let pool = pool("killed", 1)?;
    let id = pool.get_connection()?.server().connection_id;
    MariaDb::shared().root_sql(&format!("KILL {id}"));
    let mut cnx = pool.get_connection()?;
    assert_ne!(cnx.server().connection_id, id);
    assert_eq!(scalar(&mut cnx, "SELECT 1")?.as_deref(), Some("1"));
    Ok(())
}

#[test]
fn threads_borrowing_at_once_get_exactly_size_connections() -> TestResult {
    let pool = pool("threads", 4)?;
    let threads = 6;
    let all_tried = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let pool = pool.clone();
            let all_tried = Arc::clone(&all_tried);
            std::thread::spawn(move || {
                let got = pool.get_connection();
                // Hold what was borrowed until every thread has tried.
                all_tried.wait();
                got.map(|mut cnx| scalar(&mut cnx, "SELECT CONNECTION_ID()"))
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    let mut ids = Vec::new();
    let mut refused = Vec::new();
    for handle in handles {
        match handle.join() {
            Ok(Ok(id)) => ids.push(id?),
            Ok(Err(message)) => refused.push(message),
            Err(_) => return Err("a borrowing thread panicked".into()),
        }
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4, "four distinct sessions: {ids:?}");
    assert_eq!(
        refused,
        vec!["Failed getting connection; pool exhausted"; 2],
        "two refusals"
    );
    assert_eq!(stats(&pool), (4, 0, 4));
    Ok(())
}

#[test]
fn the_python_that_makes_the_pool_names_it_and_its_size() -> TestResult {
    let pool = pool("mypool", 1)?;
    assert_eq!(
        pool.python_call("connector.cnf"),
        "pooling.MySQLConnectionPool(pool_name='mypool', pool_size=1, option_files='connector.cnf')"
    );
    Ok(())
}

/// The reference caches `sql_mode` when a parametric statement first reads it, and its
/// session reset sets the cached mode again — even over a later `SET sql_mode`.
#[test]
fn a_reset_session_gets_back_the_sql_mode_the_connection_cached() -> TestResult {
    let pool = pool("sqlmode", 1)?;
    let mut cnx = pool.get_connection()?;
    cnx.query_text("SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'")?;
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    cursor.execute(
        &mut cnx,
        "SELECT %s",
        &[rowwise::pyrepr::PyValue::Str("a'b".into())],
    )?;
    assert_eq!(
        cursor.statement(),
        rowwise::pyrepr::PyValue::Str("SELECT 'a''b'".into())
    );
    cursor.fetchall(&mut cnx)?;
    drop(cnx);
    let mut cnx = pool.get_connection()?;
    assert_eq!(
        scalar(&mut cnx, "SELECT @@session.sql_mode")?.as_deref(),
        Some("NO_BACKSLASH_ESCAPES")
    );
    cnx.query_text("SET SESSION sql_mode = 'ANSI_QUOTES'")?;
    drop(cnx);
    let mut cnx = pool.get_connection()?;
    assert_eq!(
        scalar(&mut cnx, "SELECT @@session.sql_mode")?.as_deref(),
        Some("NO_BACKSLASH_ESCAPES")
    );
    Ok(())
}
