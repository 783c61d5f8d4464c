//! The statement splitter against the `mariadb` client on real SQL not written for rowwise:
//! MariaDB's own regression-test files (Debian's `mariadb-test-data`, which
//! scripts/ensure-tools.sh installs). Each file is fed to `mariadb --force` and to `rowwise
//! --force` in batch mode; the server's general log records what each sent, and the two
//! lists of statements must be the same, statement for statement. The files run as a user
//! without privileges and with a statement time limit, so they change nothing.
//!
//! Statements are compared without comments and whitespace: the mariadb client strips
//! comments before sending (its default `--skip-comments`), rowwise sends them; the
//! boundaries are what is compared.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{MariaDb, rowwise};
use rowwise::sql::Scanner;

const CORPUS: &str = "/usr/share/mysql/mysql-test";
const SPLITTER: &str = "splitter";
const SPLITTER_PW: &str = "split-pw";
const BEGIN: &str = "SELECT 'corpus-begin'";

/// Lines the two clients treat as their own commands at the start of a statement and that
/// rowwise's batch mode does not mirror (it has no second connection, no shell): files
/// with them are left out, and counted.
fn has_client_only_command(text: &str) -> bool {
    text.lines().any(|line| {
        let word: String = line
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '\\' || *c == '!')
            .collect::<String>()
            .to_ascii_lowercase();
        matches!(
            word.as_str(),
            "connect"
                | "exit"
                | "quit"
                | "source"
                | "system"
                | "tee"
                | "pager"
                | "edit"
                | "charset"
                | "ego"
                | "go"
                | "print"
                | "prompt"
                | "rehash"
                | "status"
                | "help"
                | "clear"
                | "notee"
                | "nopager"
                | "warnings"
                | "nowarning"
        ) || line.trim_start().starts_with('\\')
    })
}

/// The corpus: the client test inputs (`*.sql`) and every 3rd `main/*.test` file, in name
/// order, up to 60 KB each.
fn corpus() -> (Vec<PathBuf>, usize) {
    let root = Path::new(CORPUS);
    assert!(
        root.join("main").is_dir(),
        "{CORPUS} is missing: install Debian's mariadb-test-data (scripts/test does)"
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("main"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let sql = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .cloned();
    let tests = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "test"))
        .step_by(3)
        .cloned();
    let mut left_out = 0;
    let chosen = sql
        .chain(tests)
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            let ok = bytes.len() <= 60_000 && !has_client_only_command(&text);
            left_out += usize::from(!ok);
            ok
        })
        .collect();
    (chosen, left_out)
}

/// A statement without comments, whitespace and dashes (the part both clients must agree
/// on). Dashes go too: the mariadb client has already cut `--` and what follows at the end
/// of `------`, and cutting again here would take two more from its copy only.
fn normalized(statement: &[u8]) -> Vec<u8> {
    Scanner::new(";")
        .content_positions(statement)
        .map(|i| statement[i].to_ascii_lowercase())
        .filter(|b| *b != b'-')
        .collect()
}

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
        .collect()
}

/// What the splitter user sent since the log was emptied, from the `BEGIN` marker on.
fn sent(server: &MariaDb) -> Vec<Vec<u8>> {
    let rows = server.root_value(&format!(
        "SELECT HEX(argument) FROM mysql.general_log WHERE command_type = 'Query' AND user_host LIKE '{SPLITTER}[%'"
    ));
    let statements: Vec<Vec<u8>> = rows.lines().map(unhex).collect();
    let begin = normalized(BEGIN.as_bytes());
    statements
        .into_iter()
        .map(|s| normalized(&s))
        .skip_while(|s| *s != begin)
        .skip(1)
        // rowwise's own look-up before a long statement; mariadb's after DROP DATABASE.
        .filter(|s| s.as_slice() != b"select@@max_allowed_packet")
        .filter(|s| s.as_slice() != b"selectdatabase()")
        // `use db` is the clients' command: mariadb sends COM_INIT_DB, rowwise a USE.
        .filter(|s| !s.starts_with(b"use"))
        .collect()
}

fn run_with_input(mut cmd: Command, input: &[u8]) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        let _ = stdin.write_all(input);
    }
    let started = std::time::Instant::now();
    loop {
        if child.try_wait().ok().flatten().is_some() {
            return;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn statement_boundaries_match_the_mariadb_client_on_mariadbs_own_test_files() {
    let (mut files, left_out) = corpus();
    // ROWWISE_CORPUS_FILE=name: only that file, printing both lists (to study a difference).
    let only = std::env::var("ROWWISE_CORPUS_FILE").ok();
    if let Some(name) = &only {
        files.retain(|f| f.ends_with(name));
    }
    let server = MariaDb::start();
    server.root_sql(&format!(
        "CREATE USER '{SPLITTER}'@'%' IDENTIFIED BY '{SPLITTER_PW}' WITH MAX_STATEMENT_TIME 0.2;
         SET GLOBAL log_output = 'TABLE'; SET GLOBAL general_log = 1;"
    ));
    let flags = [
        "--no-defaults".to_owned(),
        "--force".to_owned(),
        "-h".to_owned(),
        "127.0.0.1".to_owned(),
        "-P".to_owned(),
        server.port.to_string(),
        "-u".to_owned(),
        SPLITTER.to_owned(),
        format!("-p{SPLITTER_PW}"),
    ];
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut compared = 0;
    let mut differences = Vec::new();
    for file in &files {
        let mut input = format!("{BEGIN};\n").into_bytes();
        input.extend(std::fs::read(file).unwrap_or_else(|e| panic!("{e}")));

        server.root_sql("TRUNCATE mysql.general_log");
        let mut mariadb = Command::new("mariadb");
        mariadb.args(&flags).current_dir(home.path());
        run_with_input(mariadb, &input);
        let want = sent(&server);

        server.root_sql("TRUNCATE mysql.general_log");
        let mut ours = rowwise(home.path());
        ours.args(&flags).arg("--skip-print-query-on-error");
        run_with_input(ours, &input);
        let got = sent(&server);

        if only.is_some() {
            for (i, (w, g)) in want.iter().zip(&got).enumerate() {
                eprintln!(
                    "{i}\n  mariadb {}\n  rowwise {}",
                    String::from_utf8_lossy(w),
                    String::from_utf8_lossy(g)
                );
            }
        }
        compared += want.len();
        if got != want {
            let at = got.iter().zip(&want).take_while(|(a, b)| a == b).count();
            differences.push(format!(
                "{}: statement {at} of {}: rowwise sent {:?}, mariadb {:?}",
                file.display(),
                want.len(),
                got.get(at).map(|s| String::from_utf8_lossy(s).into_owned()),
                want.get(at)
                    .map(|s| String::from_utf8_lossy(s).into_owned()),
            ));
        }
    }
    eprintln!(
        "{} files ({left_out} left out for client-only commands), {compared} statements compared, {} files differ",
        files.len(),
        differences.len()
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    if only.is_none() {
        assert!(files.len() >= 300, "only {} files", files.len());
        assert!(compared >= 14_000, "only {compared} statements");
    }
}
