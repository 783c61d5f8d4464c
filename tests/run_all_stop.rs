//! Issue 13, case 2: Ctrl-C during F10 (several statements, one after another) stops the
//! run before the next statement even when it lands between two statements. Its own test
//! binary: the stop flag is one per process, and the loop tests would share it.

mod common;

use std::sync::mpsc::channel;
use std::thread;
use std::time::Duration;

use common::MariaDb;
use rowwise::db::MySqlDatabase;
use rowwise::db::api::interrupt_loop;
use rowwise::tui::event::AppEvent;
use rowwise::tui::worker::{self, DbReply, DbRequest};

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[test]
fn a_stop_between_statements_ends_the_run_before_the_next_one() -> TestResult {
    let server = MariaDb::shared();
    server.root_sql(
        "DROP DATABASE IF EXISTS run_all_stop; CREATE DATABASE run_all_stop; \
         CREATE TABLE run_all_stop.t (id INT PRIMARY KEY)",
    );
    let db = MySqlDatabase::connect(&server.tcp_options(Some("run_all_stop")), false)?;
    let (tx, replies) = channel();
    let requests = worker::spawn(Box::new(db), tx, false)?;
    // DDL commits by itself: what ran is seen from another connection.
    let statements = [
        "CREATE TABLE first (x INT)",
        "DO SLEEP(2)",
        "CREATE TABLE third (x INT)",
        "CREATE TABLE fourth (x INT)",
    ];
    requests.send(DbRequest::RunAll {
        id: 7,
        statements: statements.iter().map(|s| (*s).to_owned()).collect(),
    })?;
    // The stop is asked while DO SLEEP(2) runs and is not cancelled (no KILL QUERY): the
    // worker sees it only between statements 2 and 3.
    thread::sleep(Duration::from_millis(700));
    interrupt_loop();
    let done = loop {
        match replies.recv_timeout(Duration::from_secs(20)) {
            Ok(AppEvent::Db(DbReply::Done(done))) if done.id == 7 => break done,
            Ok(_) => {}
            Err(e) => panic!("the run got no reply: {e}"),
        }
    };
    assert_eq!(
        done.summary.as_deref(),
        Some("Stopped at statement 3 of 4: cancelled; 2 ran before it, the rest were not run.")
    );
    let codes: Vec<String> = done.entries().into_iter().map(|e| e.code).collect();
    assert_eq!(
        codes,
        [
            "cursor = cnx.cursor()",
            "cursor.execute('CREATE TABLE first (x INT)')",
            "cursor.execute('DO SLEEP(2)')",
        ],
        "the transcript shows what ran, and only that"
    );
    let tables = server.root_value(
        "SELECT GROUP_CONCAT(table_name ORDER BY table_name) FROM information_schema.tables \
         WHERE table_schema = 'run_all_stop'",
    );
    assert_eq!(
        tables, "first,t",
        "statements 3 and 4 did not run on the server"
    );
    Ok(())
}
