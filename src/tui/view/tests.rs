//! Render snapshots (insta over ratatui's `TestBackend`) of the main screens, tiny terminals,
//! wide Unicode, NULL, binary and long errors; colours are checked cell by cell.

use std::sync::Arc;
use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::db::api::{Command, Entry, Outcome, Step};
use crate::db::convert::Decoding;
use crate::db::{Cell, Column, CursorStatus, DatabaseInfo, Dialect, RowShape};
use crate::tui::app::{App, Level, Popup, Settings};
use crate::tui::event::AppEvent;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::worker::{DbReply, RowBatch, StepDone};

fn info() -> DatabaseInfo {
    DatabaseInfo {
        label: "root@127.0.0.1:3306/oracle".into(),
        server_version: "10.11.19-MariaDB-0+deb12u1".into(),
        connection_id: Some(7),
        dialect: Dialect::MySql,
        user: "root".into(),
        database: Some("oracle".into()),
        security: None,
    }
}

fn columns() -> Vec<Column> {
    vec![
        Column {
            name: "id".into(),
            type_code: 3,
            flags: 16899,
            charset: 63,
            meta: None,
        },
        Column {
            name: "name".into(),
            type_code: 253,
            flags: 0,
            charset: 45,
            meta: None,
        },
        Column {
            name: "photo".into(),
            type_code: 252,
            flags: 144,
            charset: 63,
            meta: None,
        },
        Column {
            name: "note".into(),
            type_code: 252,
            flags: 16,
            charset: 45,
            meta: None,
        },
    ]
}

fn rows() -> RowBatch {
    let mut batch = RowBatch::default();
    let data: Vec<Vec<Cell>> = vec![
        vec![
            Cell::Bytes(b"1".to_vec()),
            Cell::Bytes("John Doe".into()),
            Cell::Bytes(vec![0xde, 0xad]),
            Cell::Bytes("line1\nline2".into()),
        ],
        vec![
            Cell::Bytes(b"2".to_vec()),
            Cell::Bytes("日本語テキスト".into()),
            Cell::Null,
            Cell::Bytes("NULL".into()),
        ],
        vec![
            Cell::Bytes(b"3".to_vec()),
            Cell::Bytes("Zoë ☃ 🐍".into()),
            Cell::Bytes(Vec::new()),
            Cell::Null,
        ],
    ];
    for row in &data {
        batch.store.push(row);
    }
    batch.widths = vec![2, 14, 6, 12];
    batch
}

fn app_with_result(size: (u16, u16)) -> App {
    let settings = Settings {
        fetch_on_run: true,
        theme: Theme::default(),
        keymap: Keymap::default(),
        history: Vec::new(),
    };
    let mut app = App::new(settings, size, Instant::now());
    let _ = app.update(AppEvent::Db(DbReply::Connected {
        info: info(),
        canceller: crate::db::KillQuery {
            options: crate::db::ConnectOptions::new(),
            connection_id: 7,
            socket: None,
        }
        .canceller(),
        autocommit: false,
    }));
    app.editor
        .set_text("SELECT id, name, photo, note\n  FROM people ORDER BY id;");
    let status = CursorStatus {
        class: "MySQLCursor".into(),
        python_call: "cnx.cursor()".into(),
        rowcount: 3,
        lastrowid: None,
        unread: true,
        buffered_remaining: None,
        columns: Some(Arc::from(columns())),
        decoding: Decoding::Text,
        shape: RowShape::Tuple,
        options: crate::db::CursorOptions::default(),
        results: Some(1),
    };
    let done = StepDone {
        id: 0,
        steps: vec![
            Step::new(
                Command::Execute("SELECT id, name, photo, note FROM people ORDER BY id".into()),
                vec![
                    Entry::new("cursor = cnx.cursor()".into(), Outcome::None),
                    Entry::new(
                        "cursor.execute('SELECT id, name, photo, note FROM people ORDER BY id')"
                            .into(),
                        Outcome::None,
                    ),
                ],
                None,
                Some(status.clone()),
                Some(false),
            ),
            Step::new(
                Command::FetchMany(Some(3)),
                vec![Entry::new("cursor.fetchmany(3)".into(), Outcome::None)],
                Some(&status),
                Some(status.clone()),
                Some(false),
            ),
        ],
        batch: rows(),
        fetched: Some((Some(3), 3)),
        status: Some(status),
        ..StepDone::default()
    };
    let _ = app.update(AppEvent::Db(DbReply::Done(Box::new(done))));
    app.message = None;
    app
}

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(width, height)).unwrap_or_else(|e| panic!("{e}"));
    terminal
        .draw(|frame| super::render(app, frame))
        .unwrap_or_else(|e| panic!("{e}"));
    terminal
}

#[test]
fn main_screen_shows_rows_marker_python_and_status() {
    let app = app_with_result((100, 30));
    insta::assert_snapshot!("main_screen_100x30", draw(&app, 100, 30).backend());
}

#[test]
fn the_80x24_screen_keeps_every_region() {
    let app = app_with_result((80, 24));
    insta::assert_snapshot!("main_screen_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn a_40x10_terminal_stays_legible() {
    let app = app_with_result((40, 10));
    insta::assert_snapshot!("tiny_40x10", draw(&app, 40, 10).backend());
}

#[test]
fn a_20x5_terminal_shows_a_notice() {
    let app = app_with_result((20, 5));
    insta::assert_snapshot!("too_small_20x5", draw(&app, 20, 5).backend());
}

#[test]
fn before_any_fetch_the_marker_stands_before_the_first_row() {
    let mut app = app_with_result((100, 24));
    app.grid.rows.clear();
    app.grid.position = crate::tui::grid::Position::BeforeFirst;
    insta::assert_snapshot!("before_first_row", draw(&app, 100, 24).backend());
}

#[test]
fn a_long_error_is_cut_to_the_status_bar() {
    let mut app = app_with_result((80, 24));
    app.message = Some((
        "mysql.connector.errors.ProgrammingError: 1064 (42000): You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'FORM people' at line 1".into(),
        Level::Error,
    ));
    insta::assert_snapshot!("long_error", draw(&app, 80, 24).backend());
}

#[test]
fn help_lists_every_key() {
    let mut app = app_with_result((100, 48));
    app.help = Some(crate::tui::help::Help::default());
    insta::assert_snapshot!("help", draw(&app, 100, 48).backend());
}

#[test]
fn cursor_options_explain_each_option_and_the_refused_combinations() {
    let mut app = app_with_result((100, 30));
    let draft = crate::db::CursorOptions {
        dictionary: true,
        named_tuple: true,
        ..Default::default()
    };
    app.popup = Some(Popup::CursorOptions { selected: 3, draft });
    insta::assert_snapshot!("cursor_options", draw(&app, 100, 30).backend());
}

#[test]
fn null_cells_are_styled_apart_from_the_string_null() {
    let app = app_with_result((100, 30));
    let terminal = draw(&app, 100, 30);
    let buffer = terminal.backend().buffer();
    let find = |needle: &str, from_row: u16| -> Option<(u16, u16)> {
        (from_row..buffer.area.height).find_map(|y| {
            let line: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_owned())
                .collect();
            line.find(needle)
                .map(|byte| (line[..byte].chars().count() as u16, y))
        })
    };
    // Row 2: photo is SQL NULL, note is the string 'NULL'.
    let (x, y) = find("NULL", 10).unwrap_or_else(|| panic!("no NULL on screen"));
    let null_style = buffer[(x, y)].style();
    assert_eq!(
        null_style.fg, app.theme.grid.null.fg,
        "SQL NULL uses the null style"
    );
    let line: String = (x + 4..buffer.area.width)
        .map(|cx| buffer[(cx, y)].symbol().to_owned())
        .collect();
    let offset = line.find("NULL").map_or_else(
        || panic!("no string 'NULL'"),
        |b| line[..b].chars().count() as u16,
    );
    let string_style = buffer[(x + 4 + offset, y)].style();
    assert_ne!(
        string_style.fg, app.theme.grid.null.fg,
        "the string 'NULL' does not"
    );
}

#[test]
fn form_mode_shows_the_list_the_form_and_the_dao_call() {
    use crate::tui::form_worker::{FormReply, FormRequest};
    let mut app = app_with_result((110, 32));
    app.form_available = true;
    app.screen = crate::tui::app::Screen::Form;
    app.form.users = vec![(1, "John Doe".into()), (2, "Jane Smith".into())];
    app.form.id = "3".into();
    app.form.name = "x".repeat(70);
    app.form.name_max = Some(64);
    let effects = app.form.on_key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::F(5),
        crossterm::event::KeyModifiers::NONE,
    ));
    assert_eq!(
        effects,
        crate::tui::form::FormKey::Stay(Vec::new()),
        "an over-long name never reaches the DAO"
    );
    let _ = FormRequest::List(None);
    let _ = FormReply {
        report: None,
        error: None,
        users: None,
        pool: None,
        held: 0,
        name_max: None,
        message: None,
        steps: Vec::new(),
    };
    insta::assert_snapshot!("form_mode", draw(&app, 110, 32).backend());
}

#[test]
fn a_loop_shows_its_prompt_lines_and_a_line_per_row_in_the_python_panel() {
    let mut app = app_with_result((100, 30));
    let done = StepDone {
        id: 0,
        steps: vec![crate::db::api::Step::new(
            Command::Iterate,
            vec![Entry::new(
                crate::db::api::LOOP_CODE.into(),
                Outcome::Printed("(4, 'row four')\n(5, 'row five')".into()),
            )],
            None,
            None,
            None,
        )],
        fetched: Some((None, 2)),
        ..StepDone::default()
    };
    let _ = app.update(AppEvent::Db(DbReply::Done(Box::new(done))));
    let terminal = draw(&app, 100, 30);
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    let text: Vec<String> = buffer
        .content
        .chunks(width)
        .map(|row| row.iter().map(ratatui::buffer::Cell::symbol).collect())
        .collect();
    let screen = text.join("\n");
    // Each line of the loop starts a screen line of its own, in this order.
    let at = |needle: &str| {
        text.iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{screen}"))
    };
    let lines = [
        ">>> for row in cursor:",
        "...     print(row)",
        "(4, 'row four')",
        "(5, 'row five')",
    ];
    let rows: Vec<usize> = lines.iter().map(|l| at(l)).collect();
    let first = rows[0];
    assert_eq!(
        rows,
        vec![first, first + 1, first + 3, first + 4],
        "the bare `...` line sits between the prompt and the rows:\n{screen}"
    );
    assert!(text[first + 2].contains("│...    "), "{screen}");
}

#[test]
fn the_status_bar_shows_what_tls_was_negotiated_and_the_mode_asked_for() {
    let mut app = app_with_result((160, 30));
    if let Some(info) = app.info.as_mut() {
        info.security = Some(crate::db::Security {
            mode: crate::db::SslMode::Preferred,
            transport: crate::db::Transport::Plaintext,
        });
    }
    let screen = format!("{:?}", draw(&app, 160, 30).backend());
    assert!(screen.contains("plaintext (PREFERRED)"), "{screen}");
    if let Some(info) = app.info.as_mut() {
        info.security = Some(crate::db::Security {
            mode: crate::db::SslMode::VerifyIdentity,
            transport: crate::db::Transport::Tls {
                version: "TLSv1.3".into(),
                cipher: "TLS_AES_256_GCM_SHA384".into(),
            },
        });
    }
    let screen = format!("{:?}", draw(&app, 160, 30).backend());
    assert!(screen.contains("TLSv1.3 (VERIFY_IDENTITY)"), "{screen}");
}

#[test]
fn the_whole_error_shows_where_the_result_would_be() {
    let mut app = app_with_result((80, 24));
    app.grid = crate::tui::grid::Grid::default();
    app.last_error = Some(crate::db::DbError {
        errno: Some(1064),
        sqlstate: Some("42000".into()),
        ..crate::db::DbError::new(
            crate::db::ExceptionClass::ProgrammingError,
            "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '' at line 1",
        )
    });
    insta::assert_snapshot!("error_in_result_pane", draw(&app, 80, 24).backend());
}

#[test]
fn at_60x15_the_python_panel_takes_the_grids_place() {
    let mut app = app_with_result((60, 15));
    app.narrow_pane = crate::tui::view::NarrowPane::Python;
    insta::assert_snapshot!("python_panel_60x15", draw(&app, 60, 15).backend());
}

#[test]
fn the_status_bar_says_since_which_statement_a_transaction_is_open() {
    let mut app = app_with_result((160, 30));
    let done = StepDone {
        steps: vec![Step::new(
            Command::Execute("SELECT name FROM user".into()),
            Vec::new(),
            None,
            None,
            None,
        )],
        in_transaction: Some(true),
        ..StepDone::default()
    };
    app.transaction.after(&done);
    let terminal = draw(&app, 160, 30);
    let buffer = terminal.backend().buffer();
    let status: String = (0..160)
        .map(|x| buffer[(x, 29)].symbol().to_owned())
        .collect();
    assert!(
        status.contains("in transaction since SELECT name FROM user"),
        "{status}"
    );
}

fn on_the_demo(app: &mut App) {
    if let Some(info) = app.info.as_mut() {
        info.dialect = Dialect::Sqlite;
        info.label = "demo.sqlite3".into();
    }
}

#[test]
fn f9_on_the_demo_offers_sqlite3_row_factories_not_mysql_cursor_kinds() {
    let mut app = app_with_result((100, 30));
    on_the_demo(&mut app);
    let _ = app.update(AppEvent::Key(
        crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::F(9),
            crossterm::event::KeyModifiers::NONE,
        ),
        Instant::now(),
    ));
    let terminal = draw(&app, 100, 30);
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect();
    assert!(screen.contains("sqlite3.Row"), "{screen}");
    assert!(
        screen.contains("‹  1› arraysize"),
        "a sqlite3 cursor has one: {screen}"
    );
    assert!(
        !screen.contains("buffered") && !screen.contains("named_tuple"),
        "{screen}"
    );
    insta::assert_snapshot!("cursor_options_sqlite", terminal.backend());
}

#[test]
fn form_mode_on_the_demo_claims_no_connection_pool() {
    let mut app = app_with_result((110, 32));
    on_the_demo(&mut app);
    app.form_available = true;
    app.screen = crate::tui::app::Screen::Form;
    let screen: String = draw(&app, 110, 32)
        .backend()
        .buffer()
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect();
    assert!(
        screen.contains("sqlite3 has no connection pool"),
        "{screen}"
    );
    assert!(
        !screen.contains("Connection pool") && !screen.contains("F7 borrows"),
        "{screen}"
    );
}

/// At 60 columns the session label took the room and "1 uncommitted" fell off the bar.
#[test]
fn at_60_columns_the_bar_keeps_the_uncommitted_count() {
    let mut app = app_with_result((60, 15));
    app.uncommitted = 1;
    let terminal = draw(&app, 60, 15);
    let buffer = terminal.backend().buffer();
    let status: String = (0..60)
        .map(|x| buffer[(x, 14)].symbol().to_owned())
        .collect();
    assert!(status.contains("1 uncommitted"), "{status}");
}
