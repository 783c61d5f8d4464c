//! State tests for issue 13: typed steps in, and the grid, status and panel agree with the
//! reference's cursor.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::tests::{batch, id_column, status, step};
use super::*;
use crate::db::api::{Outcome, Step};
use crate::db::{DbError, ExceptionClass};
use crate::tui::grid::Position;
use crate::tui::worker::{DbReply, StepDone};

use super::tests::press;

fn app() -> App {
    super::tests::app_with_history(Vec::new())
}

fn request_id(effects: &[Effect]) -> RequestId {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Db(
                DbRequest::Run { id, .. }
                | DbRequest::RunWithParams { id, .. }
                | DbRequest::Step { id, .. },
            ) => Some(*id),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no request in {effects:?}"))
}

fn reply(app: &mut App, done: StepDone) -> Vec<Effect> {
    app.update(AppEvent::Db(DbReply::Done(Box::new(done))))
}

/// A cursor on a 100-row result with `fetched` rows handed out (rowcount `fetched`).
fn cursor_at(fetched: i64) -> CursorStatus {
    let mut s = status(Some(vec![id_column()]), true);
    s.rowcount = fetched;
    s
}

/// Runs `SELECT id FROM n` and fetches `n` rows, as F5 does.
fn run_and_prefetch(app: &mut App, n: i64) {
    app.editor.set_text("SELECT id FROM n");
    let id = request_id(&press(app, KeyCode::F(5)));
    let mut fetch = step(
        Command::FetchMany(Some(n)),
        Outcome::None,
        Some(cursor_at(n)),
    );
    fetch.fetched = n as usize;
    reply(
        app,
        StepDone {
            id,
            steps: vec![
                step(
                    Command::Execute("SELECT id FROM n".into()),
                    Outcome::None,
                    Some(cursor_at(0)),
                ),
                fetch,
            ],
            batch: batch(1..n + 1),
            fetched: Some((Some(n as usize), n as usize)),
            status: Some(cursor_at(n)),
            ..StepDone::default()
        },
    );
}

/// Case 6: `Unread result found` leaves the reference's cursor where it was (rowcount 41
/// after 41 rows): the grid must not start over, or F6 says "row 1" where the cursor
/// hands out row 42.
#[test]
fn unread_result_found_leaves_the_grid_where_the_cursor_is() {
    let mut app = app();
    run_and_prefetch(&mut app, 41);
    assert_eq!(app.grid.position, Position::OnRow(40));
    app.editor.set_text("SELECT 1");
    let id = request_id(&press(&mut app, KeyCode::F(5)));
    let refused = Step::new(
        Command::Execute("SELECT 1".into()),
        vec![Entry::new(
            "cursor.execute('SELECT 1')".into(),
            Outcome::Error(DbError::unread_result()),
        )],
        Some(&cursor_at(41)),
        Some(cursor_at(41)),
        None,
    );
    reply(
        &mut app,
        StepDone {
            id,
            steps: vec![refused],
            status: Some(cursor_at(41)),
            ..StepDone::default()
        },
    );
    assert_eq!(app.grid.rows.len(), 41, "the fetched rows stay");
    assert_eq!(app.grid.position, Position::OnRow(40));
    app.focus = Focus::Grid;
    let id = request_id(&press(&mut app, KeyCode::F(6)));
    let mut one = step(Command::FetchOne, Outcome::None, Some(cursor_at(42)));
    one.fetched = 1;
    reply(
        &mut app,
        StepDone {
            id,
            steps: vec![one],
            batch: batch(42..43),
            fetched: Some((Some(1), 1)),
            status: Some(cursor_at(42)),
            ..StepDone::default()
        },
    );
    assert_eq!(
        app.grid.position,
        Position::OnRow(41),
        "row 42, as rowcount says"
    );
    assert_eq!(app.grid.rows.len(), 42);
}

/// A statement the server refused drops the cursor's old result (the reference resets it
/// before sending): the grid of its rows goes too.
#[test]
fn a_server_error_empties_the_grid_as_it_empties_the_cursor() {
    let mut app = app();
    run_and_prefetch(&mut app, 5);
    app.editor.set_text("SELECT nmae FROM n");
    let id = request_id(&press(&mut app, KeyCode::F(5)));
    let mut after = status(None, false);
    after.results = Some(2);
    let failed = Step::new(
        Command::Execute("SELECT nmae FROM n".into()),
        vec![Entry::new(
            "cursor.execute('SELECT nmae FROM n')".into(),
            Outcome::Error(DbError::new(
                ExceptionClass::ProgrammingError,
                "1054 (42S22): Unknown column",
            )),
        )],
        Some(&cursor_at(5)),
        Some(after.clone()),
        None,
    );
    reply(
        &mut app,
        StepDone {
            id,
            steps: vec![failed],
            status: Some(after),
            ..StepDone::default()
        },
    );
    assert_eq!(app.grid.rows.len(), 0);
}

/// Case 5: `%s` in the editor asks for the parameters, remembers them per statement,
/// and runs `cursor.execute(query, params)`.
#[test]
fn placeholders_ask_for_params_and_run_execute_with_them() {
    let mut app = app();
    let sql = "INSERT INTO user (id, name) VALUES (%s, %s)";
    app.editor.set_text(sql);
    let effects = press(&mut app, KeyCode::F(5));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Db(_))),
        "nothing runs before the parameters are given: {effects:?}"
    );
    assert!(app.params_prompt.is_some());
    app.update(AppEvent::Paste("(3, 'John Doe'".into()));
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "not a literal yet"
    );
    assert!(
        app.params_prompt
            .as_ref()
            .is_some_and(|p| p.error.is_some())
    );
    press(&mut app, KeyCode::Char(')'));
    let effects = press(&mut app, KeyCode::Enter);
    let want = vec![
        crate::pyrepr::PyValue::Int(3),
        crate::pyrepr::PyValue::Str("John Doe".into()),
    ];
    assert!(
        matches!(&effects[0], Effect::Db(DbRequest::RunWithParams { sql: s, params: p, .. }) if s == sql && *p == want),
        "{effects:?}"
    );
    assert!(app.params_prompt.is_none());
    let id = request_id(&effects);
    reply(
        &mut app,
        StepDone {
            id,
            ..StepDone::default()
        },
    );
    press(&mut app, KeyCode::F(5));
    assert_eq!(
        app.params_prompt.as_ref().map(|p| p.input.as_str()),
        Some("(3, 'John Doe')"),
        "remembered for this statement"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.params_prompt.is_none() && !app.is_busy());
}

fn long_entries(app: &mut App, n: usize) {
    for i in 0..n {
        app.transcript.push(TranscriptItem::Entry(Entry::new(
            "cursor.fetchone()".into(),
            Outcome::Printed(format!(
                "({i}, 'ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab')"
            )),
        )));
    }
}

/// Case 3: the wheel over the Python panel scrolls it, and stops at the oldest line;
/// the keys scroll it too; a finished step brings the newest back into view.
#[test]
fn the_python_panel_scrolls_with_the_wheel_and_keys_and_stops_at_its_top() {
    let mut app = app();
    long_entries(&mut app, 60);
    let panel = layout(ratatui::layout::Rect::new(0, 0, 100, 30), true)
        .python
        .unwrap_or_else(|| panic!("a 100x30 screen has a Python panel"));
    let (x, y) = (panel.x + 2, panel.y + 2);
    app.update(AppEvent::Wheel {
        up: true,
        column: x,
        row: y,
    });
    assert_eq!(app.transcript_scroll, python_panel::SCROLL_STEP);
    for _ in 0..1000 {
        app.update(AppEvent::Wheel {
            up: true,
            column: x,
            row: y,
        });
    }
    let top = app.transcript_scroll;
    let width = usize::from(panel.width - 2);
    let total = python_panel::lines(&app.transcript, &app.theme, width).len();
    assert_eq!(
        top,
        total - usize::from(panel.height - 2),
        "stops at the oldest line"
    );
    app.update(AppEvent::Key(
        KeyEvent::new(KeyCode::PageDown, KeyModifiers::SHIFT),
        Instant::now(),
    ));
    assert!(app.transcript_scroll < top);
    app.editor.set_text("SELECT 1");
    let id = request_id(&press(&mut app, KeyCode::F(5)));
    reply(
        &mut app,
        StepDone {
            id,
            ..StepDone::default()
        },
    );
    assert_eq!(app.transcript_scroll, 0, "the newest step is in view again");
}

/// Case 4: the whole error stays where the result would be until the next statement.
#[test]
fn an_error_stays_in_the_result_pane_until_the_next_statement() {
    let mut app = app();
    app.editor.set_text("SELECT id, nmae FROM user WHERE");
    let id = request_id(&press(&mut app, KeyCode::F(5)));
    let error = DbError {
        errno: Some(1064),
        sqlstate: Some("42000".into()),
        ..DbError::new(
            ExceptionClass::ProgrammingError,
            "You have an error in your SQL syntax",
        )
    };
    reply(
        &mut app,
        StepDone {
            id,
            steps: vec![step(
                Command::Execute("SELECT id, nmae FROM user WHERE".into()),
                Outcome::Error(error.clone()),
                None,
            )],
            ..StepDone::default()
        },
    );
    assert_eq!(app.last_error.as_ref(), Some(&error));
    app.focus = Focus::Grid;
    let id = request_id(&press(&mut app, KeyCode::F(6)));
    reply(
        &mut app,
        StepDone {
            id,
            ..StepDone::default()
        },
    );
    assert_eq!(
        app.last_error.as_ref(),
        Some(&error),
        "a fetch does not hide it"
    );
    app.focus = Focus::Editor;
    app.editor.set_text("SELECT 1");
    press(&mut app, KeyCode::F(5));
    assert_eq!(app.last_error, None, "the next statement does");
}

/// Case 8: F4 only executes: the cursor stands before the first row, nothing fetched.
#[test]
fn f4_executes_without_fetching() {
    let mut app = app();
    app.editor.set_text("SELECT 1");
    let effects = press(&mut app, KeyCode::F(4));
    assert!(
        matches!(&effects[0], Effect::Db(DbRequest::Run { prefetch: None, sql, .. }) if sql == "SELECT 1"),
        "{effects:?}"
    );
}

/// Case 9: at 60x15 there is no side column, and F3 brings the Python panel and the row
/// pane into the grid's place in turn.
#[test]
fn at_60x15_f3_brings_every_pane_into_view() {
    let mut app = app();
    app.update(AppEvent::Resize(60, 15));
    assert!(app.areas().python.is_none());
    press(&mut app, KeyCode::F(3));
    assert!(app.areas().python.is_some_and(|p| p.height >= 5));
    press(&mut app, KeyCode::F(3));
    assert!(app.areas().detail.is_some());
    press(&mut app, KeyCode::F(3));
    assert!(app.areas().grid.height > 0 && app.areas().python.is_none());
}

/// Case 11: in the cursor options window, Esc cancels, Enter applies, and any other key
/// leaves it open with the toggles made so far.
#[test]
fn cursor_options_ignore_other_keys_and_esc_cancels() {
    let mut app = app();
    press(&mut app, KeyCode::F(9));
    press(&mut app, KeyCode::Char(' '));
    assert!(press(&mut app, KeyCode::Char('z')).is_empty());
    assert!(press(&mut app, KeyCode::PageDown).is_empty());
    assert!(
        matches!(app.popup, Some(Popup::CursorOptions { draft, .. }) if draft.buffered),
        "{:?}",
        app.popup
    );
    assert!(press(&mut app, KeyCode::Esc).is_empty());
    assert!(app.popup.is_none());
    assert!(!app.options.buffered);
}

/// Case 10: F1 help scrolls with `PgDn` (it used to close) and closes with Esc.
#[test]
fn help_scrolls_and_only_esc_closes_it() {
    let mut app = app();
    press(&mut app, KeyCode::F(1));
    press(&mut app, KeyCode::PageDown);
    assert!(app.help.as_ref().is_some_and(|h| h.scroll > 0));
    press(&mut app, KeyCode::Char('x'));
    assert!(app.help.is_some());
    press(&mut app, KeyCode::Esc);
    assert!(app.help.is_none());
}

/// Case 14: F9 on the demo chooses the rows' shape (`cnx.row_factory`), the one thing a
/// `sqlite3` cursor can change, and keys it does not know leave it open.
#[test]
fn f9_on_the_demo_chooses_sqlite3_row_and_creates_the_cursor() {
    let mut app = app();
    app.info = Some(crate::db::DatabaseInfo {
        label: "demo".into(),
        server_version: "3".into(),
        connection_id: None,
        dialect: crate::db::Dialect::Sqlite,
        user: String::new(),
        database: None,
        security: None,
    });
    press(&mut app, KeyCode::F(9));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('z'));
    let effects = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(&effects[0], Effect::Db(DbRequest::Step { command: Command::Cursor(o), .. }) if o.dictionary && !o.buffered),
        "{effects:?}"
    );
}

/// Case 2: F10 sends every statement of the editor, one after another.
#[test]
fn f10_runs_every_statement_of_the_editor() {
    let mut app = app();
    app.editor.set_text(
        "CREATE TABLE t (id INT);\nINSERT INTO t VALUES (1);\n-- a comment\nSELECT id FROM t",
    );
    let effects = press(&mut app, KeyCode::F(10));
    let want = vec![
        "CREATE TABLE t (id INT)".to_owned(),
        "INSERT INTO t VALUES (1)".to_owned(),
        "-- a comment\nSELECT id FROM t".to_owned(),
    ];
    assert!(
        matches!(&effects[0], Effect::Db(DbRequest::RunAll { statements, .. }) if *statements == want),
        "{effects:?}"
    );
}

/// A new user's F10 statements never reached the history (Ctrl-R, the history file).
#[test]
fn f10_puts_every_statement_it_runs_in_the_history() {
    let mut app = app();
    app.editor.set_text("SELECT 7 AS seven;\nSELECT 8 AS eight");
    let effects = press(&mut app, KeyCode::F(10));
    assert!(effects.contains(&Effect::SaveHistory), "{effects:?}");
    let history = app.editor.history();
    assert_eq!(
        history[history.len() - 2..],
        ["SELECT 7 AS seven", "SELECT 8 AS eight"]
    );
}

/// Case 14: a `sqlite3.Row` prints as Python 3.11 prints it; the row pane adds what is
/// inside, as `dict(row)`.
#[test]
fn a_sqlite_row_prints_as_python_does_and_the_row_pane_adds_dict_row() {
    let mut app = app();
    let mut s = status(Some(vec![id_column()]), false);
    s.shape = crate::db::RowShape::SqliteRow;
    app.grid.reset(Some(&s));
    app.grid.append(batch(1..2));
    let shown = app
        .selected_row_value()
        .and_then(Result::ok)
        .unwrap_or_default();
    assert_eq!(
        shown,
        "<sqlite3.Row object at 0x...>\n# dict(row): {'id': 1}"
    );
}
