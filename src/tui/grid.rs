//! The result grid's model: the rows fetched so far (compact), where the DB-API cursor
//! stands, and what is selected and scrolled into view. Rendering reads it; only
//! `App::update` changes it.

use crate::db::{Cell, Columns, CursorStatus, RawRow, RowShape, convert::Decoding};
use crate::rowstore::RowStore;

use super::worker::RowBatch;

/// Where the cursor stands in its result: the course's cursor diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Nothing fetched yet: before the first record.
    BeforeFirst,
    /// On the last fetched record (0-based index).
    OnRow(usize),
    /// Past the last record: a fetch came back short.
    AfterLast,
}

#[derive(Debug, Clone)]
pub struct Grid {
    /// Columns of the current result (`None`: no result set).
    pub columns: Option<Columns>,
    /// Fetched rows.
    pub rows: RowStore,
    /// Widest cell per column (terminal cells, capped).
    pub widths: Vec<u16>,
    /// Where the cursor stands.
    pub position: Position,
    /// Rows still on the wire (unbuffered cursor).
    pub more_unread: bool,
    /// Rows a buffered cursor holds but has not handed out.
    pub buffered_remaining: Option<usize>,
    /// How rows become Python values (for the detail pane).
    pub decoding: Decoding,
    /// The Python shape of rows.
    pub shape: RowShape,
    /// Selected row and column.
    pub selected: (usize, usize),
    /// First row and first column on screen.
    pub offset: (usize, usize),
}

impl Default for Grid {
    fn default() -> Self {
        Grid {
            columns: None,
            rows: RowStore::new(),
            widths: Vec::new(),
            position: Position::BeforeFirst,
            more_unread: false,
            buffered_remaining: None,
            decoding: Decoding::Text,
            shape: RowShape::Tuple,
            selected: (0, 0),
            offset: (0, 0),
        }
    }
}

impl Grid {
    /// Starts over for a new result.
    pub fn reset(&mut self, status: Option<&CursorStatus>) {
        *self = Grid::default();
        if let Some(status) = status {
            self.columns.clone_from(&status.columns);
            self.widths = status
                .columns
                .as_ref()
                .map(|cols| {
                    cols.iter()
                        .map(|c| {
                            unicode_width::UnicodeWidthStr::width(c.name.as_str()).min(40) as u16
                        })
                        .collect()
                })
                .unwrap_or_default();
            self.apply_status(status);
        }
    }

    /// Takes the cursor facts the worker reported.
    pub fn apply_status(&mut self, status: &CursorStatus) {
        self.more_unread = status.unread;
        self.buffered_remaining = status.buffered_remaining;
        self.decoding = status.decoding;
        self.shape = status.shape;
    }

    /// Appends fetched rows.
    pub fn append(&mut self, batch: RowBatch) {
        for (w, new) in self.widths.iter_mut().zip(&batch.widths) {
            *w = (*w).max(*new);
        }
        self.rows.append(batch.store);
    }

    /// Moves the cursor marker after a fetch that asked for `asked` rows (`None`: all)
    /// and got `got`; the selection follows the cursor.
    pub fn after_fetch(&mut self, asked: Option<usize>, got: usize, viewport: usize) {
        let total = self.rows.len();
        self.position = match asked {
            Some(n) if got >= n && got > 0 => Position::OnRow(total - 1),
            _ => Position::AfterLast,
        };
        if let Position::OnRow(row) = self.position {
            self.select_row(row, viewport);
        } else if total > 0 && got > 0 {
            self.select_row(total - 1, viewport);
        }
    }

    /// Number of columns of the result (0 without a result set).
    pub fn column_count(&self) -> usize {
        self.columns.as_ref().map_or(0, |c| c.len())
    }

    pub fn selected_row(&self) -> Option<RawRow> {
        self.rows.get(self.selected.0, self.column_count())
    }

    /// The selected row's cells for display, strings cut to `max` bytes (see
    /// [`RowStore::get_clipped`]).
    pub fn selected_row_clipped(&self, max: usize) -> Option<Vec<(Cell, Option<usize>)>> {
        self.rows
            .get_clipped(self.selected.0, self.column_count(), max)
    }

    /// Selects a row and scrolls it into a viewport of `viewport` rows.
    pub fn select_row(&mut self, row: usize, viewport: usize) {
        let last = self.rows.len().saturating_sub(1);
        self.selected.0 = row.min(last);
        let viewport = viewport.max(1);
        if self.selected.0 < self.offset.0 {
            self.offset.0 = self.selected.0;
        } else if self.selected.0 >= self.offset.0 + viewport {
            self.offset.0 = self.selected.0 + 1 - viewport;
        }
    }

    /// Moves the selection by `rows` and `cols`.
    pub fn move_by(&mut self, rows: isize, cols: isize, viewport: usize) {
        let row = self.selected.0.saturating_add_signed(rows);
        self.select_row(row, viewport);
        let last_col = self.column_count().saturating_sub(1);
        self.selected.1 = self.selected.1.saturating_add_signed(cols).min(last_col);
        if self.selected.1 < self.offset.1 {
            self.offset.1 = self.selected.1;
        }
    }

    /// Scrolls right until the selected column is whole on screen, `whole_from(first)`
    /// telling how many columns fit whole when `first` is the leftmost.
    pub fn scroll_columns_into_view(&mut self, whole_from: impl Fn(usize) -> usize) {
        while self.offset.1 < self.selected.1
            && self.offset.1 + whole_from(self.offset.1).max(1) <= self.selected.1
        {
            self.offset.1 += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(n: usize) -> RowBatch {
        let mut b = RowBatch::default();
        for i in 0..n {
            b.store.push(&[Cell::Int(i as i64)]);
        }
        b
    }

    #[test]
    fn the_marker_follows_the_course_diagram() {
        let mut g = Grid::default();
        assert_eq!(g.position, Position::BeforeFirst);
        g.append(batch(1));
        g.after_fetch(Some(1), 1, 10);
        assert_eq!(g.position, Position::OnRow(0));
        g.append(batch(2));
        g.after_fetch(Some(2), 2, 10);
        assert_eq!(g.position, Position::OnRow(2));
        g.after_fetch(Some(1), 0, 10);
        assert_eq!(g.position, Position::AfterLast);
    }

    #[test]
    fn a_short_fetchmany_leaves_the_cursor_after_the_last_row() {
        let mut g = Grid::default();
        g.append(batch(3));
        g.after_fetch(Some(5), 3, 10);
        assert_eq!(g.position, Position::AfterLast);
        assert_eq!(g.selected.0, 2);
    }

    #[test]
    fn selection_scrolls_into_the_viewport() {
        let mut g = Grid::default();
        g.append(batch(100));
        g.select_row(50, 10);
        assert_eq!(g.offset.0, 41);
        g.move_by(-45, 0, 10);
        assert_eq!((g.selected.0, g.offset.0), (5, 5));
    }
}
