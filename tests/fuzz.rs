//! Hostile input, fuzzed with proptest: the statement splitter, the Python-literal parser,
//! the option-file parser, the connection-URL parser, and `%s` interpolation checked
//! against the real server. Each property runs a modest number of cases by default so the
//! file stays quick in a debug build; `PROPTEST_CASES=20000 cargo test --release --test
//! fuzz` runs a longer campaign.

mod common;

use std::cell::RefCell;
use std::path::Path;

use common::MariaDb;
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rowwise::config::{Directive, normalize_key, parse_option_file, parse_url, redact_url};
use rowwise::db::{Connection, CursorOptions};
use rowwise::pyrepr::{PyValue, parse_tuple};
use rowwise::sql::{Scanner, StatementReader, has_content, split};

/// Cases per property: `PROPTEST_CASES` when set, else `default` (kept small for CI).
fn config(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        // Failures are turned into named regression tests in the library, not files.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Runs `test` over `strategy`, panicking with proptest's minimal failing case.
fn check<S: Strategy>(
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(config(default_cases));
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------------------
// The statement splitter

/// Text made of the tokens that change the splitter's state, in any order: the input most
/// likely to find a place where the scanner loses track.
fn sql_soup() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "'",
        "\"",
        "`",
        "\\",
        ";",
        "$$",
        "//",
        "--",
        "-- ",
        "--\t",
        "#",
        "/*",
        "*/",
        "/*!",
        "/*!50003 ",
        "/*M!",
        "\n",
        "\r\n",
        " ",
        "\t",
        "SELECT",
        "1",
        "x",
        "é",
        "🙂",
        "\\G",
        "\\g",
        "''",
        "``",
        "DELIMITER ",
        "\u{3000}",
        "\u{85}",
    ]);
    prop_oneof![
        prop::collection::vec(token, 0..40).prop_map(|t| t.concat()),
        any::<String>(),
    ]
}

/// Does `gap` hold no SQL? It is cut at its delimiters, and each piece, trimmed of
/// whitespace (Unicode's, as the splitter trims), must be only comments — or `;` when the
/// delimiter is another, since a piece of only `;` is dropped too.
fn no_sql(gap: &str, delimiter: &str) -> bool {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (at, after) in Scanner::new(delimiter).delimiters(gap) {
        pieces.push(&gap[start..at]);
        start = after;
    }
    pieces.push(&gap[start..]);
    pieces.iter().all(|piece| {
        let piece = piece.trim();
        Scanner::new(delimiter)
            .content_positions(piece)
            .all(|at| piece.as_bytes()[at] == b';')
    })
}

fn delimiter() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![";", ";", "$$", "//", ";;", "é"])
}

proptest! {
    #![proptest_config(config(400))]

    /// Any text splits without a panic; each statement is the exact slice of the text it
    /// claims, in order; and nothing outside the statements is SQL — so putting the pieces
    /// back together loses no byte of any statement.
    #[test]
    fn splitting_never_panics_and_every_byte_outside_statements_is_no_sql(
        text in sql_soup(),
        delim in delimiter(),
    ) {
        let statements = split(&text, delim);
        let mut at = 0;
        for s in &statements {
            prop_assert!(s.start >= at && s.start <= s.end && s.end <= text.len());
            prop_assert_eq!(&text[s.start..s.end], s.text.as_str());
            prop_assert!(has_content(&s.text), "{:?} is no SQL", s.text);
            let gap = &text[at..s.start];
            prop_assert!(no_sql(gap, delim), "SQL lost between statements: {:?}", gap);
            at = s.end;
        }
        let tail = &text[at..];
        prop_assert!(no_sql(tail, delim), "SQL lost after the last statement: {:?}", tail);
    }

    /// Splitting, joining the statements with the delimiter on a line of its own, and
    /// splitting again gives the same statements.
    #[test]
    fn joining_the_statements_and_splitting_again_gives_them_back(
        text in sql_soup(),
        delim in delimiter(),
    ) {
        let first: Vec<String> = split(&text, delim).into_iter().map(|s| s.text).collect();
        let joined = first.join(&format!("\n{delim}\n"));
        let again: Vec<String> = split(&joined, delim).into_iter().map(|s| s.text).collect();
        prop_assert_eq!(again, first);
    }

    /// The line-by-line reader the REPL and batch mode use never panics either.
    #[test]
    fn the_line_reader_never_panics(text in sql_soup()) {
        let mut reader = StatementReader::new();
        for line in text.split('\n') {
            for s in reader.push_line(line) {
                prop_assert!(has_content(&s.text), "{:?} is no SQL", s.text);
            }
        }
        let _ = reader.finish();
    }
}

/// A quoted string whose body holds delimiters, comment openers and the other quotes; its
/// own quote is doubled and every backslash starts a two-character escape.
fn quoted(q: char) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            ";", "$$", "//", "'", "\"", "`", "a", " ", "é", "🙂", "--", "#", "/*", "*/", "\n",
            "\\\\", "\\n", "%s", "\\G",
        ]),
        0..8,
    )
    .prop_map(move |v| {
        let body = v.concat().replace(q, &format!("{q}{q}"));
        format!("{q}{body}{q}")
    })
}

/// A piece of a statement; `;`, `$$` and `//` may appear only inside quotes and comments.
fn statement_piece() -> impl Strategy<Value = String> {
    // What may stand inside quotes or comments: delimiters, the other quotes, backslashes.
    let inner = prop::collection::vec(
        prop::sample::select(vec![
            ";", "$$", "//", "'", "\"", "`", "\\", "a", " ", "é", "🙂", "--", "#", "/*", "\n",
            "%s", "\\G",
        ]),
        0..8,
    )
    .prop_map(|v| v.concat());
    let word = "[A-Za-z0-9_,()=+<>.]{1,8}";
    let backticked = prop::collection::vec(
        prop::sample::select(vec![
            ";", "$$", "//", "'", "\"", "a", " ", "é", "\\", "--", "#",
        ]),
        0..6,
    )
    .prop_map(|v| format!("`{}`", v.concat().replace('`', "``")));
    let block = inner
        .clone()
        .prop_map(|t| format!("/*{}*/", t.replace("*/", "* /")));
    let line = inner
        .clone()
        .prop_map(|t| format!("-- {}\n", t.replace(['\n', '\r'], " ")));
    let hash = inner.prop_map(|t| format!("#{}\n", t.replace(['\n', '\r'], " ")));
    // An executable comment is SQL: its delimiters must be inside its own quotes.
    let executable = (prop::bool::ANY, word, quoted('\'')).prop_map(|(mariadb, w, q)| {
        let open = if mariadb { "/*M!100100" } else { "/*!50003" };
        format!("{open} {w} {q} */")
    });
    prop_oneof![
        3 => word.prop_map(String::from),
        2 => quoted('\''),
        2 => quoted('"'),
        1 => backticked,
        1 => block,
        1 => line,
        1 => hash,
        1 => executable,
    ]
}

fn statement() -> impl Strategy<Value = String> {
    prop::collection::vec(statement_piece(), 1..8).prop_map(|p| format!("SELECT {}", p.join(" ")))
}

proptest! {
    #![proptest_config(config(300))]

    /// A statement whose delimiters all sit inside quotes or comments stays one statement,
    /// byte for byte.
    #[test]
    fn delimiters_inside_quotes_and_comments_never_split(
        stmt in statement(),
        delim in prop::sample::select(vec![";", "$$", "//"]),
    ) {
        let got: Vec<String> = split(&stmt, delim).into_iter().map(|s| s.text).collect();
        prop_assert_eq!(got, vec![stmt.trim().to_owned()]);
    }

    /// N statements joined by the delimiter come back as the same N, from the buffer
    /// splitter and from the line reader with a `DELIMITER` command.
    #[test]
    fn n_statements_joined_by_the_delimiter_come_back_as_n(
        stmts in prop::collection::vec(statement(), 1..6),
        delim in prop::sample::select(vec![";", "$$", "//"]),
        trailing in prop::bool::ANY,
    ) {
        let want: Vec<String> = stmts.iter().map(|s| s.trim().to_owned()).collect();
        let mut text = stmts.join(delim);
        if trailing {
            text.push_str(delim);
        }
        let got: Vec<String> = split(&text, delim).into_iter().map(|s| s.text).collect();
        prop_assert_eq!(&got, &want);

        let script = format!(
            "DELIMITER {delim}\n{}{delim}\nDELIMITER ;\nSELECT 'end';\n",
            stmts.join(delim)
        );
        let mut reader = StatementReader::new();
        let mut read: Vec<String> = Vec::new();
        for line in script.lines() {
            read.extend(reader.push_line(line).into_iter().map(|s| s.text_lossy().into_owned()));
        }
        read.extend(reader.finish().map(|s| s.text_lossy().into_owned()));
        let mut want_read = want.clone();
        want_read.push("SELECT 'end'".into());
        prop_assert_eq!(read, want_read);
    }
}

// ---------------------------------------------------------------------------------------
// The Python-literal parser (`\params` in `rowwise script`)

/// Python values of the kinds a literal can spell, nested.
fn py_value() -> impl Strategy<Value = PyValue> {
    let leaf = prop_oneof![
        Just(PyValue::None),
        any::<bool>().prop_map(PyValue::Bool),
        any::<i128>().prop_map(PyValue::Int),
        any::<i64>().prop_map(|i| PyValue::Int(i.into())),
        // Python literals have no inf or nan.
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(PyValue::Float),
        prop::sample::select(vec![
            0.1,
            1e-5,
            1e16,
            1e22,
            5e-324,
            -0.0,
            1.797_693_134_862_315_7e308
        ])
        .prop_map(PyValue::Float),
        any::<String>().prop_map(PyValue::Str),
        "['\"\\\\\n\r\t\u{0}\u{7f}\u{a0}\u{ad}\u{2028}é🙂a]{0,12}".prop_map(PyValue::Str),
        prop::collection::vec(any::<u8>(), 0..16).prop_map(PyValue::Bytes),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(PyValue::Tuple),
            prop::collection::vec(inner.clone(), 0..5).prop_map(PyValue::List),
            prop::collection::btree_map(any::<String>(), inner, 0..4)
                .prop_map(|m| PyValue::Dict(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(config(500))]

    /// Any text is a literal or an error with a column, never a panic.
    #[test]
    fn the_literal_parser_never_panics(text in prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(vec![
            "(", ")", "[", "]", "{", "}", ",", ":", "'", "\"", "'''", "b'", "rb\"", "u'", "\\",
            "\\x", "\\u", "\\U", "\\N{", "\\777", "-", "+", "1", "0x", "0o", "0b", "_", ".",
            "e", "E", "e-", "None", "True", " ", "\n", "é",
        ]), 0..30).prop_map(|t| t.concat()),
    ]) {
        if let Err(e) = parse_tuple(&text) {
            prop_assert!(e.column >= 1 && e.column <= text.chars().count() + 1, "{e}");
        }
    }

    /// A whole cursor script (`rowwise script`), `\params` lines and all, parses or fails
    /// with a line number, never a panic.
    #[test]
    fn the_script_parser_never_panics(text in prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(vec![
            "\\params ", "\\fetchmany ", "\\cursor ", "\\autocommit ", "\\", "(", ")",
            "'", "\"", ",", "1", "-", "_", "None", "SELECT 1", ";", "--", "\n", "\r", " ",
            "\u{85}", "\u{1c}", "buffered", "é",
        ]), 0..30).prop_map(|t| t.concat()),
    ]) {
        let _ = rowwise::script::parse(&text);
    }

    /// `repr()` then parse gives the same values back (and the same repr: -0.0 stays -0.0).
    #[test]
    fn repr_then_parse_gives_the_values_back(items in prop::collection::vec(py_value(), 0..6)) {
        let tuple = PyValue::Tuple(items.clone());
        let repr = tuple.to_string();
        let parsed = parse_tuple(&repr).map_err(|e| TestCaseError::fail(format!("{repr}: {e}")))?;
        prop_assert_eq!(PyValue::Tuple(parsed.clone()).to_string(), repr);
        prop_assert_eq!(parsed, items);
    }
}

// ---------------------------------------------------------------------------------------
// The option-file parser

fn option_value(value: &str, quote: char) -> String {
    let mut out = String::from(quote);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' if value.len().is_multiple_of(2) => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

proptest! {
    #![proptest_config(config(500))]

    /// Any text is options or a syntax error naming a line, never a panic.
    #[test]
    fn the_option_file_parser_never_panics(text in prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(vec![
            "[", "]", "client", "=", "'", "\"", "\\", "#", ";", "!include ", "!includedir ",
            "!", " ", "\n", "\r\n", "password", "a", "é",
        ]), 0..30).prop_map(|t| t.concat()),
    ]) {
        let lines = text.lines().count().max(1);
        match parse_option_file(&text, Path::new("fuzz.cnf")) {
            Ok(_) => {}
            Err(e) => {
                let message = e.to_string();
                let line: Option<usize> = message
                    .strip_prefix("fuzz.cnf:")
                    .and_then(|m| m.split(':').next())
                    .and_then(|n| n.parse().ok());
                prop_assert!(line.is_some_and(|n| n >= 1 && n <= lines), "{message}");
            }
        }
    }

    /// Generated `key = "value"  # comment` lines (any value, either quote, escapes) read
    /// back as the same key and value; plain values too.
    #[test]
    fn quoted_and_plain_values_round_trip(
        group in "[A-Za-z][A-Za-z0-9_-]{0,10}",
        entries in prop::collection::vec((
            "[A-Za-z][A-Za-z0-9_-]{0,15}",
            prop_oneof![
                any::<String>(),
                "['\"\\\\#;= \t\né]{0,12}",
            ],
            prop::bool::ANY,
            "[ \t]{0,2}",
            prop::option::of("[^\n\r]{0,10}"),
        ), 1..6),
    ) {
        let mut text = format!("# generated\n[{group}]\n");
        for (key, value, single, pad, comment) in &entries {
            let quote = if *single { '\'' } else { '"' };
            let comment = comment.as_ref().map(|c| format!(" #{c}")).unwrap_or_default();
            text.push_str(&format!("{key}{pad}={pad}{}{comment}\n", option_value(value, quote)));
        }
        // A plain value: no quote first, no `#`, no backslash, no edge whitespace.
        text.push_str("plain-value = a;b=c:/d@é # not part of it\n");
        let got = parse_option_file(&text, Path::new("fuzz.cnf"))
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let mut want: Vec<Directive> = entries
            .iter()
            .enumerate()
            .map(|(i, (key, value, ..))| Directive::Option {
                group: group.to_ascii_lowercase(),
                key: normalize_key(key),
                value: Some(value.clone()),
                line: i + 3,
            })
            .collect();
        want.push(Directive::Option {
            group: group.to_ascii_lowercase(),
            key: "plain-value".into(),
            value: Some("a;b=c:/d@é".into()),
            line: entries.len() + 3,
        });
        prop_assert_eq!(got, want, "{}", text);
    }
}

// ---------------------------------------------------------------------------------------
// The connection-URL parser

/// The least a user name must have encoded: what ends it (`:`, `@`), what ends the
/// authority (`/`, `?`), `%` itself, and controls.
const USER_SET: &AsciiSet = &CONTROLS.add(b'%').add(b':').add(b'@').add(b'/').add(b'?');
/// A password may keep `:` and `@` raw: the user ends at the first `:`, the host starts
/// after the last `@`.
const PASSWORD_SET: &AsciiSet = &CONTROLS.add(b'%').add(b'/').add(b'?');
/// A database name may keep `/` raw except at its end.
const DATABASE_SET: &AsciiSet = &CONTROLS.add(b'%').add(b'?').add(b'&');

fn url_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[@:/%?#&=a-z é🙂\\[\\]]{1,12}",
        any::<String>().prop_filter("not empty", |s| !s.is_empty()),
    ]
}

proptest! {
    #![proptest_config(config(500))]

    /// Any text is parts or an error, never a panic; the same for its redaction.
    #[test]
    fn the_url_parser_never_panics(tail in prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(vec![
            "@", ":", "/", "?", "&", "=", "%", "%4", "%40", "%ff", "[", "]", "::1", "socket=",
            "u", "p", "h", "3306", "99999", "é",
        ]), 0..20).prop_map(|t| t.concat()),
    ], scheme in prop::sample::select(vec!["mysql://", "MariaDB://", "", "http://"])) {
        let url = format!("{scheme}{tail}");
        let _ = parse_url(&url);
        let _ = redact_url(&url);
    }

    /// User, password and database with `@`, `:`, `/`, `%` and any Unicode come back
    /// unchanged, whether everything is percent-encoded or only what must be; the
    /// redacted URL never shows the password.
    #[test]
    fn percent_encoded_parts_round_trip(
        user in url_text(),
        password in prop::option::of(url_text()),
        database in prop::option::of(url_text()),
        host in prop_oneof!["[a-z][a-z0-9.-]{0,12}", Just("[::1]".to_owned())],
        port in prop::option::of(any::<u16>()),
        minimal in prop::bool::ANY,
    ) {
        let enc = |text: &str, set: &'static AsciiSet| {
            utf8_percent_encode(text, if minimal { set } else { NON_ALPHANUMERIC }).to_string()
        };
        let mut url = format!("mysql://{}", enc(&user, USER_SET));
        if let Some(p) = &password {
            url.push(':');
            url.push_str(&enc(p, PASSWORD_SET));
        }
        url.push('@');
        url.push_str(&host);
        if let Some(port) = port {
            url.push_str(&format!(":{port}"));
        }
        let database = database.filter(|d| !d.ends_with('/'));
        if let Some(db) = &database {
            url.push('/');
            url.push_str(&enc(db, DATABASE_SET));
        }
        let parts = parse_url(&url).map_err(|e| TestCaseError::fail(format!("{url}: {e}")))?;
        prop_assert_eq!(parts.user.as_deref(), Some(user.as_str()), "{}", url);
        prop_assert_eq!(parts.password.as_deref(), password.as_deref(), "{}", url);
        prop_assert_eq!(parts.host.as_deref(), Some(host.trim_matches(['[', ']'])), "{}", url);
        prop_assert_eq!(parts.port, port, "{}", url);
        prop_assert_eq!(parts.database.as_deref(), database.as_deref(), "{}", url);
        if password.is_some() {
            // The redacted URL is the same URL with `*****` for the password, exactly.
            let user_part = enc(&user, USER_SET);
            let after = url.rsplit_once('@').map(|(_, a)| a).unwrap_or_default();
            prop_assert_eq!(redact_url(&url), format!("mysql://{user_part}:*****@{after}"));
        }
    }
}

proptest! {
    #![proptest_config(config(500))]

    /// A password typed without percent-encoding (raw `/`, `?`, `:`, `#`) never shows,
    /// neither in the parse error nor in the redacted URL.
    #[test]
    fn a_raw_password_never_shows_in_errors_or_redaction(
        user in "[a-z]{1,6}",
        password in "[a-z/:?#&= é]{4,12}",
        host in "[a-z]{1,8}",
        port in prop::option::of(any::<u16>()),
        database in prop::option::of("[a-z_]{1,8}"),
    ) {
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        let database = database.map(|d| format!("/{d}")).unwrap_or_default();
        let url = format!("mysql://{user}:{password}@{host}{port}{database}");
        let others = format!("mysql://{user}@{host}{port}{database}");
        prop_assume!(!others.contains(&password) && !"*****".contains(&password));
        let redacted = redact_url(&url);
        prop_assert!(!redacted.contains(&password), "{}", redacted);
        if let Err(e) = parse_url(&url) {
            let message = e.to_string();
            prop_assert!(!message.contains(&password), "{}", message);
        }
    }
}

// ---------------------------------------------------------------------------------------
// `%s` interpolation against the server

/// Strings an escaper is most likely to get wrong, mixed with arbitrary ones.
fn hostile_text() -> impl Strategy<Value = String> {
    let nasty = prop::collection::vec(
        prop::sample::select(vec![
            "\u{0}",
            "'",
            "\"",
            "\\",
            "\\'",
            "''",
            "%",
            "%s",
            "%%s",
            "%(x)s",
            "\u{1a}",
            "\n",
            "\r",
            "\t",
            "`",
            ";",
            "--",
            "#",
            "/*",
            "*/",
            "🙂",
            "é",
            "\u{feff}",
            "\u{5c}\u{27}",
            "縗",
            "\u{2028}",
            " ",
            "?",
            "x",
        ]),
        0..16,
    )
    .prop_map(|v| v.concat());
    prop_oneof![3 => nasty, 1 => any::<String>()]
}

fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        hostile_text().prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..32),
        // GBK-style: a lead byte swallowing the backslash an escaper adds before a quote.
        prop::collection::vec(
            prop::sample::select(vec![0xbfu8, 0x27, 0x5c, 0x00, 0xff, 0x80, 0x1a]),
            0..16
        ),
    ]
}

/// The bytes of a cell, whichever Python type it came back as.
fn cell_bytes(value: &PyValue) -> Option<Vec<u8>> {
    match value {
        PyValue::Str(s) => Some(s.as_bytes().to_vec()),
        PyValue::Bytes(b) => Some(b.clone()),
        _ => None,
    }
}

fn first_row(cursor_row: Option<PyValue>) -> Result<Vec<PyValue>, TestCaseError> {
    match cursor_row {
        Some(PyValue::Tuple(items)) => Ok(items),
        other => Err(TestCaseError::fail(format!("not a row: {other:?}"))),
    }
}

/// A connection to a database of its own on the shared server, with a table holding a
/// VARBINARY, a BLOB and a utf8mb4 TEXT column; `mode` is the session's `sql_mode`.
fn connect(database: &str, mode: &str) -> Connection {
    let server = MariaDb::shared();
    server.root_sql(&format!(
        "DROP DATABASE IF EXISTS {database}; CREATE DATABASE {database}; \
         CREATE TABLE {database}.t (id INT PRIMARY KEY, vb VARBINARY(2048), bl BLOB, \
         tx TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)"
    ));
    let mut cnx = Connection::connect(&server.tcp_options(Some(database)), true)
        .unwrap_or_else(|e| panic!("connect: {e}"));
    cnx.query_text(&format!("SET SESSION sql_mode = '{mode}'"))
        .unwrap_or_else(|e| panic!("sql_mode: {e}"));
    cnx
}

/// Every string and byte string, in `SELECT %s` and through an INSERT into binary and
/// text columns, reads back byte for byte, with the default escaping and with
/// `NO_BACKSLASH_ESCAPES`, through the text protocol and the prepared cursor.
fn interpolated_values_read_back_unchanged(database: &str, mode: &str, prepared: bool) {
    let cnx = RefCell::new(connect(database, mode));
    let next_id = RefCell::new(0i64);
    let options = CursorOptions {
        prepared,
        ..CursorOptions::default()
    };
    check(150, (hostile_text(), hostile_bytes()), |(text, bytes)| {
        let mut guard = cnx.borrow_mut();
        let cnx = &mut *guard;
        let fail = |what: &str, e: rowwise::db::DbError| {
            TestCaseError::fail(format!("{what}: {e} for {text:?} / {bytes:?}"))
        };
        let mut cursor = cnx.cursor(options).map_err(|e| fail("cursor", e))?;

        let params = [PyValue::Str(text.clone()), PyValue::Bytes(bytes.clone())];
        cursor
            .execute(cnx, "SELECT %s, %s", &params)
            .map_err(|e| fail("select", e))?;
        let row = first_row(cursor.fetchone(cnx).map_err(|e| fail("fetch", e))?)?;
        prop_assert_eq!(row.len(), 2);
        prop_assert_eq!(cell_bytes(&row[0]), Some(text.clone().into_bytes()));
        prop_assert_eq!(cell_bytes(&row[1]), Some(bytes.clone()));
        cursor.fetchall(cnx).map_err(|e| fail("drain", e))?;

        let id = {
            let mut n = next_id.borrow_mut();
            *n += 1;
            *n
        };
        cursor
            .execute(
                cnx,
                "INSERT INTO t (id, vb, bl, tx) VALUES (%s, %s, %s, %s)",
                &[
                    PyValue::Int(id.into()),
                    PyValue::Bytes(bytes.clone()),
                    PyValue::Bytes(bytes.clone()),
                    PyValue::Str(text.clone()),
                ],
            )
            .map_err(|e| fail("insert", e))?;
        prop_assert_eq!(cursor.rowcount(), 1);
        cursor
            .execute(
                cnx,
                "SELECT vb, bl, tx FROM t WHERE id = %s",
                &[PyValue::Int(id.into())],
            )
            .map_err(|e| fail("read back", e))?;
        let row = first_row(cursor.fetchone(cnx).map_err(|e| fail("fetch", e))?)?;
        prop_assert_eq!(&row[0], &PyValue::Bytes(bytes.clone()));
        prop_assert_eq!(&row[1], &PyValue::Bytes(bytes.clone()));
        prop_assert_eq!(&row[2], &PyValue::Str(text.clone()));
        cursor.fetchall(cnx).map_err(|e| fail("drain", e))?;
        let _ = cursor.close(cnx);
        Ok(())
    });
    // Nothing but the rows the test inserted: no payload ran as SQL.
    let rows = cnx
        .borrow_mut()
        .query_text("SELECT COUNT(*) FROM t")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        rows[0][0].as_deref(),
        Some(next_id.borrow().to_string().as_str())
    );
}

#[test]
fn any_string_or_bytes_interpolated_with_backslash_escapes_reads_back_unchanged() {
    interpolated_values_read_back_unchanged("fuzz_interp", "", false);
}

#[test]
fn any_string_or_bytes_interpolated_under_no_backslash_escapes_reads_back_unchanged() {
    interpolated_values_read_back_unchanged("fuzz_interp_nbe", "NO_BACKSLASH_ESCAPES", false);
}

/// The reference escapes with backslashes here (it compares `sql_mode` with the whole string
/// '`NO_BACKSLASH_ESCAPES`') and is injectable; rowwise follows the server's status flag.
#[test]
fn any_string_or_bytes_interpolated_under_no_backslash_escapes_among_other_modes_reads_back_unchanged()
 {
    interpolated_values_read_back_unchanged(
        "fuzz_interp_nbe_mixed",
        "STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES",
        false,
    );
}

#[test]
fn any_string_or_bytes_sent_through_the_prepared_cursor_reads_back_unchanged() {
    interpolated_values_read_back_unchanged("fuzz_interp_prep", "", true);
}

/// Numbers interpolated with `%s` come back as the same number: Python's repr of a float
/// is the shortest text that reads back as it (MariaDB reads `1e-05` as a DOUBLE and
/// `0.1` as an exact DECIMAL, both the same value), and every i64 reads back exactly.
#[test]
fn any_finite_float_or_integer_interpolated_reads_back_as_the_same_number() {
    let cnx = RefCell::new(connect("fuzz_numbers", ""));
    check(
        300,
        (
            any::<f64>().prop_filter("finite", |x| x.is_finite()),
            any::<i64>(),
        ),
        |(x, i)| {
            let mut guard = cnx.borrow_mut();
            let cnx = &mut *guard;
            let fail =
                |e: rowwise::db::DbError| TestCaseError::fail(format!("{e} for {x:?} / {i}"));
            let mut cursor = cnx.cursor(CursorOptions::default()).map_err(fail)?;
            cursor
                .execute(
                    cnx,
                    "SELECT %s, %s",
                    &[PyValue::Float(x), PyValue::Int(i.into())],
                )
                .map_err(fail)?;
            let row = first_row(cursor.fetchone(cnx).map_err(fail)?)?;
            let float = match &row[0] {
                PyValue::Float(y) => Some(*y),
                PyValue::Decimal(d) => d.parse::<f64>().ok(),
                _ => None,
            };
            prop_assert_eq!(float, Some(x), "{:?}", row[0]);
            let int = match &row[1] {
                PyValue::Int(n) => Some(*n),
                PyValue::Decimal(d) => d.parse::<i128>().ok(),
                _ => None,
            };
            prop_assert_eq!(int, Some(i128::from(i)), "{:?}", row[1]);
            cursor.fetchall(cnx).map_err(fail)?;
            Ok(())
        },
    );
}
