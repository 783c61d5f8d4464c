//! The Python export's typed steps. Issue 13 case 12: form mode's DAO calls in the export. A session of cursor
//! steps and DAO calls (searches, inserts, updates, deletes, a duplicate key, commit and
//! rollback) is exported as the course writes it — the `UserDTO`/`UserDAO` classes once,
//! then the calls in order among the cursor steps — and the file, run with the reference
//! (mysql-connector-python 8.4.0, or Python's sqlite3 for the demo), prints the session's
//! transcript exactly. And a loop stopped by Ctrl-C replays to the rows it printed.

mod common;

use std::process::Command;

use common::{MariaDb, PASSWORD};
use rowwise::dao::{
    DaoCall, DaoStep, SqliteUserDao, UserDao, UserDto, UserMap, UserStore, mysql_setup, run_call,
    sqlite_setup,
};
use rowwise::db::api::Command as Call;
use rowwise::db::sqlite::{SqliteDatabase, reset_demo};
use rowwise::db::{CursorOptions, Database, MySqlDatabase, Pool, PoolOptions};
use rowwise::pyrepr::PyValue;
use rowwise::session::{ExportStep, export_python_steps, export_sqlite_python_steps};

/// The reference interpreter (as tests/export.rs finds it).
fn oracle_python() -> String {
    if let Ok(python) = std::env::var("ROWWISE_ORACLE_PYTHON") {
        return python;
    }
    let default = "/tmp/oracle-venv/bin/python";
    assert!(
        std::path::Path::new(default).exists(),
        "mysql-connector-python 8.4.0 is needed: run tools/oracle/bootstrap.sh (scripts/test does)"
    );
    default.to_owned()
}

/// One thing the session did: a cursor step on the SQL screen, or a form-mode DAO call.
enum Did {
    Sql(Call),
    Form(DaoCall),
}

fn params(values: &[PyValue]) -> Did {
    Did::Sql(Call::Params(values.to_vec()))
}

fn sql(text: &str) -> Did {
    Did::Sql(Call::Execute(text.into()))
}

fn user(id: i64, name: &str) -> UserDto {
    UserDto::new(id, name)
}

/// The session of the test: the SQL screen and form mode taking turns.
fn session() -> Vec<Did> {
    let s = |t: &str| PyValue::Str(t.into());
    vec![
        sql("SELECT id, name FROM user ORDER BY id"),
        Did::Sql(Call::FetchAll),
        params(&[PyValue::Int(2)]),
        sql("SELECT name FROM user WHERE id = %s"),
        Did::Sql(Call::FetchOne),
        sql("SELECT nope FROM user"),
        params(&[PyValue::Int(4), s("Ann")]),
        sql("INSERT INTO user (id, name) VALUES (%s, %s)"),
        Did::Sql(Call::Rollback),
        Did::Form(DaoCall::FindUsersByName("J%".into())),
        Did::Form(DaoCall::AddUser(user(3, "O'Brien"))),
        Did::Form(DaoCall::GetUsers),
        Did::Form(DaoCall::UpdateUser(user(3, "O'Neil"))),
        Did::Form(DaoCall::UpdateUser(user(9, "nobody"))),
        Did::Form(DaoCall::AddUser(user(1, "Dup"))),
        Did::Form(DaoCall::GetUsers),
        params(&[PyValue::Int(5), s("Eve")]),
        sql("INSERT INTO user (id, name) VALUES (%s, %s)"),
        Did::Sql(Call::Commit),
        Did::Form(DaoCall::DeleteUser(3)),
        Did::Form(DaoCall::FindUsersByName("%v%".into())),
        sql("SELECT id, name FROM user ORDER BY id"),
        Did::Sql(Call::FetchAll),
    ]
}

/// Runs the session: the export's steps and the transcript the screen showed.
fn run(db: &mut dyn Database, dao: &dyn UserStore, did: Vec<Did>) -> (Vec<ExportStep>, String) {
    let (mut steps, mut transcript) = (Vec::new(), String::new());
    let mut map = UserMap::new();
    for d in did {
        match d {
            Did::Sql(command) => {
                for entry in db.run_step(command, &mut |_| {}, None).entries {
                    for line in entry.lines() {
                        transcript.push_str(&line);
                        transcript.push('\n');
                    }
                    steps.push(ExportStep::Entry(entry));
                }
            }
            Did::Form(call) => {
                let result = run_call(dao, &call, &mut map);
                let step = DaoStep::new(call, &result);
                for line in step.lines() {
                    transcript.push_str(&line);
                    transcript.push('\n');
                }
                steps.push(ExportStep::Python(step.python()));
            }
        }
    }
    (steps, transcript)
}

fn replayed(python: &str, file: &std::path::Path) -> String {
    std::fs::write(file, python).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(oracle_python())
        .arg(file)
        .env("MYSQL_PWD", PASSWORD)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the reference Python: {e}"));
    assert!(
        out.status.success(),
        "the export failed to run:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the form showed must be in the transcript: the calls and their results.
fn assert_form_calls_shown(transcript: &str, duplicate: &str) {
    for shown in [
        ">>> for user in user_dao.find_users_by_name('J%', user_map):\n...     print(user)\n...\n1 John Doe\n2 Jane Smith\n",
        ">>> user_dao.add_user(UserDTO(3, \"O'Brien\"), user_map)\nUserDTO(id=3, name=\"O'Brien\")\n",
        ">>> user_dao.update_user(UserDTO(3, \"O'Neil\"), user_map)\n1\n",
        ">>> user_dao.update_user(UserDTO(9, 'nobody'), user_map)\n0\n",
        duplicate,
        ">>> user_dao.delete_user(3, user_map)\n1\n",
        "'%v%', user_map):\n...     print(user)\n...\n5 Eve\n>>>",
    ] {
        assert!(
            transcript.contains(shown),
            "{shown:?} not in:\n{transcript}"
        );
    }
}

#[test]
fn form_calls_among_cursor_steps_replay_with_the_real_connector() {
    let server = MariaDb::shared();
    let fixture = "CREATE DATABASE IF NOT EXISTS export_form; CREATE OR REPLACE TABLE export_form.user (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL); INSERT INTO export_form.user VALUES (1, 'John Doe'), (2, 'Jane Smith');";
    server.root_sql(fixture);
    let options = server.tcp_options(Some("export_form"));
    let (steps, transcript) = {
        let mut db = MySqlDatabase::connect(&options, false).unwrap_or_else(|e| panic!("{e}"));
        let pool = Pool::new(&options, PoolOptions::new().name("mypool").size(3))
            .unwrap_or_else(|e| panic!("{e}"));
        run(&mut db, &UserDao::new(pool), session())
    };
    assert_form_calls_shown(
        &transcript,
        ">>> user_dao.add_user(UserDTO(1, 'Dup'), user_map)\nmysql.connector.errors.IntegrityError: 1062 (23000): Duplicate entry '1' for key 'PRIMARY'\n",
    );
    assert!(transcript.contains("Unknown column 'nope'"), "{transcript}");
    let python = export_python_steps(&steps, &mysql_setup("mypool", 3), &options);
    assert_eq!(python.matches("class UserDAO").count(), 1);
    server.root_sql(fixture);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let printed = replayed(&python, &dir.path().join("session.py"));
    assert_eq!(printed, transcript);
}

#[test]
fn form_calls_on_the_demo_replay_with_sqlite3() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("demo.sqlite3");
    let (steps, transcript) = {
        let mut db = SqliteDatabase::open_demo(&path, false)?;
        let dao = SqliteUserDao::open(&path)?;
        let mut did = vec![Did::Sql(Call::Cursor(CursorOptions::default()))];
        did.extend(session());
        run(&mut db, &dao, did)
    };
    assert_form_calls_shown(
        &transcript,
        ">>> user_dao.add_user(UserDTO(1, 'Dup'), user_map)\nsqlite3.IntegrityError: UNIQUE constraint failed: user.id\n",
    );
    let python = export_sqlite_python_steps(&steps, &sqlite_setup("demo.sqlite3"), &path);
    reset_demo(&path)?;
    let printed = replayed(&python, &dir.path().join("session.py"));
    assert_eq!(printed, transcript);
    Ok(())
}

/// Ctrl-C during `for row in cursor` (Alt-L): the export used to write the whole loop, so
/// the replay printed every row of the result and went on with the cursor at its end. It
/// now stops after the rows the session printed, and the next fetch gets the same row.
#[test]
fn a_loop_stopped_by_ctrl_c_replays_to_the_rows_it_printed() {
    use std::time::{Duration, Instant};

    use rowwise::db::api::interrupt_loop;
    use rowwise::tui::app::{App, Settings};
    use rowwise::tui::event::AppEvent;
    use rowwise::tui::worker::{self, DbReply, DbRequest};

    let server = MariaDb::shared();
    server.root_sql("CREATE DATABASE IF NOT EXISTS export_stop");
    let options = server.tcp_options(Some("export_stop"));
    let db = MySqlDatabase::connect(&options, false).unwrap_or_else(|e| panic!("{e}"));
    let (tx, replies) = std::sync::mpsc::channel();
    let requests = worker::spawn(Box::new(db), tx, false).unwrap_or_else(|e| panic!("{e}"));
    let settings = Settings {
        fetch_on_run: true,
        theme: rowwise::tui::theme::Theme::default(),
        keymap: rowwise::tui::keymap::Keymap::default(),
        history: Vec::new(),
    };
    let mut app = App::new(settings, (100, 30), Instant::now());
    let wait_for = |id: u64, stop: bool, app: &mut App| loop {
        if stop {
            // Ctrl-C, again and again: the first may come before the loop starts.
            interrupt_loop();
        }
        match replies.recv_timeout(Duration::from_millis(2)) {
            Ok(AppEvent::Db(DbReply::Done(done))) if done.id == id => {
                let fetched = done.steps.last().map_or(0, |s| s.fetched);
                let _ = app.update(AppEvent::Db(DbReply::Done(done)));
                break fetched;
            }
            Ok(event) => {
                let _ = app.update(event);
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(e) => panic!("the worker is gone: {e}"),
        }
    };
    let send = |r: DbRequest| requests.send(r).unwrap_or_else(|e| panic!("{e}"));
    send(DbRequest::Run {
        id: 1,
        sql: "SELECT seq FROM seq_1_to_2000000".into(),
        prefetch: None,
    });
    wait_for(1, false, &mut app);
    send(DbRequest::Step {
        id: 2,
        command: Call::Iterate,
    });
    let printed = wait_for(2, true, &mut app);
    assert!(printed < 2_000_000, "the loop was not stopped");
    send(DbRequest::Step {
        id: 3,
        command: Call::FetchOne,
    });
    wait_for(3, false, &mut app);
    let python = app.replay.mysql(app.entries(), &options);
    assert!(
        python.contains(&format!("if n == {printed}:")) || printed == 0,
        "{python}"
    );
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = replayed(&python, &dir.path().join("session.py"));
    let mut rows = String::new();
    for n in 1..=printed {
        rows.push_str(&format!("({n},)\n"));
    }
    let expected = format!(
        "...\n{rows}KeyboardInterrupt\n>>> cursor.fetchone()\n({},)\n",
        printed + 1
    );
    assert!(
        out.ends_with(&expected),
        "{printed} rows printed; the replay ends:\n{}",
        &out[out.len().saturating_sub(300)..]
    );
}
