//! What each keymap action does on the main screen: the cursor's steps, the session's
//! calls, and moving around the panes. Windows' own actions are theirs (`popup/`).

use super::super::action::{Action, Effect};
use super::super::help::Help;
use super::super::keymap::Focus;
use super::super::layout::{SIDE_COLUMN_MIN_WIDTH, visible_columns};
use super::super::params::{ParamsPrompt, Placeholders, placeholders};
use super::super::python_panel;
use super::super::worker::DbRequest;
use super::{App, LOOP_LABEL, Popup, Screen};
use crate::db::api::Command;
use crate::output::cell_display;

impl App {
    /// Carries out a main-screen action.
    pub(super) fn on_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Run | Action::Execute => self.run_statement(action == Action::Run),
            Action::RunAll
            | Action::FetchOne
            | Action::FetchMany
            | Action::FetchAll
            | Action::Iterate
            | Action::ArraysizeUp
            | Action::ArraysizeDown
            | Action::CursorOptions => self.on_cursor_action(action),
            Action::Commit
            | Action::Rollback
            | Action::ToggleAutocommit
            | Action::Cancel
            | Action::SaveTranscript
            | Action::FormMode
            | Action::ResetDemo
            | Action::Help
            | Action::Quit => self.on_session_action(action),
            _ => self.on_pane_action(action),
        }
    }

    /// F5 and F4: the statement under the caret, asking for its parameters first when it
    /// has placeholders.
    fn run_statement(&mut self, run: bool) -> Vec<Effect> {
        let fetch = run && self.fetch_on_run;
        let Some(sql) = self.editor.statement_to_run() else {
            self.error("Nothing to run: type a statement.");
            return Vec::new();
        };
        self.editor.remember(&sql);
        let remembered = self.params_memory.get(&sql).map(String::as_str);
        let mut prompt = match placeholders(&sql) {
            Placeholders::None => return self.run_sql(sql, None, fetch),
            Placeholders::Format(count) => ParamsPrompt::new(sql, count, remembered),
            Placeholders::Named(names) => ParamsPrompt::named(sql, names, remembered),
        };
        prompt.fetch = fetch;
        self.params_prompt = Some(prompt);
        vec![Effect::SaveHistory]
    }

    fn on_cursor_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
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
                self.open_cursor_options();
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn on_session_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Commit => self.step("commit", Command::Commit),
            Action::Rollback => self.step("rollback", Command::Rollback),
            Action::ToggleAutocommit => {
                let on = !self.autocommit;
                self.step("autocommit", Command::Autocommit(on))
            }
            Action::Cancel => self.cancel(),
            Action::SaveTranscript => vec![Effect::SaveTranscript],
            Action::FormMode => {
                if !self.form_available {
                    self.error("Form mode needs a MySQL server: the DAO borrows its connections from a pool.");
                    return Vec::new();
                }
                self.screen = Screen::Form;
                // The SQL screen's last word is not about the form.
                self.message = None;
                self.form.open()
            }
            Action::ResetDemo => self.send("reset", |id| DbRequest::ResetDemo { id }),
            Action::Help => {
                self.help = Some(Help::default());
                Vec::new()
            }
            Action::Quit => self.quit(),
            _ => Vec::new(),
        }
    }

    /// Ctrl-C: a loop stops between rows, as Ctrl-C stops it in Python; a statement is
    /// cancelled on the server. Either way the request is named, so a Ctrl-C that lands
    /// before the worker started it keeps it from running (a KILL QUERY then finds
    /// nothing to cancel), and an F10 run stops before its next statement.
    fn cancel(&mut self) -> Vec<Effect> {
        match &self.busy {
            Some(b) if b.label == LOOP_LABEL => vec![Effect::Stop(b.id)],
            Some(b) => vec![Effect::Stop(b.id), Effect::Cancel],
            None => {
                self.info("Nothing is running. (Ctrl-Q quits.)");
                Vec::new()
            }
        }
    }

    fn on_pane_action(&mut self, action: Action) -> Vec<Effect> {
        let viewport = self.grid_viewport();
        let page = viewport as isize;
        match action {
            Action::FocusGrid => self.focus = Focus::Grid,
            Action::FocusEditor => self.focus = Focus::Editor,
            Action::Complete => {
                let shown = self.editor.complete(&self.completions);
                if !shown.is_empty() {
                    let list: Vec<&str> = shown.iter().take(12).map(String::as_str).collect();
                    self.info(format!("Tab again: {}", list.join("  ")));
                }
            }
            Action::HistorySearch => {
                self.popup = Some(Popup::HistorySearch {
                    query: String::new(),
                    selected: 0,
                });
            }
            Action::Up => self.move_grid(-1, 0, viewport),
            Action::Down => self.move_grid(1, 0, viewport),
            Action::Left => self.move_grid(0, -1, viewport),
            Action::Right => self.move_grid(0, 1, viewport),
            Action::PageUp => self.move_grid(-page, 0, viewport),
            Action::PageDown => self.move_grid(page, 0, viewport),
            Action::Home => self.grid.select_row(0, viewport),
            Action::End => {
                let last = self.grid.rows.len().saturating_sub(1);
                self.grid.select_row(last, viewport);
            }
            Action::CellDetail => self.open_cell_detail(),
            Action::CopyCell => return self.copy(false),
            Action::CopyRow => return self.copy(true),
            Action::TogglePython => {
                if self.size.0 < SIDE_COLUMN_MIN_WIDTH {
                    // No side column: the grid, the Python panel and the row take turns.
                    self.narrow_pane = self.narrow_pane.next();
                } else {
                    self.show_python = !self.show_python;
                }
            }
            Action::PythonUp | Action::PythonDown => {
                let step = (viewport / 2).max(python_panel::SCROLL_STEP) as isize;
                self.scroll_python(if action == Action::PythonUp {
                    step
                } else {
                    -step
                });
            }
            // Windows' actions mean nothing on the main screen.
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn move_grid(&mut self, rows: isize, cols: isize, viewport: usize) {
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
    }

    pub(super) fn copy(&mut self, whole_row: bool) -> Vec<Effect> {
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
}
