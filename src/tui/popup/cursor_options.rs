//! F9: the cursor options. On a server, five toggles (buffered, raw, prepared, dictionary,
//! `named_tuple`) and the arraysize; on the demo, `sqlite3`'s one cursor, the row factory
//! of the connection (tuples or `sqlite3.Row`) and the arraysize (a `sqlite3` cursor has
//! one too). The window edits a draft; Enter hands it to the app, which creates the cursor
//! (or only sets the arraysize).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::super::action::Action;
use super::super::theme::Theme;
use super::frame::{centered, window};
use super::outcome::Outcome;
use crate::db::CursorOptions;

/// The line of the F9 cursor options that edits the arraysize (after the five toggles).
pub const ARRAYSIZE_LINE: usize = 5;

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

/// The window's state, borrowed from the popup and the app.
pub struct Draft<'a> {
    /// The highlighted line.
    pub selected: &'a mut usize,
    /// The options as toggled so far.
    pub options: &'a mut CursorOptions,
    /// The arraysize being edited.
    pub arraysize: &'a mut usize,
}

/// The options of line `line` on the demo: 0 tuples, 1 `sqlite3.Row`.
fn sqlite_pick(line: usize) -> CursorOptions {
    CursorOptions {
        dictionary: line == 1,
        ..CursorOptions::default()
    }
}

/// A key's action in the window; keys without one leave it as it is.
pub fn on_action(action: Option<Action>, draft: &mut Draft<'_>, sqlite: bool) -> Outcome {
    let Some(action) = action else {
        return Outcome::Open;
    };
    match action {
        Action::Close => return Outcome::Unchanged,
        Action::Accept => return Outcome::CreateCursor(*draft.options),
        // On the demo ↑↓ choose the row factory; the arraysize, the only other thing
        // there, takes +/- and ←/→ wherever the highlight is.
        Action::More if sqlite => *draft.arraysize += 1,
        Action::Less if sqlite => *draft.arraysize = draft.arraysize.saturating_sub(1).max(1),
        _ if sqlite => {
            let line = match action {
                Action::WindowUp => 0,
                Action::WindowDown => 1,
                Action::Toggle => *draft.selected,
                _ => return Outcome::Open,
            };
            *draft.selected = line;
            *draft.options = sqlite_pick(line);
        }
        Action::WindowUp => *draft.selected = draft.selected.saturating_sub(1),
        Action::WindowDown => *draft.selected = (*draft.selected + 1).min(ARRAYSIZE_LINE),
        Action::More => *draft.arraysize += 1,
        Action::Less => {
            *draft.arraysize = draft.arraysize.saturating_sub(1).max(1);
        }
        Action::Toggle if *draft.selected < ARRAYSIZE_LINE => {
            let name = CursorOptions::NAMES[*draft.selected];
            let on = !draft.options.get(name);
            draft.options.set(name, on);
        }
        _ => {}
    }
    Outcome::Open
}

/// Draws the window over `screen`.
pub fn render(
    selected: usize,
    draft: CursorOptions,
    arraysize: usize,
    sqlite: bool,
    theme: &Theme,
    frame: &mut Frame,
    screen: Rect,
) {
    if sqlite {
        let lines = sqlite_lines(selected, arraysize, theme);
        let area = centered(screen, 96, lines.len() as u16 + 3);
        window(theme, frame, area, " Cursor (sqlite3) ", lines, 0);
        return;
    }
    let key = theme.popup.key;
    let mut lines = vec![
        Line::from("Space toggles, Enter creates the cursor, Esc cancels."),
        Line::from(""),
    ];
    for (i, (name, help)) in OPTION_HELP.iter().enumerate() {
        let mark = if draft.get(name) { "[x]" } else { "[ ]" };
        let pointer = if i == selected { "▶" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(format!("{pointer} {mark} {name:<12}"), key),
            Span::raw(*help),
        ]));
    }
    let pointer = if selected == ARRAYSIZE_LINE {
        "▶"
    } else {
        " "
    };
    lines.push(Line::from(vec![
        Span::styled(format!("{pointer} ‹{arraysize:>3}› arraysize "), key),
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
    window(theme, frame, area, " Cursor options ", lines, 0);
}

fn sqlite_lines(selected: usize, arraysize: usize, theme: &Theme) -> Vec<Line<'static>> {
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
        let mark = if i == selected { "(•)" } else { "( )" };
        let pointer = if i == selected { "▶" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(format!("{pointer} {mark} {shape:<12}"), theme.popup.key),
            Span::raw(call),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled(format!("  ‹{arraysize:>3}› arraysize "), theme.popup.key),
        Span::raw("rows per fetchmany() (F7), cursor.arraysize; +/- or ←/→ change it"),
    ]));
    lines.push(Line::from(""));
    lines.push(Line::from(
        "↑↓ choose · Enter creates the cursor (only the arraysize changed: sets it) · Esc cancels",
    ));
    lines
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
