//! F1 help: every key, generated from the keymap (so a remapped key shows as remapped),
//! plus the editor's own keys and the form's typing keys. Scrollable, searchable (`/`), with the key
//! column kept apart from the text it explains. Owns its state, keys and drawing.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::action::Action;
use super::keymap::Keymap;
use super::python_panel::wrap;
use super::theme::Theme;

/// Keys the query editor handles itself (the text area, history and completion).
pub const EDITOR_KEYS: &[(&str, &str)] = &[
    ("Shift-arrows", "select text (F5 then runs the selection)"),
    ("Ctrl-A, Home / Ctrl-E, End", "start / end of the line"),
    ("Ctrl-Left / Ctrl-Right", "previous / next word"),
    ("Alt-< / Alt->", "first / last line"),
    (
        "Ctrl-K / Ctrl-J",
        "delete to the end / the start of the line",
    ),
    (
        "Ctrl-W, Alt-Backspace / Alt-D",
        "delete the word before / after the caret",
    ),
    ("Ctrl-U", "undo"),
    ("Ctrl-X / Ctrl-Y", "cut the selection / paste what was cut"),
    (
        "Up / Down",
        "on the first / last line: older / newer statements from the history",
    ),
    ("Paste", "pasted text goes in as typed (bracketed paste)"),
];

/// Keys form mode takes as typing, not through the keymap (its bound keys come from the
/// keymap, under "form mode (F2)").
pub const FORM_KEYS: &[(&str, &str)] = &[
    (
        "letters, digits, Backspace",
        "type into the focused field (search, id, name)",
    ),
    (
        "y / any other key",
        "answer the form's question (delete this user? create the table?)",
    ),
];

/// The open help window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Help {
    /// First line shown.
    pub scroll: usize,
    /// Only lines containing this (any case) are shown.
    pub query: String,
    /// Typing goes into the query.
    pub searching: bool,
}

/// What a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpKey {
    /// Still open.
    Stay,
    Close,
}

/// One row of help: section, keys, what they do.
pub fn rows(keymap: &Keymap) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let described = keymap.describe();
    for (place, keys, action) in &described {
        out.push(((*place).to_owned(), keys.clone(), action.help().to_owned()));
    }
    for action in super::action::Action::ALL {
        if !described.iter().any(|(_, _, a)| a == action) {
            out.push((
                "no key (bind one in [keys] of connector.cnf)".to_owned(),
                action.name().to_owned(),
                action.help().to_owned(),
            ));
        }
    }
    for (keys, what) in EDITOR_KEYS {
        out.push((
            "editor text".to_owned(),
            (*keys).to_owned(),
            (*what).to_owned(),
        ));
    }
    for (keys, what) in FORM_KEYS {
        out.push((
            "form mode (F2)".to_owned(),
            (*keys).to_owned(),
            (*what).to_owned(),
        ));
    }
    out
}

impl Help {
    /// Handles a key with the default keys (the app passes the user's: [`Self::on_input`]).
    #[cfg(test)]
    pub fn on_key(&mut self, key: KeyEvent, page: usize) -> HelpKey {
        let action = Keymap::default().window_action(super::keymap::Window::Help, &key);
        self.on_input(action, key, page)
    }

    /// Handles a key: its action in the help's keymap; while searching, every other key
    /// is typed into the search (characters and Backspace, as in any text field).
    pub fn on_input(&mut self, action: Option<Action>, key: KeyEvent, page: usize) -> HelpKey {
        if self.searching {
            match action {
                Some(Action::Close) => {
                    self.searching = false;
                    self.query.clear();
                }
                Some(Action::Accept) => self.searching = false,
                _ => match key.code {
                    KeyCode::Backspace => {
                        self.query.pop();
                    }
                    KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                        self.query.push(c);
                        self.scroll = 0;
                    }
                    _ => {}
                },
            }
            return HelpKey::Stay;
        }
        let page = page.max(1);
        match action {
            Some(Action::Close) => return HelpKey::Close,
            Some(Action::Search) => {
                self.searching = true;
                self.query.clear();
            }
            Some(Action::WindowDown) => self.scroll += 1,
            Some(Action::WindowUp) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::WindowPageDown) => self.scroll += page,
            Some(Action::WindowPageUp) => self.scroll = self.scroll.saturating_sub(page),
            Some(Action::WindowTop) => self.scroll = 0,
            Some(Action::WindowBottom) => self.scroll = usize::MAX / 2,
            _ => {}
        }
        HelpKey::Stay
    }

    /// The window's area on `screen`.
    pub fn area(screen: Rect) -> Rect {
        let width = screen.width.min(100);
        let height = screen.height.saturating_sub(2).max(3).min(screen.height);
        Rect::new(
            screen.x + (screen.width - width) / 2,
            screen.y + (screen.height - height) / 2,
            width,
            height,
        )
    }

    /// The lines for a window `width` cells wide.
    pub fn lines(&self, keymap: &Keymap, theme: &Theme, width: usize) -> Vec<Line<'static>> {
        let query = self.query.to_lowercase();
        let rows: Vec<_> = rows(keymap)
            .into_iter()
            .filter(|(place, keys, what)| {
                query.is_empty()
                    || [place, keys, what]
                        .iter()
                        .any(|t| t.to_lowercase().contains(&query))
            })
            .collect();
        let key_width = rows
            .iter()
            .map(|(_, k, _)| k.width())
            .max()
            .unwrap_or(0)
            .min(width / 3)
            .max(4);
        let text_width = width.saturating_sub(key_width + 4).max(8);
        let mut out = Vec::new();
        let mut last = String::new();
        for (place, keys, what) in rows {
            if place != last {
                if !out.is_empty() {
                    out.push(Line::from(""));
                }
                out.push(Line::from(Span::styled(
                    format!("{place}:"),
                    theme.base.title,
                )));
                last = place;
            }
            let key_lines = wrap(&keys, key_width);
            let text_lines = wrap(&what, text_width);
            for i in 0..key_lines.len().max(text_lines.len()) {
                let k = key_lines.get(i).map_or("", String::as_str);
                let pad = " ".repeat(key_width.saturating_sub(k.width()));
                out.push(Line::from(vec![
                    Span::styled(format!("  {k}{pad}  "), theme.popup.key),
                    Span::raw(text_lines.get(i).cloned().unwrap_or_default()),
                ]));
            }
        }
        if out.is_empty() {
            out.push(Line::from(format!("No key matches '{}'.", self.query)));
        }
        out
    }

    /// Draws the window over `screen`.
    pub fn render(&self, keymap: &Keymap, theme: &Theme, frame: &mut Frame, screen: Rect) {
        let area = Self::area(screen);
        let inner_width = usize::from(area.width.saturating_sub(2));
        let height = usize::from(area.height.saturating_sub(3));
        let lines = self.lines(keymap, theme, inner_width);
        let first = self.scroll.min(lines.len().saturating_sub(height));
        let mut shown: Vec<Line<'static>> = lines.into_iter().skip(first).take(height).collect();
        let footer = if self.searching {
            format!("/{}▏  Enter keeps the filter · Esc clears it", self.query)
        } else if self.query.is_empty() {
            "↑↓ PgUp PgDn scroll · / search · Esc closes · remap in [keys] of connector.cnf"
                .to_owned()
        } else {
            format!("showing '{}' · / searches again · Esc closes", self.query)
        };
        while shown.len() < height {
            shown.push(Line::from(""));
        }
        shown.push(Line::from(Span::styled(footer, theme.popup.key)));
        frame.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.popup.border)
            .title(" Help — keys ")
            .title_style(theme.popup.border);
        frame.render_widget(Paragraph::new(shown).block(block), area);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_every_action_the_editor_and_the_form_and_searches() {
        let keymap = Keymap::default();
        let all = rows(&keymap);
        for action in super::super::action::Action::ALL {
            assert!(
                all.iter().any(|(_, _, what)| what == action.help()),
                "{action:?} is missing"
            );
        }
        assert!(
            all.iter()
                .any(|(p, k, _)| p == "editor text" && k.contains("Ctrl-K"))
        );
        assert!(all.iter().any(|(p, _, _)| p.starts_with("form mode")));
        let mut help = Help::default();
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        help.on_key(key(KeyCode::Char('/')), 10);
        for c in "rollback".chars() {
            help.on_key(key(KeyCode::Char(c)), 10);
        }
        let lines = help.lines(&keymap, &Theme::default(), 80);
        let text: Vec<String> = lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert!(
            text.iter()
                .any(|l| l.contains("Alt-r") && l.contains("cnx.rollback()")),
            "{text:?}"
        );
        assert!(!text.iter().any(|l| l.contains("fetchone")), "{text:?}");
        assert_eq!(
            help.on_key(key(KeyCode::PageDown), 10),
            HelpKey::Stay,
            "PgDn scrolls, not closes"
        );
    }
}
