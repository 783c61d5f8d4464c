//! The Python panel (the transcript of every step) and the row detail pane (the selected
//! row as the Python value the cursor hands out).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::super::app::App;
use super::super::python_panel;
use super::style::{border_style, fit};

/// Draws the Python panel, newest at the bottom.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border_style(app, false))
        .title(match app.info.as_ref().map(|i| i.dialect) {
            // In the grid's place on a narrow screen: say how to get the grid back.
            _ if app.size.0 < super::super::layout::SIDE_COLUMN_MIN_WIDTH => {
                " Python — F3 next pane "
            }
            Some(crate::db::Dialect::Sqlite) => " Python (sqlite3) ",
            _ => " Python (mysql-connector-python) ",
        })
        .title_style(app.theme.base.title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = python_panel::lines(&app.transcript, &app.theme, usize::from(inner.width));
    let height = usize::from(inner.height);
    let first = python_panel::first_line(lines.len(), height, app.transcript_scroll);
    let shown: Vec<Line<'static>> = lines.into_iter().skip(first).take(height).collect();
    frame.render_widget(Paragraph::new(shown), inner);
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
