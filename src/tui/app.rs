//! `App`: the TUI's whole state, and `update`, the only place it changes. An event comes
//! in, state changes, and the effects the outside world must carry out come back (database
//! requests, cancel, clipboard, files). No drawing, no I/O, no clock reads here: time
//! arrives with the events.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent};

use crate::complete::Completions;
use crate::db::api::{Command, Entry};
use crate::db::{Cancelled, Canceller, CursorOptions, CursorStatus, DatabaseInfo, DbError};

use super::action::{Action, Effect};
use super::editor::Editor;
use super::event::AppEvent;
use super::form::{FormKey, FormState};
use super::grid::Grid;
use super::help::Help;
use super::keymap::{Focus, Keymap};
use super::layout::{Areas, NarrowPane, layout, screen_layout};
use super::params::ParamsPrompt;
#[cfg(test)]
use super::python_panel;
use super::theme::Theme;
use super::worker::{DbRequest, RequestId, Timing};

pub use super::popup::{ARRAYSIZE_LINE, Popup};
pub use super::python_panel::TranscriptItem;

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
    Info,
    /// Something went wrong.
    Error,
}

/// A request the worker is busy with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
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
    pub theme: Theme,
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
    pub editor: Editor,
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
    pub show_python: bool,
    pub completions: Completions,
    pub keymap: Keymap,
    pub theme: Theme,
    /// Terminal size: columns, rows.
    pub size: (u16, u16),
    /// The request being worked on.
    pub busy: Option<Busy>,
    /// What the connection is, once the worker has said; `None` until then.
    pub info: Option<DatabaseInfo>,
    canceller: Option<Canceller>,
    pub autocommit: bool,
    /// Statements that changed something since the last commit.
    pub uncommitted: u32,
    /// The cursor, as the worker last saw it.
    pub cursor: Option<CursorStatus>,
    /// Timings of the last request.
    pub last_timing: Option<Timing>,
    /// How long the last frame took to draw.
    pub last_render: Duration,
    pub message: Option<(String, Level)>,
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
    /// The last request did not run: Ctrl-C stopped it before the worker started it.
    pub not_run: bool,
    /// The parameters prompt of a statement with `%s` placeholders, while open.
    pub params_prompt: Option<ParamsPrompt>,
    /// The parameters last typed for each statement text.
    params_memory: std::collections::HashMap<String, String>,
}

/// Bytes of each string cell the row detail pane reads, and of the repr it shows.
const DETAIL_CELL_BYTES: usize = 2048;
const DETAIL_REPR_BYTES: usize = 8192;

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
            replay: super::replay::ReplayLog::default(),
            form_available: false,
            transaction: super::transaction::TransactionView::default(),
            help: None,
            narrow_pane: NarrowPane::Grid,
            last_error: None,
            not_run: false,
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
    pub fn areas(&self) -> Areas {
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
        if let Some(effects) = self.on_window_key(key) {
            return effects;
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
        self.not_run = false;
        self.busy = Some(Busy {
            id,
            started: self.now,
            label: label.to_owned(),
        });
        vec![Effect::Db(request(id))]
    }

    fn step(&mut self, label: &str, command: Command) -> Vec<Effect> {
        self.send(label, |id| DbRequest::Step { id, command })
    }

    fn quit(&mut self) -> Vec<Effect> {
        if self.uncommitted > 0 {
            self.popup = Some(Popup::ConfirmQuit);
            return Vec::new();
        }
        self.should_quit = true;
        vec![Effect::Quit]
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

/// The busy label of `for row in cursor` (Alt-L), which Ctrl-C stops between rows.
const LOOP_LABEL: &str = "for row in cursor";
/// The start of an F10 run's label, `run all (N)`.
pub(super) const RUN_ALL_LABEL: &str = "run all (";

mod actions;
mod panes;
mod popups;
mod replies;

#[cfg(test)]
mod no_text_decisions;
#[cfg(test)]
mod params_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod truth_tests;
