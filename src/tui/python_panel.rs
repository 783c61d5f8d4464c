//! The Python panel's lines: every transcript item as the styled lines it prints, wrapped
//! at character boundaries to the panel's width. Wrapping here, not in the widget, is what
//! lets the app and the view agree on how many lines there are, so that the newest step
//! is always at the bottom and scrolling stops at the oldest line.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::theme::Theme;
use crate::db::api::Entry;

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
use crate::db::api::Outcome;

/// Transcript items drawn at most (older ones scroll out).
pub const RECENT_ITEMS: usize = 300;

/// Lines one wheel notch or key press scrolls.
pub const SCROLL_STEP: usize = 3;

/// `text` cut into pieces of at most `width` terminal cells (at least one piece): after
/// the last space that fits, or inside a word longer than the width. Every character is
/// kept, spaces included, so the pieces join back into `text`.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut piece: Vec<(char, usize)> = Vec::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && !piece.is_empty() {
            let cut = match piece.iter().rposition(|(ch, _)| *ch == ' ') {
                Some(space) if space + 1 < piece.len() => space + 1,
                _ => piece.len(),
            };
            let rest = piece.split_off(cut);
            out.push(piece.iter().map(|(ch, _)| ch).collect());
            piece = rest;
            used = piece.iter().map(|(_, w)| w).sum();
        }
        piece.push((c, w));
        used += w;
    }
    out.push(piece.iter().map(|(ch, _)| ch).collect());
    out
}

/// The styled lines of the newest items, wrapped to `width`.
pub fn lines(items: &[TranscriptItem], theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let t = &theme.transcript;
    let mut raw: Vec<(String, Style)> = Vec::new();
    let start = items.len().saturating_sub(RECENT_ITEMS);
    for item in items.get(start..).unwrap_or(&[]) {
        match item {
            TranscriptItem::Entry(entry) if entry.outcome == Outcome::Comment => {
                raw.extend(entry.lines().into_iter().map(|l| (l, t.note)));
            }
            TranscriptItem::Entry(entry) => {
                let style = if matches!(entry.outcome, Outcome::Error(_)) {
                    t.error
                } else {
                    t.value
                };
                for (i, line) in entry.lines().into_iter().enumerate() {
                    raw.push((line, if i == 0 { t.code } else { style }));
                }
            }
            TranscriptItem::Note(text) | TranscriptItem::Explain(text) => {
                raw.push((format!("# {text}"), t.note));
            }
        }
    }
    raw.into_iter()
        .flat_map(|(text, style)| {
            text.split('\n')
                .flat_map(|l| wrap(l, width))
                .map(move |piece| Line::from(Span::styled(piece, style)))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The scroll offset (lines up from the bottom) after moving `delta` lines (positive:
/// up, towards older lines), for a panel `area` (with borders), clamped to what exists.
pub fn scrolled(
    items: &[TranscriptItem],
    theme: &Theme,
    area: ratatui::layout::Rect,
    current: usize,
    delta: isize,
) -> usize {
    let width = usize::from(area.width.saturating_sub(2));
    let height = usize::from(area.height.saturating_sub(2));
    let total = lines(items, theme, width).len();
    let most = total.saturating_sub(height);
    current.saturating_add_signed(delta).min(most)
}

/// The first line to show of `total`, in a panel `height` lines high, `up` lines scrolled
/// up from the bottom (clamped so the panel never scrolls past its oldest line).
pub fn first_line(total: usize, height: usize, up: usize) -> usize {
    let bottom = total.saturating_sub(height);
    bottom.saturating_sub(up.min(bottom))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::api::Entry;

    #[test]
    fn wrapping_cuts_at_the_width_and_keeps_every_character() {
        assert_eq!(wrap("abcdef", 4), vec!["abcd", "ef"]);
        assert_eq!(wrap("ab cd ef", 6), vec!["ab cd ", "ef"]);
        assert_eq!(wrap("", 4), vec![""]);
        assert_eq!(wrap("日本語", 4), vec!["日本", "語"]);
    }

    #[test]
    fn the_newest_line_is_the_last_one_shown() {
        let items: Vec<TranscriptItem> = (0..20)
            .map(|i| {
                TranscriptItem::Entry(Entry::new(
                    "cursor.fetchone()".into(),
                    Outcome::Printed(format!(
                        "({i}, 'a long value that wraps over several lines')"
                    )),
                ))
            })
            .collect();
        let lines = lines(&items, &Theme::default(), 20);
        let top = first_line(lines.len(), 10, 0);
        let last: String = lines[top + 9]
            .spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect();
        assert!(last.ends_with("lines')"), "{last}");
        assert_eq!(first_line(lines.len(), 10, 10_000), 0);
    }
}
