//! F10 with autocommit off: the status bar says the transaction is open since the statement
//! that opened it, not since the run's last statement (a new user saw "in transaction since
//! SELECT 3" after `SELECT 1; INSERT …; SELECT 3`).

mod common;

use std::sync::mpsc::channel;
use std::time::Duration;

use common::MariaDb;
use rowwise::db::MySqlDatabase;
use rowwise::tui::event::AppEvent;
use rowwise::tui::transaction::TransactionView;
use rowwise::tui::worker::{self, DbReply, DbRequest};

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[test]
fn after_run_all_the_transaction_is_open_since_the_statement_that_opened_it() -> TestResult {
    let server = MariaDb::shared();
    server.root_sql(
        "DROP DATABASE IF EXISTS run_all_tx; CREATE DATABASE run_all_tx; \
         CREATE TABLE run_all_tx.t (id INT PRIMARY KEY)",
    );
    let db = MySqlDatabase::connect(&server.tcp_options(Some("run_all_tx")), false)?;
    let (tx, replies) = channel();
    let requests = worker::spawn(Box::new(db), tx, false)?;
    let statements = ["SELECT 1 AS a", "INSERT INTO t VALUES (4)", "SELECT 3 AS c"];
    requests.send(DbRequest::RunAll {
        id: 3,
        statements: statements.iter().map(|s| (*s).to_owned()).collect(),
    })?;
    let done = loop {
        match replies.recv_timeout(Duration::from_secs(20)) {
            Ok(AppEvent::Db(DbReply::Done(done))) if done.id == 3 => break done,
            Ok(_) => {}
            Err(e) => panic!("the run got no reply: {e}"),
        }
    };
    assert_eq!(done.in_transaction, Some(true), "{:?}", done.summary);
    assert_eq!(done.opened_by.as_deref(), Some("INSERT INTO t VALUES (4)"));
    let mut view = TransactionView::default();
    view.after(&done);
    assert_eq!(view.since(), Some("INSERT INTO t VALUES (4)"));
    Ok(())
}
