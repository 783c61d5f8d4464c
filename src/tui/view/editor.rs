//! The query editor: the buffer with SQL highlighting, the selection, and the caret.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthChar;

use super::super::app::App;
use super::super::keymap::Focus;
use super::style::border_style;
use crate::sql::is_keyword;

/// A style per character of `text`: keywords, strings, numbers, comments.
fn highlight(app: &App, text: &str) -> Vec<Style> {
    let theme = &app.theme;
    let chars: Vec<char> = text.chars().collect();
    let mut styles = vec![theme.base.text; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c == '\'' || c == '"' || c == '`' {
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' && c != '`' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(chars.len());
            let style = if c == '`' {
                theme.base.text
            } else {
                theme.editor.string
            };
            styles[start..i].fill(style);
        } else if c == '#'
            || (c == '-'
                && chars.get(i + 1) == Some(&'-')
                && chars.get(i + 2).is_none_or(|n| n.is_whitespace()))
        {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            styles[start..i].fill(theme.editor.comment);
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i = (i + 2).min(chars.len());
            styles[start..i].fill(theme.editor.comment);
        } else if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if is_keyword(&word) {
                styles[start..i].fill(theme.editor.keyword);
            }
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            styles[start..i].fill(theme.editor.number);
        } else {
            i += 1;
        }
    }
    styles
}

/// Draws the editor.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Editor && app.popup.is_none();
    // The key hints, as many as fit.
    let title = [
        " Query — F5 run · F4 execute · F6/F7/F8 fetch · F9 cursor · F1 help ",
        " Query — F5 run · F4 execute · F6/F7/F8 fetch · F1 help ",
        " Query — F5 run · F4 execute · F1 help ",
        " Query (F5) ",
    ]
    .into_iter()
    .find(|t| t.chars().count() + 2 <= usize::from(area.width))
    .unwrap_or(" Query ");
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border_style(app, focused))
        .title(title)
        .title_style(app.theme.base.title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let lines = app.editor.area.lines();
    let text = lines.join("\n");
    let styles = highlight(app, &text);
    let selection = app.editor.area.selection_range();
    let ratatui_textarea::DataCursor(cursor_row, cursor_col) = app.editor.area.cursor();
    let height = usize::from(inner.height);
    let top = cursor_row.saturating_sub(height - 1);
    let width = usize::from(inner.width);
    let cursor_x: usize = lines.get(cursor_row).map_or(0, |l| {
        l.chars()
            .take(cursor_col)
            .filter_map(unicode_width::UnicodeWidthChar::width)
            .sum()
    });
    let left = cursor_x.saturating_sub(width.saturating_sub(1));
    let mut offset = 0;
    let mut rendered = Vec::new();
    for (row, line) in lines.iter().enumerate() {
        let count = line.chars().count();
        if row >= top && row < top + height {
            let mut spans = Vec::new();
            let mut x = 0;
            for (col, c) in line.chars().enumerate() {
                let w = c.width().unwrap_or(0);
                if x + w > left && x >= left && x - left + w <= width {
                    let mut style = styles.get(offset + col).copied().unwrap_or_default();
                    if let Some(((r1, c1), (r2, c2))) = selection
                        && (row, col) >= (r1, c1)
                        && (row, col) < (r2, c2)
                    {
                        style = style.patch(app.theme.editor.selection);
                    }
                    spans.push(Span::styled(c.to_string(), style));
                }
                x += w;
            }
            rendered.push(Line::from(spans));
        }
        offset += count + 1;
    }
    frame.render_widget(Paragraph::new(rendered), inner);
    if focused {
        let x = inner.x + (cursor_x - left).min(width.saturating_sub(1)) as u16;
        let y = inner.y + (cursor_row - top) as u16;
        frame.set_cursor_position(Position::new(x, y));
    }
}
