//! Border styles (and text fitting) every region of the screen shares.

use ratatui::style::Style;

use super::super::app::App;
pub use super::super::text_fit::{fit, pad};

/// A style for a bordered block, brighter when focused.
pub fn border_style(app: &App, focused: bool) -> Style {
    if focused {
        app.theme.base.focused_border
    } else {
        app.theme.base.border
    }
}
