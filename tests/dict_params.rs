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
