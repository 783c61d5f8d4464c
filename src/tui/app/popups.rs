//! The app's side of its windows: which window a key goes to (the parameters prompt,
//! F1, the popup on top), with the key's action in that window's keymap; and what the
//! app does with the outcome a window returns. The windows' state, keys and drawing are
//! theirs (`popup/`, `help.rs`, `params.rs`).

use crossterm::event::KeyEvent;

use super::super::action::Effect;
use super::super::help::{Help, HelpKey};
use super::super::keymap::Window;
use super::super::params::{Params, PromptKey};
use super::super::popup::{Context, Outcome, history_matches};
use super::{App, Popup};
use crate::db::api::Command;
use crate::db::{CursorOptions, RowShape};
use crate::output::cell_display;

/// Bytes of a string cell the cell popup shows (a 100 MB value is cut and says so).
const POPUP_CELL_BYTES: usize = 16 * 1024;

impl App {
    /// A key for the window on top, if one is open (else `None`: the screen takes it).
    pub(super) fn on_window_key(&mut self, key: KeyEvent) -> Option<Vec<Effect>> {
        if let Some(prompt) = self.params_prompt.as_mut() {
            let action = self.keymap.window_action(Window::Params, &key);
            return Some(match prompt.on_input(action, key) {
                PromptKey::Stay => Vec::new(),
                PromptKey::Cancel => {
                    self.params_prompt = None;
                    self.info("Not run: no parameters were given.");
                    Vec::new()
                }
                PromptKey::Submit(params) => self.submit_params(Params::One(params)),
                PromptKey::SubmitMany(list) => self.submit_params(Params::Many(list)),
                PromptKey::SubmitDict(dict) => self.submit_params(Params::Dict(dict)),
            });
        }
        if let Some(help) = self.help.as_mut() {
            let screen = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
            let page = usize::from(Help::area(screen).height.saturating_sub(3));
            let action = self.keymap.window_action(Window::Help, &key);
            if help.on_input(action, key, page) == HelpKey::Close {
                self.help = None;
            }
            return Some(Vec::new());
        }
        let mut popup = self.popup.take()?;
        let action = self.keymap.window_action(popup.window(), &key);
        let context = Context {
            sqlite: self.is_sqlite(),
            history: self.editor.history(),
            uncommitted: self.uncommitted,
        };
        let outcome = popup.on_key(action, key, &mut self.arraysize_draft, &context);
        if matches!(outcome, Outcome::Open | Outcome::CopyCell) {
            self.popup = Some(popup);
        }
        Some(self.on_outcome(outcome))
    }

    /// Carries out what a window asked for.
    fn on_outcome(&mut self, outcome: Outcome) -> Vec<Effect> {
        match outcome {
            Outcome::Open | Outcome::Closed => Vec::new(),
            Outcome::Unchanged => {
                self.info("Cursor unchanged.");
                Vec::new()
            }
            // Only the arraysize changed: set it on the cursor there is, keeping its
            // result (`cursor.arraysize = N`); otherwise a new cursor, and F7 sets the
            // arraysize on it before its first `fetchmany()`. (On the demo the draft is
            // the connection's row factory.)
            Outcome::CreateCursor(draft)
                if draft == self.current_options() && self.arraysize_draft != self.arraysize =>
            {
                self.arraysize = self.arraysize_draft;
                let n = i128::try_from(self.arraysize).unwrap_or(i128::MAX);
                self.step("arraysize", Command::Arraysize(n))
            }
            Outcome::CreateCursor(draft) => {
                self.arraysize = self.arraysize_draft;
                self.step("cursor", Command::Cursor(draft))
            }
            Outcome::CopyCell => self.copy(false),
            Outcome::CommitAndQuit | Outcome::RollbackAndQuit => {
                let (label, command) = if outcome == Outcome::CommitAndQuit {
                    ("commit", Command::Commit)
                } else {
                    ("rollback", Command::Rollback)
                };
                let effects = self.step(label, command);
                self.quit_after = self.busy.as_ref().map(|b| b.id);
                effects
            }
            Outcome::Stay => {
                self.info("Still here: nothing was committed or rolled back.");
                Vec::new()
            }
            Outcome::Recall(text) => {
                self.editor.set_text(&text);
                Vec::new()
            }
        }
    }

    /// Closes the prompt, remembers what was typed for the statement and runs it.
    fn submit_params(&mut self, params: Params) -> Vec<Effect> {
        let Some(prompt) = self.params_prompt.take() else {
            return Vec::new();
        };
        self.params_memory.insert(prompt.sql.clone(), prompt.input);
        self.run_sql(prompt.sql, Some(params), prompt.fetch)
    }

    /// The options of the cursor there is, as F9 drafts them: on the demo, its row
    /// factory (`sqlite3.Row` as `dictionary`).
    fn current_options(&self) -> CursorOptions {
        if self.is_sqlite() {
            CursorOptions {
                dictionary: self.grid.shape == RowShape::SqliteRow,
                ..CursorOptions::default()
            }
        } else {
            self.options
        }
    }

    /// F9: the options of the cursor there is (on the demo, its row factory).
    pub(super) fn open_cursor_options(&mut self) {
        let draft = self.current_options();
        let selected = usize::from(self.is_sqlite() && draft.dictionary);
        self.arraysize_draft = self.arraysize;
        self.popup = Some(Popup::CursorOptions { selected, draft });
    }

    /// Enter in the grid: the selected cell in full (cut at [`POPUP_CELL_BYTES`]).
    pub(super) fn open_cell_detail(&mut self) {
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

    /// History entries containing `query` (any case), most recent first.
    pub fn history_matches(&self, query: &str) -> Vec<String> {
        history_matches(self.editor.history(), query)
    }
}
