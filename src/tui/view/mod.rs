//! Pure rendering of `&App`: the layout, then each region. Nothing here changes state,
//! sends anything or reads a clock (`App::now` carries the time).

mod editor;
mod form;
mod grid;
mod status;
mod style;
mod transcript;

pub use super::layout::{
    Areas, MIN_SIZE, NarrowPane, SIDE_COLUMN_MIN_WIDTH, layout, screen_layout, visible_columns,
};
pub use form::hint as form_hint;
pub use style::{border_style, fit, pad};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::app::App;

/// Draws the window on top, if one is open.
fn popup(app: &App, frame: &mut Frame, area: Rect) {
    if let Some(popup) = &app.popup {
        let context = super::popup::Context {
            sqlite: app.is_sqlite(),
            history: app.editor.history(),
            uncommitted: app.uncommitted,
        };
        popup.render(app.arraysize_draft, &context, &app.theme, frame, area);
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
        popup(app, frame, area);
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
    popup(app, frame, area);
    if let Some(prompt) = &app.params_prompt {
        prompt.render(&app.theme, frame, area);
    }
    if let Some(help) = &app.help {
        help.render(&app.keymap, &app.theme, frame, area);
    }
}

#[cfg(test)]
mod tests;
