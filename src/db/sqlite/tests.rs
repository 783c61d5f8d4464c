//! `SqliteDatabase` through the `Database` interface: batch reads, DB-API steps, cancel.

use super::*;
use crate::db::api::Entry;

fn demo() -> Result<(tempfile::TempDir, SqliteDatabase), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let db = SqliteDatabase::open_demo(&dir.path().join(DEMO_FILE), false)?;
    Ok((dir, db))
}

fn transcript(db: &mut SqliteDatabase, commands: Vec<Command>) -> String {
    commands
        .into_iter()
        .flat_map(|c| db.step(c).entries)
        .flat_map(|e: Entry| e.lines())
        .map(|l| l + "\n")
        .collect()
}

#[test]
fn a_query_streams_typed_rows_and_columns() -> Result<(), Box<dyn std::error::Error>> {
    let (_dir, mut db) = demo()?;
    let QueryStart::Rows(columns) =
        db.query("SELECT name, age, weight_in_kg FROM pet ORDER BY age")?
    else {
        return Err("no rows".into());
    };
    let kinds: Vec<bool> = columns
        .iter()
        .map(super::super::column::Column::is_numeric)
        .collect();
    assert_eq!(kinds, vec![false, true, true]);
    let first = db.next_row()?.ok_or("no first row")?;
    assert_eq!(
        first,
        vec![
            crate::db::Cell::Text("Pocket".into()),
            crate::db::Cell::Int(3),
            crate::db::Cell::Double(22.5)
        ]
    );
    assert!(db.next_row()?.is_some());
    assert!(db.next_row()?.is_some());
    assert!(db.next_row()?.is_none());
    assert!(db.next_result().is_none());
    Ok(())
}

#[test]
fn several_statements_in_one_query_come_back_as_several_results()
-> Result<(), Box<dyn std::error::Error>> {
    let (_dir, mut db) = demo()?;
    let start = db.query("UPDATE user SET name = name; SELECT count(*) AS n FROM user")?;
    assert!(matches!(start, QueryStart::Done(ok) if ok.affected_rows == 2));
    let next = db.next_result().ok_or("no second result")??;
    assert!(matches!(next, QueryStart::Rows(_)));
    assert_eq!(db.next_row()?, Some(vec![crate::db::Cell::Int(2)]));
    Ok(())
}

#[test]
fn the_info_says_demo_and_sqlite() -> Result<(), Box<dyn std::error::Error>> {
    let (dir, mut db) = demo()?;
    let info = db.info();
    assert_eq!(
        info.label,
        format!("demo: {}", dir.path().join(DEMO_FILE).display())
    );
    assert_eq!(info.dialect, Dialect::Sqlite);
    assert!(info.server_version.starts_with("SQLite 3."));
    assert_eq!(
        crate::db::demo_path(&mut db),
        Some(dir.path().join(DEMO_FILE))
    );
    Ok(())
}

#[test]
fn a_dml_statement_opens_a_transaction_like_sqlite3() -> Result<(), Box<dyn std::error::Error>> {
    let (_dir, mut db) = demo()?;
    let out = transcript(
        &mut db,
        vec![Command::Execute("DELETE FROM user WHERE id = 2".into())],
    );
    assert_eq!(
        out,
        ">>> cursor = cnx.cursor()\n>>> cursor.execute('DELETE FROM user WHERE id = 2')\n<sqlite3.Cursor object at 0x...>\n"
    );
    assert!(db.in_transaction()?);
    db.step(Command::Rollback);
    assert!(!db.in_transaction()?);
    Ok(())
}

#[test]
fn options_sqlite3_lacks_are_explained_not_faked() -> Result<(), Box<dyn std::error::Error>> {
    let (_dir, mut db) = demo()?;
    let options = crate::db::CursorOptions {
        buffered: true,
        dictionary: true,
        ..Default::default()
    };
    let out = transcript(
        &mut db,
        vec![
            Command::Cursor(options),
            Command::Execute("SELECT id FROM user ORDER BY id".into()),
            Command::FetchOne,
            Command::Get(crate::db::api::Attribute::Statement),
        ],
    );
    let want = "\
# sqlite3 has no buffered cursors: a cursor reads its rows from the file as you fetch them
# sqlite3 has no dictionary cursors: sqlite3.Row rows are read by name, row['name']
>>> cnx.row_factory = sqlite3.Row
>>> cursor = cnx.cursor()
>>> cursor.execute('SELECT id FROM user ORDER BY id')
<sqlite3.Cursor object at 0x...>
>>> cursor.fetchone()
<sqlite3.Row object at 0x...>
>>> cursor.statement
AttributeError: 'sqlite3.Cursor' object has no attribute 'statement'
";
    assert_eq!(out, want);
    Ok(())
}

#[test]
fn percent_s_placeholders_are_rewritten_with_a_note() -> Result<(), Box<dyn std::error::Error>> {
    let (_dir, mut db) = demo()?;
    let out = transcript(
        &mut db,
        vec![
            Command::Params(vec![crate::pyrepr::PyValue::Int(2)]),
            Command::Execute("SELECT name FROM user WHERE id = %s".into()),
            Command::FetchAll,
        ],
    );
    assert!(
        out.contains(
            "# sqlite3 uses ? placeholders, not %s: rewritten below\n>>> cursor.execute('SELECT name FROM user WHERE id = ?', (2,))\n"
        ),
        "{out}"
    );
    assert!(
        out.ends_with(">>> cursor.fetchall()\n[('Jane Smith',)]\n"),
        "{out}"
    );
    Ok(())
}

#[test]
fn the_interrupt_handle_stops_a_runaway_query() -> Result<(), Box<dyn std::error::Error>> {
    let (_dir, mut db) = demo()?;
    let canceller = db.canceller();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        canceller.cancel()
    });
    let started = std::time::Instant::now();
    let result = db.query(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n",
    );
    stopper.join().map_err(|_| "the canceller panicked")??;
    let err = result.err().ok_or("the query was not interrupted")?;
    assert_eq!(err.python_line(), "sqlite3.OperationalError: interrupted");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let QueryStart::Rows(_) = db.query("SELECT 1")? else {
        return Err("the connection did not survive".into());
    };
    Ok(())
}

#[test]
fn reconnect_opens_a_fresh_session_without_the_old_cursor() -> Result<(), Box<dyn std::error::Error>>
{
    let (_dir, mut db) = demo()?;
    db.step(Command::Execute("SELECT 1".into()));
    assert!(db.cursor_columns().is_some());
    db.reconnect()?;
    assert!(db.cursor_columns().is_none());
    assert!(!db.is_gone());
    Ok(())
}

#[test]
fn reset_demo_discards_this_sessions_changes_and_open_results()
-> Result<(), Box<dyn std::error::Error>> {
    let (_dir, mut db) = demo()?;
    db.step(Command::Execute("DELETE FROM user".into()));
    assert!(db.in_transaction()?);
    db.query("SELECT * FROM pet")?;
    assert!(db.next_row()?.is_some());
    crate::db::reset_demo(&mut db)?;
    assert!(!db.in_transaction()?);
    let out = transcript(
        &mut db,
        vec![
            Command::Execute("SELECT count(*) FROM user".into()),
            Command::FetchOne,
        ],
    );
    assert!(out.ends_with(">>> cursor.fetchone()\n(2,)\n"), "{out}");
    Ok(())
}

#[test]
fn the_schema_lists_every_column_for_completion() -> Result<(), Box<dyn std::error::Error>> {
    let (_dir, mut db) = demo()?;
    db.step(Command::Execute("SELECT id FROM user ORDER BY id".into()));
    let schema = db.schema()?;
    assert!(schema.contains(&("user".to_owned(), "name".to_owned())));
    assert!(schema.contains(&("authorship".to_owned(), "creator_id".to_owned())));
    assert!(!schema.iter().any(|(t, _)| t.starts_with("sqlite_")));
    // The cursor's open statement is untouched.
    let out = transcript(&mut db, vec![Command::FetchAll]);
    assert!(out.ends_with("[(1,), (2,)]\n"), "{out}");
    Ok(())
}

#[test]
fn the_cursor_status_describes_a_sqlite3_cursor() -> Result<(), Box<dyn std::error::Error>> {
    let (_dir, mut db) = demo()?;
    assert!(db.cursor_status().is_none());
    db.step(Command::Cursor(crate::db::CursorOptions {
        dictionary: true,
        ..Default::default()
    }));
    db.step(Command::Execute("SELECT id FROM user ORDER BY id".into()));
    let status = db.cursor_status().ok_or("no cursor")?;
    assert_eq!(status.class, "sqlite3.Cursor");
    assert_eq!(status.rowcount, -1);
    assert!(status.unread);
    assert_eq!(status.shape, RowShape::SqliteRow);
    assert_eq!(status.decoding, Decoding::Sqlite);
    Ok(())
}

#[test]
fn a_long_fetchall_previews_its_first_rows_and_streams_them_all()
-> Result<(), Box<dyn std::error::Error>> {
    let (_dir, mut db) = demo()?;
    db.step(Command::Execute(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 500) SELECT x FROM n"
            .into(),
    ));
    let mut streamed = 0;
    let entries = db.step_into(Command::FetchAll, &mut |_| streamed += 1, Some(100));
    assert_eq!(streamed, 500);
    let last = entries.last().ok_or("no entry")?;
    assert_eq!(
        last.lines(),
        vec![
            ">>> cursor.fetchall()".to_owned(),
            "[(1,), (2,), (3,), (4,), (5,), (6,), (7,), (8,), (9,), (10,), ...]  # 500 rows; the first 10 shown".to_owned()
        ]
    );
    Ok(())
}
