//! Issue 13, case 5: `cursor.execute(query, {...})` with `%(name)s` placeholders on the
//! text-protocol cursor, against the harness's server. The expectations are the output of
//! this snippet run with mysql-connector-python 8.4.0 (/tmp/oracle-venv/bin/python,
//! `use_pure=True`) against the 3306 server:
//!
//! ```python
//! cur = cnx.cursor()
//! cur.execute("SELECT %(id)s AS id, %(name)s AS name, '100%%' AS pct",
//!             {'id': 3, 'name': "Ann's", 'unused': None})
//! print(repr(cur.statement)); print(cur.fetchall())
//! for q, p in [("SELECT %(missing)s", {'id': 1}), ("SELECT %(id)d", {'id': 1}),
//!              ("SELECT %(id)s", {'id': [1]}), ("SELECT %(id)s, %s", {})]:
//!     try:
//!         cur.execute(q, p); print(repr(cur.statement)); print(cur.fetchall())
//!     except Exception as e:
//!         print(type(e).__name__, str(e))
//! ```

mod common;

use common::MariaDb;
use rowwise::db::{Connection, CursorOptions, ExceptionClass};
use rowwise::pyrepr::PyValue;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn dict(pairs: &[(&str, PyValue)]) -> Vec<(String, PyValue)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

#[test]
fn named_placeholders_run_as_the_reference_runs_them() -> TestResult {
    let options = MariaDb::shared().tcp_options(None);
    let mut cnx = Connection::connect(&options, true)?;
    let mut cur = cnx.cursor(CursorOptions::default())?;
    cur.execute_dict(
        &mut cnx,
        "SELECT %(id)s AS id, %(name)s AS name, '100%%' AS pct",
        &dict(&[
            ("id", PyValue::Int(3)),
            ("name", PyValue::Str("Ann's".into())),
            ("unused", PyValue::None),
        ]),
    )?;
    assert_eq!(
        cur.statement().to_string(),
        r#""SELECT 3 AS id, 'Ann\\'s' AS name, '100%%' AS pct""#
    );
    assert_eq!(
        PyValue::List(cur.fetchall(&mut cnx)?).to_string(),
        r#"[(3, "Ann's", '100%%')]"#
    );

    let failures = [
        (
            "SELECT %(missing)s",
            dict(&[("id", PyValue::Int(1))]),
            ExceptionClass::KeyError,
            "b'missing'",
        ),
        (
            "SELECT %(id)d",
            dict(&[("id", PyValue::Int(1))]),
            ExceptionClass::ValueError,
            "Unsupported conversion_type: b'd'",
        ),
        (
            "SELECT %(id)s",
            dict(&[("id", PyValue::List(vec![PyValue::Int(1)]))]),
            ExceptionClass::ProgrammingError,
            "Failed processing pyformat-parameters; Python 'list' cannot be converted to a MySQL type",
        ),
        (
            "SELECT %(id)s, %s",
            Vec::new(),
            ExceptionClass::ProgrammingError,
            "1064 (42000): You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '%(id)s, %s' at line 1",
        ),
    ];
    for (sql, params, class, text) in failures {
        let err = cur.execute_dict(&mut cnx, sql, &params).expect_err(sql);
        assert_eq!(
            (err.class, err.to_string().as_str()),
            (class, text),
            "{sql}"
        );
    }
    Ok(())
}

/// The prepared cursor takes a dict as `MySQLCursorPrepared.execute` does (the brief's
/// measurements with the reference on the real server; tests/scripts/232_* has more).
#[test]
fn the_prepared_cursor_turns_names_into_question_marks() -> TestResult {
    let options = MariaDb::shared().tcp_options(None);
    let mut cnx = Connection::connect(&options, true)?;
    let mut cur = cnx.cursor(CursorOptions {
        prepared: true,
        ..Default::default()
    })?;
    let a_b = dict(&[("a", PyValue::Int(1)), ("b", PyValue::Str("x".into()))]);
    cur.execute_dict(&mut cnx, "SELECT %(a)s, %(b)s", &a_b)?;
    assert_eq!(cur.statement().to_string(), "'SELECT ?, ?'");
    assert_eq!(
        PyValue::List(cur.fetchall(&mut cnx)?).to_string(),
        "[(1, 'x')]"
    );
    cur.execute_dict(&mut cnx, "SELECT %(a)s, %(a)s", &a_b)?;
    assert_eq!(
        PyValue::List(cur.fetchall(&mut cnx)?).to_string(),
        "[(1, 1)]"
    );
    let failures = [
        (
            "SELECT %(a)s",
            dict(&[("b", PyValue::Int(1))]),
            "Not all placeholders were found in the parameters dict",
        ),
        (
            "SELECT ?, %(a)s",
            dict(&[("a", PyValue::Int(1))]),
            "1210: Incorrect number of arguments executing prepared statement",
        ),
    ];
    for (sql, params, text) in failures {
        let err = cur.execute_dict(&mut cnx, sql, &params).expect_err(sql);
        assert_eq!(
            (err.class, err.to_string().as_str()),
            (ExceptionClass::ProgrammingError, text),
            "{sql}"
        );
    }
    Ok(())
}
