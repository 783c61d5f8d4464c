//! Issue 13 leftover: a Ctrl-C that lands after a request was asked for but before the
//! worker started it stops that request: F10's run, Alt-L's loop, and F5/F4's statement,
//! which then never reaches the server. A Ctrl-C that lands after the worker's look and
//! before a loop's first row stops the loop before that row. Its own test binary: the
//! loops' stop flag is one per process, so the tests here take turns.

mod common;

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use common::MariaDb;
use rowwise::db::api::{Command, Entry, KEYBOARD_INTERRUPT, LOOP_CODE, Outcome};
use rowwise::db::{
    Canceller, Columns, CursorStatus, Database, DatabaseInfo, DbError, Demo, MySqlDatabase,
    Queries, QueryStart, RawRow, Stepping,
};
use rowwise::pyrepr::PyValue;
use rowwise::tui::event::AppEvent;
use rowwise::tui::worker::{self, DbReply, DbRequest, StepDone, Stops};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The stop flag is per process: one test at a time.
static SERIAL: Mutex<()> = Mutex::new(());

/// A worker on a new connection to `database`, with the stops Ctrl-C would set.
type Worker = (
    std::sync::mpsc::Sender<DbRequest>,
    Receiver<AppEvent>,
    Stops,
);

fn worker_on(
    server: &MariaDb,
    database: &str,
    autocommit: bool,
) -> Result<Worker, Box<dyn std::error::Error>> {
    let db = MySqlDatabase::connect(&server.tcp_options(Some(database)), autocommit)?;
    let (tx, replies) = channel();
    let stops = Stops::default();
    let requests = worker::spawn_with_stops(Box::new(db), tx, autocommit, stops.clone())?;
    Ok((requests, replies, stops))
}

fn done(replies: &Receiver<AppEvent>, id: u64) -> Box<StepDone> {
    loop {
        match replies.recv_timeout(Duration::from_secs(20)) {
            Ok(AppEvent::Db(DbReply::Done(done))) if done.id == id => return done,
            Ok(_) => {}
            Err(e) => panic!("request {id} got no reply: {e}"),
        }
    }
}

/// F10 is asked for while the worker is still busy with the statement before it; Ctrl-C
/// comes before the run starts. Not one of its statements runs.
#[test]
fn a_stop_before_run_all_starts_runs_none_of_its_statements() -> TestResult {
    let _turn = SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let server = MariaDb::shared();
    server.root_sql("DROP DATABASE IF EXISTS stop_early; CREATE DATABASE stop_early");
    let (requests, replies, stops) = worker_on(server, "stop_early", false)?;
    requests.send(DbRequest::Run {
        id: 1,
        sql: "DO SLEEP(1)".to_owned(),
        prefetch: None,
    })?;
    requests.send(DbRequest::RunAll {
        id: 2,
        statements: vec![
            "CREATE TABLE first (x INT)".to_owned(),
            "CREATE TABLE second (x INT)".to_owned(),
        ],
    })?;
    // What the full screen does on Ctrl-C during F10 (the KILL QUERY aside).
    stops.stop(2);
    done(&replies, 1);
    let run = done(&replies, 2);
    assert_eq!(
        run.summary.as_deref(),
        Some("Stopped at statement 1 of 2: cancelled; 0 ran before it, the rest were not run.")
    );
    assert_eq!(
        server.root_value(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'stop_early'"
        ),
        "0",
        "no statement of the run reached the server"
    );
    // The stop was for request 2 only: the next run goes through.
    requests.send(DbRequest::RunAll {
        id: 3,
        statements: vec!["CREATE TABLE third (x INT)".to_owned()],
    })?;
    let next = done(&replies, 3);
    assert_eq!(
        next.summary.as_deref(),
        Some("Ran all 1 statement(s), one after another.")
    );
    Ok(())
}

/// Alt-L is asked for while the worker still reads the first row of the statement before
/// it; Ctrl-C comes before the loop starts. The loop does not run: its rows stay unread.
#[test]
fn a_stop_before_the_loop_starts_keeps_it_from_running() -> TestResult {
    let _turn = SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS stop_early_loop");
    let (requests, replies, stops) = worker_on(server, "stop_early_loop", false)?;
    // The first row comes after a second; four more wait behind it.
    requests.send(DbRequest::Run {
        id: 1,
        sql: "SELECT SLEEP(1) AS n UNION ALL SELECT seq FROM seq_1_to_4".to_owned(),
        prefetch: Some(1),
    })?;
    requests.send(DbRequest::Step {
        id: 2,
        command: Command::Iterate,
    })?;
    stops.stop(2);
    done(&replies, 1);
    let looped = done(&replies, 2);
    let codes: Vec<String> = looped.entries().into_iter().map(|e| e.code).collect();
    assert!(
        !codes.iter().any(|c| c == LOOP_CODE),
        "the loop ran: {codes:?}"
    );
    assert!(
        looped.notes.iter().any(|n| n.contains("cancelled")),
        "{:?}",
        looped.notes
    );
    assert_eq!(looped.fetched, None, "no row was read");
    // The rows are still there for the next fetch.
    requests.send(DbRequest::Step {
        id: 3,
        command: Command::FetchAll,
    })?;
    let rest = done(&replies, 3);
    assert_eq!(rest.fetched, Some((None, 4)));
    Ok(())
}

/// F4 (`execute` only) and F5 (`execute` with parameters, then a fetch) are asked for while
/// the worker is still busy; Ctrl-C comes for each before the worker starts it. Neither
/// INSERT reaches the server, each reply says it did not run and has no step (the Python
/// panel shows no call), and the stop does not touch the request after it.
#[test]
fn a_stop_before_a_statement_starts_keeps_it_from_the_server() -> TestResult {
    let _turn = SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let server = MariaDb::shared();
    server.root_sql(
        "DROP DATABASE IF EXISTS stop_early_run; CREATE DATABASE stop_early_run; \
         CREATE TABLE stop_early_run.t (x INT)",
    );
    let (requests, replies, stops) = worker_on(server, "stop_early_run", true)?;
    let sleep = |id| DbRequest::Run {
        id,
        sql: "DO SLEEP(1)".to_owned(),
        prefetch: None,
    };
    requests.send(sleep(1))?;
    requests.send(DbRequest::Run {
        id: 2,
        sql: "INSERT INTO t VALUES (2)".to_owned(),
        prefetch: None,
    })?;
    // What the full screen does on Ctrl-C during F4 (the KILL QUERY aside, which finds
    // only the SLEEP of request 1 or nothing).
    stops.stop(2);
    requests.send(DbRequest::Run {
        id: 3,
        sql: "INSERT INTO t VALUES (3)".to_owned(),
        prefetch: None,
    })?;
    done(&replies, 1);
    let stopped = done(&replies, 2);
    let ran = done(&replies, 3);
    requests.send(sleep(4))?;
    requests.send(DbRequest::RunWithParams {
        id: 5,
        sql: "INSERT INTO t VALUES (%s)".to_owned(),
        params: vec![PyValue::Int(5)],
        prefetch: Some(20),
    })?;
    stops.stop(5);
    done(&replies, 4);
    let with_params = done(&replies, 5);
    for not_run in [&stopped, &with_params] {
        assert!(not_run.cancelled_before_start, "request {}", not_run.id);
        assert!(
            not_run.steps.is_empty(),
            "no call to show: {:?}",
            not_run.steps
        );
        assert!(
            not_run
                .notes
                .iter()
                .any(|n| n.starts_with("Not run: cancelled")),
            "{:?}",
            not_run.notes
        );
    }
    assert!(!ran.cancelled_before_start, "a stop for 2 is not one for 3");
    assert!(ran.steps.iter().all(rowwise::db::api::Step::ok) && !ran.steps.is_empty());
    assert_eq!(
        server.root_value("SELECT GROUP_CONCAT(x ORDER BY x) FROM stop_early_run.t"),
        "3",
        "only the INSERT that was not stopped reached the server"
    );
    Ok(())
}

/// Ctrl-C for Alt-L lands after the worker looked at the request's stop (it was not
/// there yet) and before the loop's first row. The loop stops before that row: it prints
/// only `KeyboardInterrupt`, and every row is still in the cursor.
#[test]
fn a_stop_after_the_workers_look_stops_the_loop_before_its_first_row() -> TestResult {
    let _turn = SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS stop_early_loop");
    let db = MySqlDatabase::connect(&server.tcp_options(Some("stop_early_loop")), false)?;
    let stops = Stops::default();
    let ctrl_c = stops.clone();
    let db = CtrlCAtLoop {
        inner: Box::new(db),
        at_loop: Box::new(move || ctrl_c.stop(2)),
    };
    let (tx, replies) = channel();
    let requests = worker::spawn_with_stops(Box::new(db), tx, false, stops)?;
    requests.send(DbRequest::Run {
        id: 1,
        sql: "SELECT seq FROM seq_1_to_4".to_owned(),
        prefetch: None,
    })?;
    done(&replies, 1);
    requests.send(DbRequest::Step {
        id: 2,
        command: Command::Iterate,
    })?;
    let looped = done(&replies, 2);
    let printed: Vec<Outcome> = looped
        .entries()
        .into_iter()
        .filter(|e| e.code == LOOP_CODE)
        .map(|e| e.outcome)
        .collect();
    assert_eq!(
        printed,
        vec![Outcome::Printed(KEYBOARD_INTERRUPT.to_owned())],
        "stopped before its first row"
    );
    assert_eq!(looped.steps.last().map(|s| s.fetched), Some(0));
    requests.send(DbRequest::Step {
        id: 3,
        command: Command::FetchAll,
    })?;
    let rest = done(&replies, 3);
    assert_eq!(rest.fetched, Some((None, 4)), "every row is still there");
    Ok(())
}

/// A database whose loop, when asked for, first runs `at_loop`: what happens between the
/// worker's look at the request's stop and the loop's first row.
struct CtrlCAtLoop {
    inner: Box<dyn Database>,
    at_loop: Box<dyn FnMut() + Send>,
}

impl Queries for CtrlCAtLoop {
    fn query(&mut self, sql: &str) -> Result<QueryStart, DbError> {
        self.inner.query(sql)
    }
    fn next_row(&mut self) -> Result<Option<RawRow>, DbError> {
        self.inner.next_row()
    }
    fn next_result(&mut self) -> Option<Result<QueryStart, DbError>> {
        self.inner.next_result()
    }
    fn warning_count(&mut self) -> u16 {
        self.inner.warning_count()
    }
    fn warnings(&mut self) -> Result<Vec<(String, u32, String)>, DbError> {
        self.inner.warnings()
    }
}

impl Stepping for CtrlCAtLoop {
    fn step_into(
        &mut self,
        command: Command,
        sink: &mut dyn FnMut(RawRow),
        preview: Option<usize>,
    ) -> Vec<Entry> {
        if command == Command::Iterate {
            (self.at_loop)();
        }
        self.inner.step_into(command, sink, preview)
    }
    fn cursor_status(&self) -> Option<CursorStatus> {
        self.inner.cursor_status()
    }
    fn cursor_columns(&self) -> Option<Columns> {
        self.inner.cursor_columns()
    }
    fn cursor_arraysize(&self) -> Option<i64> {
        self.inner.cursor_arraysize()
    }
}

impl Database for CtrlCAtLoop {
    fn info(&self) -> DatabaseInfo {
        self.inner.info()
    }
    fn canceller(&self) -> Canceller {
        self.inner.canceller()
    }
    fn reconnect(&mut self) -> Result<(), DbError> {
        self.inner.reconnect()
    }
    fn in_transaction(&mut self) -> Result<bool, DbError> {
        self.inner.in_transaction()
    }
    fn is_gone(&self) -> bool {
        self.inner.is_gone()
    }
    fn autocommit(&self) -> Option<bool> {
        self.inner.autocommit()
    }
    fn probe(&mut self) -> bool {
        self.inner.probe()
    }
    fn demo(&mut self) -> Option<&mut dyn Demo> {
        self.inner.demo()
    }
    fn schema(&mut self) -> Result<Vec<(String, String)>, DbError> {
        self.inner.schema()
    }
}
