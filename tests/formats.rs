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

/// A table whose values render the same in both clients' boxes (no NULL-able or binary
/// columns), with keys, defaults and types enough to exercise every metadata line.
const COLUMN_INFO_TABLE: &str = "CREATE OR REPLACE TABLE test.colinfo (\
     id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, \
     name VARCHAR(20) NOT NULL DEFAULT 'x', \
     price DECIMAL(8,3) NOT NULL, \
     kind ENUM('a','b') NOT NULL, \
     flags SET('p','q') NOT NULL, \
     born DATE NOT NULL, \
     at TIMESTAMP NOT NULL DEFAULT '2020-01-02 03:04:05' ON UPDATE CURRENT_TIMESTAMP, \
     ratio DOUBLE NOT NULL, \
     small TINYINT(3) ZEROFILL NOT NULL, \
     big BIGINT NOT NULL UNIQUE, \
     note TEXT NOT NULL, \
     y YEAR NOT NULL, \
     KEY (name)) CHARSET utf8mb4";

const COLUMN_INFO_ROWS: &str = "INSERT INTO test.colinfo \
     (name, price, kind, flags, born, ratio, small, big, note, y) VALUES \
     ('Zoë', 12.5, 'a', 'p,q', '2001-02-03', 0.25, 7, 9000000000, 'long note here', 1999), \
     ('Al', 3, 'b', '', '1999-12-31', 1e10, 1, -1, '', 2000)";

/// Creates `colinfo` and its rows, once: the tests run in parallel.
fn column_info_table(server: &MariaDb) {
    static DONE: std::sync::Once = std::sync::Once::new();
    DONE.call_once(|| {
        server.root_sql(COLUMN_INFO_TABLE);
        server.root_sql(COLUMN_INFO_ROWS);
    });
}

/// `--column-type-info` prints every column's metadata before the table, byte for byte as
/// the mariadb client does: aliases, expressions, several results and an empty one.
#[test]
fn column_type_info_is_byte_for_byte_what_the_mariadb_client_prints() {
    let server = MariaDb::shared();
    column_info_table(server);
    let queries = [
        "SELECT * FROM colinfo ORDER BY id",
        "SELECT c.name AS person, price * 2 AS twice, 'é' AS lit, 1 + 1 AS two \
         FROM colinfo AS c ORDER BY id",
        "SELECT id FROM colinfo WHERE id < 0; SELECT COUNT(*) AS n, MAX(note) AS m FROM colinfo \
         GROUP BY kind ORDER BY kind",
    ];
    for sql in queries {
        let theirs = mariadb(server, &["--table", "--column-type-info"], sql);
        assert!(
            String::from_utf8_lossy(&theirs).contains("Org_table:  `colinfo`"),
            "{}",
            String::from_utf8_lossy(&theirs)
        );
        assert_eq!(
            String::from_utf8_lossy(&ours(
                server,
                &["--format", "table", "--column-type-info"],
                sql
            )),
            String::from_utf8_lossy(&theirs),
            "{sql}"
        );
    }
}

/// Line mode shows the same metadata before its table, and a result without rows shows
/// its columns and `0 rows in set` (as the mysql client does with the option on).
#[test]
fn column_type_info_in_line_mode() {
    use std::io::Write;
    let server = MariaDb::shared();
    column_info_table(server);
    let sql = "SELECT id, name FROM colinfo ORDER BY id";
    let expected = mariadb(server, &["--table", "--column-type-info"], sql);
    let home = home();
    let mut child = rowwise(home.path())
        .args([
            "--no-defaults",
            "--line",
            "--column-type-info",
            "-h",
            "127.0.0.1",
            "-P",
        ])
        .arg(server.port.to_string())
        .args(["-u", "root", "-D", "test"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(format!("{sql};\nSELECT id FROM colinfo WHERE id < 0;\n").as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&out.stdout);
    let expected = String::from_utf8_lossy(&expected);
    assert!(text.contains(expected.as_ref()), "{text}\n---\n{expected}");
    assert!(text.contains("2 rows in set"), "{text}");
    let empty = text
        .split("2 rows in set")
        .nth(1)
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        empty.contains("Field   1:  `id`\n") && empty.contains("Max_length: 0\n"),
        "{text}"
    );
    assert!(
        empty.contains("0 rows in set") && !empty.contains("Empty set"),
        "{text}"
    );
}

/// The `column-type-info` key of an option file turns it on as the flag does.
#[test]
fn column_type_info_from_an_option_file() {
    let server = MariaDb::shared();
    column_info_table(server);
    let home = home();
    let cnf = home.path().join("my.cnf");
    std::fs::write(&cnf, "[mysql]\ncolumn-type-info\n").unwrap_or_else(|e| panic!("{e}"));
    let sql = "SELECT id FROM colinfo ORDER BY id";
    let out = run(rowwise(home.path())
        .arg(format!("--defaults-file={}", cnf.display()))
        .args(["-h", "127.0.0.1", "-P"])
        .arg(server.port.to_string())
        .args(["-u", "root", "-D", "test", "--format", "table", "-e", sql]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&mariadb(server, &["--table", "--column-type-info"], sql)),
    );
    assert!(!stderr(&out).contains("ignored"), "{}", stderr(&out));
}

/// Outside a table the mysql client prints no metadata (tab-separated output stays
/// what a program reads); rowwise does the same and says so on stderr.
#[test]
fn column_type_info_outside_a_table_is_said_not_silent() {
    let server = MariaDb::shared();
    let home = home();
    let sql = "SELECT 1 AS a";
    let out = run(rowwise(home.path())
        .args(["--no-defaults", "-h", "127.0.0.1", "-P"])
        .arg(server.port.to_string())
        .args(["-u", "root", "-D", "test", "--column-type-info", "-e", sql]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&mariadb(server, &["--column-type-info"], sql))
    );
    assert_eq!(
        stderr(&out),
        "rowwise: --column-type-info shows with --format table only\n"
    );
}
