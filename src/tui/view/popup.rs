//! Windows over the screen: help, cursor options, a cell in full, the quit question, and
//! history search.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::super::app::{App, Popup};
use super::style::fit;
#[cfg(test)]
use crate::db::CursorOptions;

/// What each cursor option does, one line each.
pub const OPTION_HELP: [(&str, &str); 5] = [
    (
        "buffered",
        "execute reads every row into memory at once; rowcount is known at once",
    ),
    (
        "raw",
        "no type conversion: every value as the bytes the server sent",
    ),
    (
        "prepared",
        "a server-side prepared statement on the binary protocol; %s becomes ?",
    ),
    ("dictionary", "rows as dicts: {'column': value}"),
    ("named_tuple", "rows as named tuples: Row(column=value)"),
];

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn window(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    scroll: u16,
) {
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.popup.border)
        .title(fit(title, usize::from(area.width.saturating_sub(2))))
        .title_style(app.theme.popup.border);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

/// Draws the popup, if one is open.
pub fn render(app: &App, frame: &mut Frame, screen: Rect) {
    let Some(popup) = &app.popup else { return };
    let key = app.theme.popup.key;
    match popup {
        Popup::CursorOptions { selected, .. } if app.is_sqlite() => {
            let mut lines = vec![
                Line::from(
                    "sqlite3 has one kind of cursor, cnx.cursor(): what changes is the shape of its rows, set on the connection.",
                ),
                Line::from(""),
            ];
            for (i, (shape, call)) in [
                (
                    "tuples",
                    "cnx.row_factory = None          rows as (1, 'John Doe')",
                ),
                (
                    "sqlite3.Row",
                    "cnx.row_factory = sqlite3.Row   rows read by name: row['name']",
                ),
            ]
            .into_iter()
            .enumerate()
            {
                let mark = if i == *selected { "(•)" } else { "( )" };
                let pointer = if i == *selected { "▶" } else { " " };
                lines.push(Line::from(vec![
                    Span::styled(format!("{pointer} {mark} {shape:<12}"), key),
                    Span::raw(call),
                ]));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(
                "↑↓ choose · Enter creates the cursor · Esc cancels",
            ));
            let area = centered(screen, 96, lines.len() as u16 + 3);
            window(app, frame, area, " Cursor (sqlite3) ", lines, 0);
        }
        Popup::CursorOptions { selected, draft } => {
            let mut lines = vec![
                Line::from("Space toggles, Enter creates the cursor, Esc cancels."),
                Line::from(""),
            ];
            for (i, (name, help)) in OPTION_HELP.iter().enumerate() {
                let mark = if draft.get(name) { "[x]" } else { "[ ]" };
                let pointer = if i == *selected { "▶" } else { " " };
                lines.push(Line::from(vec![
                    Span::styled(format!("{pointer} {mark} {name:<12}"), key),
                    Span::raw(*help),
                ]));
            }
            let pointer = if *selected == super::super::app::ARRAYSIZE_LINE {
                "▶"
            } else {
                " "
            };
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{pointer} ‹{:>3}› arraysize ", app.arraysize_draft),
                    key,
                ),
                Span::raw("rows per fetchmany() (F7); +/- or ←/→ change it"),
            ]));
            lines.push(Line::from(""));
            let verdict = match draft.class() {
                Ok(class) => format!("cursor = {}   # {}", draft.python_call(), class.name()),
                Err(e) => format!("cursor = {}   # {}", draft.python_call(), e.python_line()),
            };
            lines.push(Line::from(verdict));
            // Room for the last line to wrap: a refusal message is long.
            let area = centered(screen, 100, lines.len() as u16 + 4);
            window(app, frame, area, " Cursor options ", lines, 0);
        }
        Popup::CellDetail {
            title,
            text,
            scroll,
        } => {
            let mut lines: Vec<Line<'static>> =
                text.split('\n').map(|l| Line::from(l.to_owned())).collect();
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                "y copies · ↑↓ scroll · any other key closes",
                key,
            )));
            let area = centered(
                screen,
                screen.width.saturating_sub(8).max(20),
                screen.height.saturating_sub(4).max(5),
            );
            window(
                app,
                frame,
                area,
                &format!(" {title} "),
                lines,
                (*scroll).min(u16::MAX as usize) as u16,
            );
        }
        Popup::ConfirmQuit => {
            let lines = vec![
                Line::from(format!(
                    "{} statement(s) changed data and are not committed.",
                    app.uncommitted
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
                app,
                frame,
                area,
                " Quit with uncommitted changes? ",
                lines,
                0,
            );
        }
        Popup::HistorySearch { query, selected } => {
            let matches = app.history_matches(query);
            let mut lines = vec![
                Line::from(vec![
                    Span::styled("search: ", key),
                    Span::raw(query.clone()),
                ]),
                Line::from(""),
            ];
            for (i, entry) in matches.iter().take(15).enumerate() {
                let pointer = if i == *selected { "▶ " } else { "  " };
                lines.push(Line::from(format!("{pointer}{}", entry.replace('\n', " "))));
            }
            if matches.is_empty() {
                lines.push(Line::from("(no match)"));
            }
            let area = centered(screen, screen.width.saturating_sub(10).max(30), 20);
            window(
                app,
                frame,
                area,
                " History (Enter takes it, Esc closes) ",
                lines,
                0,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cursor_option_has_a_line_of_help() {
        assert!(
            CursorOptions::NAMES
                .iter()
                .all(|n| OPTION_HELP.iter().any(|(name, _)| name == n))
        );
    }
}
