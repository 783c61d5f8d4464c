//! Update-logic tests: events in, state and effects out. No terminal, no server.

use std::sync::Arc;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::db::api::{Entry, Outcome, Step};
use crate::db::convert::Decoding;
use crate::db::{Cell, Column, CursorStatus, DbError, RowShape};
use crate::tui::grid::Position;
use crate::tui::worker::{DbReply, DbRequest, RowBatch, StepDone};

fn app() -> App {
    app_with_history(vec!["SELECT 'old'".into()])
}

/// An app at 100x30 with the default keys and theme, fetching on F5: what every state
/// test of the app starts from.
pub(super) fn app_with_history(history: Vec<String>) -> App {
    let settings = Settings {
        fetch_on_run: true,
        theme: Theme::default(),
        keymap: Keymap::default(),
        history,
    };
    App::new(settings, (100, 30), Instant::now())
}

pub(super) fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(AppEvent::Key(
        KeyEvent::new(code, KeyModifiers::NONE),
        Instant::now(),
    ))
}

fn press_mod(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
    app.update(AppEvent::Key(
        KeyEvent::new(code, modifiers),
        Instant::now(),
    ))
}

pub(super) fn status(columns: Option<Vec<Column>>, unread: bool) -> CursorStatus {
    CursorStatus {
        class: "MySQLCursor".into(),
        python_call: "cnx.cursor()".into(),
        rowcount: -1,
        lastrowid: None,
        unread,
        buffered_remaining: None,
        columns: columns.map(Arc::from),
        decoding: Decoding::Text,
        shape: RowShape::Tuple,
        options: CursorOptions::default(),
        results: Some(1),
    }
}

/// A typed step, as the worker reports it.
pub(super) fn step(call: Command, outcome: Outcome, after: Option<CursorStatus>) -> Step {
    let code = format!("{call:?}");
    Step::new(call, vec![Entry::new(code, outcome)], None, after, None)
}

pub(super) fn id_column() -> Column {
    Column {
        name: "id".into(),
        type_code: 3,
        flags: 0,
        charset: 63,
        meta: None,
    }
}

pub(super) fn batch(ids: std::ops::Range<i64>) -> RowBatch {
    let mut b = RowBatch::default();
    for i in ids {
        b.store.push(&[Cell::Bytes(i.to_string().into_bytes())]);
    }
    b.widths = vec![2];
    b
}

fn sent_id(effects: &[Effect]) -> RequestId {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Db(
                DbRequest::Run { id, .. }
                | DbRequest::Step { id, .. }
                | DbRequest::ResetDemo { id },
            ) => Some(*id),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no request in {effects:?}"))
}

#[test]
fn run_sends_the_statement_under_the_caret_and_prefetches_a_screenful() {
    let mut app = app();
    app.editor.set_text("SELECT 1;\nSELECT 2;");
    let effects = press(&mut app, KeyCode::F(5));
    let viewport = app.grid_viewport();
    assert!(
        matches!(&effects[0], Effect::Db(DbRequest::Run { sql, prefetch: Some(n), .. }) if sql == "SELECT 2" && *n == viewport)
    );
    assert!(effects.contains(&Effect::SaveHistory));
    assert!(app.is_busy());
}

#[test]
fn with_fetch_on_run_off_nothing_is_fetched_until_asked() {
    let mut app = app();
    app.fetch_on_run = false;
    app.editor.set_text("SELECT 1");
    let effects = press(&mut app, KeyCode::F(5));
    assert!(matches!(
        &effects[0],
        Effect::Db(DbRequest::Run { prefetch: None, .. })
    ));
}

#[test]
fn a_request_while_busy_is_refused_with_a_message() {
    let mut app = app();
    app.editor.set_text("SELECT SLEEP(30)");
    press(&mut app, KeyCode::F(5));
    let effects = press(&mut app, KeyCode::F(8));
    assert!(effects.is_empty());
    assert!(matches!(&app.message, Some((text, Level::Error)) if text.contains("Ctrl-C cancels")));
}

#[test]
fn ctrl_c_cancels_only_while_something_runs() {
    let mut app = app();
    assert!(press_mod(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL).is_empty());
    app.editor.set_text("SELECT SLEEP(30)");
    let id = sent_id(&press(&mut app, KeyCode::F(5)));
    assert_eq!(
        press_mod(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL),
        vec![Effect::Stop(id), Effect::Cancel],
        "the request is named too: a Ctrl-C before the worker starts it is not lost"
    );
}

#[test]
fn a_finished_run_fills_the_grid_and_the_python_panel() {
    let mut app = app();
    app.editor.set_text("SELECT id FROM t");
    let id = sent_id(&press(&mut app, KeyCode::F(5)));
    let done = StepDone {
        id,
        steps: vec![step(
            Command::Execute("SELECT id FROM t".into()),
            Outcome::None,
            Some(status(Some(vec![id_column()]), true)),
        )],
        batch: batch(1..3),
        fetched: Some((Some(2), 2)),
        status: Some(status(Some(vec![id_column()]), true)),
        ..StepDone::default()
    };
    app.update(AppEvent::Db(DbReply::Done(Box::new(done))));
    assert!(!app.is_busy());
    assert_eq!(app.grid.rows.len(), 2);
    assert_eq!(app.grid.position, Position::OnRow(1));
    assert!(app.grid.more_unread);
    assert_eq!(app.entries().len(), 1);
    assert_eq!(
        app.selected_row_value().and_then(Result::ok),
        Some("(2,)".to_owned())
    );
}

#[test]
fn rows_for_a_request_no_longer_awaited_are_dropped() {
    let mut app = app();
    app.update(AppEvent::Db(DbReply::Rows {
        id: 99,
        batch: batch(0..5),
    }));
    assert_eq!(app.grid.rows.len(), 0);
}

#[test]
fn unread_result_found_is_explained_with_the_two_ways_out() {
    let mut app = app();
    app.editor.set_text("SELECT 1");
    let id = sent_id(&press(&mut app, KeyCode::F(5)));
    let done = StepDone {
        id,
        steps: vec![step(
            Command::Execute("SELECT 1".into()),
            Outcome::Error(DbError::unread_result()),
            None,
        )],
        ..StepDone::default()
    };
    app.update(AppEvent::Db(DbReply::Done(Box::new(done))));
    assert!(
        matches!(app.transcript.last(), Some(TranscriptItem::Explain(text)) if text.contains("fetch the rest") && text.contains("buffered"))
    );
}

#[test]
fn quitting_with_uncommitted_changes_asks_and_commit_then_quits() {
    let mut app = app();
    app.uncommitted = 2;
    assert!(press_mod(&mut app, KeyCode::Char('q'), KeyModifiers::CONTROL).is_empty());
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    let effects = press(&mut app, KeyCode::Char('c'));
    assert!(matches!(
        &effects[0],
        Effect::Db(DbRequest::Step {
            command: Command::Commit,
            ..
        })
    ));
    let id = sent_id(&effects);
    let reply = app.update(AppEvent::Db(DbReply::Done(Box::new(StepDone {
        id,
        ..StepDone::default()
    }))));
    assert!(reply.contains(&Effect::Quit));
    assert!(app.should_quit);
}

#[test]
fn staying_keeps_everything() {
    let mut app = app();
    app.uncommitted = 1;
    press_mod(&mut app, KeyCode::Char('q'), KeyModifiers::CONTROL);
    assert!(press(&mut app, KeyCode::Char('s')).is_empty());
    assert!(!app.should_quit && app.popup.is_none());
}

#[test]
fn cursor_options_popup_toggles_then_creates_the_cursor() {
    let mut app = app();
    press(&mut app, KeyCode::F(9));
    press(&mut app, KeyCode::Char(' '));
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char(' '));
    let effects = press(&mut app, KeyCode::Enter);
    let want = CursorOptions {
        buffered: true,
        dictionary: true,
        ..CursorOptions::default()
    };
    assert!(
        matches!(&effects[0], Effect::Db(DbRequest::Step { command: Command::Cursor(o), .. }) if *o == want)
    );
}

#[test]
fn fetch_keys_use_arraysize() {
    let mut app = app();
    app.focus = Focus::Grid;
    press(&mut app, KeyCode::Char('+'));
    press(&mut app, KeyCode::Char('+'));
    let effects = press(&mut app, KeyCode::F(7));
    assert!(matches!(
        &effects[0],
        Effect::Db(DbRequest::Step {
            command: Command::FetchMany(Some(3)),
            ..
        })
    ));
}

#[test]
fn alt_l_runs_the_loop_over_the_rest_of_the_result() {
    let mut app = app();
    let effects = press_mod(&mut app, KeyCode::Char('l'), KeyModifiers::ALT);
    assert!(
        matches!(
            &effects[0],
            Effect::Db(DbRequest::Step {
                command: Command::Iterate,
                ..
            })
        ),
        "{effects:?}"
    );
}

#[test]
fn history_search_finds_and_loads_an_entry() {
    let mut app = app();
    press_mod(&mut app, KeyCode::Char('r'), KeyModifiers::CONTROL);
    for c in "old".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.editor.text(), "SELECT 'old'");
}

#[test]
fn up_on_the_first_line_recalls_history() {
    let mut app = app();
    press(&mut app, KeyCode::Up);
    assert_eq!(app.editor.text(), "SELECT 'old'");
}

#[test]
fn grid_keys_move_the_selection_and_copy_the_cell() {
    let mut app = app();
    app.grid
        .reset(Some(&status(Some(vec![id_column()]), false)));
    app.grid.append(batch(0..100));
    app.focus = Focus::Grid;
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::PageDown);
    let viewport = app.grid_viewport();
    assert_eq!(app.grid.selected.0, 1 + viewport);
    let effects = press(&mut app, KeyCode::Char('y'));
    assert_eq!(effects, vec![Effect::Copy((1 + viewport).to_string())]);
}

#[test]
fn y_in_the_cell_popup_copies_the_whole_cell_not_the_abridged_text() {
    let mut app = app();
    app.grid
        .reset(Some(&status(Some(vec![id_column()]), false)));
    let long = "x".repeat(100_000);
    let mut rows = RowBatch::default();
    rows.store.push(&[Cell::Bytes(long.clone().into_bytes())]);
    rows.widths = vec![2];
    app.grid.append(rows);
    app.focus = Focus::Grid;
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.popup, Some(Popup::CellDetail { .. })));
    let effects = press(&mut app, KeyCode::Char('y'));
    assert_eq!(effects, vec![Effect::Copy(long)]);
    assert!(
        matches!(app.popup, Some(Popup::CellDetail { .. })),
        "the popup stays open"
    );
}

#[test]
fn a_successful_autocommit_step_updates_the_status() {
    let mut app = app();
    let id = sent_id(&press_mod(&mut app, KeyCode::Char('a'), KeyModifiers::ALT));
    let done = StepDone {
        id,
        steps: vec![Step {
            autocommit: Some(true),
            ..step(Command::Autocommit(true), Outcome::None, None)
        }],
        ..StepDone::default()
    };
    app.update(AppEvent::Db(DbReply::Done(Box::new(done))));
    assert!(app.autocommit);
}

#[test]
fn a_reconnect_note_reaches_the_panel_and_the_status_bar() {
    let mut app = app();
    app.editor.set_text("SELECT 1");
    let id = sent_id(&press(&mut app, KeyCode::F(5)));
    let note = "The open transaction was lost with the connection: 1 uncommitted statement(s) were rolled back.";
    let done = StepDone {
        id,
        notes: vec![note.into()],
        ..StepDone::default()
    };
    app.update(AppEvent::Db(DbReply::Done(Box::new(done))));
    assert!(matches!(&app.message, Some((text, _)) if text == note));
    assert!(app.transcript.contains(&TranscriptItem::Note(note.into())));
}

/// A paste used to go to the hidden SQL editor while form mode was on screen, so the
/// form's field lost what was pasted.
#[test]
fn a_paste_in_form_mode_fills_the_form_field_not_the_hidden_editor() {
    let mut app = app();
    app.form_available = true;
    app.screen = Screen::Form;
    let before = app.editor.text();
    let _ = app.update(AppEvent::Paste("' OR '1'='1".into()));
    assert_eq!(app.form.search, "' OR '1'='1", "focus starts in search");
    assert_eq!(app.editor.text(), before);
}

/// The SQL screen's last message ("Ran all 2 statement(s)…") stayed on form mode's status
/// bar, over the form's own hints and answers.
#[test]
fn form_mode_opens_without_the_sql_screens_message() {
    let mut app = app();
    app.form_available = true;
    app.message = Some((
        "Ran all 2 statement(s), one after another.".into(),
        Level::Info,
    ));
    let _ = press(&mut app, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Form);
    assert_eq!(app.message, None);
}

/// Issue 17: a window's keys come from the keymap, so `[keys]` moves them: with `toggle`
/// on `t` and `accept` on `ctrl-o`, F9 toggles with t and creates the cursor with Ctrl-O,
/// and the old keys do nothing there.
#[test]
fn window_keys_follow_the_keys_config() {
    let (keymap, warnings) = Keymap::with_overrides(&[
        ("toggle".into(), "t".into()),
        ("accept".into(), "ctrl-o".into()),
    ]);
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut app = App::new(
        Settings {
            fetch_on_run: true,
            theme: Theme::default(),
            keymap,
            history: Vec::new(),
        },
        (100, 30),
        Instant::now(),
    );
    press(&mut app, KeyCode::F(9));
    assert!(press(&mut app, KeyCode::Char(' ')).is_empty());
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(
        matches!(app.popup, Some(Popup::CursorOptions { draft, .. }) if draft == CursorOptions::default()),
        "Space and Enter are no longer F9's keys: {:?}",
        app.popup
    );
    press(&mut app, KeyCode::Char('t'));
    let effects = press_mod(&mut app, KeyCode::Char('o'), KeyModifiers::CONTROL);
    let want = CursorOptions {
        buffered: true,
        ..CursorOptions::default()
    };
    assert!(
        matches!(&effects[..], [Effect::Db(DbRequest::Step { command: Command::Cursor(o), .. })] if *o == want),
        "{effects:?}"
    );
    assert!(app.popup.is_none());
    let help = crate::tui::help::rows(&app.keymap);
    assert!(
        help.iter()
            .any(|(place, keys, _)| place.starts_with("cursor options") && keys == "t"),
        "F1 shows the moved key: {help:?}"
    );
}
