//! What a grid cell shows: the value the cursor returned, as the Python panel prints it
//! where the two could disagree (a prepared cursor's FLOAT is a double in Python:
//! `0.10000000149011612`, not `0.1`), and SQL NULL marked apart from the string 'NULL'
//! by a glyph, so it stays distinguishable without colour.

use crate::db::{Cell, Column};
use crate::output::{cell_display, cell_width};
use crate::pyrepr::float_repr;

/// The text of SQL NULL in the grid.
pub const NULL_TEXT: &str = "∅ NULL";

/// The cell's text in the grid.
pub fn grid_text(cell: &Cell, column: &Column) -> String {
    match cell {
        Cell::Null => NULL_TEXT.to_owned(),
        Cell::Float(f) => float_repr(f64::from(*f)),
        Cell::Double(d) => float_repr(*d),
        _ => cell_display(cell, column),
    }
}

/// The width in terminal cells of [`grid_text`]'s first line, capped at `cap`.
pub fn grid_width(cell: &Cell, column: &Column, cap: usize) -> usize {
    match cell {
        Cell::Null => 6.min(cap),
        Cell::Float(_) | Cell::Double(_) => grid_text(cell, column).len().min(cap),
        _ => cell_width(cell, column, cap),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float_column() -> Column {
        Column {
            name: "f".into(),
            type_code: crate::db::field_type::FLOAT,
            flags: 0,
            charset: 63,
            meta: None,
        }
    }

    #[test]
    fn a_prepared_float_shows_as_python_prints_it_and_null_is_marked() {
        let column = float_column();
        assert_eq!(grid_text(&Cell::Float(0.1), &column), "0.10000000149011612");
        assert_eq!(grid_width(&Cell::Float(0.1), &column, 40), 19);
        assert_eq!(grid_text(&Cell::Null, &column), "∅ NULL");
        assert_ne!(
            grid_text(&Cell::Bytes(b"NULL".to_vec()), &column),
            grid_text(&Cell::Null, &column)
        );
    }
}
