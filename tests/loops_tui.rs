//! End-to-end, the real binary in tmux against the private server: the course's loops in
//! the full-screen front end. `+` sets the arraysize F7 fetches (shown as
//! `cursor.arraysize = N`), and Alt-L runs `for row in cursor: print(row)` over the rest of
//! the result, the grid following to the last row.

mod common;

use std::time::Duration;

use common::MariaDb;
use common::tmux::Tmux;
use rowwise::db::MySqlDatabase;
use rowwise::db::api::{Command, KEYBOARD_INTERRUPT, Outcome, interrupt_loop};
use rowwise::tui::event::AppEvent;
use rowwise::tui::worker::{self, DbReply, DbRequest};

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn f7_after_plus_sets_arraysize_and_f4_loops_over_the_rest() {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS e2e_loops; USE e2e_loops; CREATE OR REPLACE TABLE n (id INT PRIMARY KEY); INSERT INTO n SELECT seq FROM seq_1_to_40;");
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let tmux = Tmux::start(
        env!("CARGO_BIN_EXE_rowwise"),
        &server.cli_flags("e2e_loops"),
        home.path(),
        (110, 40),
    );
    tmux.wait_for("F5 run", WAIT);
    tmux.run_sql("SELECT id FROM n ORDER BY id");
    tmux.wait_for("cursor.fetchmany(", WAIT);
    tmux.keys(&["Escape"]);
    // A key right after Esc would read as Alt-key: let the escape stand alone first.
    std::thread::sleep(Duration::from_millis(700));
    tmux.keys(&["+"]);
    tmux.keys(&["+"]);
    tmux.wait_for("arraysize = 3: F7", WAIT);
    tmux.keys(&["F7"]);
    let screen = tmux.wait_for(">>> cursor.arraysize = 3", WAIT);
    assert!(screen.contains(">>> cursor.fetchmany()"), "{screen}");
    tmux.keys(&["M-l"]);
    let screen = tmux.wait_for("after the last row · 40 fetched", WAIT);
    for line in [">>> for row in cursor:", "...     print(row)", "(40,)"] {
        assert!(screen.contains(line), "{line:?} missing:\n{screen}");
    }
    assert!(
        screen.lines().any(|l| l.contains("│  40 │")),
        "the grid shows the last row:\n{screen}"
    );
}

/// Ctrl-C during Alt-L: the worker's loop over a long unbuffered result stops before its
/// next row; the rows printed so far stay and the loop's output ends with Python's
/// `KeyboardInterrupt` line. (In-process, in this binary only: the stop is per process.)
#[test]
fn an_interrupted_loop_stops_part_way_and_says_keyboard_interrupt() {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS e2e_loops_stop");
    let db = MySqlDatabase::connect(&server.tcp_options(Some("e2e_loops_stop")), true)
        .unwrap_or_else(|e| panic!("{e}"));
    let (tx, replies) = std::sync::mpsc::channel();
    let requests = worker::spawn(Box::new(db), tx, false).unwrap_or_else(|e| panic!("{e}"));
    let total = 2_000_000usize;
    let send = |r: DbRequest| requests.send(r).unwrap_or_else(|e| panic!("{e}"));
    send(DbRequest::Run {
        id: 1,
        sql: format!("SELECT seq FROM seq_1_to_{total}"),
        prefetch: None,
    });
    send(DbRequest::Step {
        id: 2,
        command: Command::Iterate,
    });
    let mut streamed = 0usize;
    let done = loop {
        match replies.recv_timeout(Duration::from_secs(60)) {
            Ok(AppEvent::Db(DbReply::Rows { id: 2, batch })) => {
                streamed += batch.len();
                interrupt_loop();
            }
            Ok(AppEvent::Db(DbReply::Done(done))) if done.id == 2 => break done,
            Ok(_) => {}
            Err(e) => panic!("the loop never ended: {e}"),
        }
    };
    streamed += done.batch.len();
    assert!(
        streamed > 0 && streamed < total,
        "stopped part-way: {streamed} rows"
    );
    let entries = done.entries();
    let Some(Outcome::Printed(text)) = entries.last().map(|e| e.outcome.clone()) else {
        panic!("the loop printed nothing: {entries:?}");
    };
    assert!(text.starts_with("(1,)\n(2,)\n"), "{text:.200}");
    assert!(
        text.ends_with(&format!("\n{KEYBOARD_INTERRUPT}")),
        "…{}",
        &text[text.len().saturating_sub(200)..]
    );
}

/// The parameters prompt takes a list of tuples and runs `cursor.executemany(...)`: the
/// result pane shows its rowcount, the panel and the Ctrl-S export the call itself.
#[test]
fn a_list_of_tuples_in_the_prompt_runs_executemany_with_its_rowcount() {
    let server = MariaDb::shared();
    server.root_sql(
        "CREATE DATABASE IF NOT EXISTS e2e_loops_many; USE e2e_loops_many; \
         CREATE OR REPLACE TABLE user (id INT PRIMARY KEY, name VARCHAR(64));",
    );
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let tmux = Tmux::start(
        env!("CARGO_BIN_EXE_rowwise"),
        &server.cli_flags("e2e_loops_many"),
        home.path(),
        (120, 32),
    );
    tmux.wait_for("F5 run", WAIT);
    tmux.run_sql("INSERT INTO user (id, name) VALUES (%s, %s)");
    tmux.wait_for("Parameters", WAIT);
    tmux.type_text("[(3, 'Ann'), (4, 'Bob')]");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("No result set. rowcount = 2", WAIT);
    assert!(screen.contains(">>> cursor.executemany("), "{screen}");
    tmux.run_sql("SELECT name FROM user ORDER BY id");
    tmux.wait_for("[('Ann',), ('Bob',)]", WAIT);
    tmux.keys(&["C-s"]);
    tmux.wait_for("Saved", WAIT);
    let export = std::fs::read_to_string(home.path().join("rowwise_session.py"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        export.contains(
            "cursor.executemany('INSERT INTO user (id, name) VALUES (%s, %s)', [(3, 'Ann'), (4, 'Bob')])"
        ),
        "{export}"
    );
}

/// Ctrl-C during Alt-L over a long result: the loop stops part-way, the Python panel ends
/// with `KeyboardInterrupt` as Python prints it, and the session goes on.
#[test]
fn ctrl_c_stops_the_alt_l_loop_part_way() {
    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS e2e_loops_stop_tui;");
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let tmux = Tmux::start(
        env!("CARGO_BIN_EXE_rowwise"),
        &server.cli_flags("e2e_loops_stop_tui"),
        home.path(),
        (110, 40),
    );
    tmux.wait_for("F5 run", WAIT);
    tmux.run_sql("SELECT seq FROM seq_1_to_5000000");
    tmux.wait_for("cursor.fetchmany(", WAIT);
    tmux.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(700));
    tmux.keys(&["M-l"]);
    // The loop streams rows for several seconds; stop it a second in.
    std::thread::sleep(Duration::from_secs(1));
    tmux.keys(&["C-c"]);
    let screen = tmux.wait_for("KeyboardInterrupt", Duration::from_secs(60));
    assert!(
        !screen.contains("5000000 fetched") && !screen.contains("after the last row"),
        "the loop went to the end, or says so:\n{screen}"
    );
    assert!(
        screen.contains("more rows wait on the server") && screen.contains(" · on row "),
        "the cursor stands on the last row the loop handed out:\n{screen}"
    );
}
