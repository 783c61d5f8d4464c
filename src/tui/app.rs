//! `App`: the TUI's whole state, and `update`, the only place it changes. An event comes
//! in, state changes, and the effects the outside world must carry out come back (database
//! requests, cancel, clipboard, files). No drawing, no I/O, no clock reads here: time
//! arrives with the events.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::complete::Completions;
use crate::db::{
    Cancelled, Canceller, CursorOptions, CursorStatus, DatabaseInfo, DbError, RowShape,
};
use crate::output::cell_display;
use crate::session::{Command, Entry};

use super::action::{Action, Effect};
use super::editor::Editor;
use super::event::AppEvent;
use super::form::{FormKey, FormState};
use super::grid::Grid;
use super::help::{Help, HelpKey};
use super::keymap::{Focus, Keymap};
use super::params::{ParamsPrompt, Placeholders, placeholders};
use super::python_panel;
use super::theme::Theme;
use super::view::{NarrowPane, SIDE_COLUMN_MIN_WIDTH, layout, screen_layout, visible_columns};
use super::worker::{DbRequest, RequestId, Timing};

/// One line group of the Python panel.
#[derive(Debug, Clone, PartialEq)]
pub enum TranscriptItem {
    /// A step and what Python printed.
    Entry(Entry),
    /// Something rowwise tells the user (reconnects, lost transactions).
    Note(String),
    /// An explanation of the error just above.
    Explain(String),
}

/// A window over the main screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    /// Cursor options being chosen.
    CursorOptions {
        /// The highlighted line.
        selected: usize,
        /// The options as toggled so far.
        draft: CursorOptions,
    },
    /// One cell in full.
    CellDetail {
        /// Column name and type.
        title: String,
        /// The whole value.
        text: String,
        /// First line shown.
        scroll: usize,
    },
    /// Quitting with uncommitted changes: commit, roll back or stay?
    ConfirmQuit,
    /// Ctrl-R over the history.
    HistorySearch {
        /// What was typed.
        query: String,
        /// The highlighted match.
        selected: usize,
    },
}

/// Which screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// SQL editor, grid and Python panel.
    Sql,
    /// Form mode: CRUD on `user` through the DAO.
    Form,
}

/// How serious a status message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Information.
    Info,
    /// Something went wrong.
    Error,
}

/// A request the worker is busy with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    /// The request.
    pub id: RequestId,
    /// When it was sent.
    pub started: Instant,
    /// What it is (`execute`, `fetchall`, ...).
    pub label: String,
}

/// Settings the TUI starts with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Fetch a screenful right after `execute`.
    pub fetch_on_run: bool,
    /// Colours.
    pub theme: Theme,
    /// Keys.
    pub keymap: Keymap,
    /// Query history (oldest first).
    pub history: Vec<String>,
}

/// The TUI state (see the module documentation).
#[derive(Debug)]
pub struct App {
    /// Where keys go.
    pub focus: Focus,
    /// The window on top, if any.
    pub popup: Option<Popup>,
    /// The query editor.
    pub editor: Editor,
    /// The result grid.
    pub grid: Grid,
    /// The Python panel's content.
    pub transcript: Vec<TranscriptItem>,
    /// Lines scrolled up from the bottom of the Python panel.
    pub transcript_scroll: usize,
    /// The current cursor's options.
    pub options: CursorOptions,
    /// Rows per `fetchmany()`.
    pub arraysize: usize,
    /// The arraysize being edited in the F9 cursor options (line 5 there).
    pub arraysize_draft: usize,
    /// Fetch a screenful right after `execute`.
    pub fetch_on_run: bool,
    /// Show the Python panel.
    pub show_python: bool,
    /// Completion data.
    pub completions: Completions,
    /// Keys.
    pub keymap: Keymap,
    /// Colours.
    pub theme: Theme,
    /// Terminal size.
    pub size: (u16, u16),
    /// The request being worked on.
    pub busy: Option<Busy>,
    /// The session.
    pub info: Option<DatabaseInfo>,
    canceller: Option<Canceller>,
    /// Is autocommit on?
    pub autocommit: bool,
    /// Statements that changed something since the last commit.
    pub uncommitted: u32,
    /// The cursor, as the worker last saw it.
    pub cursor: Option<CursorStatus>,
    /// Timings of the last request.
    pub last_timing: Option<Timing>,
    /// How long the last frame took to draw.
    pub last_render: Duration,
    /// The status message.
    pub message: Option<(String, Level)>,
    /// Spinner frame.
    pub spinner: usize,
    /// The time of the last event (for elapsed times; render reads no clock).
    pub now: Instant,
    /// Quit when this request is done (commit or rollback on the way out).
    quit_after: Option<RequestId>,
    /// The loop should end.
    pub should_quit: bool,
    /// Said on the terminal after leaving the full screen, with a non-zero exit status:
    /// the quit dialog's commit failed.
    pub exit_failure: Option<String>,
    next_id: RequestId,
    /// When the last Run was asked for, until its rows are on screen (bench log).
    pub run_started: Option<Instant>,
    /// The screen shown.
    pub screen: Screen,
    /// Form mode's state.
    pub form: FormState,
    /// What the Python export needs beside the entries (form calls, stopped loops).
    pub replay: super::replay::ReplayLog,
    /// Can form mode reach a DAO (a MySQL server)?
    pub form_available: bool,
    /// The open transaction and the statement that opened it, as far as known.
    pub transaction: super::transaction::TransactionView,
    /// The help window, while open.
    pub help: Option<Help>,
    /// The pane in the grid's place on a narrow screen.
    pub narrow_pane: NarrowPane,
    /// The error of the last statement or step, shown where its result would be until
    /// the next statement runs.
    pub last_error: Option<DbError>,
    /// The parameters prompt of a statement with `%s` placeholders, while open.
    pub params_prompt: Option<ParamsPrompt>,
    /// The parameters last typed for each statement text.
    params_memory: std::collections::HashMap<String, String>,
}

/// Bytes of each string cell the row detail pane reads, and of the repr it shows.
const DETAIL_CELL_BYTES: usize = 2048;
const DETAIL_REPR_BYTES: usize = 8192;

/// Bytes of a string cell the cell popup shows (a 100 MB value is cut and says so).
const POPUP_CELL_BYTES: usize = 16 * 1024;

const UNREAD_HELP: &str = "The previous result still has unread rows, and a connection reads one result at a \
     time. Either fetch the rest (F8: fetchall) or use a buffered cursor (F9: buffered=True), which reads \
     every row during execute.";

impl App {
    /// A fresh app of the given terminal size.
    pub fn new(settings: Settings, size: (u16, u16), now: Instant) -> Self {
        App {
            focus: Focus::Editor,
            popup: None,
            editor: Editor::with_history(settings.history),
            grid: Grid::default(),
            transcript: Vec::new(),
            transcript_scroll: 0,
            options: CursorOptions::default(),
            arraysize: 1,
            arraysize_draft: 1,
            fetch_on_run: settings.fetch_on_run,
            show_python: true,
            completions: Completions::default(),
            keymap: settings.keymap,
            theme: settings.theme,
            size,
            busy: None,
            info: None,
            canceller: None,
            autocommit: false,
            uncommitted: 0,
            cursor: None,
            last_timing: None,
            last_render: Duration::ZERO,
            message: None,
            spinner: 0,
            now,
            quit_after: None,
            exit_failure: None,
            should_quit: false,
            next_id: 1,
            run_started: None,
            screen: Screen::Sql,
            form: FormState::default(),
            replay: Default::default(),
            form_available: false,
            transaction: Default::default(),
            help: None,
            narrow_pane: NarrowPane::Grid,
            last_error: None,
            params_prompt: None,
            params_memory: std::collections::HashMap::new(),
        }
    }

    /// Is work pending (so the loop should tick)?
    pub fn is_busy(&self) -> bool {
        self.busy.is_some()
    }

    /// The canceller of the current session.
    pub fn canceller(&self) -> Option<Canceller> {
        self.canceller.clone()
    }

    fn grid_viewport(&self) -> usize {
        // With another pane in the grid's place, a fetch still brings a screenful.
        layout(
            ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1),
            self.show_python,
        )
        .grid_rows()
    }

    /// Where each region is on the current screen.
    pub fn areas(&self) -> super::view::Areas {
        screen_layout(
            ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1),
            self.show_python,
            self.narrow_pane,
        )
    }

    fn info(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Level::Info));
    }

    fn error(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Level::Error));
    }

    /// Handles one event.
    pub fn update(&mut self, event: AppEvent) -> Vec<Effect> {
        match event {
            AppEvent::Key(key, at) => {
                self.now = at;
                self.on_key(key)
            }
            AppEvent::Paste(text) => {
                if let Some(prompt) = self.params_prompt.as_mut() {
                    prompt.paste(&text);
                    return Vec::new();
                }
                // In form mode the SQL editor is hidden: a paste belongs to the form's field.
                if self.screen == Screen::Form && self.popup.is_none() {
                    self.form.paste(&text);
                } else if self.focus == Focus::Editor && self.popup.is_none() {
                    self.editor.paste(&text);
                }
                Vec::new()
            }
            AppEvent::Resize(w, h) => {
                self.size = (w, h);
                let viewport = self.grid_viewport();
                let row = self.grid.selected.0;
                self.grid.select_row(row, viewport);
                Vec::new()
            }
            AppEvent::Wheel { up, column, row } => {
                self.on_wheel(up, column, row);
                Vec::new()
            }
            AppEvent::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                self.now = Instant::now();
                Vec::new()
            }
            AppEvent::Db(reply) => self.on_reply(reply),
            AppEvent::Form(reply) => {
                self.replay.dao(&reply.steps);
                self.form.apply(*reply);
                Vec::new()
            }
            AppEvent::Cancelled(Ok(how)) => {
                match how {
                    Cancelled::Sent => self.info(how.message()),
                    Cancelled::ConnectionCut => {
                        // Why the statement is about to fail with 2013: keep it in the panel.
                        self.transcript.push(TranscriptItem::Note(how.message()));
                        self.error(how.message());
                    }
                }
                Vec::new()
            }
            AppEvent::Cancelled(Err(e)) => {
                self.error(format!("Cancel failed: {}", e.mysql_client_line()));
                Vec::new()
            }
            AppEvent::Copied(Ok(how)) => {
                self.info(how);
                Vec::new()
            }
            AppEvent::Copied(Err(why)) => {
                self.error(format!("Copy failed: {why}"));
                Vec::new()
            }
            AppEvent::InputClosed => {
                self.should_quit = true;
                vec![Effect::Quit]
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if self.params_prompt.is_some() {
            return self.on_params_key(key);
        }
        if let Some(help) = self.help.as_mut() {
            let screen = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
            let page = usize::from(Help::area(screen).height.saturating_sub(3));
            if help.on_key(key, page) == HelpKey::Close {
                self.help = None;
            }
            return Vec::new();
        }
        if self.popup.is_some() {
            return self.on_popup_key(key);
        }
        if self.screen == Screen::Form {
            let global = self
                .keymap
                .action(Focus::Editor, &key)
                .filter(|a| matches!(a, Action::Help | Action::Quit | Action::Cancel));
            if let Some(action) = global {
                return self.on_action(action);
            }
            return match self.form.on_key_with(&self.keymap, key) {
                FormKey::Stay(effects) => effects,
                FormKey::Leave => {
                    self.screen = Screen::Sql;
                    Vec::new()
                }
            };
        }
        if let Some(action) = self.keymap.action(self.focus, &key) {
            return self.on_action(action);
        }
        if self.focus == Focus::Editor {
            self.message = None;
            let recalled = match key.code {
                KeyCode::Up if key.modifiers.is_empty() => self.editor.recall_previous(),
                KeyCode::Down if key.modifiers.is_empty() => self.editor.recall_next(),
                _ => false,
            };
            if !recalled {
                self.editor.input(key);
            }
        }
        Vec::new()
    }

    fn send(&mut self, label: &str, request: impl FnOnce(RequestId) -> DbRequest) -> Vec<Effect> {
        if let Some(busy) = &self.busy {
            let text = format!("Busy with {} — Ctrl-C cancels it.", busy.label);
            self.error(text);
            return Vec::new();
        }
        let id = self.next_id;
        self.next_id += 1;
        self.busy = Some(Busy {
            id,
            started: self.now,
            label: label.to_owned(),
        });
        vec![Effect::Db(request(id))]
    }

    fn step_cursor(&mut self, options: CursorOptions) -> Vec<Effect> {
        self.step("cursor", Command::Cursor(options))
    }

    fn step(&mut self, label: &str, command: Command) -> Vec<Effect> {
        self.send(label, |id| DbRequest::Step { id, command })
    }

    fn on_action(&mut self, action: Action) -> Vec<Effect> {
        let viewport = self.grid_viewport();
        match action {
            Action::Run | Action::Execute => {
                let fetch = action == Action::Run && self.fetch_on_run;
                let Some(sql) = self.editor.statement_to_run() else {
                    self.error("Nothing to run: type a statement.");
                    return Vec::new();
                };
                self.editor.remember(&sql);
                match placeholders(&sql) {
                    Placeholders::None => self.run_sql(sql, None, fetch),
                    Placeholders::Format(count) => {
                        let remembered = self.params_memory.get(&sql).map(String::as_str);
                        let mut prompt = ParamsPrompt::new(sql, count, remembered);
                        prompt.fetch = fetch;
                        self.params_prompt = Some(prompt);
                        vec![Effect::SaveHistory]
                    }
                    Placeholders::Named(names) => {
                        let remembered = self.params_memory.get(&sql).map(String::as_str);
                        let mut prompt = ParamsPrompt::named(sql, names, remembered);
                        prompt.fetch = fetch;
                        self.params_prompt = Some(prompt);
                        vec![Effect::SaveHistory]
                    }
                }
            }
            Action::RunAll => self.run_all(),
            Action::FetchOne => self.step("fetchone", Command::FetchOne),
            Action::FetchMany => {
                let n = self.arraysize as i64;
                self.step("fetchmany", Command::FetchMany(Some(n)))
            }
            Action::FetchAll => self.step("fetchall", Command::FetchAll),
            Action::Iterate => self.step(LOOP_LABEL, Command::Iterate),
            Action::ArraysizeUp | Action::ArraysizeDown => {
                self.arraysize = if action == Action::ArraysizeUp {
                    self.arraysize + 1
                } else {
                    self.arraysize.saturating_sub(1).max(1)
                };
                let text = format!(
                    "arraysize = {}: F7 fetches {} row(s) at a time.",
                    self.arraysize, self.arraysize
                );
                self.info(text);
                Vec::new()
            }
            Action::CursorOptions => {
                let sqlite = self.is_sqlite();
                let selected = usize::from(sqlite && self.grid.shape == RowShape::SqliteRow);
                let draft = if sqlite {
                    CursorOptions {
                        dictionary: selected == 1,
                        ..CursorOptions::default()
                    }
                } else {
                    self.options
                };
                self.arraysize_draft = self.arraysize;
                self.popup = Some(Popup::CursorOptions { selected, draft });
                Vec::new()
            }
            Action::Commit => self.step("commit", Command::Commit),
            Action::Rollback => self.step("rollback", Command::Rollback),
            Action::ToggleAutocommit => {
                let on = !self.autocommit;
                self.step("autocommit", Command::Autocommit(on))
            }
            Action::Cancel => {
                // A loop stops between rows, as Ctrl-C stops it in Python; a statement
                // is cancelled on the server.
                if self.busy.as_ref().is_some_and(|b| b.label == LOOP_LABEL) {
                    vec![Effect::StopLoop]
                } else if self
                    .busy
                    .as_ref()
                    .is_some_and(|b| b.label.starts_with(RUN_ALL_LABEL))
                {
                    // F10: the running statement is cancelled and the run stops before
                    // the next one (a Ctrl-C between two statements is not lost).
                    vec![Effect::StopLoop, Effect::Cancel]
                } else if self.busy.is_some() {
                    vec![Effect::Cancel]
                } else {
                    self.info("Nothing is running. (Ctrl-Q quits.)");
                    Vec::new()
                }
            }
            Action::FocusGrid => {
                self.focus = Focus::Grid;
                Vec::new()
            }
            Action::FocusEditor => {
                self.focus = Focus::Editor;
                Vec::new()
            }
            Action::Complete => {
                let shown = self.editor.complete(&self.completions);
                if !shown.is_empty() {
                    let list: Vec<&str> = shown.iter().take(12).map(String::as_str).collect();
                    self.info(format!("Tab again: {}", list.join("  ")));
                }
                Vec::new()
            }
            Action::HistorySearch => {
                self.popup = Some(Popup::HistorySearch {
                    query: String::new(),
                    selected: 0,
                });
                Vec::new()
            }
            Action::Up => self.move_grid(-1, 0, viewport),
            Action::Down => self.move_grid(1, 0, viewport),
            Action::Left => self.move_grid(0, -1, viewport),
            Action::Right => self.move_grid(0, 1, viewport),
            Action::PageUp => self.move_grid(-(viewport as isize), 0, viewport),
            Action::PageDown => self.move_grid(viewport as isize, 0, viewport),
            Action::Home => {
                self.grid.select_row(0, viewport);
                Vec::new()
            }
            Action::End => {
                let last = self.grid.rows.len().saturating_sub(1);
                self.grid.select_row(last, viewport);
                Vec::new()
            }
            Action::CellDetail => {
                self.open_cell_detail();
                Vec::new()
            }
            Action::CopyCell => self.copy(false),
            Action::CopyRow => self.copy(true),
            Action::TogglePython => {
                if self.size.0 < SIDE_COLUMN_MIN_WIDTH {
                    // No side column: the grid, the Python panel and the row take turns.
                    self.narrow_pane = self.narrow_pane.next();
                } else {
                    self.show_python = !self.show_python;
                }
                Vec::new()
            }
            Action::SaveTranscript => vec![Effect::SaveTranscript],
            Action::PythonUp | Action::PythonDown => {
                let step = (self.grid_viewport() / 2).max(python_panel::SCROLL_STEP) as isize;
                self.scroll_python(if action == Action::PythonUp {
                    step
                } else {
                    -step
                });
                Vec::new()
            }
            Action::FormMode => {
                if !self.form_available {
                    self.error("Form mode needs a MySQL server: the DAO borrows its connections from a pool.");
                    return Vec::new();
                }
                self.screen = Screen::Form;
                self.form.open()
            }
            Action::ResetDemo => self.send("reset", |id| DbRequest::ResetDemo { id }),
            Action::Help => {
                self.help = Some(Help::default());
                Vec::new()
            }
            Action::Quit => self.quit(),
            // Form mode's keys are looked up by form mode alone (`FormState::on_key`).
            Action::FormNextField
            | Action::FormPreviousField
            | Action::FormEnter
            | Action::FormSave
            | Action::FormDelete
            | Action::FormReload
            | Action::FormNew
            | Action::FormBorrow
            | Action::FormGiveBack
            | Action::FormListUp
            | Action::FormListDown
            | Action::FormLeave => Vec::new(),
        }
    }

    fn quit(&mut self) -> Vec<Effect> {
        if self.uncommitted > 0 {
            self.popup = Some(Popup::ConfirmQuit);
            return Vec::new();
        }
        self.should_quit = true;
        vec![Effect::Quit]
    }

    fn move_grid(&mut self, rows: isize, cols: isize, viewport: usize) -> Vec<Effect> {
        self.grid.move_by(rows, cols, viewport);
        let areas = self.areas();
        let width = usize::from(areas.grid.width.saturating_sub(2));
        let widths = self.grid.widths.clone();
        self.grid.scroll_columns_into_view(|first| {
            visible_columns(&widths, first, width)
                .iter()
                .filter(|(i, w)| {
                    widths
                        .get(*i)
                        .is_some_and(|full| usize::from(*full).max(1) == *w)
                })
                .count()
        });
        Vec::new()
    }

    fn open_cell_detail(&mut self) {
        let (Some(row), Some(columns)) = (
            self.grid.selected_row_clipped(POPUP_CELL_BYTES),
            self.grid.columns.clone(),
        ) else {
            self.info("No cell selected: fetch some rows first.");
            return;
        };
        let col = self.grid.selected.1;
        if let (Some((cell, full)), Some(column)) = (row.get(col), columns.get(col)) {
            let mut title = format!(
                "{} ({}), row {}",
                column.name,
                column.type_name(),
                self.grid.selected.0 + 1
            );
            let mut text = cell_display(cell, column);
            if let Some(full) = full {
                title.push_str(&format!(
                    " — abridged: {full} bytes, the first {POPUP_CELL_BYTES} shown"
                ));
                text.push_str("…\n\n[abridged for display]");
            }
            self.popup = Some(Popup::CellDetail {
                title,
                text,
                scroll: 0,
            });
        }
    }

    fn copy(&mut self, whole_row: bool) -> Vec<Effect> {
        let (Some(row), Some(columns)) = (self.grid.selected_row(), self.grid.columns.clone())
        else {
            self.info("Nothing to copy: fetch some rows first.");
            return Vec::new();
        };
        let text = if whole_row {
            row.iter()
                .zip(columns.iter())
                .map(|(c, col)| cell_display(c, col))
                .collect::<Vec<_>>()
                .join("\t")
        } else {
            let col = self.grid.selected.1;
            match (row.get(col), columns.get(col)) {
                (Some(c), Some(column)) => cell_display(c, column),
                _ => return Vec::new(),
            }
        };
        vec![Effect::Copy(text)]
    }

    fn on_popup_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(popup) = self.popup.take() else {
            return Vec::new();
        };
        let ctrl_c =
            key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        match popup {
            Popup::CellDetail {
                title,
                text,
                scroll,
            } => match key.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    self.popup = Some(Popup::CellDetail {
                        title,
                        text,
                        scroll: scroll + 1,
                    })
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    self.popup = Some(Popup::CellDetail {
                        title,
                        text,
                        scroll: scroll.saturating_sub(1),
                    })
                }
                // The whole cell, not the abridged text the popup shows; the selection
                // cannot move while the popup is open.
                KeyCode::Char('y') => {
                    self.popup = Some(Popup::CellDetail {
                        title,
                        text,
                        scroll,
                    });
                    return self.copy(false);
                }
                _ => {}
            },
            Popup::CursorOptions { selected, draft } if self.is_sqlite() => {
                return self.on_sqlite_cursor_key(key, selected, draft);
            }
            Popup::CursorOptions {
                selected,
                mut draft,
            } => match key.code {
                KeyCode::Esc => self.info("Cursor unchanged."),
                KeyCode::Up | KeyCode::Char('k') => {
                    self.popup = Some(Popup::CursorOptions {
                        selected: selected.saturating_sub(1),
                        draft,
                    })
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    self.popup = Some(Popup::CursorOptions {
                        selected: (selected + 1).min(ARRAYSIZE_LINE),
                        draft,
                    })
                }
                KeyCode::Char('+' | '-') | KeyCode::Left | KeyCode::Right
                    if selected == ARRAYSIZE_LINE =>
                {
                    let up = matches!(key.code, KeyCode::Char('+') | KeyCode::Right);
                    self.arraysize_draft = if up {
                        self.arraysize_draft + 1
                    } else {
                        self.arraysize_draft.saturating_sub(1).max(1)
                    };
                    self.popup = Some(Popup::CursorOptions { selected, draft });
                }
                KeyCode::Char(' ') | KeyCode::Char('x') if selected < ARRAYSIZE_LINE => {
                    let name = CursorOptions::NAMES[selected];
                    let on = !draft.get(name);
                    draft.set(name, on);
                    self.popup = Some(Popup::CursorOptions { selected, draft });
                }
                // Only the arraysize changed: set it on the cursor there is, keeping its
                // result (`cursor.arraysize = N`); otherwise a new cursor, and F7 sets
                // the arraysize on it before its first `fetchmany()`.
                KeyCode::Enter
                    if draft == self.options && self.arraysize_draft != self.arraysize =>
                {
                    self.arraysize = self.arraysize_draft;
                    let n = i128::try_from(self.arraysize).unwrap_or(i128::MAX);
                    return self.step("arraysize", Command::Arraysize(n));
                }
                KeyCode::Enter => {
                    self.arraysize = self.arraysize_draft;
                    return self.step("cursor", Command::Cursor(draft));
                }
                // Any other key leaves the window open with the toggles as they are.
                _ => self.popup = Some(Popup::CursorOptions { selected, draft }),
            },
            Popup::ConfirmQuit => match key.code {
                KeyCode::Char('c') if !ctrl_c => {
                    let effects = self.step("commit", Command::Commit);
                    self.quit_after = self.busy.as_ref().map(|b| b.id);
                    return effects;
                }
                KeyCode::Char('r') => {
                    let effects = self.step("rollback", Command::Rollback);
                    self.quit_after = self.busy.as_ref().map(|b| b.id);
                    return effects;
                }
                _ => self.info("Still here: nothing was committed or rolled back."),
            },
            Popup::HistorySearch {
                mut query,
                selected,
            } => {
                let matches = self.history_matches(&query);
                match key.code {
                    KeyCode::Esc => {}
                    _ if ctrl_c => {}
                    KeyCode::Enter => {
                        if let Some(text) = matches.get(selected) {
                            let text = text.clone();
                            self.editor.set_text(&text);
                        }
                    }
                    KeyCode::Up => {
                        self.popup = Some(Popup::HistorySearch {
                            query,
                            selected: selected.saturating_sub(1),
                        })
                    }
                    KeyCode::Down => {
                        let last = matches.len().saturating_sub(1);
                        self.popup = Some(Popup::HistorySearch {
                            query,
                            selected: (selected + 1).min(last),
                        });
                    }
                    KeyCode::Char('r') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                        let last = matches.len().saturating_sub(1);
                        self.popup = Some(Popup::HistorySearch {
                            query,
                            selected: (selected + 1).min(last),
                        });
                    }
                    KeyCode::Backspace => {
                        query.pop();
                        self.popup = Some(Popup::HistorySearch { query, selected: 0 });
                    }
                    KeyCode::Char(c) => {
                        query.push(c);
                        self.popup = Some(Popup::HistorySearch { query, selected: 0 });
                    }
                    _ => self.popup = Some(Popup::HistorySearch { query, selected }),
                }
            }
        }
        Vec::new()
    }

    /// History entries containing `query` (any case), most recent first.
    pub fn history_matches(&self, query: &str) -> Vec<String> {
        let lower = query.to_lowercase();
        let mut seen = Vec::new();
        for entry in self.editor.history().iter().rev() {
            if entry.to_lowercase().contains(&lower) && !seen.contains(entry) {
                seen.push(entry.clone());
            }
        }
        seen
    }

    /// The Python value of the selected row, as the cursor would hand it out; long
    /// strings are cut for display and the cut is said in a trailing `#` comment.
    pub fn selected_row_value(&self) -> Option<Result<String, DbError>> {
        let clipped = self.grid.selected_row_clipped(DETAIL_CELL_BYTES)?;
        let columns = self.grid.columns.as_ref()?;
        let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        let cut: Vec<String> = clipped
            .iter()
            .zip(columns.iter())
            .filter_map(|((_, full), c)| full.map(|n| format!("{} holds {n} bytes", c.name)))
            .collect();
        let row: Vec<_> = clipped.into_iter().map(|(cell, _)| cell).collect();
        Some(
            crate::db::convert::row_to_python(&row, columns, self.grid.decoding)
                .and_then(|values| crate::db::shape_row(values, &names, self.grid.shape))
                .map(|v| {
                    let (mut text, more) = crate::pyrepr::display_prefix(&v, DETAIL_REPR_BYTES);
                    // Python prints a sqlite3.Row without what is inside: show dict(row) too.
                    if let crate::pyrepr::PyValue::SqliteRow(pairs) = &v {
                        let dict = crate::pyrepr::PyValue::Dict(pairs.clone());
                        let (inside, _) = crate::pyrepr::display_prefix(&dict, DETAIL_REPR_BYTES);
                        text.push_str(&format!("\n# dict(row): {inside}"));
                    }
                    if cut.is_empty() && !more {
                        text
                    } else if cut.is_empty() {
                        format!("{text}…  # abridged for display")
                    } else {
                        format!(
                            "{text}…  # abridged for display: {}; the first {DETAIL_CELL_BYTES} shown",
                            cut.join(", ")
                        )
                    }
                }),
        )
    }

    /// Every transcript entry, for the Python export.
    pub fn entries(&self) -> Vec<Entry> {
        self.transcript
            .iter()
            .filter_map(|item| match item {
                TranscriptItem::Entry(e) => Some(e.clone()),
                _ => None,
            })
            .collect()
    }
}

/// The line of the F9 cursor options that edits the arraysize (after the five toggles).
pub const ARRAYSIZE_LINE: usize = 5;

/// The busy label of `for row in cursor` (Alt-L), which Ctrl-C stops between rows.
const LOOP_LABEL: &str = "for row in cursor";
/// The start of an F10 run's label, `run all (N)`.
pub(super) const RUN_ALL_LABEL: &str = "run all (";

mod panes;
mod replies;

#[cfg(test)]
mod no_text_decisions;
#[cfg(test)]
mod params_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod truth_tests;
