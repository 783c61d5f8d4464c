//! Output formats against the mysql client they imitate: `--html` (and `-N`) byte for byte
//! as the `mariadb` client prints them on the same server; JSON Lines and Markdown parsed
//! back.

mod common;

use std::process::Command;

use common::{MariaDb, rowwise, run, stderr};

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn mariadb(server: &MariaDb, flags: &[&str], sql: &str) -> Vec<u8> {
    let out = Command::new(common::find_program("mariadb"))
        .args(["--no-defaults", "-uroot", "--default-character-set=utf8mb4"])
        .arg(format!("--socket={}", server.socket.display()))
        .args(flags)
        .args(["-D", "test", "-e", sql])
        .output()
        .unwrap_or_else(|e| panic!("cannot run the mariadb client: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn ours(server: &MariaDb, flags: &[&str], sql: &str) -> Vec<u8> {
    let home = home();
    let out = run(rowwise(home.path())
        .args(["--no-defaults", "-h", "127.0.0.1", "-P"])
        .arg(server.port.to_string())
        .args(["-u", "root", "-D", "test"])
        .args(flags)
        .args(["-e", sql]));
    assert!(out.status.success(), "{}", stderr(&out));
    out.stdout
}

const QUERIES: [&str; 6] = [
    "SELECT 1 AS a, NULL AS b, '<x&y>\"q\"' AS `c<d>`",
    "SELECT _binary 0x00FF41223C AS b, 'Zoë ☃' AS z, '' AS empty, 1.5e0 AS f",
    "SELECT 1 AS a; SELECT 2 AS b, 'two' AS c",
    "SELECT 1 FROM DUAL WHERE 1 = 0",
    "DO 1",
    "SELECT 'tab\there', 'new\nline', 'back\\\\slash'",
];

#[test]
fn html_is_byte_for_byte_what_the_mariadb_client_prints() {
    let server = MariaDb::shared();
    for sql in QUERIES {
        for flags in [&["--html"][..], &["-H", "-N"][..]] {
            assert_eq!(
                String::from_utf8_lossy(&ours(server, flags, sql)),
                String::from_utf8_lossy(&mariadb(server, flags, sql)),
                "{flags:?} {sql}"
            );
        }
    }
}

#[test]
fn jsonl_is_one_parseable_object_per_row_across_result_sets() {
    let server = MariaDb::shared();
    let out = ours(
        server,
        &["--format", "jsonl"],
        "SELECT 1 AS n, 'a\"b' AS s, NULL AS z; SELECT 2.50 AS d UNION ALL SELECT 3",
    );
    let text = String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 3, "{text}");
    for row in &rows {
        let value: serde_json::Value =
            serde_json::from_str(row).unwrap_or_else(|e| panic!("{row}: {e}"));
        assert!(value.is_object(), "{row}");
    }
    assert_eq!(rows[0], "{\"n\": 1, \"s\": \"a\\\"b\", \"z\": null}");
    assert_eq!(rows[1], "{\"d\": 2.50}");
    assert_eq!(rows[2], "{\"d\": 3.00}");
}

#[test]
fn markdown_is_a_pipe_table_per_result() {
    let server = MariaDb::shared();
    let out = ours(
        server,
        &["--format", "markdown"],
        "SELECT 1 AS n, 'x|y' AS s, NULL AS z",
    );
    assert_eq!(
        String::from_utf8_lossy(&out),
        "| n | s | z |\n| ---: | --- | --- |\n| 1 | x\\|y | NULL |\n"
    );
}

#[test]
fn xml_is_byte_for_byte_what_the_mariadb_client_prints() {
    let server = MariaDb::shared();
    for sql in QUERIES
        .iter()
        .copied()
        .chain(["SELECT 1 AS a ;  SELECT\n  2 AS b  \n;\nSELECT 3 AS c"])
    {
        assert_eq!(
            String::from_utf8_lossy(&ours(server, &["--xml"], sql)),
            String::from_utf8_lossy(&mariadb(server, &["--xml"], sql)),
            "{sql}"
        );
    }
}

#[test]
fn json_is_one_document_across_result_sets_and_after_an_error() {
    let server = MariaDb::shared();
    let out = ours(
        server,
        &["--format", "json"],
        "SELECT 1 AS a; DO 1; SELECT 'x' AS b UNION ALL SELECT 'y'; SELECT 1 WHERE 0",
    );
    let value: serde_json::Value = serde_json::from_slice(&out)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out)));
    assert_eq!(value, serde_json::json!([{"a": 1}, {"b": "x"}, {"b": "y"}]));

    // The error stops the run; what was written is still one document.
    let home = home();
    let out = run(rowwise(home.path())
        .args(["--no-defaults", "-h", "127.0.0.1", "-P"])
        .arg(server.port.to_string())
        .args(["-u", "root", "-D", "test", "--format", "json"])
        .args([
            "-e",
            "SELECT 1 AS a; SELECT * FROM no_such_table; SELECT 2 AS a",
        ]));
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    assert_eq!(value, serde_json::json!([{"a": 1}]));
}
