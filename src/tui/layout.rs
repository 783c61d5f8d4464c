//! Where each region of the screen goes, computed in one place: the model asks it for the
//! grid's height and the wheel's target, the view draws into it. Neither imports the other
//! for geometry.

use ratatui::layout::Rect;

/// Where each region goes on a screen of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub editor: Rect,
    pub grid: Rect,
    /// The Python panel, when there is room and it is shown.
    pub python: Option<Rect>,
    /// The row detail pane.
    pub detail: Option<Rect>,
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
    #[default]
    Grid,
    Python,
    /// The selected row as a Python value.
    Detail,
}

impl NarrowPane {
    /// The next pane, in the order F3 shows them.
    #[must_use]
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

/// Cells left of the first grid column: the cursor marker.
pub const GUTTER: usize = 2;

/// The columns shown from `first` in `width` cells, with the width each gets: whole
/// columns while they fit, then the next one cut short if at least a few cells are left.
pub fn visible_columns(widths: &[u16], first: usize, width: usize) -> Vec<(usize, usize)> {
    let mut used = GUTTER;
    let mut out = Vec::new();
    for (i, w) in widths.iter().enumerate().skip(first) {
        let w = usize::from(*w).max(1);
        let left = width.saturating_sub(used + 3);
        if w <= left {
            out.push((i, w));
            used += w + 3;
        } else {
            if left >= 4 || out.is_empty() {
                out.push((i, left.max(1)));
            }
            break;
        }
    }
    out
}
