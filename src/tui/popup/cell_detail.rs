//! Enter in the grid: one cell in full (a long value cut at a bound, and said so),
//! scrollable; `y` copies the whole cell; any other key closes the window.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::super::action::Action;
use super::super::theme::Theme;
use super::frame::{centered, window};
use super::outcome::Outcome;

/// A key's action in the window.
pub fn on_action(action: Option<Action>, scroll: &mut usize) -> Outcome {
    match action {
        Some(Action::WindowDown) => *scroll += 1,
        Some(Action::WindowUp) => *scroll = scroll.saturating_sub(1),
        // The whole cell, not the abridged text the window shows; the selection cannot
        // move while the window is open.
        Some(Action::CopyWhole) => return Outcome::CopyCell,
        _ => return Outcome::Closed,
    }
    Outcome::Open
}

/// Draws the window over `screen`.
pub fn render(
    title: &str,
    text: &str,
    scroll: usize,
    theme: &Theme,
    frame: &mut Frame,
    screen: Rect,
) {
    let mut lines: Vec<Line<'static>> =
        text.split('\n').map(|l| Line::from(l.to_owned())).collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "y copies · ↑↓ scroll · any other key closes",
        theme.popup.key,
    )));
    let area = centered(
        screen,
        screen.width.saturating_sub(8).max(20),
        screen.height.saturating_sub(4).max(5),
    );
    let scroll = scroll.min(u16::MAX as usize) as u16;
    window(theme, frame, area, &format!(" {title} "), lines, scroll);
}
