//! Ctrl-R: search the query history. Typing (characters, Backspace) edits the search as
//! in any text field; the list shows the matches, most recent first.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::super::action::Action;
use super::super::theme::Theme;
use super::frame::{centered, window};
use super::outcome::Outcome;

/// History entries containing `query` (any case), most recent first.
pub fn matches(history: &[String], query: &str) -> Vec<String> {
    let lower = query.to_lowercase();
    let mut seen = Vec::new();
    for entry in history.iter().rev() {
        if entry.to_lowercase().contains(&lower) && !seen.contains(entry) {
            seen.push(entry.clone());
        }
    }
    seen
}

/// A key in the window: its action, else the key typed into the search.
pub fn on_key(
    action: Option<Action>,
    key: KeyEvent,
    query: &mut String,
    selected: &mut usize,
    found: &[String],
) -> Outcome {
    let last = found.len().saturating_sub(1);
    match action {
        Some(Action::Close) => return Outcome::Closed,
        Some(Action::Accept) => {
            return found
                .get(*selected)
                .map_or(Outcome::Closed, |text| Outcome::Recall(text.clone()));
        }
        Some(Action::WindowUp) => *selected = selected.saturating_sub(1),
        Some(Action::WindowDown | Action::NextMatch) => *selected = (*selected + 1).min(last),
        _ => match key.code {
            KeyCode::Backspace => {
                query.pop();
                *selected = 0;
            }
            KeyCode::Char(c) => {
                query.push(c);
                *selected = 0;
            }
            _ => {}
        },
    }
    Outcome::Open
}

/// Draws the window over `screen`.
pub fn render(
    query: &str,
    selected: usize,
    found: &[String],
    theme: &Theme,
    frame: &mut Frame,
    screen: Rect,
) {
    let mut lines = vec![
        Line::from(vec![
            Span::styled("search: ", theme.popup.key),
            Span::raw(query.to_owned()),
        ]),
        Line::from(""),
    ];
    for (i, entry) in found.iter().take(15).enumerate() {
        let pointer = if i == selected { "▶ " } else { "  " };
        lines.push(Line::from(format!("{pointer}{}", entry.replace('\n', " "))));
    }
    if found.is_empty() {
        lines.push(Line::from("(no match)"));
    }
    let area = centered(screen, screen.width.saturating_sub(10).max(30), 20);
    window(
        theme,
        frame,
        area,
        " History (Enter takes it, Esc closes) ",
        lines,
        0,
    );
}
