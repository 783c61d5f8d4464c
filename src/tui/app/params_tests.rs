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

fn app() -> App {
    let settings = Settings {
        fetch_on_run: true,
        theme: Theme::default(),
        keymap: Keymap::default(),
        history: Vec::new(),
    };
    App::new(settings, (100, 30), Instant::now())
}

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(AppEvent::Key(
        KeyEvent::new(code, KeyModifiers::NONE),
        Instant::now(),
    ))
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
    assert_eq!(
        app.update(AppEvent::Key(ctrl_c, Instant::now())),
        vec![Effect::Cancel]
    );
    let id = app.busy.as_ref().map(|b| b.id).unwrap_or_default();
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
        vec![Effect::StopLoop(id)]
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
        vec![Effect::StopLoop(id), Effect::Cancel]
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
