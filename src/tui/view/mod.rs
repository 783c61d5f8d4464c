//! Pure rendering of `&App`: the layout, then each region. Nothing here changes state,
//! sends anything or reads a clock (`App::now` carries the time).

mod editor;
mod form;
mod grid;

#[cfg(test)]
pub use self::NarrowPane as _NarrowPaneForTests;
pub use form::hint as form_hint;
pub use grid::visible_columns;
mod popup;
mod status;
mod transcript;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::app::App;

/// Where each region goes on a screen of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The query editor.
    pub editor: Rect,
    /// The result grid.
    pub grid: Rect,
    /// The Python panel, when there is room and it is shown.
    pub python: Option<Rect>,
    /// The row detail pane.
    pub detail: Option<Rect>,
    /// The status bar.
    pub status: Rect,
}

impl Areas {
    /// Data rows the grid shows (borders, header and one marker line left out).
    pub fn grid_rows(&self) -> usize {
        usize::from(self.grid.height.saturating_sub(4))
    }
}

/// Which pane fills the lower part of a screen too narrow for the side column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NarrowPane {
    /// The result grid.
    #[default]
    Grid,
    /// The Python panel.
    Python,
    /// The selected row as a Python value.
    Detail,
}

impl NarrowPane {
    /// The next pane, in the order F3 shows them.
    pub fn next(self) -> Self {
        match self {
            NarrowPane::Grid => NarrowPane::Python,
            NarrowPane::Python => NarrowPane::Detail,
            NarrowPane::Detail => NarrowPane::Grid,
        }
    }
}

/// Below this width the Python panel and the row pane have no side column: they take
/// the grid's place in turn (F3).
pub const SIDE_COLUMN_MIN_WIDTH: u16 = 70;

/// The layout of `area` for what the app shows: with the side column when there is room
/// and it is wanted, else with `narrow` in the grid's place.
pub fn screen_layout(area: Rect, show_python: bool, narrow: NarrowPane) -> Areas {
    let mut areas = layout(area, show_python);
    if area.width >= SIDE_COLUMN_MIN_WIDTH && show_python {
        return areas;
    }
    let place = areas.grid;
    match narrow {
        NarrowPane::Grid => {}
        NarrowPane::Python => {
            areas.python = Some(place);
            areas.grid = Rect::new(place.x, place.y, place.width, 0);
        }
        NarrowPane::Detail => {
            areas.detail = Some(place);
            areas.grid = Rect::new(place.x, place.y, place.width, 0);
        }
    }
    areas
}

/// Smallest screen rowwise draws on; below it, a notice.
pub const MIN_SIZE: (u16, u16) = (20, 6);

/// The layout for `area`. From 80x24 down to 40x10 every region keeps a useful size; the
/// Python panel goes first when the screen is narrow.
pub fn layout(area: Rect, show_python: bool) -> Areas {
    let status = Rect::new(
        area.x,
        area.y + area.height.saturating_sub(1),
        area.width,
        1.min(area.height),
    );
    let body = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
    let (left, right) = if show_python && body.width >= SIDE_COLUMN_MIN_WIDTH {
        let right_width = body.width * 2 / 5;
        (
            Rect::new(body.x, body.y, body.width - right_width, body.height),
            Some(Rect::new(
                body.x + body.width - right_width,
                body.y,
                right_width,
                body.height,
            )),
        )
    } else {
        (body, None)
    };
    let editor_height = if left.height >= 24 {
        8
    } else {
        (left.height / 3).max(3).min(left.height)
    };
    let editor = Rect::new(left.x, left.y, left.width, editor_height);
    let grid = Rect::new(
        left.x,
        left.y + editor_height,
        left.width,
        left.height.saturating_sub(editor_height),
    );
    let (python, detail) = match right {
        Some(r) => {
            let detail_height = (r.height / 3).max(3).min(r.height);
            (
                Some(Rect::new(r.x, r.y, r.width, r.height - detail_height)),
                Some(Rect::new(
                    r.x,
                    r.y + r.height - detail_height,
                    r.width,
                    detail_height,
                )),
            )
        }
        None => (None, None),
    };
    Areas {
        editor,
        grid,
        python,
        detail,
        status,
    }
}

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let notice = Paragraph::new(vec![
            Line::from("rowwise"),
            Line::from("terminal too small"),
        ]);
        frame.render_widget(notice, area);
        return;
    }
    let areas = screen_layout(area, app.show_python, app.narrow_pane);
    if app.screen == super::app::Screen::Form {
        form::render(
            app,
            frame,
            Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1)),
        );
        status::render(app, frame, areas.status);
        popup::render(app, frame, area);
        if let Some(help) = &app.help {
            help.render(&app.keymap, &app.theme, frame, area);
        }
        return;
    }
    editor::render(app, frame, areas.editor);
    if areas.grid.height > 0 {
        grid::render(app, frame, areas.grid);
    }
    if let Some(python) = areas.python {
        transcript::render(app, frame, python);
    }
    if let Some(detail) = areas.detail {
        transcript::render_detail(app, frame, detail);
    }
    status::render(app, frame, areas.status);
    popup::render(app, frame, area);
    if let Some(prompt) = &app.params_prompt {
        prompt.render(&app.theme, frame, area);
    }
    if let Some(help) = &app.help {
        help.render(&app.keymap, &app.theme, frame, area);
    }
}

/// `text` cut to `width` terminal cells, ending with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` padded with spaces to `width` cells (cut first if longer).
pub fn pad(text: &str, width: usize, right_align: bool) -> String {
    let cut = fit(text, width);
    let fill = width.saturating_sub(cut.width());
    if right_align {
        format!("{}{cut}", " ".repeat(fill))
    } else {
        format!("{cut}{}", " ".repeat(fill))
    }
}

/// A style for a bordered block, brighter when focused.
pub fn border_style(app: &App, focused: bool) -> Style {
    if focused {
        app.theme.base.focused_border
    } else {
        app.theme.base.border
    }
}

#[cfg(test)]
mod tests;
