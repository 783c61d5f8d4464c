//! State tests for issue 14, item 3: the parameters prompt's list of tuples runs
//! `cursor.executemany(query, seq_of_params)` (its rowcount reaches the status), and
//! Ctrl-C stops a loop between rows instead of cancelling on the server.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::tests::{status, step};
use super::*;
use crate::db::api::Outcome;
use crate::pyrepr::PyValue;
use crate::tui::worker::{DbReply, StepDone};

use super::tests::press;

fn app() -> App {
    super::tests::app_with_history(Vec::new())
}

#[test]
fn a_list_of_tuples_in_the_prompt_runs_executemany_and_shows_its_rowcount() {
    let mut app = app();
    let sql = "INSERT INTO user (id, name) VALUES (%s, %s)";
    app.editor.set_text(sql);
    press(&mut app, KeyCode::F(5));
    assert!(app.params_prompt.is_some());
    app.update(AppEvent::Paste("[(3, 'Ann'), (4, 'Bob')]".into()));
    let effects = press(&mut app, KeyCode::Enter);
    let want = vec![
        vec![PyValue::Int(3), PyValue::Str("Ann".into())],
        vec![PyValue::Int(4), PyValue::Str("Bob".into())],
    ];
    let id = match effects.first() {
        Some(Effect::Db(DbRequest::RunMany {
            id, sql: s, list, ..
        })) if s == sql && *list == want => *id,
        other => panic!("expected executemany, got {other:?} in {effects:?}"),
    };
    assert!(app.params_prompt.is_none());
    let code = "cursor.executemany('INSERT INTO user (id, name) VALUES (%s, %s)', [(3, 'Ann'), (4, 'Bob')])";
    let mut after = status(None, false);
    after.rowcount = 2;
    let mut done = step(
        Command::Execute(sql.into()),
        Outcome::None,
        Some(after.clone()),
    );
    done.entries = vec![Entry::new(code.into(), Outcome::None)];
    app.update(AppEvent::Db(DbReply::Done(Box::new(StepDone {
        id,
        steps: vec![done],
        status: Some(after),
        ..StepDone::default()
    }))));
    assert_eq!(app.cursor.as_ref().map(|c| c.rowcount), Some(2));
    assert!(
        app.entries().iter().any(|e| e.code == code),
        "the panel and the export show the call: {:?}",
        app.entries()
    );
    press(&mut app, KeyCode::F(5));
    assert_eq!(
        app.params_prompt.as_ref().map(|p| p.input.as_str()),
        Some("[(3, 'Ann'), (4, 'Bob')]"),
        "the list is remembered for this statement"
    );
}

#[test]
fn ctrl_c_during_a_loop_stops_it_between_rows_and_cancels_anything_else() {
    let mut app = app();
    app.editor.set_text("SELECT 1");
    press(&mut app, KeyCode::F(5));
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let id = app.busy.as_ref().map(|b| b.id).unwrap_or_default();
    assert_eq!(
        app.update(AppEvent::Key(ctrl_c, Instant::now())),
        vec![Effect::Stop(id), Effect::Cancel]
    );
    app.update(AppEvent::Db(DbReply::Done(Box::new(StepDone {
        id,
        ..StepDone::default()
    }))));
    assert!(!app.is_busy());
    app.update(AppEvent::Key(
        KeyEvent::new(KeyCode::Char('l'), KeyModifiers::ALT),
        Instant::now(),
    ));
    assert!(app.is_busy(), "Alt-L runs the loop");
    let id = app.busy.as_ref().map(|b| b.id).unwrap_or_default();
    assert_eq!(
        app.update(AppEvent::Key(ctrl_c, Instant::now())),
        vec![Effect::Stop(id)]
    );
}

/// Issue 13, case 2: Ctrl-C during F10 cancels the running statement (KILL QUERY) and
/// raises the stop flag, so the run also stops between two statements.
#[test]
fn ctrl_c_during_run_all_cancels_the_statement_and_stops_the_run() {
    let mut app = app();
    app.editor.set_text("SELECT 1;\nSELECT 2;");
    press(&mut app, KeyCode::F(10));
    assert!(app.is_busy(), "F10 runs the statements");
    let id = app.busy.as_ref().map(|b| b.id).unwrap_or_default();
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(
        app.update(AppEvent::Key(ctrl_c, Instant::now())),
        vec![Effect::Stop(id), Effect::Cancel]
    );
}

/// Issue 14, item 3: the arraysize is shown and edited in F9's cursor options; Enter with
/// only the arraysize changed sets it on the cursor there is (`cursor.arraysize = N`).
#[test]
fn f9_edits_the_arraysize_and_enter_sets_it_on_the_cursor() {
    let mut app = app();
    press(&mut app, KeyCode::F(9));
    for _ in 0..8 {
        press(&mut app, KeyCode::Down);
    }
    assert!(matches!(
        app.popup,
        Some(Popup::CursorOptions {
            selected: ARRAYSIZE_LINE,
            ..
        })
    ));
    press(&mut app, KeyCode::Char(' '));
    assert!(
        matches!(app.popup, Some(Popup::CursorOptions { draft, .. }) if draft == app.options),
        "space toggles nothing there"
    );
    press(&mut app, KeyCode::Char('+'));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char('+'));
    press(&mut app, KeyCode::Left);
    assert_eq!((app.arraysize, app.arraysize_draft), (1, 3));
    let effects = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Db(DbRequest::Step {
                command: Command::Arraysize(3),
                ..
            })]
        ),
        "{effects:?}"
    );
    assert_eq!(app.arraysize, 3);
    assert!(app.popup.is_none());
}

/// F1 lists + and → for the whole window; a new user pressed them on "buffered" and
/// nothing changed (they worked on the arraysize line only).
#[test]
fn f9_plus_and_minus_change_the_arraysize_from_any_line() {
    let mut app = app();
    press(&mut app, KeyCode::F(9));
    press(&mut app, KeyCode::Char('+'));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('-'));
    assert_eq!(app.arraysize_draft, 2);
    assert!(matches!(
        app.popup,
        Some(Popup::CursorOptions { selected: 1, .. })
    ));
}

#[test]
fn f9_esc_leaves_the_arraysize_as_it_was() {
    let mut app = app();
    press(&mut app, KeyCode::F(9));
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char('+'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.arraysize, 1);
    press(&mut app, KeyCode::F(9));
    assert_eq!(
        app.arraysize_draft, 1,
        "the popup starts from the arraysize in use"
    );
}

/// Issue 13, case 5: `%(name)s` placeholders ask for a dict; anything else is refused in
/// the prompt, and the dict runs `cursor.execute(query, {...})`.
#[test]
fn named_placeholders_take_a_dict_and_run_execute_with_it() {
    let mut app = app();
    let sql = "SELECT * FROM user WHERE id = %(id)s AND name = %(name)s";
    app.editor.set_text(sql);
    let effects = press(&mut app, KeyCode::F(5));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Db(_))));
    let prompt = app.params_prompt.as_ref().expect("the prompt opens");
    assert_eq!(prompt.named, vec!["id".to_owned(), "name".to_owned()]);
    app.update(AppEvent::Paste("(3, 'Ann')".into()));
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "a tuple is not a dict"
    );
    assert!(
        app.params_prompt
            .as_ref()
            .and_then(|p| p.error.as_deref())
            .is_some_and(|e| e.contains("expected a dict")),
    );
    app.update(AppEvent::Key(
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
        Instant::now(),
    ));
    app.update(AppEvent::Paste("{'id': 3, 'name': 'Ann'}".into()));
    let effects = press(&mut app, KeyCode::Enter);
    let want = vec![
        ("id".to_owned(), PyValue::Int(3)),
        ("name".to_owned(), PyValue::Str("Ann".into())),
    ];
    assert!(
        matches!(&effects[0], Effect::Db(DbRequest::RunWithDict { sql: s, dict, .. }) if s == sql && *dict == want),
        "{effects:?}"
    );
    assert!(app.params_prompt.is_none());
}

/// What the worker replies for a request Ctrl-C stopped before it started.
fn cancelled_before_start(id: RequestId) -> StepDone {
    StepDone {
        id,
        notes: vec![
            "Not run: cancelled (Ctrl-C) before it started; nothing of it reached the database."
                .to_owned(),
        ],
        cancelled_before_start: true,
        ..StepDone::default()
    }
}

/// Ctrl-C came before the worker started F5: the Python panel shows no call, only the
/// note that it did not run; the status bar and the result pane say so until the next
/// request is done.
#[test]
fn a_statement_cancelled_before_it_started_shows_no_call_and_says_it_did_not_run() {
    let mut app = app();
    app.info = Some(crate::db::DatabaseInfo {
        label: "root@localhost".into(),
        server_version: "10.11".into(),
        connection_id: Some(7),
        dialect: crate::db::Dialect::MySql,
        user: "root".into(),
        database: Some("test".into()),
        security: None,
    });
    app.editor.set_text("INSERT INTO t VALUES (1)");
    press(&mut app, KeyCode::F(5));
    let id = app.busy.as_ref().map(|b| b.id).unwrap_or_default();
    app.update(AppEvent::Db(DbReply::Done(Box::new(
        cancelled_before_start(id),
    ))));
    assert!(!app.is_busy());
    assert!(app.entries().is_empty(), "{:?}", app.entries());
    assert!(
        matches!(app.transcript.as_slice(), [TranscriptItem::Note(n)] if n.starts_with("Not run")),
        "{:?}",
        app.transcript
    );
    assert!(
        matches!(&app.message, Some((text, Level::Info)) if text.starts_with("Not run: cancelled")),
        "{:?}",
        app.message
    );
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("terminal");
    terminal
        .draw(|frame| crate::tui::view::render(&app, frame))
        .expect("draw");
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect();
    assert!(
        screen.contains("Not run: Ctrl-C cancelled it before it started"),
        "the result pane says it: {screen}"
    );
    press(&mut app, KeyCode::F(5));
    let id = app.busy.as_ref().map(|b| b.id).unwrap_or_default();
    app.update(AppEvent::Db(DbReply::Done(Box::new(StepDone {
        id,
        ..StepDone::default()
    }))));
    assert!(!app.not_run, "the next request ran");
}

/// The quit dialog's commit, stopped by Ctrl-C before it started: nothing was committed,
/// so the app does not quit as if it had been.
#[test]
fn commit_and_quit_cancelled_before_it_started_does_not_quit() {
    let mut app = app();
    app.uncommitted = 2;
    app.update(AppEvent::Key(
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL),
        Instant::now(),
    ));
    let effects = press(&mut app, KeyCode::Char('c'));
    let Some(Effect::Db(DbRequest::Step {
        id,
        command: Command::Commit,
    })) = effects.first()
    else {
        panic!("the dialog commits: {effects:?}");
    };
    let effects = app.update(AppEvent::Db(DbReply::Done(Box::new(
        cancelled_before_start(*id),
    ))));
    assert!(!app.should_quit && !effects.contains(&Effect::Quit));
    assert!(
        matches!(&app.message, Some((text, _)) if text.contains("nothing was committed")),
        "{:?}",
        app.message
    );
}

/// The demo database: F9 shows the arraysize too (a `sqlite3` cursor has one) and +/-
/// change it; Enter with only the arraysize changed sets it on the cursor there is, and
/// with the row factory changed creates the cursor and keeps the arraysize for F7.
#[test]
fn f9_on_the_demo_edits_the_arraysize_as_sqlite3_cursor_arraysize() {
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
    press(&mut app, KeyCode::Char('+'));
    press(&mut app, KeyCode::Right);
    assert_eq!((app.arraysize, app.arraysize_draft), (1, 3));
    let effects = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Db(DbRequest::Step {
                command: Command::Arraysize(3),
                ..
            })]
        ),
        "{effects:?}"
    );
    assert_eq!(app.arraysize, 3);
    let id = app.busy.as_ref().map(|b| b.id).unwrap_or_default();
    app.update(AppEvent::Db(DbReply::Done(Box::new(StepDone {
        id,
        ..StepDone::default()
    }))));
    press(&mut app, KeyCode::F(9));
    assert_eq!(
        app.arraysize_draft, 3,
        "the window starts from the arraysize"
    );
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('-'));
    let effects = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(&effects[..], [Effect::Db(DbRequest::Step { command: Command::Cursor(o), .. })] if o.dictionary),
        "a new cursor with sqlite3.Row: {effects:?}"
    );
    assert_eq!(app.arraysize, 2, "F7 sets it on the new cursor");
}
