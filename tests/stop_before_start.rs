//! Issue 13 leftover: a Ctrl-C that lands after F10 or Alt-L was asked for but before the
//! worker started it stops that run. Its own test binary: the loops' stop flag is one per
//! process, so the two tests here take turns.

mod common;

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use common::MariaDb;
use rowwise::db::MySqlDatabase;
use rowwise::db::api::{Command, LOOP_CODE};
use rowwise::tui::event::AppEvent;
use rowwise::tui::worker::{self, DbReply, DbRequest, StepDone, Stops};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The stop flag is per process: one test at a time.
static SERIAL: Mutex<()> = Mutex::new(());

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
    let db = MySqlDatabase::connect(&server.tcp_options(Some("stop_early")), false)?;
    let (tx, replies) = channel();
    let stops = Stops::default();
    let requests = worker::spawn_with_stops(Box::new(db), tx, false, stops.clone())?;
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
    let db = MySqlDatabase::connect(&server.tcp_options(Some("stop_early_loop")), false)?;
    let (tx, replies) = channel();
    let stops = Stops::default();
    let requests = worker::spawn_with_stops(Box::new(db), tx, false, stops.clone())?;
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
