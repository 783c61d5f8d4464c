//! Windows over the main screen, each its own module owning its keys and drawing: F9's
//! cursor options, a cell in full, the quit dialog, history search. (F1's help and the
//! parameters prompt are components too: `help.rs`, `params.rs`.) A key comes in as the
//! window's keymap action (or, for typing, the key itself); the window updates its state
//! and returns an [`Outcome`] the app acts on.

mod cell_detail;
mod confirm_quit;
mod cursor_options;
mod frame;
mod history_search;
mod outcome;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::action::Action;
use super::keymap::Window;
use super::theme::Theme;
use crate::db::CursorOptions;

pub use cursor_options::{ARRAYSIZE_LINE, Draft, OPTION_HELP};
pub use history_search::matches as history_matches;
pub use outcome::Outcome;

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

/// What the windows read from the rest of the app.
pub struct Context<'a> {
    /// Is the database the SQLite demo?
    pub sqlite: bool,
    /// The query history, oldest first.
    pub history: &'a [String],
    /// Statements not yet committed.
    pub uncommitted: u32,
}

impl Popup {
    /// Whose keys apply.
    pub fn window(&self) -> Window {
        match self {
            Popup::CursorOptions { .. } => Window::CursorOptions,
            Popup::CellDetail { .. } => Window::Cell,
            Popup::ConfirmQuit => Window::Quit,
            Popup::HistorySearch { .. } => Window::History,
        }
    }

    /// A key, with its action in this window's keymap; `arraysize` is F9's draft.
    pub fn on_key(
        &mut self,
        action: Option<Action>,
        key: KeyEvent,
        arraysize: &mut usize,
        context: &Context<'_>,
    ) -> Outcome {
        match self {
            Popup::CursorOptions { selected, draft } => {
                let mut draft = Draft {
                    selected,
                    options: draft,
                    arraysize,
                };
                cursor_options::on_action(action, &mut draft, context.sqlite)
            }
            Popup::CellDetail { scroll, .. } => cell_detail::on_action(action, scroll),
            Popup::ConfirmQuit => confirm_quit::on_action(action),
            Popup::HistorySearch { query, selected } => {
                let found = history_matches(context.history, query);
                history_search::on_key(action, key, query, selected, &found)
            }
        }
    }

    /// Draws the window over `screen`; `arraysize` is F9's draft.
    pub fn render(
        &self,
        arraysize: usize,
        context: &Context<'_>,
        theme: &Theme,
        frame: &mut Frame,
        screen: Rect,
    ) {
        match self {
            Popup::CursorOptions { selected, draft } => cursor_options::render(
                *selected,
                *draft,
                arraysize,
                context.sqlite,
                theme,
                frame,
                screen,
            ),
            Popup::CellDetail {
                title,
                text,
                scroll,
            } => cell_detail::render(title, text, *scroll, theme, frame, screen),
            Popup::ConfirmQuit => confirm_quit::render(context.uncommitted, theme, frame, screen),
            Popup::HistorySearch { query, selected } => {
                let found = history_matches(context.history, query);
                history_search::render(query, *selected, &found, theme, frame, screen);
            }
        }
    }
}
