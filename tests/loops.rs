//! The engine's loops through the library API, against the private server: `Cursor::iter`
//! (`for row in cursor`), a settable `arraysize`, and `Cursor::executemany`. The values
//! asserted here are the ones mysql-connector-python 8.4.0 gives for the same calls (the
//! script corpus, tests/scripts/157-214, checks the same behaviour byte for byte).

mod common;

use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use common::MariaDb;
use rowwise::db::api::{Command, LOOP_CODE, Outcome};
use rowwise::db::{Connection, CursorOptions, DbError, ExceptionClass, MySqlDatabase};
use rowwise::pyrepr::PyValue;
use rowwise::tui::event::AppEvent;
use rowwise::tui::worker::{self, DbReply, DbRequest, StepDone};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A connection to a fresh database `name` holding `t (id INT PRIMARY KEY, name ...)` with
/// rows 1, 2, 3.
fn fresh(name: &str) -> Result<Connection, DbError> {
    let server = MariaDb::shared();
    server.root_sql(&format!(
        "DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name}; \
         CREATE TABLE {name}.t (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL); \
         INSERT INTO {name}.t VALUES (1, 'a'), (2, 'b'), (3, 'c')"
    ));
    Connection::connect(&server.tcp_options(Some(name)), false)
}

fn row(id: i128, name: &str) -> PyValue {
    PyValue::Tuple(vec![PyValue::Int(id), PyValue::Str(name.into())])
}

fn tuple(values: &[(i128, &str)]) -> Vec<Vec<PyValue>> {
    values
        .iter()
        .map(|(id, name)| vec![PyValue::Int(*id), PyValue::Str((*name).into())])
        .collect()
}

#[test]
fn iteration_goes_on_from_where_fetches_left_the_cursor_on_every_kind() -> TestResult {
    let mut cnx = fresh("loops_iter")?;
    for options in [
        CursorOptions::default(),
        CursorOptions {
            buffered: true,
            ..CursorOptions::default()
        },
        CursorOptions {
            prepared: true,
            ..CursorOptions::default()
        },
    ] {
        let mut cursor = cnx.cursor(options)?;
        cursor.execute(&mut cnx, "SELECT id, name FROM t ORDER BY id", &[])?;
        assert_eq!(cursor.fetchone(&mut cnx)?, Some(row(1, "a")));
        let rest: Vec<PyValue> = cursor.iter(&mut cnx).collect::<Result<_, _>>()?;
        assert_eq!(rest, vec![row(2, "b"), row(3, "c")], "{options:?}");
        assert_eq!(cursor.iter(&mut cnx).count(), 0, "{options:?}");
        assert_eq!(cursor.rowcount(), 3, "{options:?}");
    }
    // The loop reads an unread result to its end, so the connection is free again.
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    cursor.execute(&mut cnx, "SELECT id FROM t", &[])?;
    assert!(cnx.unread_result());
    assert_eq!(cursor.iter(&mut cnx).count(), 3);
    assert!(!cnx.unread_result());
    Ok(())
}

#[test]
fn a_loop_yields_the_error_fetchone_raises_and_then_stops() -> TestResult {
    let mut cnx = fresh("loops_iter_err")?;
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    let items: Vec<_> = cursor.iter(&mut cnx).collect();
    assert_eq!(items.len(), 1);
    let err = items
        .into_iter()
        .next()
        .and_then(Result::err)
        .ok_or("an error")?;
    assert_eq!(err.class, ExceptionClass::InterfaceError);
    assert_eq!(err.msg, "No result set to fetch from");

    let mut cursor = cnx.cursor(CursorOptions {
        named_tuple: true,
        ..CursorOptions::default()
    })?;
    cursor.execute(&mut cnx, "SELECT 1, 2", &[])?;
    let items: Vec<_> = cursor.iter(&mut cnx).collect();
    assert_eq!(items.len(), 1);
    assert!(
        matches!(&items[0], Err(e) if e.class == ExceptionClass::ValueError),
        "{items:?}"
    );
    Ok(())
}

#[test]
fn arraysize_takes_any_int_and_fetchmany_follows_it() -> TestResult {
    let mut cnx = fresh("loops_arraysize")?;
    let mut cursor = cnx.cursor(CursorOptions {
        buffered: true,
        ..CursorOptions::default()
    })?;
    cursor.execute(&mut cnx, "SELECT id, name FROM t ORDER BY id", &[])?;
    cursor.arraysize = 2;
    assert_eq!(
        cursor.fetchmany(&mut cnx, None)?,
        vec![row(1, "a"), row(2, "b")]
    );
    cursor.arraysize = 0;
    assert_eq!(cursor.fetchmany(&mut cnx, None)?, vec![]);
    cursor.arraysize = -5;
    assert_eq!(cursor.fetchmany(&mut cnx, Some(0))?, vec![]);
    assert_eq!(cursor.fetchmany(&mut cnx, Some(5))?, vec![row(3, "c")]);
    // A huge size on a buffered cursor ends at the last row instead of spinning.
    cursor.execute(&mut cnx, "SELECT id, name FROM t ORDER BY id", &[])?;
    cursor.arraysize = i64::MAX;
    assert_eq!(cursor.fetchmany(&mut cnx, None)?.len(), 3);
    Ok(())
}

#[test]
fn executemany_batches_an_insert_into_one_statement() -> TestResult {
    let mut cnx = fresh("loops_many_insert")?;
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    cursor.executemany(
        &mut cnx,
        "INSERT INTO t (id, name) VALUES (%s, %s) ON DUPLICATE KEY UPDATE name = VALUES(name)",
        &tuple(&[(4, "d"), (1, "A")]),
    )?;
    // One new row (1) and one changed (2).
    assert_eq!(cursor.rowcount(), 3);
    assert_eq!(
        cursor.statement(),
        PyValue::Str(
            "INSERT INTO t (id, name) VALUES (4, 'd'),(1, 'A') ON DUPLICATE KEY UPDATE name = VALUES(name)"
                .into()
        )
    );
    // A duplicate in the third tuple fails the whole INSERT.
    let err = cursor
        .executemany(
            &mut cnx,
            "INSERT INTO t (id, name) VALUES (%s, %s)",
            &tuple(&[(5, "e"), (6, "f"), (2, "dup")]),
        )
        .err()
        .ok_or("a duplicate key")?;
    assert_eq!(err.class, ExceptionClass::IntegrityError);
    assert_eq!(cursor.rowcount(), -1);
    cursor.execute(&mut cnx, "SELECT COUNT(*) FROM t", &[])?;
    assert_eq!(
        cursor.fetchall(&mut cnx)?,
        vec![PyValue::Tuple(vec![PyValue::Int(4)])]
    );
    Ok(())
}

#[test]
fn executemany_loops_other_statements_and_sums_their_rowcounts() -> TestResult {
    let mut cnx = fresh("loops_many_update")?;
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    cursor.executemany(
        &mut cnx,
        "UPDATE t SET name = %s WHERE id = %s",
        &[
            vec![PyValue::Str("x".into()), PyValue::Int(1)],
            vec![PyValue::Str("y".into()), PyValue::Int(99)],
            vec![PyValue::Str("z".into()), PyValue::Int(3)],
        ],
    )?;
    assert_eq!(cursor.rowcount(), 2);
    assert_eq!(
        cursor.statement(),
        PyValue::Str("UPDATE t SET name = 'z' WHERE id = 3".into())
    );
    // An empty list changes nothing, not even rowcount.
    cursor.executemany(&mut cnx, "DELETE FROM t WHERE id = %s", &[])?;
    assert_eq!(cursor.rowcount(), 2);
    // A SELECT's rows are read and dropped; rowcount sums them.
    cursor.executemany(
        &mut cnx,
        "SELECT id FROM t WHERE id >= %s",
        &[vec![PyValue::Int(1)], vec![PyValue::Int(3)]],
    )?;
    assert_eq!(cursor.rowcount(), 4);
    assert!(!cnx.unread_result());
    // A prepared cursor loops even for an INSERT, and an empty list sets rowcount 0.
    let mut prepared = cnx.cursor(CursorOptions {
        prepared: true,
        ..CursorOptions::default()
    })?;
    prepared.executemany(
        &mut cnx,
        "INSERT INTO t (id, name) VALUES (%s, %s)",
        &tuple(&[(7, "g"), (8, "h")]),
    )?;
    assert_eq!(prepared.rowcount(), 2);
    assert_eq!(
        prepared.statement(),
        PyValue::Str("INSERT INTO t (id, name) VALUES (%s, %s)".into())
    );
    prepared.executemany(&mut cnx, "DELETE FROM t WHERE id = %s", &[])?;
    assert_eq!(prepared.rowcount(), 0);
    Ok(())
}

#[test]
fn executemany_refuses_what_the_reference_refuses() -> TestResult {
    let mut cnx = fresh("loops_many_refused")?;
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    let err = cursor
        .executemany(
            &mut cnx,
            "INSERT INTO t (id, name) VALUES (%s, %s)",
            &[vec![PyValue::Int(9)]],
        )
        .err()
        .ok_or("too few parameters")?;
    assert_eq!(
        (err.class, err.msg.as_str()),
        (
            ExceptionClass::ProgrammingError,
            "Not enough parameters for the SQL statement"
        )
    );
    cursor.execute(&mut cnx, "SELECT id FROM t", &[])?;
    let err = cursor
        .executemany(
            &mut cnx,
            "DELETE FROM t WHERE id = %s",
            &[vec![PyValue::Int(1)]],
        )
        .err()
        .ok_or("unread result")?;
    assert_eq!(err.msg, "Unread result found");
    cursor.fetchall(&mut cnx)?;
    cursor.close(&mut cnx)?;
    let err = cursor
        .executemany(
            &mut cnx,
            "DELETE FROM t WHERE id = %s",
            &[vec![PyValue::Int(1)]],
        )
        .err()
        .ok_or("closed cursor")?;
    assert_eq!(
        (err.class, err.msg.as_str()),
        (
            ExceptionClass::AttributeError,
            "'NoneType' object has no attribute 'handle_unread_result'"
        )
    );
    Ok(())
}

/// Sends one request to the TUI's worker and waits for its end; returns it and the rows
/// it streamed.
fn request(
    requests: &std::sync::mpsc::Sender<DbRequest>,
    replies: &Receiver<AppEvent>,
    request: DbRequest,
) -> (StepDone, usize) {
    let id = match &request {
        DbRequest::Run { id, .. } | DbRequest::RunMany { id, .. } | DbRequest::Step { id, .. } => {
            *id
        }
        other => panic!("unexpected request {other:?}"),
    };
    requests
        .send(request)
        .unwrap_or_else(|e| panic!("the worker stopped: {e}"));
    let mut rows = 0;
    loop {
        match replies.recv_timeout(Duration::from_secs(10)) {
            Ok(AppEvent::Db(DbReply::Done(done))) if done.id == id => {
                let streamed = rows + done.batch.len();
                return (*done, streamed);
            }
            Ok(AppEvent::Db(DbReply::Rows { id: got, batch })) if got == id => rows += batch.len(),
            Ok(_) => {}
            Err(e) => panic!("request {id} got no reply: {e}"),
        }
    }
}

fn codes(done: &StepDone) -> Vec<String> {
    done.entries().into_iter().map(|e| e.code).collect()
}

/// What the TUI's F7 and F4 do: F7 sets the cursor's arraysize once and fetches
/// `fetchmany()`; F4 runs the loop and hands its rows to the grid.
#[test]
fn the_tui_worker_sets_arraysize_once_and_runs_the_loop() -> TestResult {
    fresh("loops_worker")?;
    let server = MariaDb::shared();
    let db = MySqlDatabase::connect(&server.tcp_options(Some("loops_worker")), false)?;
    let (tx, replies) = channel();
    let requests = worker::spawn(Box::new(db), tx, false)?;
    let sql = "SELECT id, name FROM t ORDER BY id".to_owned();
    let run = |id| DbRequest::Run {
        id,
        sql: sql.clone(),
        prefetch: None,
    };
    request(&requests, &replies, run(1));
    let step = |id, command| DbRequest::Step { id, command };
    let (done, rows) = request(&requests, &replies, step(2, Command::FetchMany(Some(2))));
    assert_eq!(codes(&done), ["cursor.arraysize = 2", "cursor.fetchmany()"]);
    assert_eq!(rows, 2);
    let (done, rows) = request(&requests, &replies, step(3, Command::FetchMany(Some(2))));
    assert_eq!(codes(&done), ["cursor.fetchmany()"]);
    assert_eq!(rows, 1);

    request(&requests, &replies, run(4));
    request(&requests, &replies, step(5, Command::FetchOne));
    let (done, rows) = request(&requests, &replies, step(6, Command::Iterate));
    assert_eq!(codes(&done), [LOOP_CODE]);
    assert_eq!(
        done.entries()[0].outcome,
        Outcome::Printed("(2, 'b')\n(3, 'c')".into())
    );
    assert_eq!(rows, 2);
    Ok(())
}

/// The parameters prompt's list of tuples: the worker runs `cursor.executemany(...)` (one
/// multi-row INSERT, as 8.4.0 makes it), the rows land, and the cursor's rowcount says 2.
#[test]
fn the_tui_worker_runs_executemany_for_a_list_of_tuples() -> TestResult {
    let mut check = fresh("loops_worker_many")?;
    let server = MariaDb::shared();
    let db = MySqlDatabase::connect(&server.tcp_options(Some("loops_worker_many")), true)?;
    let (tx, replies) = channel();
    let requests = worker::spawn(Box::new(db), tx, false)?;
    let sql = "INSERT INTO t (id, name) VALUES (%s, %s)".to_owned();
    let (done, _) = request(
        &requests,
        &replies,
        DbRequest::RunMany {
            id: 1,
            sql,
            list: tuple(&[(4, "d"), (5, "e")]),
            prefetch: Some(10),
        },
    );
    assert_eq!(
        codes(&done),
        [
            "cursor = cnx.cursor()",
            "cursor.executemany('INSERT INTO t (id, name) VALUES (%s, %s)', [(4, 'd'), (5, 'e')])"
        ]
    );
    assert!(
        done.steps.iter().all(rowwise::db::api::Step::ok),
        "{:?}",
        done.steps
    );
    assert_eq!(done.status.as_ref().map(|s| s.rowcount), Some(2));
    let mut cursor = check.cursor(CursorOptions::default())?;
    cursor.execute(&mut check, "SELECT COUNT(*) FROM t", &[])?;
    assert_eq!(
        cursor.fetchone(&mut check)?,
        Some(PyValue::Tuple(vec![PyValue::Int(5)]))
    );
    Ok(())
}
