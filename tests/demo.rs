//! The embedded demo database: with nothing configured, rowwise opens an SQLite file in the
//! user's data directory instead of failing, says so once, and works without any server.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{rowwise, run, stderr, stdout};
use rowwise::db::sqlite::reset_demo;
use rowwise::db::{Database, Queries, QueryStart, SqliteDatabase};

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn demo_file(home: &Path) -> PathBuf {
    home.join(".local/share/rowwise/demo.sqlite3")
}

const BANNER: &str = "rowwise: no server configured — using the demo database at ";

#[test]
fn with_nothing_configured_a_query_runs_on_the_demo() {
    let home = home();
    let out = run(rowwise(home.path()).args(["-e", "SELECT name FROM user ORDER BY id"]));
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(stdout(&out), "name\nJohn Doe\nJane Smith\n");
    let path = demo_file(home.path());
    assert_eq!(
        err,
        format!(
            "{BANNER}{}; connect to MySQL with -h HOST -u USER -p, an option file, or a mysql:// URL\n",
            path.display()
        )
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)
            .unwrap_or_else(|e| panic!("the demo file was not created: {e}"))
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the demo file is not private");
    }
}

#[test]
fn the_banner_is_printed_once_for_a_whole_batch_on_stdin() {
    let home = home();
    let mut cmd = rowwise(home.path());
    cmd.stdin(std::process::Stdio::piped());
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin
            .write_all(b"SELECT count(*) AS pets FROM pet;\nSELECT title FROM article WHERE article_id = 2;\n")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "pets\n3\ntitle\nParametric queries\n");
    assert_eq!(stderr(&out).matches(BANNER).count(), 1);
}

#[test]
fn changes_persist_in_the_demo_file_between_runs() {
    let home = home();
    let out =
        run(rowwise(home.path()).args(["-e", "INSERT INTO user (id, name) VALUES (3, 'Ada')"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(rowwise(home.path()).args(["-N", "-e", "SELECT count(*) FROM user"]));
    assert_eq!(stdout(&out), "3\n");
}

#[test]
fn demo_path_uses_another_file_and_says_nothing() {
    let home = home();
    let other = home.path().join("elsewhere").join("course.db");
    let out = run(rowwise(home.path())
        .arg("--demo")
        .arg(&other)
        .args(["-e", "SELECT species FROM pet WHERE name = 'Mittens'"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "species\ncat\n");
    assert_eq!(stderr(&out), "");
    assert!(other.exists());
    assert!(
        !demo_file(home.path()).exists(),
        "the default demo file was created too"
    );
}

#[test]
fn a_configured_server_is_used_instead_of_the_demo() {
    let home = home();
    // Port 1 refuses connections: the point is that rowwise tries the server.
    let out = run(rowwise(home.path()).args(["-h", "127.0.0.1", "-P", "1", "-e", "SELECT 1"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot reach the server at 127.0.0.1:1"),
        "{}",
        stderr(&out)
    );
    let out = run(rowwise(home.path())
        .env("MYSQL_HOST", "127.0.0.1")
        .env("MYSQL_TCP_PORT", "1")
        .args(["-e", "SELECT 1"]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!demo_file(home.path()).exists());
}

#[test]
fn sql_errors_on_the_demo_read_like_the_mysql_client_without_a_number() {
    let home = home();
    let out = run(rowwise(home.path()).args(["--demo", "-e", "SELECT * FROM nope"]));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "--------------\nSELECT * FROM nope\n--------------\n\nERROR at line 1: no such table: nope\n"
    );
}

#[test]
fn script_runs_on_the_demo_with_the_sqlite3_transcript() {
    let home = home();
    let script = home.path().join("walk.cur");
    std::fs::write(
        &script,
        "SELECT name FROM user ORDER BY id;\n\\fetchone\n\\rowcount\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = run(rowwise(home.path()).arg("script").arg(&script));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        ">>> cursor = cnx.cursor()\n>>> cursor.execute('SELECT name FROM user ORDER BY id')\n<sqlite3.Cursor object at 0x...>\n>>> cursor.fetchone()\n('John Doe',)\n>>> cursor.rowcount\n-1\n"
    );
    assert_eq!(stderr(&out).matches(BANNER).count(), 1);
}

#[test]
fn reset_restores_deleted_rows() -> Result<(), Box<dyn std::error::Error>> {
    let home = home();
    let out = run(rowwise(home.path()).args(["-e", "DELETE FROM user; DROP TABLE pet"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(rowwise(home.path()).args(["-N", "-e", "SELECT count(*) FROM user"]));
    assert_eq!(stdout(&out), "0\n");
    reset_demo(&demo_file(home.path()))?;
    let out = run(rowwise(home.path()).args([
        "-N",
        "-e",
        "SELECT name FROM user ORDER BY id; SELECT count(*) FROM pet",
    ]));
    assert_eq!(stdout(&out), "John Doe\nJane Smith\n3\n");
    Ok(())
}

#[test]
fn reset_is_seen_by_a_connection_that_stays_open() -> Result<(), Box<dyn std::error::Error>> {
    let home = home();
    let path = demo_file(home.path());
    let mut db = SqliteDatabase::open_demo(&path, true)?;
    db.query("DELETE FROM user")?;
    reset_demo(&path)?;
    let QueryStart::Rows(_) = db.query("SELECT count(*) FROM user")? else {
        return Err("no result".into());
    };
    assert_eq!(db.next_row()?, Some(vec![rowwise::db::Cell::Int(2)]));
    Ok(())
}

/// F9 on the demo sets the cursor's arraysize (`cursor.arraysize = 3`) and F7 sets it too
/// before `fetchmany()`: each `fetchmany()` then brings what Python 3.11's `sqlite3` brings
/// for the same calls (`[(1,), (2,), (3,)]`, then `[(4,), (5,)]`, then `[(6,)]`).
#[test]
fn on_the_demo_the_arraysize_sets_what_fetchmany_brings_as_in_sqlite3()
-> Result<(), Box<dyn std::error::Error>> {
    use rowwise::db::api::{Command, Entry};
    use rowwise::tui::event::AppEvent;
    use rowwise::tui::worker::{self, DbReply, DbRequest};

    let home = home();
    let db = SqliteDatabase::open_demo(&demo_file(home.path()), false)?;
    let (tx, replies) = std::sync::mpsc::channel();
    let requests = worker::spawn(Box::new(db), tx, false)?;
    let ask = |request: DbRequest| -> Result<Vec<String>, Box<dyn std::error::Error>> {
        let id = match &request {
            DbRequest::Run { id, .. } | DbRequest::Step { id, .. } => *id,
            _ => 0,
        };
        requests.send(request)?;
        loop {
            if let AppEvent::Db(DbReply::Done(done)) =
                replies.recv_timeout(Duration::from_secs(10))?
                && done.id == id
            {
                let entries = done.entries();
                return Ok(entries.iter().flat_map(Entry::lines).collect());
            }
        }
    };
    ask(DbRequest::Run {
        id: 1,
        sql: "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 6) SELECT n FROM s".to_owned(),
        prefetch: None,
    })?;
    let step = |id, command| DbRequest::Step { id, command };
    assert_eq!(
        ask(step(2, Command::Arraysize(3)))?,
        [">>> cursor.arraysize = 3"]
    );
    assert_eq!(
        ask(step(3, Command::FetchMany(None)))?,
        [">>> cursor.fetchmany()", "[(1,), (2,), (3,)]"]
    );
    assert_eq!(
        ask(step(4, Command::FetchMany(Some(2))))?,
        [
            ">>> cursor.arraysize = 2",
            ">>> cursor.fetchmany()",
            "[(4,), (5,)]"
        ]
    );
    assert_eq!(
        ask(step(5, Command::FetchMany(Some(2))))?,
        [">>> cursor.fetchmany()", "[(6,)]"]
    );
    Ok(())
}

#[test]
fn cancel_interrupts_a_long_recursive_query() -> Result<(), Box<dyn std::error::Error>> {
    let home = home();
    let mut db = SqliteDatabase::open_demo(&demo_file(home.path()), true)?;
    let canceller = db.canceller();
    let started = Instant::now();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        canceller.cancel()
    });
    // Never ends by itself: counts an endless recursive sequence.
    let result = db.query(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n",
    );
    stopper.join().map_err(|_| "the canceller panicked")??;
    let err = result.err().ok_or("the query ended by itself")?;
    assert_eq!(err.mysql_client_line(), "ERROR: interrupted");
    assert!(started.elapsed() < Duration::from_secs(20));
    // The session survives the interrupt.
    assert!(matches!(db.query("SELECT 1")?, QueryStart::Rows(_)));
    assert!(!db.is_gone());
    Ok(())
}

#[test]
fn line_mode_opens_the_demo_and_reset_demo_restores_it() {
    use std::io::Write;
    let home = home();
    let mut child = rowwise(home.path())
        .arg("--line")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(b"DELETE FROM user;\nSELECT count(*) AS n FROM user;\n\\reset-demo\nSELECT name FROM user ORDER BY id;\n")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out).matches(BANNER).count(), 1, "{}", stderr(&out));
    assert!(text.contains("| n |\n+---+\n| 0 |"), "{text}");
    assert!(text.contains("Demo database restored"), "{text}");
    assert!(text.contains("| John Doe   |\n| Jane Smith |"), "{text}");
}

/// A tmux server of this test's own, killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new("tmux");
        cmd.arg("-L").arg(&self.socket);
        cmd
    }

    fn screen(&self) -> String {
        let out = run(self.cmd().args(["capture-pane", "-p", "-t", "demo"]));
        stdout(&out)
    }

    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "'{text}' never appeared; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let out = run(self.cmd().args(["send-keys", "-t", "demo"]).args(keys));
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

#[test]
fn the_tui_opens_on_the_demo_and_says_so() {
    let home = home();
    let tmux = Tmux {
        socket: format!("rowwise-demo-{}", std::process::id()),
    };
    let h = home.path().display().to_string();
    let command = format!(
        "env -u MYSQL_HOST -u MYSQL_TCP_PORT -u MYSQL_UNIX_PORT -u MYSQL_PWD HOME='{h}' XDG_CONFIG_HOME='{h}/.config' XDG_DATA_HOME='{h}/.local/share' '{}'",
        env!("CARGO_BIN_EXE_rowwise")
    );
    let out = run(tmux
        .cmd()
        .args([
            "new-session",
            "-d",
            "-s",
            "demo",
            "-x",
            "120",
            "-y",
            "30",
            "-c",
        ])
        .arg(home.path())
        .arg(&command));
    assert!(
        out.status.success(),
        "tmux is needed for this test: {}",
        stderr(&out)
    );
    tmux.wait_for("rowwise: no server configured — using the demo database at ");
    tmux.keys(&["SELECT name FROM user ORDER BY id", "F5"]);
    let screen = tmux.wait_for("Jane Smith");
    assert!(screen.contains("Python (sqlite3)"), "{screen}");
    assert!(
        screen.contains("<sqlite3.Cursor object at 0x...>"),
        "{screen}"
    );
    // The status bar's mark, once the banner has made room.
    tmux.wait_for(" demo: ");
    tmux.keys(&["C-q"]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while tmux
        .cmd()
        .args(["has-session", "-t", "demo"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        assert!(
            Instant::now() < deadline,
            "rowwise did not quit:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
