//! The panes' share of `App`: the wheel and the Python panel's scrolling, statements
//! sent to run.

use super::super::action::Effect;
use super::super::params::{Params, Placeholders, placeholders};
use super::super::python_panel;
use super::super::worker::DbRequest;
use super::{App, Screen};

impl App {
    /// The wheel scrolls the Python panel or moves the grid, whichever is under it.
    pub(super) fn on_wheel(&mut self, up: bool, column: u16, row: u16) {
        if self.popup.is_some() || self.screen != Screen::Sql {
            return;
        }
        let areas = self.areas();
        let at = ratatui::layout::Position::new(column, row);
        let step = python_panel::SCROLL_STEP as isize;
        if areas.python.is_some_and(|p| p.contains(at)) {
            self.scroll_python(if up { step } else { -step });
        } else if areas.grid.contains(at) {
            let viewport = areas.grid_rows();
            self.move_grid(if up { -step } else { step }, 0, viewport);
        }
    }

    /// Scrolls the Python panel `delta` lines towards older ones (negative: newer).
    pub(super) fn scroll_python(&mut self, delta: isize) {
        let areas = self.areas();
        if let Some(panel) = areas.python {
            self.transcript_scroll = python_panel::scrolled(
                &self.transcript,
                &self.theme,
                panel,
                self.transcript_scroll,
                delta,
            );
        }
    }

    /// Sends a statement to run (`cursor.execute(sql)` or `cursor.execute(sql, params)`),
    /// then a screenful of fetch when fetch-on-run is on.
    pub(super) fn run_sql(
        &mut self,
        sql: String,
        params: Option<Params>,
        fetch: bool,
    ) -> Vec<Effect> {
        let prefetch = fetch.then_some(self.grid_viewport().max(1));
        let mut effects = self.send("execute", |id| match params {
            None => DbRequest::Run { id, sql, prefetch },
            Some(Params::One(params)) => DbRequest::RunWithParams {
                id,
                sql,
                params,
                prefetch,
            },
            Some(Params::Dict(dict)) => DbRequest::RunWithDict {
                id,
                sql,
                dict,
                prefetch,
            },
            Some(Params::Many(list)) => DbRequest::RunMany {
                id,
                sql,
                list,
                prefetch,
            },
        });
        if !effects.is_empty() {
            self.run_started = Some(self.now);
            self.message = None;
            self.last_error = None;
            effects.push(Effect::SaveHistory);
        }
        effects
    }

    /// F10: every statement of the selection (or of the whole editor), one after another.
    pub(super) fn run_all(&mut self) -> Vec<Effect> {
        let text = self
            .editor
            .selected_text()
            .unwrap_or_else(|| self.editor.text());
        let statements: Vec<String> = crate::sql::split(&text, ";")
            .into_iter()
            .map(|s| s.text)
            .collect();
        if statements.is_empty() {
            self.error("Nothing to run: type a statement.");
            return Vec::new();
        }
        if statements
            .iter()
            .any(|s| placeholders(s) != Placeholders::None)
        {
            self.error("Not run: a statement has %s placeholders; run it alone with F5 to give its parameters.");
            return Vec::new();
        }
        let label = format!("{}{})", super::RUN_ALL_LABEL, statements.len());
        let sent = statements.clone();
        let mut effects = self.send(&label, |id| DbRequest::RunAll { id, statements });
        if !effects.is_empty() {
            // Each statement goes into the history, as F5's does: Ctrl-R finds it.
            for statement in &sent {
                self.editor.remember(statement);
            }
            effects.push(Effect::SaveHistory);
            self.message = None;
            self.last_error = None;
        }
        effects
    }

    /// Is the database the SQLite demo (Python's `sqlite3` module)?
    pub fn is_sqlite(&self) -> bool {
        self.info
            .as_ref()
            .is_some_and(|i| i.dialect == crate::db::Dialect::Sqlite)
    }
}
