//! The session supervisor's promises (issue 12 cases 2-6): autocommit and the open
//! transaction come from the server's replies; a statement that finds its transaction
//! lost is not run; a reconnect keeps the database, the autocommit mode and the character
//! set; a commit that cannot commit says so. Each after `KILL CONNECTION`, a clean restart
//! and a crash of the harness's server, through the TUI's worker, line mode (tmux) and
//! batch mode.

mod common;

use std::io::Write;
use std::process::Stdio;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use common::MariaDb;
use common::tmux::Tmux;
use rowwise::db::MySqlDatabase;
use rowwise::db::api::{Command, Outcome};
use rowwise::tui::event::AppEvent;
use rowwise::tui::worker::{self, DbReply, DbRequest, StepDone};

const REPLY: Duration = Duration::from_secs(15);
const WAIT: Duration = Duration::from_secs(20);

/// How the connection goes.
#[derive(Debug, Clone, Copy)]
enum Loss {
    /// `KILL CONNECTION` of rowwise's session, from root.
    KillConnection,
    /// The server shut down cleanly and started again.
    Restart,
    /// The server killed (SIGKILL) and started again.
    Crash,
}

const LOSSES: [Loss; 3] = [Loss::KillConnection, Loss::Restart, Loss::Crash];

fn lose(server: &mut MariaDb, how: Loss) {
    match how {
        Loss::KillConnection => {
            let who = format!(
                "SELECT IFNULL(GROUP_CONCAT(ID), '') FROM information_schema.PROCESSLIST WHERE USER = '{}'",
                common::USER
            );
            let ids = server.root_value(&who);
            assert!(!ids.is_empty(), "no session of rowwise's to kill");
            for id in ids.split(',') {
                server.root_sql(&format!("KILL CONNECTION {id}"));
            }
            let deadline = Instant::now() + REPLY;
            while !server.root_value(&who).is_empty() {
                assert!(Instant::now() < deadline, "the killed session stays");
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        Loss::Restart => {
            server.shutdown();
            server.restart();
        }
        Loss::Crash => {
            server.kill();
            server.restart();
        }
    }
}

/// The TUI's database worker, driven by hand (autocommit off, as the TUI starts).
struct Worker {
    requests: Sender<DbRequest>,
    replies: Receiver<AppEvent>,
    next_id: u64,
}

impl Worker {
    fn start(server: &MariaDb, database: &str) -> Worker {
        let mut options = server.tcp_options(Some(database));
        options.connect_timeout = Duration::from_secs(2);
        let db = MySqlDatabase::connect(&options, false)
            .unwrap_or_else(|e| panic!("connect: {}", e.mysql_client_line()));
        let (tx, replies) = channel();
        let requests =
            worker::spawn(Box::new(db), tx, false).unwrap_or_else(|e| panic!("spawn: {e}"));
        Worker {
            requests,
            replies,
            next_id: 1,
        }
    }

    fn request(&mut self, request: impl FnOnce(u64) -> DbRequest) -> StepDone {
        let id = self.next_id;
        self.next_id += 1;
        self.requests
            .send(request(id))
            .unwrap_or_else(|e| panic!("the worker stopped: {e}"));
        let deadline = Instant::now() + REPLY;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.replies.recv_timeout(left) {
                Ok(AppEvent::Db(DbReply::Done(done))) if done.id == id => return *done,
                Ok(_) => {}
                Err(e) => panic!("request {id} got no reply: {e}"),
            }
        }
    }

    fn run(&mut self, sql: &str) -> StepDone {
        let sql = sql.to_owned();
        self.request(|id| DbRequest::Run {
            id,
            sql,
            prefetch: Some(20),
        })
    }

    fn step(&mut self, command: Command) -> StepDone {
        self.request(|id| DbRequest::Step { id, command })
    }
}

/// Everything a request told the user, entries included (as the transcript shows them).
fn told(done: &StepDone) -> String {
    let mut all = done.notes.clone();
    for entry in &done.entries() {
        all.extend(entry.display_lines(4096));
    }
    all.extend(done.lost.iter().cloned());
    all.join("\n")
}

fn errors(done: &StepDone) -> usize {
    done.entries()
        .iter()
        .filter(|e| matches!(e.outcome, Outcome::Error(_)))
        .count()
}

fn count(server: &MariaDb, table: &str) -> String {
    server.root_value(&format!("SELECT COUNT(*) FROM test.{table}"))
}

/// The rows of `test.table` as another session reads them uncommitted (dirty), then
/// committed, one count a line: `"1\n0"` is one row that an open transaction inserted.
///
/// Not `information_schema.INNODB_TRX`: `InnoDB` fills it from a cache that it refreshes
/// only when nobody read it in the last 100 ms (`CACHE_MIN_IDLE_TIME` in `trx0i_s.cc`, MySQL
/// bug #48883), so polling it more often than that reads the first answer for ever.
fn uncommitted_and_committed(server: &MariaDb, table: &str) -> String {
    server.root_value(&format!(
        "SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED; SELECT COUNT(*) FROM test.{table}; \
         SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED; SELECT COUNT(*) FROM test.{table}"
    ))
}

#[test]
fn autocommit_typed_as_sql_is_what_the_tui_shows_and_rollback_claims_nothing() {
    let server = MariaDb::start();
    server.root_sql("CREATE TABLE test.d (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT INTO test.d VALUES (1), (2)");
    let mut w = Worker::start(&server, "test");
    let done = w.run("SET autocommit = 1");
    assert_eq!(done.autocommit, Some(true), "{}", told(&done));
    let done = w.run("DELETE FROM d WHERE id = 1");
    assert_eq!(errors(&done), 0, "{}", told(&done));
    assert_eq!(done.in_transaction, Some(false));
    assert_eq!(done.uncommitted, 0);
    let done = w.step(Command::Rollback);
    assert!(
        told(&done).contains("Nothing was rolled back: autocommit is on"),
        "{}",
        told(&done)
    );
    assert_eq!(count(&server, "d"), "1", "the DELETE was committed");
    // And back: SQL turns it off, a statement opens a transaction the status bar counts.
    let done = w.run("SET @@session.autocommit = OFF");
    assert_eq!(done.autocommit, Some(false));
    let done = w.run("DELETE FROM d");
    assert_eq!(done.in_transaction, Some(true));
    assert_eq!(done.uncommitted, 1);
    let done = w.step(Command::Rollback);
    assert_eq!(done.uncommitted, 0, "{}", told(&done));
    assert!(!told(&done).contains("Nothing was rolled back"));
    assert_eq!(count(&server, "d"), "1");
}

#[test]
fn line_mode_asks_the_server_nothing_between_statements() {
    let server = MariaDb::start();
    server.root_sql("CREATE TABLE test.n (id INT PRIMARY KEY) ENGINE=InnoDB");
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut input = String::from("SET autocommit = 0;\nSHOW SESSION STATUS LIKE 'Com_select';\n");
    for i in 0..5 {
        input.push_str(&format!("INSERT INTO n VALUES ({i});\n"));
    }
    input.push_str("SHOW SESSION STATUS LIKE 'Com_select';\n\\s\nROLLBACK;\n");
    let mut cmd = common::rowwise(home.path());
    cmd.arg("--line").args(server.cli_flags("test"));
    let out = run_with_stdin(&mut cmd, &input);
    let text = common::stdout(&out);
    let counts: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("Com_select"))
        .map(|l| l.trim_matches(|c| c == '|' || c == ' '))
        .collect();
    assert_eq!(counts.len(), 2, "{text}");
    assert_eq!(
        counts[0], counts[1],
        "no SELECT of rowwise's own between the statements:\n{text}"
    );
    assert!(
        text.contains("Autocommit:             OFF"),
        "autocommit typed as SQL shows in \\s:\n{text}"
    );
    assert!(text.contains("Open transaction:       yes"), "{text}");
}

fn run_with_stdin(cmd: &mut std::process::Command, input: &str) -> std::process::Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run rowwise: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_tui_does_not_run_a_statement_that_finds_its_transaction_lost() {
    let mut server = MariaDb::start();
    server.root_sql("CREATE TABLE test.t (id INT PRIMARY KEY) ENGINE=InnoDB");
    let mut w = Worker::start(&server, "test");
    for how in LOSSES {
        let done = w.run("INSERT INTO t VALUES (1)");
        assert_eq!(done.uncommitted, 1, "{how:?}: {}", told(&done));
        lose(&mut server, how);
        let done = w.run("INSERT INTO t VALUES (2)");
        let said = told(&done);
        assert!(
            said.contains("The open transaction was lost with the connection: 1 uncommitted statement(s) were rolled back: INSERT INTO t VALUES (1)."),
            "{how:?}: {said}"
        );
        assert!(
            said.contains("Not run: it found the transaction lost"),
            "{how:?}: {said}"
        );
        assert!(done.entries().is_empty(), "{how:?}: {said}");
        assert_eq!(
            done.autocommit,
            Some(false),
            "{how:?}: autocommit stays off"
        );
        assert_eq!(count(&server, "t"), "0", "{how:?}");
        let done = w.run("INSERT INTO t VALUES (2)");
        assert_eq!(errors(&done), 0, "{how:?}: {}", told(&done));
        assert_eq!(done.uncommitted, 1, "{how:?}: in a new transaction");
        w.step(Command::Rollback);
        assert_eq!(count(&server, "t"), "0", "{how:?}");
    }
}

#[test]
fn commit_after_a_lost_transaction_fails_naming_what_was_lost() {
    let mut server = MariaDb::start();
    server.root_sql("CREATE TABLE test.c (id INT PRIMARY KEY) ENGINE=InnoDB");
    let mut w = Worker::start(&server, "test");
    for how in LOSSES {
        w.run("INSERT INTO c VALUES (1)");
        w.run("INSERT INTO c VALUES (2)");
        lose(&mut server, how);
        let done = w.step(Command::Commit);
        let said = told(&done);
        assert!(said.contains("cnx.commit()"), "{how:?}: {said}");
        assert!(said.contains("2013"), "{how:?}: {said}");
        assert_eq!(errors(&done), 1, "{how:?}: {said}");
        let failure = done.commit_failed.clone().unwrap_or_default();
        assert!(
            failure.contains("INSERT INTO c VALUES (1); INSERT INTO c VALUES (2)"),
            "{how:?}: {failure}"
        );
        assert!(
            failure.contains("nothing was committed"),
            "{how:?}: {failure}"
        );
        assert_eq!(count(&server, "c"), "0", "{how:?}");
    }
}

#[test]
fn a_reconnect_keeps_the_database_autocommit_and_character_set() {
    let mut server = MariaDb::start();
    server.root_sql("CREATE DATABASE other");
    let mut w = Worker::start(&server, "test");
    for how in LOSSES {
        let done = w.run("USE other");
        let info = done
            .info
            .clone()
            .unwrap_or_else(|| panic!("no session info"));
        assert_eq!(
            info.database.as_deref(),
            Some("other"),
            "the status bar follows USE"
        );
        assert!(info.label.ends_with("/other"), "{}", info.label);
        w.run("SET NAMES latin1");
        w.step(Command::Autocommit(true));
        lose(&mut server, how);
        let done = w.run("SELECT DATABASE(), @@autocommit, @@character_set_client");
        let said = told(&done);
        assert!(said.contains("Reconnected"), "{how:?}: {said}");
        assert!(said.contains("('other', 1, 'latin1')"), "{how:?}: {said}");
        assert_eq!(done.autocommit, Some(true), "{how:?}");
        w.run("USE test");
        w.run("SET NAMES utf8mb4");
        w.step(Command::Autocommit(false));
    }
}

/// The line REPL on the `test` database, at its prompt.
fn start_line_repl(server: &MariaDb, home: &std::path::Path) -> Tmux {
    let mut args = vec!["--line".to_owned()];
    args.extend(server.cli_flags("test"));
    let tmux = Tmux::start(env!("CARGO_BIN_EXE_rowwise"), &args, home, (160, 40));
    tmux.wait_for("@test>", WAIT);
    tmux
}

fn line(tmux: &Tmux, prompt: &str, sql: &str, expect: &str) -> String {
    tmux.keys(&["C-l"]);
    tmux.type_text(sql);
    tmux.keys(&["Enter"]);
    tmux.wait_for_prompt(prompt, expect, 1, WAIT)
}

#[test]
fn line_mode_does_not_run_a_statement_that_finds_its_transaction_lost_and_keeps_the_session() {
    let mut server = MariaDb::start();
    server.root_sql("CREATE TABLE test.r (id INT PRIMARY KEY) ENGINE=InnoDB; CREATE DATABASE other; CREATE TABLE other.o (id INT PRIMARY KEY) ENGINE=InnoDB");
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let tmux = start_line_repl(&server, home.path());
    let prompt = "rowwise@other>";
    line(&tmux, prompt, "USE other;", "Database changed");
    line(&tmux, prompt, "SET NAMES latin1;", "Query OK");
    for how in LOSSES {
        line(&tmux, prompt, "SET autocommit = 0;", "Query OK");
        line(&tmux, prompt, "INSERT INTO o VALUES (1);", "Query OK");
        lose(&mut server, how);
        let screen = line(
            &tmux,
            prompt,
            "INSERT INTO o VALUES (2);",
            "this statement was not run",
        );
        let flat = screen.replace('\n', "");
        assert!(
            flat.contains("the open transaction was lost with the connection: 1 uncommitted statement(s) were rolled back: INSERT INTO o VALUES (1)"),
            "{how:?}:\n{screen}"
        );
        assert!(
            flat.contains("autocommit is off as before"),
            "{how:?}:\n{screen}"
        );
        assert!(
            screen.contains("Current database: other"),
            "{how:?}:\n{screen}"
        );
        assert!(!screen.contains("Query OK"), "{how:?}: not run:\n{screen}");
        assert_eq!(server.root_value("SELECT COUNT(*) FROM other.o"), "0");
        let screen = line(
            &tmux,
            prompt,
            "SELECT DATABASE() AS db, @@autocommit AS ac, @@character_set_client AS cs;",
            "1 row in set",
        );
        assert!(
            screen.contains("| other |  0 | latin1 |"),
            "{how:?}:\n{screen}"
        );
        line(&tmux, prompt, "ROLLBACK;", "Query OK");
    }
    tmux.keys(&["C-d"]);
    tmux.wait_for("EXITED:0", WAIT);
}

#[test]
fn batch_mode_stops_with_an_error_when_the_transaction_is_lost() {
    let mut server = MariaDb::start();
    server.root_sql("CREATE TABLE test.b (id INT PRIMARY KEY) ENGINE=InnoDB");
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for how in LOSSES {
        let mut child = common::rowwise(home.path())
            .args(server.cli_flags("test"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run rowwise: {e}"));
        let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
        stdin
            .write_all(b"SET autocommit = 0;\nINSERT INTO b VALUES (1);\n")
            .unwrap_or_else(|e| panic!("{e}"));
        stdin.flush().unwrap_or_else(|e| panic!("{e}"));
        let deadline = Instant::now() + REPLY;
        loop {
            let seen = uncommitted_and_committed(&server, "b");
            if seen == "1\n0" {
                break;
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
                panic!(
                    "{how:?}: the INSERT never ran uncommitted (rows read uncommitted, then committed: {seen:?})\n{}\n{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        lose(&mut server, how);
        stdin
            .write_all(b"INSERT INTO b VALUES (2);\nSELECT 'after' AS x;\n")
            .unwrap_or_else(|e| panic!("{e}"));
        drop(stdin);
        let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{how:?}: {err}");
        assert!(
            err.contains(
                "ERROR 2013 (HY000) at line 3: Lost connection to MySQL server during query"
            ),
            "{how:?}: {err}"
        );
        assert!(
            err.contains("the open transaction was lost with the connection: 1 uncommitted statement(s) were rolled back: INSERT INTO b VALUES (1)"),
            "{how:?}: {err}"
        );
        assert!(!common::stdout(&out).contains("after"), "{how:?}");
        assert_eq!(count(&server, "b"), "0", "{how:?}");
    }
}

#[test]
fn the_tui_status_bar_follows_sql_and_a_failed_quit_commit_is_said_after_the_full_screen() {
    let mut server = MariaDb::start();
    server
        .root_sql("CREATE DATABASE other; CREATE TABLE other.q (id INT PRIMARY KEY) ENGINE=InnoDB");
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let tmux = Tmux::start(
        env!("CARGO_BIN_EXE_rowwise"),
        &server.cli_flags("test"),
        home.path(),
        (120, 34),
    );
    tmux.wait_for("F5 run", WAIT);
    tmux.wait_for("autocommit off", WAIT);
    tmux.run_sql("SET autocommit = 1");
    tmux.wait_until("autocommit on", WAIT, |s| {
        s.contains("autocommit on") && !s.contains("autocommit off")
    });
    tmux.run_sql("USE other");
    tmux.wait_for("/other", WAIT);
    tmux.run_sql("SET autocommit = 0");
    tmux.wait_until("autocommit off", WAIT, |s| {
        s.contains("autocommit off") && !s.contains("autocommit on")
    });
    tmux.run_sql("INSERT INTO q VALUES (1)");
    tmux.wait_for("1 uncommitted", WAIT);
    server.kill();
    tmux.keys(&["C-q"]);
    tmux.wait_for("are not committed", WAIT);
    tmux.keys(&["c"]);
    let screen = tmux.wait_for("EXITED:", WAIT);
    let flat = screen.replace('\n', "");
    assert!(screen.contains("EXITED:1"), "{screen}");
    assert!(
        flat.contains("rowwise: error: cnx.commit() failed"),
        "said after leaving the full screen:\n{screen}"
    );
    assert!(flat.contains("INSERT INTO q VALUES (1)"), "{screen}");
    assert!(flat.contains("nothing was committed"), "{screen}");
}

#[test]
fn a_lost_connection_reads_as_the_reference_says_it() {
    let server = MariaDb::start();
    let flags = server.cli_flags("test");
    let port = flags
        .iter()
        .skip_while(|f| *f != "-P")
        .nth(1)
        .cloned()
        .unwrap_or_default();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let expected = std::fs::read_to_string(fixtures.join("lost_connection.out"))
        .unwrap_or_else(|e| panic!("{e}"))
        .replace("'127.0.0.1:3306'", &format!("'127.0.0.1:{port}'"));
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = common::run(
        common::rowwise(home.path())
            .args(&flags)
            .arg("script")
            .arg(fixtures.join("lost_connection.cur")),
    );
    assert_eq!(common::stdout(&out), expected, "{}", common::stderr(&out));
}

#[test]
fn piped_line_mode_costs_no_wait_per_statement() {
    let server = MariaDb::start();
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let input = "SELECT 1;\n".repeat(500);
    let mut cmd = common::rowwise(home.path());
    cmd.arg("--line").args(server.cli_flags("test"));
    let started = Instant::now();
    let out = run_with_stdin(&mut cmd, &input);
    let took = started.elapsed();
    assert_eq!(
        common::stdout(&out).matches("1 row in set").count(),
        500,
        "{}",
        common::stderr(&out)
    );
    // A watcher started, polled and joined per statement cost 20 ms each (10 s here).
    assert!(
        took < Duration::from_secs(4),
        "500 statements took {took:?}"
    );
}

/// The TUI model takes the session from each reply: no terminal, no server.
#[test]
fn the_tui_model_follows_the_session_each_reply_reports() {
    use rowwise::db::{DatabaseInfo, Dialect};
    use rowwise::tui::action::Effect;
    use rowwise::tui::app::{App, Settings};
    let settings = Settings {
        fetch_on_run: true,
        theme: rowwise::tui::theme::Theme::default(),
        keymap: rowwise::tui::keymap::Keymap::default(),
        history: Vec::new(),
    };
    let mut app = App::new(settings, (100, 30), Instant::now());
    let info = |db: &str| DatabaseInfo {
        label: format!("u@h:1/{db}"),
        server_version: "10.11".into(),
        connection_id: Some(1),
        dialect: Dialect::MySql,
        user: "u".into(),
        database: Some(db.into()),
        security: None,
    };
    let done = |info: DatabaseInfo, autocommit: bool| {
        AppEvent::Db(DbReply::Done(Box::new(StepDone {
            id: 1,
            autocommit: Some(autocommit),
            info: Some(info),
            ..StepDone::default()
        })))
    };
    app.update(done(info("test"), true));
    assert!(app.autocommit);
    let effects = app.update(done(info("other"), false));
    assert!(!app.autocommit, "SET autocommit typed as SQL shows");
    assert_eq!(
        app.info.as_ref().and_then(|i| i.database.as_deref()),
        Some("other"),
        "the status bar follows USE"
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Db(DbRequest::Schema))),
        "completion follows the new database: {effects:?}"
    );
}

#[test]
fn the_session_state_is_tracked_across_a_session_reset() {
    use rowwise::db::Connection;
    let server = MariaDb::shared();
    let mut cnx = Connection::connect(&server.tcp_options(Some("test")), false)
        .unwrap_or_else(|e| panic!("{}", e.mysql_client_line()));
    assert!(cnx.state().tracked, "MariaDB tracks the session state");
    cnx.query("SET autocommit = 1")
        .unwrap_or_else(|e| panic!("{}", e.mysql_client_line()));
    assert!(cnx.autocommit(), "SQL counts as much as cnx.autocommit");
    cnx.reset_session()
        .unwrap_or_else(|e| panic!("{}", e.mysql_client_line()));
    assert!(
        !cnx.autocommit(),
        "a reset restores the mode set through the connection"
    );
    cnx.query("USE mysql")
        .unwrap_or_else(|e| panic!("{}", e.mysql_client_line()));
    assert_eq!(
        cnx.state().schema.as_deref(),
        Some("mysql"),
        "still tracked"
    );
    cnx.query("START TRANSACTION")
        .unwrap_or_else(|e| panic!("{}", e.mysql_client_line()));
    assert_eq!(cnx.in_transaction().ok(), Some(true));
}

#[test]
fn the_tui_on_screen_refuses_a_statement_and_a_commit_that_find_the_transaction_lost() {
    let mut server = MariaDb::start();
    server.root_sql("CREATE TABLE test.s (id INT PRIMARY KEY) ENGINE=InnoDB");
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let tmux = Tmux::start(
        env!("CARGO_BIN_EXE_rowwise"),
        &server.cli_flags("test"),
        home.path(),
        (160, 40),
    );
    tmux.wait_for("F5 run", WAIT);
    tmux.run_sql("INSERT INTO s VALUES (1)");
    tmux.wait_for("1 uncommitted", WAIT);
    lose(&mut server, Loss::KillConnection);
    tmux.run_sql("INSERT INTO s VALUES (2)");
    let screen = tmux.wait_for("Not run: it found the transaction lost", WAIT);
    assert!(!screen.contains("1 uncommitted"), "{screen}");
    assert_eq!(count(&server, "s"), "0");
    tmux.run_sql("INSERT INTO s VALUES (2)");
    tmux.wait_for("1 uncommitted", WAIT);
    lose(&mut server, Loss::Restart);
    tmux.keys(&["M-c"]);
    let screen = tmux.wait_for("cnx.commit() failed", WAIT);
    let flat = screen.replace('\n', "");
    assert!(flat.contains("INSERT INTO s VALUES (2)"), "{screen}");
    assert!(screen.contains("2013"), "{screen}");
    assert_eq!(count(&server, "s"), "0");
    tmux.keys(&["C-q"]);
    tmux.wait_for("EXITED:0", WAIT);
}

/// Only the demo database can be reset: a server says so (the backend trait no longer
/// makes every backend answer `reset_demo`; `Database::demo` is `None` for a server).
#[test]
fn a_server_refuses_the_demo_reset() {
    let server = MariaDb::shared();
    let mut db = MySqlDatabase::connect(&server.tcp_options(Some("test")), true)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(rowwise::db::demo_path(&mut db).is_none());
    let err = rowwise::db::reset_demo(&mut db).expect_err("a server is not the demo");
    assert_eq!(
        (err.class, err.msg.as_str()),
        (
            rowwise::db::ExceptionClass::InterfaceError,
            "only the demo database can be reset"
        )
    );
}
