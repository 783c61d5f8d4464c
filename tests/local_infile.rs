//! `LOAD DATA LOCAL INFILE`: off unless `--local-infile` (or `local-infile` in an option
//! file) allows it, limited by `--load-data-local-dir`, with the mariadb client's errors.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{MariaDb, rowwise, run, stderr};

/// A fresh table `local_infile.NAME (a INT, b VARCHAR(10))` on the shared server, whose
/// `local_infile` must be on for any of this to work.
fn table(server: &MariaDb, name: &str) -> String {
    assert_eq!(server.root_value("SELECT @@GLOBAL.local_infile"), "1");
    server.root_sql(&format!(
        "CREATE DATABASE IF NOT EXISTS local_infile; \
         CREATE OR REPLACE TABLE local_infile.{name} (a INT, b VARCHAR(10))"
    ));
    format!("local_infile.{name}")
}

fn rows(server: &MariaDb, table: &str) -> String {
    server.root_value(&format!(
        "SELECT COALESCE(GROUP_CONCAT(a, '=', b ORDER BY a SEPARATOR ' '), '-') FROM {table}"
    ))
}

fn load(file: &Path, table: &str) -> String {
    format!(
        "LOAD DATA LOCAL INFILE '{}' INTO TABLE {table} FIELDS TERMINATED BY ','",
        file.display()
    )
}

fn ours(server: &MariaDb, home: &Path, flags: &[&str], sql: &str) -> Output {
    run(rowwise(home)
        .args(["--no-defaults", "-h", "127.0.0.1", "-P"])
        .arg(server.port.to_string())
        .args(["-u", "root"])
        .args(flags)
        .args(["-e", sql]))
}

fn files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("data.csv"), "1,one\n2,two\n").unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn a_csv_file_loads_with_local_infile() {
    let server = MariaDb::shared();
    let home = files();
    let csv = home.path().join("data.csv");
    let t = table(server, "loaded");
    let out = ours(server, home.path(), &["--local-infile"], &load(&csv, &t));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(rows(server, &t), "1=one 2=two");

    // The option-file key does the same.
    let t = table(server, "loaded_by_file");
    let cnf = home.path().join("my.cnf");
    std::fs::write(&cnf, "[client]\nlocal-infile=1\n").unwrap_or_else(|e| panic!("{e}"));
    let out = run(rowwise(home.path())
        .arg(format!("--defaults-file={}", cnf.display()))
        .args(["-h", "127.0.0.1", "-P"])
        .arg(server.port.to_string())
        .args(["-u", "root", "-e", &load(&csv, &t)]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("ignored"), "{}", stderr(&out));
    assert_eq!(rows(server, &t), "1=one 2=two");
}

#[test]
fn without_local_infile_it_is_refused_and_says_how_to_allow_it() {
    let server = MariaDb::shared();
    let home = files();
    let csv = home.path().join("data.csv");
    let t = table(server, "refused");
    for flags in [&[][..], &["--local-infile=0"][..]] {
        let out = ours(server, home.path(), flags, &load(&csv, &t));
        assert_eq!(out.status.code(), Some(1), "{flags:?}");
        let err = stderr(&out);
        assert!(
            err.contains("ERROR 4166 (HY000) at line 1: The used command is not allowed")
                && err.contains("--local-infile"),
            "{flags:?}: {err}"
        );
    }
    assert_eq!(rows(server, &t), "-");
}

#[test]
fn a_file_outside_load_data_local_dir_is_refused() {
    let server = MariaDb::shared();
    let home = files();
    let dir = home.path().join("allowed");
    std::fs::create_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("in.csv"), "3,three\n").unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(home.path().join("data.csv"), dir.join("link.csv"))
        .unwrap_or_else(|e| panic!("{e}"));
    let t = table(server, "limited");
    let allow = format!("--load-data-local-dir={}", dir.display());
    for flags in [
        &[allow.as_str()][..],
        &["--local-infile", allow.as_str()][..],
    ] {
        for outside in [dir.join("../data.csv"), dir.join("link.csv")] {
            let out = ours(server, home.path(), flags, &load(&outside, &t));
            assert_eq!(out.status.code(), Some(1), "{flags:?}");
            let err = stderr(&out);
            let named = format!(
                "'{}' (resolved: '{}') is not inside --load-data-local-dir '{}'",
                outside.display(),
                home.path().join("data.csv").display(),
                dir.display()
            );
            assert!(
                err.contains(
                    "ERROR 2068 (HY000) at line 1: LOAD DATA LOCAL INFILE file request rejected"
                ) && err.contains(&named),
                "{err}"
            );
        }
    }
    assert_eq!(rows(server, &t), "-");
    let out = ours(
        server,
        home.path(),
        &[&allow],
        &load(&dir.join("in.csv"), &t),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(rows(server, &t), "3=three");
}

/// A missing file is the mariadb client's error, byte for byte, and the session goes on
/// in step with the server (`--force` runs the next statement on it).
#[test]
fn a_missing_file_gives_the_clients_error() {
    let server = MariaDb::shared();
    let home = files();
    let t = table(server, "missing");
    let sql = format!(
        "{};\nSELECT COUNT(*) AS n FROM {t};\n",
        load(&home.path().join("nope.csv"), &t)
    );
    let mut theirs = Command::new(common::find_program("mariadb"));
    theirs
        .args(["--no-defaults", "-uroot", "--local-infile", "--force"])
        .arg(format!("--socket={}", server.socket.display()));
    let theirs = piped(&mut theirs, &sql);
    let mut ours = rowwise(home.path());
    ours.args(["--no-defaults", "-h", "127.0.0.1", "-P"])
        .arg(server.port.to_string())
        .args(["-u", "root", "--local-infile", "--force"]);
    let ours = piped(&mut ours, &sql);
    assert!(
        stderr(&ours).contains("ERROR 2 (HY000) at line 1: File '"),
        "{}",
        stderr(&ours)
    );
    assert_eq!(stderr(&ours), String::from_utf8_lossy(&theirs.stderr));
    assert_eq!(
        String::from_utf8_lossy(&ours.stdout),
        String::from_utf8_lossy(&theirs.stdout)
    );
    assert_eq!(String::from_utf8_lossy(&ours.stdout), "n\n0\n");
}

/// Runs `cmd` with `input` on its standard input.
fn piped(cmd: &mut Command, input: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

/// A statement the client-side check does not recognise (a comment inside `LOAD DATA
/// LOCAL`) reaches the server, whose file request is refused, or served, by the handler:
/// before, the driver answered it with an empty file and the statement "succeeded".
#[test]
fn a_file_request_the_statement_check_misses_is_not_a_silent_empty_load() {
    let server = MariaDb::shared();
    let home = files();
    let t = table(server, "unforeseen");
    let sql = |file: &Path| {
        format!(
            "LOAD DATA /* hidden */ LOCAL INFILE '{}' INTO TABLE {t} FIELDS TERMINATED BY ','",
            file.display()
        )
    };
    let out = ours(
        server,
        home.path(),
        &[],
        &sql(&home.path().join("data.csv")),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("ERROR 4166 (HY000) at line 1:")
            && stderr(&out).contains("--local-infile"),
        "{}",
        stderr(&out)
    );
    assert_eq!(rows(server, &t), "-");
    let out = ours(
        server,
        home.path(),
        &["--local-infile"],
        &sql(&home.path().join("nope.csv")),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("ERROR 2 (HY000) at line 1: File '"),
        "{}",
        stderr(&out)
    );
    let out = ours(
        server,
        home.path(),
        &["--local-infile"],
        &sql(&home.path().join("data.csv")),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(rows(server, &t), "1=one 2=two");
}
