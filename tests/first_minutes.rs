//! The first ten minutes of a new user (issue 16): the course's tables on a server with
//! `rowwise setup-course`, the same data as the demo database.

mod common;

use common::{MariaDb, rowwise, run, stderr, stdout};

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// Root over TCP, as a new user on their own machine connects.
fn root_flags(server: &MariaDb) -> Vec<String> {
    vec![
        "--no-defaults".into(),
        "-h".into(),
        "127.0.0.1".into(),
        "-P".into(),
        server.port.to_string(),
        "-u".into(),
        "root".into(),
    ]
}

fn batch(home: &std::path::Path, flags: &[String], sql: &str) -> String {
    let out = run(rowwise(home).args(flags).args(["-e", sql]));
    assert!(out.status.success(), "{sql}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn setup_course_creates_the_demos_tables_and_rows_on_a_server() {
    let server = MariaDb::shared();
    let home = home();
    let flags = root_flags(server);
    let out = run(rowwise(home.path())
        .args(&flags)
        .args(["setup-course", "course_fresh"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Created database `course_fresh`."),
        "{}",
        stdout(&out)
    );
    let mut on_server = flags.clone();
    on_server.extend(["-D".into(), "course_fresh".into()]);
    let demo = vec![
        "--demo".to_owned(),
        home.path().join("demo.sqlite3").display().to_string(),
    ];
    for sql in [
        "SELECT id, name FROM user ORDER BY id",
        "SELECT name, species, age FROM pet ORDER BY name",
        "SELECT city_id, city_name FROM city ORDER BY city_id",
        "SELECT student_id, name, fk_city_of_residence FROM student ORDER BY student_id",
        "SELECT article_id, title, published FROM article ORDER BY article_id",
        "SELECT creator_id, name FROM creator ORDER BY creator_id",
        "SELECT article_id, creator_id FROM authorship ORDER BY article_id, creator_id",
        "SELECT id, label FROM counter ORDER BY id",
    ] {
        assert_eq!(
            batch(home.path(), &on_server, sql),
            batch(home.path(), &demo, sql),
            "{sql}"
        );
    }
}

#[test]
fn setup_course_refuses_existing_tables_unless_asked_to_replace_them() {
    let server = MariaDb::shared();
    let home = home();
    let flags = root_flags(server);
    server.root_sql("CREATE DATABASE course_kept");
    server.root_sql_in(
        Some("course_kept"),
        "CREATE TABLE user (id INT PRIMARY KEY, name TEXT); INSERT INTO user VALUES (7, 'mine'); \
         CREATE TABLE notes (n INT); INSERT INTO notes VALUES (1)",
    );
    let out = run(rowwise(home.path())
        .args(&flags)
        .args(["setup-course", "course_kept"]));
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("database `course_kept` already has user: nothing was changed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        server.root_value("SELECT name FROM course_kept.user"),
        "mine"
    );
    assert_eq!(
        server.root_value(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'course_kept'"
        ),
        "2",
        "a refused setup created tables"
    );

    let out =
        run(rowwise(home.path())
            .args(&flags)
            .args(["setup-course", "--replace", "course_kept"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        server.root_value("SELECT GROUP_CONCAT(name ORDER BY id) FROM course_kept.user"),
        "John Doe,Jane Smith"
    );
    assert_eq!(server.root_value("SELECT n FROM course_kept.notes"), "1");
}

#[test]
fn setup_course_on_the_demo_database_is_refused() {
    let home = home();
    let out = run(rowwise(home.path()).args(["--no-defaults", "setup-course", "x"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("setup-course needs a server"),
        "{}",
        stderr(&out)
    );
}
