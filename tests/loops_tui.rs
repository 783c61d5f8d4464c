//! End-to-end, the real binary in tmux against the private server: the course's loops in
//! the full-screen front end. `+` sets the arraysize F7 fetches (shown as
//! `cursor.arraysize = N`), and Alt-L runs `for row in cursor: print(row)` over the rest of
//! the result, the grid following to the last row.

mod common;

use std::time::Duration;

use common::MariaDb;
use common::tmux::Tmux;

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
