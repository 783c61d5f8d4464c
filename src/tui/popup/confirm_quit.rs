//! Quitting with uncommitted changes: commit, roll back, or (any other key) stay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::super::action::Action;
use super::super::theme::Theme;
use super::frame::{centered, window};
use super::outcome::Outcome;

/// A key's action in the dialog: it closes whatever the key.
pub fn on_action(action: Option<Action>) -> Outcome {
    match action {
        Some(Action::CommitAndQuit) => Outcome::CommitAndQuit,
        Some(Action::RollbackAndQuit) => Outcome::RollbackAndQuit,
        _ => Outcome::Stay,
    }
}

/// Draws the dialog over `screen`.
pub fn render(uncommitted: u32, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let key = theme.popup.key;
    let lines = vec![
        Line::from(format!(
            "{uncommitted} statement(s) changed data and are not committed."
        )),
        Line::from(""),
        Line::from(vec![
            Span::styled("c", key),
            Span::raw(" commit   "),
            Span::styled("r", key),
            Span::raw(" roll back   "),
            Span::styled("any other key", key),
            Span::raw(" stay"),
        ]),
    ];
    let area = centered(screen, 60, 6);
    window(
        theme,
        frame,
        area,
        " Quit with uncommitted changes? ",
        lines,
        0,
    );
}
