//! The query editor's model: a `ratatui-textarea` buffer (editing, undo, selection), the
//! statement under the caret, history recall at the buffer's edges, and completion.

use crossterm::event::KeyEvent;
use ratatui_textarea::{CursorMove, TextArea};

use crate::complete::Completions;
use crate::sql::statement_at;

/// A completion in progress: Tab again takes the next candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cycle {
    candidates: Vec<String>,
    index: usize,
    /// What the current candidate replaced (char count), to replace it again.
    inserted: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Editor {
    /// The text buffer.
    pub area: TextArea<'static>,
    history: Vec<String>,
    /// Position in `history` while recalling, and the draft being typed before recall.
    recall: Option<(usize, String)>,
    cycle: Option<Cycle>,
}

impl Editor {
    /// An editor recalling from `history` (oldest first).
    pub fn with_history(history: Vec<String>) -> Self {
        Editor {
            history,
            ..Editor::default()
        }
    }

    /// The whole buffer.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Replaces the buffer, caret at the end.
    pub fn set_text(&mut self, text: &str) {
        self.area = TextArea::new(text.split('\n').map(str::to_owned).collect());
        self.area.move_cursor(CursorMove::Bottom);
        self.area.move_cursor(CursorMove::End);
    }

    /// Byte offset of the caret in [`Editor::text`].
    pub fn caret_offset(&self) -> usize {
        let ratatui_textarea::DataCursor(row, col) = self.area.cursor();
        let lines = self.area.lines();
        let before: usize = lines.iter().take(row).map(|l| l.len() + 1).sum();
        let in_line = lines
            .get(row)
            .map_or(0, |l| l.char_indices().nth(col).map_or(l.len(), |(i, _)| i));
        before + in_line
    }

    /// The selected text, as it is (none without a selection).
    pub fn selected_text(&self) -> Option<String> {
        let ((r1, c1), (r2, c2)) = self.area.selection_range()?;
        let lines = self.area.lines();
        let mut out = String::new();
        for row in r1..=r2 {
            let chars: Vec<char> = lines.get(row).map_or(Vec::new(), |l| l.chars().collect());
            let start = if row == r1 { c1 } else { 0 };
            let end = if row == r2 {
                c2.min(chars.len())
            } else {
                chars.len()
            };
            out.extend(chars.get(start.min(end)..end).unwrap_or(&[]));
            if row != r2 {
                out.push('\n');
            }
        }
        Some(out)
    }

    /// What Run runs: the selection if there is one, else the statement under the caret.
    pub fn statement_to_run(&self) -> Option<String> {
        if let Some(((r1, c1), (r2, c2))) = self.area.selection_range() {
            let lines = self.area.lines();
            let mut out = String::new();
            for row in r1..=r2 {
                let line = lines.get(row).map_or("", String::as_str);
                let chars: Vec<char> = line.chars().collect();
                let start = if row == r1 { c1 } else { 0 };
                let end = if row == r2 {
                    c2.min(chars.len())
                } else {
                    chars.len()
                };
                out.extend(chars.get(start.min(end)..end).unwrap_or(&[]));
                if row != r2 {
                    out.push('\n');
                }
            }
            let trimmed = out.trim().trim_end_matches(';').trim().to_owned();
            return (!trimmed.is_empty()).then_some(trimmed);
        }
        statement_at(&self.text(), self.caret_offset(), ";").map(|s| s.text)
    }

    /// Remembers a statement that ran (most recent last, no adjacent duplicates).
    pub fn remember(&mut self, statement: &str) {
        if self.history.last().is_none_or(|last| last != statement) {
            self.history.push(statement.to_owned());
        }
        self.recall = None;
    }

    /// The history, oldest first.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// Up on the first line: the previous history entry. Returns whether it recalled.
    pub fn recall_previous(&mut self) -> bool {
        if self.area.cursor().0 != 0 || self.history.is_empty() {
            return false;
        }
        let index = match &self.recall {
            None => {
                self.recall = Some((self.history.len(), self.text()));
                self.history.len()
            }
            Some((i, _)) => *i,
        };
        if index == 0 {
            return true;
        }
        let draft = self.recall.take().map(|(_, d)| d).unwrap_or_default();
        let text = self.history[index - 1].clone();
        self.set_text(&text);
        self.area.move_cursor(CursorMove::Top);
        self.recall = Some((index - 1, draft));
        true
    }

    /// Down on the last line: the next history entry, then the draft. Returns whether it
    /// recalled.
    pub fn recall_next(&mut self) -> bool {
        let last_row = self.area.lines().len().saturating_sub(1);
        let Some((index, draft)) = self.recall.clone() else {
            return false;
        };
        if self.area.cursor().0 != last_row {
            return false;
        }
        if index + 1 >= self.history.len() {
            self.set_text(&draft);
            self.recall = None;
        } else {
            let text = self.history[index + 1].clone();
            self.set_text(&text);
            self.recall = Some((index + 1, draft));
        }
        true
    }

    /// Tab: completes the word before the caret; again, the next candidate.
    /// Returns the candidates when there are several (for the status bar).
    pub fn complete(&mut self, completions: &Completions) -> Vec<String> {
        if let Some(mut cycle) = self.cycle.take().filter(|c| c.candidates.len() > 1) {
            {
                for _ in 0..cycle.inserted {
                    self.area.delete_char();
                }
                cycle.index = (cycle.index + 1) % cycle.candidates.len();
                let next = cycle.candidates[cycle.index].clone();
                self.area.insert_str(&next);
                cycle.inserted = next.chars().count();
                let shown = cycle.candidates.clone();
                self.cycle = Some(cycle);
                return shown;
            }
        }
        let ratatui_textarea::DataCursor(row, col) = self.area.cursor();
        let line = self.area.lines().get(row).cloned().unwrap_or_default();
        let pos = line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
        let (start, candidates) = completions.complete(&line, pos);
        let typed = line[start..pos].chars().count();
        if candidates.is_empty() {
            Vec::new()
        } else {
            for _ in 0..typed {
                self.area.delete_char();
            }
            let first = candidates[0].clone();
            self.area.insert_str(&first);
            self.cycle = Some(Cycle {
                index: 0,
                inserted: first.chars().count(),
                candidates: candidates.clone(),
            });
            if candidates.len() > 1 {
                candidates
            } else {
                Vec::new()
            }
        }
    }

    /// Any other key: edits the buffer (and ends recall and completion cycles).
    pub fn input(&mut self, key: KeyEvent) {
        self.cycle = None;
        self.area.input(key);
    }

    /// Inserts pasted text.
    pub fn paste(&mut self, text: &str) {
        self.cycle = None;
        self.area
            .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statement_under_the_caret_runs() {
        let mut e = Editor::default();
        e.set_text("SELECT 1;\nSELECT 2;");
        assert_eq!(e.statement_to_run().as_deref(), Some("SELECT 2"));
        e.area.move_cursor(CursorMove::Top);
        assert_eq!(e.statement_to_run().as_deref(), Some("SELECT 1"));
    }

    #[test]
    fn history_is_recalled_at_the_buffer_edges_and_the_draft_comes_back() {
        let mut e = Editor::with_history(vec!["SELECT 1".into(), "SELECT 2".into()]);
        e.set_text("draft");
        assert!(e.recall_previous());
        assert_eq!(e.text(), "SELECT 2");
        assert!(e.recall_previous());
        assert_eq!(e.text(), "SELECT 1");
        assert!(e.recall_next());
        assert_eq!(e.text(), "SELECT 2");
        assert!(e.recall_next());
        assert_eq!(e.text(), "draft");
    }

    #[test]
    fn tab_completes_and_cycles() {
        let completions = Completions::from_schema(&[("user".into(), "uid".into())]);
        let mut e = Editor::default();
        e.set_text("SELECT * FROM u");
        let shown = e.complete(&completions);
        assert_eq!(e.text(), "SELECT * FROM user", "tables come first");
        assert!(shown.contains(&"uid".to_owned()));
        e.complete(&completions);
        assert_eq!(e.text(), "SELECT * FROM uid");
    }
}
