//! The Python panel (the transcript of every step) and the row detail pane (the selected
//! row as the Python value the cursor hands out).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::super::app::{App, TranscriptItem};
use super::{border_style, fit};
use crate::session::Outcome;

/// Transcript items drawn at most (older ones scroll out).
const RECENT_ITEMS: usize = 300;

/// Draws the Python panel, newest at the bottom.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border_style(app, false))
        .title(match app.info.as_ref().map(|i| i.dialect) {
            Some(crate::db::Dialect::Sqlite) => " Python (sqlite3) ",
            _ => " Python (mysql-connector-python) ",
        })
        .title_style(app.theme.base.title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let theme = &app.theme.transcript;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let start = app.transcript.len().saturating_sub(RECENT_ITEMS);
    for item in &app.transcript[start..] {
        match item {
            // A `# comment` from the module's side of the session (sqlite3's notes).
            TranscriptItem::Entry(entry) if entry.outcome == Outcome::Comment => {
                for line in entry.lines() {
                    lines.push(Line::from(Span::styled(line, theme.note)));
                }
            }
            TranscriptItem::Entry(entry) => {
                // A loop's code is its three prompt lines, and its value a line per row.
                for code in format!(">>> {}", entry.code).split('\n') {
                    lines.push(Line::from(Span::styled(code.to_owned(), theme.code)));
                }
                let style = if matches!(entry.outcome, Outcome::Error(_)) {
                    theme.error
                } else {
                    theme.value
                };
                for line in entry.lines().into_iter().skip(1) {
                    for part in line.split('\n') {
                        lines.push(Line::from(Span::styled(part.to_owned(), style)));
                    }
                }
            }
            TranscriptItem::Note(note) => {
                lines.push(Line::from(Span::styled(format!("# {note}"), theme.note)))
            }
            TranscriptItem::Explain(text) => {
                lines.push(Line::from(Span::styled(format!("# {text}"), theme.note)))
            }
        }
    }
    let width = usize::from(inner.width.max(1));
    let wrapped_height: usize = lines.iter().map(|l| l.width().max(1).div_ceil(width)).sum();
    let height = usize::from(inner.height);
    let scroll = wrapped_height
        .saturating_sub(height)
        .saturating_sub(app.transcript_scroll);
    let paragraph = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll.min(u16::MAX as usize) as u16, 0));
    frame.render_widget(paragraph, inner);
}

/// Draws the selected row as a Python value.
pub fn render_detail(app: &App, frame: &mut Frame, area: Rect) {
    let shape = match app.grid.shape {
        crate::db::RowShape::Tuple => "tuple",
        crate::db::RowShape::Dict => "dict",
        crate::db::RowShape::NamedTuple => "Row",
        crate::db::RowShape::SqliteRow => "sqlite3.Row",
    };
    let kind = if app.grid.decoding == crate::db::convert::Decoding::Raw {
        format!("raw {shape}")
    } else {
        shape.to_owned()
    };
    let title = format!(" Row {} as {kind} ", app.grid.selected.0 + 1);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border_style(app, false))
        .title(fit(&title, usize::from(area.width.saturating_sub(2))))
        .title_style(app.theme.base.title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (text, style) = match app.selected_row_value() {
        None => ("No row selected.".to_owned(), app.theme.grid.not_fetched),
        Some(Ok(value)) => (value, app.theme.transcript.value),
        Some(Err(e)) => (e.python_line(), app.theme.transcript.error),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(text, style)).wrap(Wrap { trim: false }),
        inner,
    );
}
