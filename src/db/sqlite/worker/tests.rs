//! The worker thread against a real file.

use super::*;

fn memory() -> Result<(tempfile::TempDir, Link), DbError> {
    let dir =
        tempfile::tempdir().map_err(|e| DbError::sqlite(ExceptionClass::Error, e.to_string()))?;
    let link = Link::open(&dir.path().join("t.sqlite3"))?;
    Ok((dir, link))
}

fn start(link: &Link, sql: &str) -> Result<Option<Started>, DbError> {
    link.start(Start {
        sql: sql.into(),
        params: vec![],
        begin: None,
    })
    .0
}

#[test]
fn rows_are_read_one_step_at_a_time() -> Result<(), DbError> {
    let (_dir, link) = memory()?;
    let started = start(&link, "SELECT 1 AS a UNION ALL SELECT 2")?;
    let started = started.ok_or_else(gone)?;
    assert_eq!(started.columns, vec![("a".to_owned(), None)]);
    assert_eq!(started.row, Some(vec![SqlValue::Integer(1)]));
    assert_eq!(link.step().0?, Some(vec![SqlValue::Integer(2)]));
    assert_eq!(link.step().0?, None);
    assert_eq!(link.step().0?, None);
    Ok(())
}

#[test]
fn a_second_statement_in_the_text_is_refused_after_the_first_compiles() {
    let (_dir, link) = memory().unwrap_or_else(|e| panic!("{e}"));
    let err = start(&link, "SELECT 1; SELECT 2").err();
    assert_eq!(err, Some(one_statement_at_a_time()));
    let err = start(&link, "SELEC 1; SELECT 2").err().map(|e| e.msg);
    assert_eq!(err.as_deref(), Some("near \"SELEC\": syntax error"));
    assert!(matches!(start(&link, "-- nothing"), Ok(None)));
}

#[test]
fn the_open_statement_survives_a_commit() -> Result<(), DbError> {
    let (_dir, link) = memory()?;
    start(&link, "SELECT 1 UNION ALL SELECT 2")?;
    link.exec("BEGIN").0?;
    assert!(!link.facts().autocommit);
    link.exec("COMMIT").0?;
    assert_eq!(link.step().0?, Some(vec![SqlValue::Integer(2)]));
    Ok(())
}

#[test]
fn binding_checks_the_count_before_the_values() -> Result<(), DbError> {
    let (_dir, link) = memory()?;
    let (r, _) = link.start(Start {
        sql: "SELECT ?".into(),
        params: vec![],
        begin: None,
    });
    assert_eq!(r.err(), Some(binding_count(1, 0)));
    let (r, _) = link.start(Start {
        sql: "SELECT ?".into(),
        params: vec![Ok(SqlValue::Text(b"x".to_vec()))],
        begin: None,
    });
    assert_eq!(
        r?.and_then(|s| s.row),
        Some(vec![SqlValue::Text(b"x".to_vec())])
    );
    Ok(())
}
