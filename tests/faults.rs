//! Server faults: the server killed mid-fetch (unbuffered and buffered cursors),
//! mid-statement and mid-transaction, frozen (SIGSTOP) during a query, restarted or
//! closing the connection while rowwise sits idle. Each time the user gets a clear message
//! (the mysql client's errno, what was lost), control comes back in bounded time, and the
//! next statement reconnects.
//!
//! The library-level tests drive the TUI's database worker (the real path the full-screen
//! interface uses, without a terminal) against private servers they kill, freeze and
//! restart; the end-to-end tests run the real binary in tmux.

mod common;

use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use common::MariaDb;
use common::tmux::Tmux;
use rowwise::db::api::{Command, Outcome};
use rowwise::db::{
    CANCEL_TIMEOUT, Cancelled, Canceller, Connection, CursorOptions, Database, MySqlDatabase,
    Queries,
};
use rowwise::tui::event::AppEvent;
use rowwise::tui::worker::{self, DbReply, DbRequest, StepDone};

/// Longest any single reply may take in these tests: faults must not make anything hang.
const REPLY: Duration = Duration::from_secs(10);

/// The TUI's database worker, driven by hand.
struct Worker {
    requests: Sender<DbRequest>,
    replies: Receiver<AppEvent>,
    canceller: Canceller,
    next_id: u64,
}

impl Worker {
    /// Connects as the TUI does (autocommit off) with a short connect timeout.
    fn start(server: &MariaDb, database: &str) -> Worker {
        let mut options = server.tcp_options(Some(database));
        options.connect_timeout = Duration::from_secs(2);
        let db = MySqlDatabase::connect(&options, false)
            .unwrap_or_else(|e| panic!("connect: {}", e.mysql_client_line()));
        let (tx, replies) = channel();
        let requests =
            worker::spawn(Box::new(db), tx, false).unwrap_or_else(|e| panic!("spawn: {e}"));
        let canceller = match replies.recv_timeout(REPLY) {
            Ok(AppEvent::Db(DbReply::Connected { canceller, .. })) => canceller,
            other => panic!("expected Connected, got {other:?}"),
        };
        Worker {
            requests,
            replies,
            canceller,
            next_id: 1,
        }
    }

    fn send(&mut self, request: impl FnOnce(u64) -> DbRequest) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.requests
            .send(request(id))
            .unwrap_or_else(|e| panic!("the worker stopped: {e}"));
        id
    }

    /// Waits for the end of request `id`, counting the rows it streamed.
    fn wait(&mut self, id: u64, within: Duration) -> (StepDone, usize) {
        let deadline = Instant::now() + within;
        let mut rows = 0;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.replies.recv_timeout(left) {
                Ok(AppEvent::Db(DbReply::Done(done))) if done.id == id => {
                    rows += done.batch.len();
                    if let Some((info, canceller)) = &done.reconnected {
                        assert!(info.connection_id.is_some());
                        self.canceller = canceller.clone();
                    }
                    return (*done, rows);
                }
                Ok(AppEvent::Db(DbReply::Rows { id: got, batch })) if got == id => {
                    rows += batch.len();
                }
                Ok(_) => {}
                Err(e) => panic!("request {id} got no reply within {within:?}: {e}"),
            }
        }
    }

    /// Runs a statement as F5 does (with a screenful fetched) and waits for it.
    fn run(&mut self, sql: &str) -> (StepDone, usize) {
        let sql = sql.to_owned();
        let id = self.send(|id| DbRequest::Run {
            id,
            sql,
            prefetch: Some(20),
        });
        self.wait(id, REPLY)
    }

    fn step(&mut self, command: Command) -> (StepDone, usize) {
        let id = self.send(|id| DbRequest::Step { id, command });
        self.wait(id, REPLY)
    }
}

/// The errors of a request's transcript entries, as the mysql client prints them.
fn errors(done: &StepDone) -> Vec<String> {
    done.entries()
        .iter()
        .filter_map(|e| match &e.outcome {
            Outcome::Error(err) => Some(err.mysql_client_line()),
            _ => None,
        })
        .collect()
}

/// Everything the user is told about a request: notes, errors, and what was lost.
fn told(done: &StepDone) -> String {
    let mut all = done.notes.clone();
    all.extend(errors(done));
    all.extend(done.lost.iter().cloned());
    all.join("\n")
}

fn assert_clean(done: &StepDone) {
    assert!(
        errors(done).is_empty(),
        "unexpected errors:\n{}",
        told(done)
    );
}

/// A result far bigger than the socket buffers: rows are still on the server when the
/// first ones arrive (the sequence engine makes it without a table).
const BIG: &str = "SELECT seq, REPEAT('x', 200) AS pad FROM seq_1_to_2000000";

#[test]
fn a_server_killed_mid_fetch_fails_the_unbuffered_fetch_and_buffered_rows_stay_readable() {
    let mut server = MariaDb::start();
    let mut w = Worker::start(&server, "test");

    // Unbuffered: the rows come off the socket as they are fetched.
    let (done, rows) = w.run(BIG);
    assert_clean(&done);
    assert_eq!(rows, 20, "a screenful was fetched");
    server.kill();
    let started = Instant::now();
    let (done, rows) = w.step(Command::FetchAll);
    let said = told(&done);
    assert!(
        said.contains("ERROR 2013 (HY000): Lost connection to MySQL server during query"),
        "{said}"
    );
    assert!(
        said.contains("The connection to the server was lost; the next statement reconnects."),
        "{said}"
    );
    assert!(
        rows < 2_000_000,
        "the fetch stopped where the server died ({rows} rows)"
    );
    assert!(started.elapsed() < Duration::from_secs(5));

    // While the server is down, the next statement says it cannot reconnect, quickly.
    let started = Instant::now();
    let (done, _) = w.run("SELECT 1");
    let said = told(&done);
    assert!(said.contains("Reconnecting failed: ERROR 2003"), "{said}");
    assert!(errors(&done).is_empty(), "nothing else ran:\n{said}");
    assert!(started.elapsed() < Duration::from_secs(5), "{said}");

    server.restart();
    let (done, rows) = w.run("SELECT 1 AS one");
    assert_clean(&done);
    assert!(
        told(&done).contains("Reconnected (connection id"),
        "{}",
        told(&done)
    );
    assert_eq!(rows, 1);

    // Buffered: every row is in memory after execute, so fetching survives the server.
    w.step(Command::Cursor(CursorOptions {
        buffered: true,
        ..CursorOptions::default()
    }));
    let (done, _) = w.step(Command::Execute("SELECT seq FROM seq_1_to_1000".to_owned()));
    assert_clean(&done);
    server.kill();
    let (done, rows) = w.step(Command::FetchMany(Some(500)));
    assert_clean(&done);
    assert_eq!(rows, 500, "buffered rows read after the server died");
    // The transaction state comes with the server's replies: nothing is asked, so the
    // fetch neither talks to the server nor finds it gone.
    assert!(
        done.notes.is_empty() && done.lost.is_empty(),
        "{}",
        told(&done)
    );
    // The rest stays readable; nothing reconnects under the cursor.
    let (done, rows) = w.step(Command::FetchAll);
    assert_clean(&done);
    assert_eq!(rows, 500, "the other half");
    assert!(
        done.notes.is_empty() && done.lost.is_empty(),
        "{}",
        told(&done)
    );
    server.restart();
    let (done, rows) = w.run("SELECT 2 AS two");
    assert_clean(&done);
    assert!(
        told(&done).contains("Reconnected (connection id"),
        "{}",
        told(&done)
    );
    assert_eq!(rows, 1);
}

#[test]
fn a_server_killed_mid_statement_or_mid_transaction_says_what_was_lost() {
    let mut server = MariaDb::start();
    server.root_sql("CREATE TABLE test.t (id INT PRIMARY KEY) ENGINE=InnoDB");
    let mut w = Worker::start(&server, "test");

    // Mid-statement: the reply never comes; the error does, at once.
    let id = w.send(|id| DbRequest::Run {
        id,
        sql: "SELECT SLEEP(5)".to_owned(),
        prefetch: Some(20),
    });
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    server.kill();
    let (done, _) = w.wait(id, Duration::from_secs(3));
    assert!(started.elapsed() < Duration::from_secs(3));
    let said = told(&done);
    assert!(said.contains("ERROR 2013 (HY000)"), "{said}");
    assert!(!said.contains("transaction"), "none was open:\n{said}");
    server.restart();

    // Mid-transaction: an uncommitted INSERT, the server dies while rowwise is idle.
    let (done, _) = w.run("INSERT INTO t VALUES (1)");
    let said = told(&done);
    assert!(said.contains("Reconnected (connection id"), "{said}");
    assert_clean(&done);
    assert_eq!(done.uncommitted, 1, "{said}");
    let (done, _) = w.run("INSERT INTO t VALUES (2)");
    assert_eq!(done.uncommitted, 2);
    server.kill();
    server.restart();
    let (done, rows) = w.run("INSERT INTO t VALUES (3)");
    assert_clean(&done);
    let said = told(&done);
    assert!(
        said.contains("ERROR 2006 (HY000): MySQL server has gone away"),
        "{said}"
    );
    assert!(
        said.contains(
            "The open transaction was lost with the connection: 2 uncommitted statement(s) were rolled back: INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)."
        ),
        "{said}"
    );
    assert!(said.contains("Reconnected"), "{said}");
    // The statement that found the loss is not run: with autocommit it would not have
    // joined the transaction it was typed for.
    assert!(
        said.contains("Not run: it found the transaction lost. Autocommit is off as before"),
        "{said}"
    );
    assert!(done.entries().is_empty(), "{said}");
    assert_eq!(rows, 0);
    assert_eq!(server.root_value("SELECT COUNT(*) FROM test.t"), "0");
    assert_eq!(done.uncommitted, 0);
    assert_eq!(
        done.autocommit,
        Some(false),
        "the session's autocommit mode"
    );
    // Run again, it runs on the new session, in a new transaction.
    let (done, _) = w.run("INSERT INTO t VALUES (3)");
    assert_clean(&done);
    assert_eq!(done.uncommitted, 1, "{}", told(&done));
    w.step(Command::Rollback);

    // Lost mid-statement inside a transaction: told at once, not only on reconnect.
    let (done, _) = w.run("INSERT INTO t VALUES (3)");
    assert_eq!(done.uncommitted, 1, "{}", told(&done));
    let id = w.send(|id| DbRequest::Run {
        id,
        sql: "SELECT SLEEP(5)".to_owned(),
        prefetch: Some(20),
    });
    std::thread::sleep(Duration::from_millis(300));
    server.kill();
    let (done, _) = w.wait(id, Duration::from_secs(3));
    let said = told(&done);
    assert!(
        said.contains(
            "The open transaction was lost with the connection: 1 uncommitted statement(s) were rolled back: INSERT INTO t VALUES (3)."
        ),
        "{said}"
    );
    assert_eq!(done.uncommitted, 0);
    server.restart();
    let (done, _) = w.run("SELECT 1");
    let said = told(&done);
    assert_clean(&done);
    assert!(said.contains("Reconnected"), "{said}");
    assert!(
        !said.contains("transaction"),
        "told once, not twice:\n{said}"
    );
    assert_eq!(server.root_value("SELECT COUNT(*) FROM test.t"), "0");
}

#[test]
fn a_frozen_server_gives_control_back_when_the_cancel_cannot_reach_it() {
    let server = MariaDb::start();
    let mut w = Worker::start(&server, "test");
    let id = w.send(|id| DbRequest::Run {
        id,
        sql: "SELECT SLEEP(20)".to_owned(),
        prefetch: Some(20),
    });
    std::thread::sleep(Duration::from_millis(300));
    server.freeze();
    let started = Instant::now();
    let cancelled = w.canceller.cancel();
    let took = started.elapsed();
    assert!(
        matches!(cancelled, Ok(Cancelled::ConnectionCut)),
        "{cancelled:?}"
    );
    assert!(
        took < CANCEL_TIMEOUT + Duration::from_secs(2),
        "the cancel took {took:?}"
    );
    let (done, _) = w.wait(id, Duration::from_secs(2));
    let said = told(&done);
    assert!(said.contains("ERROR 2013 (HY000)"), "{said}");
    assert!(said.contains("the next statement reconnects"), "{said}");

    // Reconnecting to a server that is still frozen fails within the connect timeout.
    let started = Instant::now();
    let (done, _) = w.run("SELECT 1");
    let said = told(&done);
    assert!(said.contains("Reconnecting failed: ERROR 2013"), "{said}");
    assert!(said.contains("no answer within"), "{said}");
    assert!(started.elapsed() < Duration::from_secs(5), "{said}");

    server.thaw();
    let (done, rows) = w.run("SELECT 1");
    assert_clean(&done);
    assert!(told(&done).contains("Reconnected"), "{}", told(&done));
    assert_eq!(rows, 1);
}

#[test]
fn a_cancel_that_reaches_the_server_keeps_the_session() {
    let server = MariaDb::shared();
    let mut w = Worker::start(server, "test");
    let id = w.send(|id| DbRequest::Run {
        id,
        sql: "SELECT SLEEP(20)".to_owned(),
        prefetch: Some(20),
    });
    std::thread::sleep(Duration::from_millis(300));
    let cancelled = w.canceller.cancel();
    assert!(matches!(cancelled, Ok(Cancelled::Sent)), "{cancelled:?}");
    let (done, _) = w.wait(id, Duration::from_secs(3));
    // SLEEP interrupted by KILL QUERY returns 1 rather than failing.
    assert!(done.lost.is_empty(), "{}", told(&done));
    let (done, _) = w.run("SELECT 1");
    assert!(!told(&done).contains("Reconnected"), "{}", told(&done));
}

#[test]
fn a_connection_the_server_closes_while_idle_is_noticed_without_a_round_trip() {
    let server = MariaDb::shared();
    // Over TCP and over the unix socket.
    for options in [server.tcp_options(None), server.root_options()] {
        let mut cnx = Connection::connect(&options, true)
            .unwrap_or_else(|e| panic!("{}", e.mysql_client_line()));
        assert!(!cnx.probe(), "a healthy idle connection is left alone");
        assert!(cnx.query_text("SELECT 1").is_ok(), "and still works");
        let id = cnx.server().connection_id;
        server.root_sql(&format!("KILL {id}"));
        let deadline = Instant::now() + Duration::from_secs(3);
        while !cnx.probe() {
            assert!(
                Instant::now() < deadline,
                "the closed connection went unnoticed ({})",
                options.endpoint()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(cnx.is_gone());
    }
}

#[test]
fn an_idle_timeout_on_the_server_reconnects_the_next_statement_and_says_so() {
    let server = MariaDb::shared();
    let mut w = Worker::start(server, "test");
    let (done, _) = w.run("SET SESSION wait_timeout = 1");
    assert_clean(&done);
    std::thread::sleep(Duration::from_millis(2500));
    let (done, rows) = w.run("SELECT 42 AS answer");
    assert_clean(&done);
    let said = told(&done);
    assert!(
        said.contains("ERROR 2006 (HY000): MySQL server has gone away"),
        "{said}"
    );
    assert!(said.contains("Reconnected (connection id"), "{said}");
    assert!(!said.contains("transaction"), "{said}");
    assert_eq!(rows, 1, "the statement ran on the new session");
}

#[test]
fn the_database_interface_reconnects_after_a_restart_while_idle() {
    let mut server = MariaDb::start();
    let mut db = MySqlDatabase::connect(&server.tcp_options(Some("test")), true)
        .unwrap_or_else(|e| panic!("{}", e.mysql_client_line()));
    server.kill();
    server.restart();
    assert!(
        db.probe(),
        "the restart is noticed before a statement is sent"
    );
    assert!(db.is_gone());
    db.reconnect()
        .unwrap_or_else(|e| panic!("{}", e.mysql_client_line()));
    assert!(!db.is_gone());
    assert!(db.query("SELECT 1").is_ok());
    while db.next_row().ok().flatten().is_some() {}
    assert_eq!(db.info().database.as_deref(), Some("test"));
}

/// Polls the private tmux screen.
const WAIT: Duration = Duration::from_secs(15);

/// The TUI on the `test` database, ready for keys.
fn start_tui(server: &MariaDb, home: &std::path::Path) -> Tmux {
    let tmux = Tmux::start(
        env!("CARGO_BIN_EXE_rowwise"),
        &server.cli_flags("test"),
        home,
        (120, 34),
    );
    tmux.wait_for("F5 run", WAIT);
    tmux
}

/// The line REPL on the `test` database, at its prompt.
fn start_line_repl(server: &MariaDb, home: &std::path::Path) -> Tmux {
    let mut args = vec!["--line".to_owned()];
    args.extend(server.cli_flags("test"));
    let tmux = Tmux::start(env!("CARGO_BIN_EXE_rowwise"), &args, home, (120, 34));
    tmux.wait_for("@test>", WAIT);
    tmux
}

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_tui_survives_a_server_killed_mid_query_and_reconnects_on_the_next_statement() {
    let mut server = MariaDb::start();
    server.root_sql("CREATE TABLE test.k (id INT PRIMARY KEY)");
    let home = home();
    let tmux = start_tui(&server, home.path());
    tmux.run_sql("INSERT INTO k VALUES (7)");
    tmux.wait_for("1 uncommitted", WAIT);
    tmux.run_sql("SELECT SLEEP(10) AS slept");
    tmux.wait_for("Ctrl-C cancels", WAIT);
    server.kill();
    // The whole error is in the result pane, wrapped to its width.
    tmux.wait_for("2013: Lost connection to", WAIT);
    let screen = tmux.wait_for("The open transaction was lost", WAIT);
    assert!(
        !screen.contains("Ctrl-C cancels"),
        "no longer busy:\n{screen}"
    );
    assert!(!screen.contains("EXITED"), "still running:\n{screen}");
    server.restart();
    tmux.run_sql("SELECT COUNT(*) AS n FROM k");
    let screen = tmux.wait_for("Reconnected (connection id", WAIT);
    assert!(!screen.contains("EXITED"), "{screen}");
    tmux.wait_for("1 fetched", WAIT);
    assert_eq!(server.root_value("SELECT COUNT(*) FROM test.k"), "0");
    tmux.keys(&["C-q"]);
    tmux.wait_for("EXITED:0", WAIT);
}

#[test]
fn the_line_repl_reconnects_after_a_restart_while_idle_and_says_the_transaction_is_gone() {
    let mut server = MariaDb::start();
    server.root_sql("CREATE TABLE test.r (id INT PRIMARY KEY)");
    let home = home();
    let tmux = start_line_repl(&server, home.path());
    tmux.type_text("START TRANSACTION;");
    tmux.keys(&["Enter"]);
    // Type only at the prompt: keys sent before the line editor reads again can be lost.
    let _ = tmux.wait_for_prompt("rowwise@test>", "Query OK", 1, WAIT);
    tmux.type_text("INSERT INTO r VALUES (1);");
    tmux.keys(&["Enter"]);
    // The prompt comes back once rowwise has also asked whether a transaction is open.
    let _ = tmux.wait_for_prompt("rowwise@test>", "Query OK", 2, WAIT);
    server.kill();
    server.restart();
    tmux.type_text("SELECT COUNT(*) AS n FROM r;");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_prompt("rowwise@test>", "this statement was not run", 1, WAIT);
    assert!(
        screen.contains("ERROR 2006 (HY000): MySQL server has gone away"),
        "{screen}"
    );
    assert!(
        screen.contains("No connection. Trying to reconnect..."),
        "{screen}"
    );
    assert!(
        screen.replace('\n', "").contains("the open transaction was lost with the connection: 1 uncommitted statement(s) were rolled back: INSERT INTO r VALUES (1)"),
        "{screen}"
    );
    assert!(!screen.contains("1 row in set"), "not run:\n{screen}");
    tmux.type_text("SELECT COUNT(*) AS n FROM r;");
    tmux.keys(&["Enter"]);
    let _ = tmux.wait_for_prompt("rowwise@test>", "1 row in set", 1, WAIT);
    assert_eq!(server.root_value("SELECT COUNT(*) FROM test.r"), "0");

    // Lost mid-statement inside a transaction: said right after the error, not later.
    tmux.keys(&["C-l"]);
    tmux.type_text("START TRANSACTION;");
    tmux.keys(&["Enter"]);
    let _ = tmux.wait_for_prompt("rowwise@test>", "Query OK", 1, WAIT);
    tmux.type_text("INSERT INTO r VALUES (2);");
    tmux.keys(&["Enter"]);
    let _ = tmux.wait_for_prompt("rowwise@test>", "Query OK", 2, WAIT);
    tmux.type_text("SELECT SLEEP(5);");
    tmux.keys(&["Enter"]);
    std::thread::sleep(Duration::from_millis(300));
    server.kill();
    let screen = tmux.wait_for_prompt("rowwise@test>", "ERROR 2013 (HY000)", 1, WAIT);
    assert!(
        screen.contains("the open transaction was lost with the connection"),
        "{screen}"
    );
    server.restart();
    tmux.keys(&["C-l"]);
    tmux.type_text("SELECT COUNT(*) AS n FROM r;");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_prompt("rowwise@test>", "1 row in set", 1, WAIT);
    assert!(
        screen.contains("No connection. Trying to reconnect..."),
        "{screen}"
    );
    assert!(!screen.contains("transaction"), "told once:\n{screen}");
    assert_eq!(server.root_value("SELECT COUNT(*) FROM test.r"), "0");
    tmux.keys(&["C-d"]);
    tmux.wait_for("EXITED:0", WAIT);
}

#[test]
fn ctrl_c_in_the_tui_gets_control_back_from_a_frozen_server() {
    let server = MariaDb::start();
    let home = home();
    let tmux = start_tui(&server, home.path());
    tmux.run_sql("SELECT SLEEP(20) AS slept");
    tmux.wait_for("Ctrl-C cancels", WAIT);
    server.freeze();
    let started = Instant::now();
    tmux.keys(&["C-c"]);
    let screen = tmux.wait_until("control to come back", WAIT, |s| {
        !s.contains("Ctrl-C cancels") && s.contains("2013")
    });
    let took = started.elapsed();
    assert!(
        took < CANCEL_TIMEOUT + Duration::from_secs(3),
        "took {took:?}:\n{screen}"
    );
    assert!(
        screen.contains("Lost connection to MySQL server"),
        "{screen}"
    );
    // The panel says why: the cancel could not reach the server, so the connection was cut.
    tmux.wait_for("did not answer the cancel", WAIT);
    server.thaw();
    tmux.run_sql("SELECT 'alive' AS state");
    let screen = tmux.wait_for("Reconnected (connection id", WAIT);
    assert!(!screen.contains("EXITED"), "{screen}");
    tmux.wait_for("1 fetched", WAIT);
    tmux.keys(&["C-q"]);
    tmux.wait_for("EXITED:0", WAIT);
}

#[test]
fn ctrl_c_in_the_line_repl_gets_control_back_from_a_frozen_server() {
    let server = MariaDb::start();
    let home = home();
    let tmux = start_line_repl(&server, home.path());
    tmux.type_text("SELECT SLEEP(20);");
    tmux.keys(&["Enter"]);
    std::thread::sleep(Duration::from_millis(300));
    server.freeze();
    let started = Instant::now();
    tmux.keys(&["C-c"]);
    let screen = tmux.wait_for_prompt("rowwise@test>", "ERROR 2013 (HY000)", 1, WAIT);
    let took = started.elapsed();
    assert!(
        took < CANCEL_TIMEOUT + Duration::from_secs(3),
        "took {took:?}:\n{screen}"
    );
    assert!(screen.contains("did not answer the cancel"), "{screen}");
    server.thaw();
    tmux.type_text("SELECT 'alive' AS state;");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_prompt("rowwise@test>", "1 row in set", 1, WAIT);
    assert!(
        screen.contains("No connection. Trying to reconnect..."),
        "{screen}"
    );
    assert!(screen.contains("| alive |"), "{screen}");
    tmux.keys(&["C-d"]);
    tmux.wait_for("EXITED:0", WAIT);
}

#[test]
fn connecting_to_a_frozen_server_gives_up_after_the_connect_timeout() {
    let server = MariaDb::start();
    server.freeze();
    let home = home();
    let mut cmd = common::rowwise(home.path());
    cmd.args(server.cli_flags("test"))
        .args(["--connect-timeout", "1", "-e", "SELECT 1"]);
    let started = Instant::now();
    let out = common::run(&mut cmd);
    let took = started.elapsed();
    server.thaw();
    let err = common::stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(took < Duration::from_secs(4), "took {took:?}: {err}");
    assert!(err.contains("2013"), "{err}");
    assert!(
        err.contains(&format!(
            "Lost connection to MySQL server at '127.0.0.1:{}' while reading the initial handshake: no answer within 1 s",
            server.port
        )),
        "{err}"
    );
    assert!(!err.contains(common::PASSWORD), "{err}");
}

#[test]
fn a_statement_may_run_longer_than_the_connect_timeout() {
    let server = MariaDb::shared();
    // The handshake is bounded by the connect timeout; statements are not.
    let threads: Vec<_> = [server.tcp_options(None), server.root_options()]
        .into_iter()
        .map(|mut options| {
            options.connect_timeout = Duration::from_secs(1);
            std::thread::spawn(move || {
                let mut cnx = Connection::connect(&options, true)
                    .unwrap_or_else(|e| panic!("{}", e.mysql_client_line()));
                let rows = cnx.query_text("SELECT SLEEP(1.6)").unwrap_or_else(|e| {
                    panic!("{}: {}", options.endpoint(), e.mysql_client_line())
                });
                assert_eq!(rows, vec![vec![Some("0".to_owned())]]);
            })
        })
        .collect();
    for t in threads {
        assert!(t.join().is_ok());
    }
}
