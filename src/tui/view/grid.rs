//! The result grid, virtualised: only the rows and columns on screen are laid out, so a
//! million fetched rows scroll as fast as ten. The left gutter shows where the DB-API
//! cursor stands — the course's cursor diagram, live.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::app::App;
use super::super::cell_text::grid_text;
use super::super::grid::Position;
use super::super::keymap::Focus;
use super::super::layout::{GUTTER, visible_columns};
use super::super::python_panel;
use super::style::{border_style, fit, pad};
use crate::db::{Cell, Column};

/// Bytes of a string cell read for its grid cell (which shows at most 40 terminal cells).
const GRID_CELL_BYTES: usize = 1024;

fn cell_span(
    app: &App,
    cell: &Cell,
    column: &Column,
    width: usize,
    selected: bool,
) -> Span<'static> {
    let theme = &app.theme.grid;
    let text = grid_text(cell, column);
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or("");
    let shown = if lines.next().is_some() {
        format!("{first}↵")
    } else {
        first.to_owned()
    };
    let mut style = if cell.is_null() {
        // Italic too, so NULL stays apart in a monochrome theme.
        theme.null.add_modifier(ratatui::style::Modifier::ITALIC)
    } else if column.is_binary_string() {
        theme.binary
    } else {
        Style::default()
    };
    if selected {
        style = style.patch(theme.selected);
    }
    Span::styled(pad(&shown, width, column.is_numeric()), style)
}

fn marker_line(app: &App, text: &str, width: usize) -> Line<'static> {
    Line::from(Span::styled(fit(text, width), app.theme.grid.marker))
}

/// The grid's title: the cursor's class and where it stands.
fn title(app: &App) -> String {
    let class = app
        .cursor
        .as_ref()
        .map_or("no cursor yet".to_owned(), |c| c.class.clone());
    let fetched = app.grid.rows.len();
    match app.grid.position {
        Position::BeforeFirst => {
            format!(" Result — {class} · before the first row · {fetched} fetched ")
        }
        Position::OnRow(k) => format!(" Result — {class} · on row {} · {fetched} fetched ", k + 1),
        Position::AfterLast => {
            format!(" Result — {class} · after the last row · {fetched} fetched ")
        }
    }
}

/// Draws the grid.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Grid && app.popup.is_none();
    let width = usize::from(area.width.saturating_sub(2));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border_style(app, focused))
        .title(fit(&title(app), width))
        .title_style(app.theme.base.title);
    let mut inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if app.not_run {
        inner = render_not_run(app, frame, inner, width);
        if inner.height == 0 {
            return;
        }
    }
    if app.last_error.is_some() {
        inner = render_error(app, frame, inner, width);
        if app.grid.columns.is_none() || inner.height == 0 {
            return;
        }
    }
    let Some(columns) = &app.grid.columns else {
        let text = match &app.cursor {
            Some(c) if c.rowcount >= 0 => format!(
                "No result set. rowcount = {}{}",
                c.rowcount,
                c.lastrowid
                    .map(|id| format!(", lastrowid = {id}"))
                    .unwrap_or_default()
            ),
            _ => "Type SQL above and press F5. Every statement runs through a DB-API cursor."
                .to_owned(),
        };
        frame.render_widget(
            Paragraph::new(fit(&text, width)).style(app.theme.grid.not_fetched),
            inner,
        );
        return;
    };
    frame.render_widget(Paragraph::new(rows(app, columns, inner, width)), inner);
}

/// Where the result would be, that the last request did not run (Ctrl-C before it
/// started), so what is below is not read as its result. Returns the area left.
fn render_not_run(app: &App, frame: &mut Frame, inner: Rect, width: usize) -> Rect {
    let text = "Not run: Ctrl-C cancelled it before it started. Below: the cursor as it was.";
    let lines: Vec<Line<'static>> = python_panel::wrap(text, width)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, app.theme.grid.marker)))
        .collect();
    let height = (lines.len() as u16).min(inner.height);
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(inner.x, inner.y, inner.width, height),
    );
    Rect::new(
        inner.x,
        inner.y + height,
        inner.width,
        inner.height - height,
    )
}

/// The whole error at the top of the pane, where the result would be, until the next
/// statement: with rows still in the cursor (Unread result found) they stay below it.
/// Returns the area left for them.
fn render_error(app: &App, frame: &mut Frame, inner: Rect, width: usize) -> Rect {
    let Some(error) = &app.last_error else {
        return inner;
    };
    let mut lines: Vec<Line<'static>> = python_panel::wrap(&error.python_line(), width)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, app.theme.transcript.error)))
        .collect();
    if app.grid.columns.is_some() {
        lines.push(Line::from(Span::styled(
            fit("── the cursor's rows, as they stand ──", width),
            app.theme.grid.not_fetched,
        )));
    }
    let height = (lines.len() as u16).min(inner.height);
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(inner.x, inner.y, inner.width, height),
    );
    Rect::new(
        inner.x,
        inner.y + height,
        inner.width,
        inner.height - height,
    )
}

/// The header, the rows on screen and the note after the last fetched row.
fn rows(app: &App, columns: &[Column], inner: Rect, width: usize) -> Vec<Line<'static>> {
    let grid = &app.grid;
    let fetched = grid.rows.len();
    let visible = visible_columns(&grid.widths, grid.offset.1, width);
    let shown: Vec<(usize, usize)> = visible
        .into_iter()
        .filter(|(i, _)| *i < columns.len())
        .collect();
    let mut lines = vec![header(app, columns, &shown)];
    let body_rows = usize::from(inner.height.saturating_sub(1));
    if grid.position == Position::BeforeFirst && grid.offset.0 == 0 {
        lines.push(marker_line(app, "▸ before the first row: nothing fetched yet (F6 fetchone · F7 fetchmany · F8 fetchall)", width));
    }
    // The selected row stays in view when an error above the rows takes some lines.
    let mut row_index = grid
        .offset
        .0
        .max((grid.selected.0 + 1).saturating_sub(body_rows.saturating_sub(1).max(1)));
    while lines.len() <= body_rows && row_index < fetched {
        let Some(line) = row_line(app, columns, &shown, row_index) else {
            break;
        };
        lines.push(line);
        row_index += 1;
    }
    if lines.len() <= body_rows
        && row_index >= fetched
        && let Some(note) = end_note(app)
    {
        lines.push(Line::from(Span::styled(
            fit(&note, width),
            app.theme.grid.not_fetched,
        )));
    }
    lines
}

fn header(app: &App, columns: &[Column], shown: &[(usize, usize)]) -> Line<'static> {
    let mut header = vec![Span::raw(" ".repeat(GUTTER))];
    for &(i, width) in shown {
        let name = columns.get(i).map_or("", |c| c.name.as_str());
        header.push(Span::styled(pad(name, width, false), app.theme.grid.header));
        header.push(Span::styled(" │ ", app.theme.base.border));
    }
    Line::from(header)
}

/// One fetched row, its cells cut to their columns' widths.
fn row_line(
    app: &App,
    columns: &[Column],
    shown: &[(usize, usize)],
    row_index: usize,
) -> Option<Line<'static>> {
    let grid = &app.grid;
    let selected = grid.selected;
    // A cell shows at most 40 terminal cells: a kilobyte of it is plenty, and a 100 MB
    // value is not copied out of the store on every frame.
    let row = grid
        .rows
        .get_clipped(row_index, columns.len(), GRID_CELL_BYTES)?;
    let on_cursor = grid.position == Position::OnRow(row_index);
    let gutter = if on_cursor { "▶ " } else { "  " };
    let mut spans = vec![Span::styled(gutter.to_owned(), app.theme.grid.marker)];
    for &(i, width) in shown {
        let (Some((cell, _)), Some(column)) = (row.get(i), columns.get(i)) else {
            continue;
        };
        let is_selected = row_index == selected.0 && i == selected.1;
        let mut span = cell_span(app, cell, column, width, is_selected);
        if row_index == selected.0 && !is_selected {
            span.style = span
                .style
                .patch(Style::default().add_modifier(ratatui::style::Modifier::BOLD));
        }
        spans.push(span);
        spans.push(Span::styled(" │ ", app.theme.base.border));
    }
    Some(Line::from(spans))
}

/// What comes after the last fetched row: more on the server, in the buffer, or none.
fn end_note(app: &App) -> Option<String> {
    let grid = &app.grid;
    if grid.more_unread {
        Some("⋯ more rows wait on the server, not fetched yet".to_owned())
    } else if let Some(n) = grid.buffered_remaining.filter(|n| *n > 0) {
        Some(format!(
            "⋯ {n} more rows in the buffer (buffered=True), not fetched yet"
        ))
    } else if grid.position == Position::AfterLast {
        Some("▸ after the last row: the next fetch returns nothing".to_owned())
    } else {
        None
    }
}
