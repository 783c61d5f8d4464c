//! Runs every cargo example in a temporary folder holding a `connector.cnf` for the private
//! server (each example on a database of its own) and checks its exit status and output.
//!
//! The example programs are built by this test (see `build_examples`) into
//! `target/<profile>/examples/`, next to this test binary's folder. Where an example shows
//! connector behaviour (statements, reprs, errors), the expected lines were compared with
//! mysql-connector-python 8.4.0 running the same Python.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use common::{MariaDb, PASSWORD, USER, stderr, stdout};

const EXAMPLES: [&str; 10] = [
    "connect",
    "cursor_kinds",
    "crud",
    "fetch",
    "user_dao",
    "pool",
    "identity_map",
    "injection",
    "loop_rows",
    "bulk_insert",
];

/// `target/<profile>/`, where this test binary's `deps/` folder is.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("no current exe: {e}"));
    exe.parent().and_then(Path::parent).map_or_else(
        || panic!("unexpected test binary path {}", exe.display()),
        Path::to_path_buf,
    )
}

/// Builds the example binaries once per run: `cargo test --all-targets` compiles examples
/// only as test harnesses, so the programs themselves are built here (a no-op when they
/// are up to date). The variables cargo sets for a test process are removed first, or the
/// nested build would see a different environment and rebuild dependencies.
fn build_examples() {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let profile_dir = profile_dir();
        let profile = match profile_dir.file_name().and_then(|n| n.to_str()) {
            Some("debug") | None => "dev".to_owned(),
            Some(other) => other.to_owned(),
        };
        let mut cmd = Command::new(env!("CARGO"));
        for (var, _) in std::env::vars_os() {
            let name = var.to_string_lossy();
            let set_by_cargo = [
                "CARGO_PKG_",
                "CARGO_MANIFEST_",
                "CARGO_BIN_EXE_",
                "CARGO_CRATE_",
                "CARGO_PRIMARY_",
                "CARGO_TARGET_TMPDIR",
                "LD_LIBRARY_PATH",
                "OUT_DIR",
                "RUST_RECURSION_COUNT",
            ]
            .iter()
            .any(|prefix| name.starts_with(prefix));
            if set_by_cargo {
                cmd.env_remove(&var);
            }
        }
        cmd.args(["build", "--examples", "--quiet", "--profile", &profile])
            .arg("--manifest-path")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .arg("--target-dir")
            .arg(profile_dir.parent().unwrap_or(&profile_dir));
        let out = cmd
            .output()
            .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
        assert!(
            out.status.success(),
            "building the examples failed:\n{}",
            stderr(&out)
        );
    });
}

fn example_binary(name: &str) -> PathBuf {
    build_examples();
    let path = profile_dir().join("examples").join(name);
    assert!(path.exists(), "{} was not built", path.display());
    path
}

/// A folder with a `connector.cnf` for the private server and a fresh `database`.
fn folder(database: &str, password: &str) -> tempfile::TempDir {
    let server = MariaDb::shared();
    server.root_sql(&format!(
        "DROP DATABASE IF EXISTS {database}; CREATE DATABASE {database}"
    ));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("no temp dir: {e}"));
    let cnf = format!(
        "[client]\nuser={USER}\npassword={password}\nhost=127.0.0.1\nport={}\ndatabase={database}\n",
        server.port
    );
    std::fs::write(dir.path().join("connector.cnf"), cnf).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn run_example(name: &str, dir: &Path) -> Output {
    let mut cmd = Command::new(example_binary(name));
    for var in [
        "MYSQL_PWD",
        "MYSQL_HOST",
        "MYSQL_TCP_PORT",
        "MYSQL_UNIX_PORT",
    ] {
        cmd.env_remove(var);
    }
    cmd.current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run example {name}: {e}"))
}

/// Runs `name` in its own folder and database; it must succeed.
fn run_ok(name: &str) -> String {
    let dir = folder(&format!("ex_{name}"), PASSWORD);
    let out = run_example(name, dir.path());
    assert!(
        out.status.success(),
        "example {name} failed ({:?}):\n{}\n{}",
        out.status.code(),
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

#[test]
fn every_example_named_in_the_issue_exists_with_a_slide_comment_on_top() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for name in EXAMPLES {
        let source = std::fs::read_to_string(dir.join(format!("{name}.rs")))
            .unwrap_or_else(|e| panic!("examples/{name}.rs: {e}"));
        assert!(
            source.starts_with("//! Slide"),
            "examples/{name}.rs must open with the slide it shows"
        );
        example_binary(name);
    }
}

#[test]
fn user_dao_prints_the_users_as_the_course_main_does() {
    assert_eq!(run_ok("user_dao"), "1 John Doe\n2 Jane Smith\n");
}

#[test]
fn user_dao_run_twice_keeps_the_users_and_says_why_on_stderr() {
    let dir = folder("ex_user_dao_twice", PASSWORD);
    assert!(run_example("user_dao", dir.path()).status.success());
    let out = run_example("user_dao", dir.path());
    assert!(out.status.success());
    assert_eq!(stdout(&out), "1 John Doe\n2 Jane Smith\n");
    assert!(
        stderr(&out).contains(
            "user 1 is there already: mysql.connector.errors.IntegrityError: 1062 (23000)"
        )
    );
}

#[test]
fn connect_connects_and_closes() {
    let out = run_ok("connect");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines
            .first()
            .is_some_and(|l| l.starts_with("Connected to ")),
        "{out}"
    );
    assert_eq!(lines.get(1), Some(&"Connection closed"));
}

#[test]
fn connect_handles_a_wrong_password_and_a_missing_database_as_the_course_does() {
    let dir = folder("ex_connect_denied", "wrong-password");
    let out = run_example("connect", dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "Something is wrong w/ uname or password\n");

    let dir = folder("ex_connect_nodb", PASSWORD);
    let cnf = dir.path().join("connector.cnf");
    let text = std::fs::read_to_string(&cnf).unwrap_or_default();
    std::fs::write(
        &cnf,
        text.replace("database=ex_connect_nodb", "database=no_such_db"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = run_example("connect", dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "Database does not exist\n");
}

#[test]
fn an_example_without_connector_cnf_fails_with_a_message() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = run_example("fetch", dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot read option file connector.cnf"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn cursor_kinds_shows_each_class_and_its_rows() {
    let want = "\
cnx.cursor()  # MySQLCursor
    (1, 'John Doe')
    (2, 'Jane Smith')
cnx.cursor(dictionary=True)  # MySQLCursorDict
    {'id': 1, 'name': 'John Doe'}
    {'id': 2, 'name': 'Jane Smith'}
cnx.cursor(named_tuple=True)  # MySQLCursorNamedTuple
    Row(id=1, name='John Doe')
    Row(id=2, name='Jane Smith')
cnx.cursor(prepared=True)  # MySQLCursorPrepared
    (1, 'John Doe')
    (2, 'Jane Smith')
cnx.cursor(raw=True)  # MySQLCursorRaw
    (b'1', b'John Doe')
    (b'2', b'Jane Smith')
";
    assert_eq!(run_ok("cursor_kinds"), want);
}

#[test]
fn crud_inserts_updates_and_deletes_with_commit() {
    let want = "\
>>> cursor.execute(add_user, (3, 'John Doe'))
>>> cnx.commit()
>>> cursor.rowcount
1
user table: [(1, 'John Doe'), (2, 'Jane Smith'), (3, 'John Doe')]
>>> cursor.execute(update_user, ('John Doe Jr.', 3))
>>> cnx.commit()
>>> cursor.rowcount
1
user table: [(1, 'John Doe'), (2, 'Jane Smith'), (3, 'John Doe Jr.')]
>>> cursor.execute(delete_user, (3,))
>>> cnx.commit()
>>> cursor.rowcount
1
user table: [(1, 'John Doe'), (2, 'Jane Smith')]
>>> cursor.close()
";
    assert_eq!(run_ok("crud"), want);
}

#[test]
fn fetch_walks_the_result_set_every_way_the_slides_show() {
    let want = "\
# for (id, name) in cursor: print(id, name)
1 John Doe
2 Jane Smith
# cursor_dict = cnx.cursor(dictionary=True)
# for row in cursor_dict: print(row[\"id\"], row[\"name\"])
1 John Doe
2 Jane Smith
# rows = cursor.fetchall(); print(rows)
[(1, 'John Doe'), (2, 'Jane Smith')]
# row = cursor.fetchone()
# while row is not None: print(row); row = cursor.fetchone()
(1, 'John Doe')
(2, 'Jane Smith')
# rows = cursor.fetchmany(1)
# while rows: print(rows); rows = cursor.fetchmany(1)
[(1, 'John Doe')]
[(2, 'Jane Smith')]
";
    assert_eq!(run_ok("fetch"), want);
}

#[test]
fn pool_lends_three_refuses_the_fourth_and_resets_returned_sessions() {
    let out = run_ok("pool");
    for line in [
        ">>> cnxpool = pooling.MySQLConnectionPool(pool_name='mypool', pool_size=3, option_files='connector.cnf')",
        "# pool 'mypool': size 3, in use 3, free 0",
        ">>> cnx4 = cnxpool.get_connection()\nmysql.connector.errors.PoolError: Failed getting connection; pool exhausted",
        ">>> cnx1.close()  # back to the pool, not closed\n# pool 'mypool': size 3, in use 2, free 1",
        "# same session as cnx1: True",
        "# @greeting after the session reset: None",
        "# a thread borrowed a connection and got 2",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
    assert!(
        out.ends_with("# pool 'mypool': size 3, in use 0, free 3\n"),
        "{out}"
    );
}

#[test]
fn identity_map_makes_the_shared_creator_one_object() {
    let want = "\
# without an identity map: a new map for every query
1 Patterns of Enterprise Application Architecture: Martin Fowler, David Rice
2 Refactoring: Martin Fowler, Kent Beck
creator == creator: True
creator is creator: False
# with an identity map per table
1 Patterns of Enterprise Application Architecture: Martin Fowler, David Rice
2 Refactoring: Martin Fowler, Kent Beck
creator == creator: True
creator is creator: True
Martin Fowler.articles: Patterns of Enterprise Application Architecture, Refactoring
# article_dao.get_creator(1, creator_map) -> from the map: True, query sent: False, same object: True
";
    assert_eq!(run_ok("identity_map"), want);
}

#[test]
fn injection_leaks_rows_when_string_built_and_stores_the_payload_when_parametric() {
    let want = r#"# user_name = "' OR '1'='1"
>>> query = f"SELECT id, name FROM user WHERE name = '{user_name}'"
>>> cursor.execute(query)  # SELECT id, name FROM user WHERE name = '' OR '1'='1'
[(1, 'John Doe'), (2, 'Jane Smith')]
>>> cursor.execute("SELECT id, name FROM user WHERE name = %s", ("' OR '1'='1",))
[]
>>> cursor.statement
"SELECT id, name FROM user WHERE name = '\\' OR \\'1\\'=\\'1'"
# user_name = "'; delete * from users ; --"
>>> query = f"SELECT id, name FROM user WHERE name = '{user_name}'"
>>> cursor.execute(query)  # SELECT id, name FROM user WHERE name = ''; delete * from users ; --'
mysql.connector.errors.InterfaceError: Use multi=True when executing multiple statements
>>> cursor.execute("SELECT id, name FROM user WHERE name = %s", ("'; delete * from users ; --",))
[]
>>> cursor.statement
"SELECT id, name FROM user WHERE name = '\\'; delete * from users ; --'"
# the slide's payload typed as a name, through the DAO
>>> user_dao.add_user(UserDTO(3, "'; delete * from users ; --"), user_map)
# parametric: INSERT INTO user (id, name) VALUES (%s, %s)  params (3, "'; delete * from users ; --")
# string-built it would have been: INSERT INTO user (id, name) VALUES (3, ''; delete * from users ; --')
# stored name: "'; delete * from users ; --"  verbatim: True
# users in the table: 3
"#;
    assert_eq!(run_ok("injection"), want);
}

/// Runs `name --demo PATH` on a fresh demo file; it must succeed.
fn run_demo_ok(name: &str) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("no temp dir: {e}"));
    let out = Command::new(example_binary(name))
        .arg("--demo")
        .arg(dir.path().join("demo.sqlite3"))
        .current_dir(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run example {name}: {e}"));
    assert!(
        out.status.success(),
        "example {name} --demo failed ({:?}):\n{}\n{}",
        out.status.code(),
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// What `loop_rows` prints, less `execute`'s echo (sqlite3's `execute` returns the cursor).
const LOOP_ROWS: &str = "\
# every row: for row in cursor: print(row)
>>> cursor = cnx.cursor()
>>> cursor.execute('SELECT id, name FROM user WHERE id IN (1, 2) ORDER BY id')
ECHO>>> for row in cursor:
...     print(row)
...
(1, 'John Doe')
(2, 'Jane Smith')
# after one fetchone(), the loop prints the rows that are left
>>> cursor.execute('SELECT id, name FROM user WHERE id IN (1, 2) ORDER BY id')
ECHO>>> cursor.fetchone()
(1, 'John Doe')
>>> for row in cursor:
...     print(row)
...
(2, 'Jane Smith')
# a second loop has nothing left to print
>>> for row in cursor:
...     print(row)
...
";

/// Checked against mysql-connector-python 8.4.0 and Python 3.11's sqlite3 running the
/// same steps (tools/oracle, `tools/sqlite_oracle`).
#[test]
fn loop_rows_loops_over_the_cursor_on_the_server_and_on_the_demo() {
    assert_eq!(run_ok("loop_rows"), LOOP_ROWS.replace("ECHO", ""));
    assert_eq!(
        run_demo_ok("loop_rows"),
        LOOP_ROWS.replace("ECHO", "<sqlite3.Cursor object at 0x...>\n")
    );
}

#[test]
fn bulk_insert_is_one_multi_row_insert_on_the_server_and_a_loop_on_the_demo() {
    let rows = "\
>>> for row in cursor:
...     print(row)
...
(1, 'John Doe')
(2, 'Jane Smith')
(3, 'Ann')
(4, \"O'Brien\")
(5, 'Zoë')
>>> cnx.rollback()
";
    let server = format!(
        "\
>>> cursor = cnx.cursor()
>>> cursor.executemany('INSERT INTO user (id, name) VALUES (%s, %s)', [(3, 'Ann'), (4, \"O'Brien\"), (5, 'Zoë')])
>>> cursor.rowcount
3
>>> cursor.statement
\"INSERT INTO user (id, name) VALUES (3, 'Ann'),(4, 'O\\\\'Brien'),(5, 'Zoë')\"
>>> cursor.execute('SELECT id, name FROM user ORDER BY id')
{rows}"
    );
    let dir = folder("ex_bulk_insert", PASSWORD);
    for _ in 0..2 {
        // Rolled back: a second run finds the table as the first did.
        let out = run_example("bulk_insert", dir.path());
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(stdout(&out), server);
    }
    let demo = format!(
        "\
>>> cursor = cnx.cursor()
# sqlite3 uses ? placeholders, not %s: rewritten below
>>> cursor.executemany('INSERT INTO user (id, name) VALUES (?, ?)', [(3, 'Ann'), (4, \"O'Brien\"), (5, 'Zoë')])
<sqlite3.Cursor object at 0x...>
>>> cursor.rowcount
3
>>> cursor.execute('SELECT id, name FROM user ORDER BY id')
<sqlite3.Cursor object at 0x...>
{rows}"
    );
    assert_eq!(run_demo_ok("bulk_insert"), demo);
}
