//! Bytes stay bytes: a `mariadb-dump` of random BLOBs, BINARY values, `_binary` literals and
//! latin1 text (SQL that is no valid UTF-8) restored by rowwise — batch, line mode and
//! `source` — gives the same tables as the same dump restored by the `mariadb` client
//! (`CHECKSUM TABLE` equal, and equal to the original).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{MariaDb, rowwise, stderr};

const SOURCE: &str = "dump_src";
const TABLES: &str = "blobs, latin1_text, raw_literals";

/// A small deterministic generator (xorshift64*), so a failure can be replayed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| (self.next() >> 24) as u8).collect()
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

fn program(name: &str) -> PathBuf {
    ["/usr/bin", "/usr/local/bin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{name} is needed for the dump round trip"))
}

/// The source database: 1,200 random BLOBs (every byte value, quotes, backslashes, NUL),
/// random BINARY(16) values, and latin1 text with every byte from 0x20 to 0xff.
fn make_source(server: &MariaDb) {
    let mut random = Random(0x05EE_D0FB_10B5);
    let mut sql = format!(
        "DROP DATABASE IF EXISTS {SOURCE}; CREATE DATABASE {SOURCE}; USE {SOURCE};
         CREATE TABLE blobs (id INT PRIMARY KEY, b LONGBLOB, fixed BINARY(16), vb VARBINARY(64));
         CREATE TABLE latin1_text (id INT PRIMARY KEY, t TEXT, c CHAR(40))
           CHARACTER SET latin1;
         CREATE TABLE raw_literals (id INT PRIMARY KEY, b BLOB, t VARCHAR(64) CHARACTER SET latin1);\n"
    );
    for chunk in 0..12 {
        let rows: Vec<String> = (0..100)
            .map(|i| {
                let id = chunk * 100 + i;
                let len = (random.next() % 3000) as usize;
                let vb = (random.next() % 64) as usize;
                format!(
                    "({id}, X'{}', X'{}', X'{}')",
                    hex(&random.bytes(len)),
                    hex(&random.bytes(16)),
                    hex(&random.bytes(vb))
                )
            })
            .collect();
        sql.push_str(&format!("INSERT INTO blobs VALUES {};\n", rows.join(",")));
    }
    let rows: Vec<String> = (0..300)
        .map(|id| {
            let text: Vec<u8> = (0..(random.next() % 200))
                .map(|_| 0x20 + (random.next() % 0xe0) as u8)
                .collect();
            let short: Vec<u8> = (0..40)
                .map(|_| 0xa0 + (random.next() % 0x60) as u8)
                .collect();
            format!(
                "({id}, _latin1 X'{}', _latin1 X'{}')",
                hex(&text),
                hex(&short)
            )
        })
        .collect();
    sql.push_str(&format!(
        "INSERT INTO latin1_text VALUES {};\n",
        rows.join(",")
    ));
    server.root_sql(&sql);
}

/// Statements a dump does not write but people do: `_binary` and latin1 literals whose
/// bytes are no UTF-8, written into the file raw.
fn raw_literal_statements() -> Vec<u8> {
    let mut out = Vec::new();
    for (id, bytes) in [
        (1, &b"\xff\xfe\x80 \xc3("[..]),
        (2, &b"\xe9t\xe9 \xe0 la plage \xa4"[..]),
        (3, &b"\xc3\xa9 valid UTF-8 \xf0\x9f\x90\x8d"[..]),
    ] {
        out.extend_from_slice(
            format!("INSERT INTO raw_literals VALUES ({id}, _binary '").as_bytes(),
        );
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"', _latin1 '");
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"');\n");
    }
    out
}

/// `mariadb-dump` of the source, followed by the raw-literal statements.
fn dump(server: &MariaDb) -> Vec<u8> {
    let out = Command::new(program("mariadb-dump"))
        .args(["--no-defaults", "-uroot"])
        .arg(format!("--socket={}", server.socket.display()))
        .args([SOURCE, "blobs", "latin1_text", "raw_literals"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run mariadb-dump: {e}"));
    assert!(out.status.success(), "mariadb-dump: {}", stderr(&out));
    let mut text = out.stdout;
    // The same latin1 table again, dumped in latin1: its text is then no valid UTF-8.
    let latin1 = Command::new(program("mariadb-dump"))
        .args(["--no-defaults", "-uroot", "--default-character-set=latin1"])
        .arg(format!("--socket={}", server.socket.display()))
        .args(["--no-create-info", "--replace", SOURCE, "latin1_text"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run mariadb-dump: {e}"));
    assert!(latin1.status.success(), "mariadb-dump: {}", stderr(&latin1));
    text.extend_from_slice(&latin1.stdout);
    text.extend_from_slice(b"/*!40101 SET NAMES utf8mb4 */;\n");
    text.extend_from_slice(&raw_literal_statements());
    assert!(
        std::str::from_utf8(&text).is_err(),
        "the dump must hold bytes that are no UTF-8"
    );
    text
}

fn feed(mut cmd: Command, input: &[u8]) -> std::process::Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input).unwrap_or_else(|e| panic!("{e}"));
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

fn checksums(server: &MariaDb, database: &str) -> Vec<String> {
    let tables: Vec<String> = TABLES
        .split(", ")
        .map(|t| format!("{database}.{t}"))
        .collect();
    server
        .root_value(&format!("CHECKSUM TABLE {}", tables.join(", ")))
        .lines()
        .map(|l| l.split('\t').nth(1).unwrap_or("").to_owned())
        .collect()
}

fn fresh(server: &MariaDb, database: &str) {
    server.root_sql(&format!(
        "DROP DATABASE IF EXISTS {database}; CREATE DATABASE {database}"
    ));
}

#[test]
fn a_dump_of_blobs_and_latin1_restores_byte_for_byte_in_batch_line_mode_and_source() {
    let server = MariaDb::shared();
    make_source(server);
    let dump = dump(server);
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));

    fresh(server, "dump_by_mariadb");
    let mut mariadb = Command::new(program("mariadb"));
    mariadb
        .args(["--no-defaults", "-uroot"])
        .arg(format!("--socket={}", server.socket.display()))
        .arg("dump_by_mariadb");
    let out = feed(mariadb, &dump);
    assert!(out.status.success(), "mariadb: {}", stderr(&out));
    let want = checksums(server, "dump_by_mariadb");
    assert_eq!(want.len(), 3);
    assert!(
        want.iter().all(|c| !c.is_empty() && c != "NULL"),
        "{want:?}"
    );

    fresh(server, "dump_by_batch");
    let mut batch = rowwise(home.path());
    batch.args(server.cli_flags("dump_by_batch"));
    let out = feed(batch, &dump);
    assert!(out.status.success(), "rowwise batch: {}", stderr(&out));
    assert_eq!(checksums(server, "dump_by_batch"), want, "batch");

    fresh(server, "dump_by_line");
    let mut line = rowwise(home.path());
    line.args(server.cli_flags("dump_by_line")).arg("--line");
    let out = feed(line, &dump);
    assert!(out.status.success(), "rowwise --line: {}", stderr(&out));
    assert!(!stderr(&out).contains("ERROR"), "{}", stderr(&out));
    assert_eq!(checksums(server, "dump_by_line"), want, "line mode");

    fresh(server, "dump_by_source");
    let file = home.path().join("dump.sql");
    std::fs::write(&file, &dump).unwrap_or_else(|e| panic!("{e}"));
    let mut source = rowwise(home.path());
    source
        .args(server.cli_flags("dump_by_source"))
        .arg("--line");
    let out = feed(source, format!("source {}\n", file.display()).as_bytes());
    assert!(out.status.success(), "rowwise source: {}", stderr(&out));
    assert!(!stderr(&out).contains("ERROR"), "{}", stderr(&out));
    assert_eq!(checksums(server, "dump_by_source"), want, "source");

    // And all of them equal the original tables.
    assert_eq!(checksums(server, SOURCE)[..2], want[..2]);
}

/// Piped line-mode input with a line that is no UTF-8 goes on to the next statement.
#[test]
fn invalid_utf8_in_piped_line_mode_does_not_end_the_session() {
    let server = MariaDb::shared();
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut line = rowwise(home.path());
    line.args(server.cli_flags("mysql")).arg("--line");
    let out = feed(
        line,
        b"SELECT HEX(_binary '\xff\xfe') AS h;\nSELECT 'still here' AS s;\n",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(text.contains("FFFE"), "{text}");
    assert!(text.contains("still here"), "{text}");
}

/// Runs `cmd` with stdin from `input` under GNU time; (output, peak RSS in MB).
fn with_peak(cmd: &Command, input: &Path) -> (std::process::Output, f64) {
    let report = input.with_extension("time");
    let mut timed = Command::new("/usr/bin/time");
    timed
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .stdin(std::fs::File::open(input).unwrap_or_else(|e| panic!("{e}")));
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => timed.env(k, v),
            None => timed.env_remove(k),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        timed.current_dir(dir);
    }
    let out = timed
        .output()
        .unwrap_or_else(|e| panic!("GNU time (/usr/bin/time) is needed to measure memory: {e}"));
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    let kb: f64 = text
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak memory in {text:?}"));
    (out, kb / 1024.0)
}

/// A statement over the server's `max_allowed_packet` is refused before it is sent, naming
/// its size and the server's limit (it was a bare 2013 and a lost connection), the session
/// goes on, and rowwise holds it in under 3x its size (it peaked at 13x).
#[test]
fn a_statement_over_max_allowed_packet_says_so_with_both_sizes_in_bounded_memory() {
    let server = MariaDb::start();
    let limit = 16 << 20;
    server.root_sql(&format!("SET GLOBAL max_allowed_packet = {limit}"));
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let input = home.path().join("big.sql");
    let filler = 40_000_000;
    let mut sql = b"SELECT LENGTH('".to_vec();
    sql.resize(sql.len() + filler, b'x');
    sql.extend_from_slice(b"') AS n;\nSELECT 'after' AS a;\n");
    let statement_len = 15 + filler + 7;
    std::fs::write(&input, &sql).unwrap_or_else(|e| panic!("{e}"));
    let want = format!(
        "Got packet bigger than 'max_allowed_packet' bytes: the statement is {statement_len} bytes, larger than the server's max_allowed_packet of {limit} bytes, so it was not sent"
    );
    for mode in [&["--force", "-N"][..], &["--line"][..]] {
        let mut cmd = rowwise(home.path());
        cmd.args(server.cli_flags("mysql"))
            .args(mode)
            .arg("--skip-print-query-on-error");
        let (out, peak) = with_peak(&cmd, &input);
        let err = stderr(&out);
        eprintln!("{mode:?}: a {statement_len}-byte statement, peak {peak:.0} MB");
        assert!(err.contains("ERROR 2020 (HY000)"), "{mode:?}: {err}");
        assert!(err.contains(&want), "{mode:?}: {err}");
        assert!(!err.contains("2013"), "{mode:?}: {err}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("after"),
            "{mode:?}: the session goes on"
        );
        assert!(
            peak < 3.0 * statement_len as f64 / 1e6,
            "{mode:?}: peak {peak:.0} MB for a {statement_len}-byte statement"
        );
    }
}

/// The SQLite demo takes only UTF-8 text: SQL that is no UTF-8 is refused, saying where,
/// never changed into U+FFFD and run.
#[test]
fn the_demo_refuses_sql_that_is_no_utf8_instead_of_changing_it() {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut demo = rowwise(home.path());
    demo.args(["--no-defaults", "--demo", "-N"]);
    let out = feed(demo, b"SELECT 'caf\xe9' AS c;\n");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("the statement is not valid UTF-8 (byte 12 of it), and this database takes only UTF-8 text"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}
