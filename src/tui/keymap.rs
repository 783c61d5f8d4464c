//! Keys to actions, per focus: compiled-in defaults, overridden key by key from the
//! `[keys]` group of the config file (`run = ctrl-e`).

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where the keyboard focus is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Focus {
    /// The query editor.
    Editor,
    /// The result grid.
    Grid,
}

/// A key chord: code and modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl Chord {
    /// The chord of a key event (shift is folded into characters).
    pub fn of(key: &KeyEvent) -> Chord {
        let mut modifiers =
            key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match key.code {
            KeyCode::Char(c) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(if modifiers.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                })
            }
            KeyCode::BackTab => {
                modifiers.insert(KeyModifiers::SHIFT);
                KeyCode::Tab
            }
            other => other,
        };
        Chord { code, modifiers }
    }

    /// Parses `ctrl-r`, `alt-enter`, `shift-tab`, `f5`, `pgdn`, `y`, `?`.
    ///
    /// # Failure
    /// A message naming the part that is not a key.
    pub fn parse(text: &str) -> Result<Chord, String> {
        let text = text.trim();
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            modifiers |= m;
            rest = &rest[len..];
        }
        let lower = rest.to_ascii_lowercase();
        let code = match lower.as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            "plus" => KeyCode::Char('+'),
            "minus" => KeyCode::Char('-'),
            f if f.len() > 1
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=24).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(c),
                    _ => {
                        return Err(format!(
                            "'{text}' is not a key (try ctrl-r, alt-enter, f5, pgdn, y)"
                        ));
                    }
                }
            }
        };
        Ok(Chord::of(&KeyEvent::new(code, modifiers)))
    }

    /// How the help screen writes it.
    pub fn label(&self) -> String {
        let mut out = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift-");
        }
        match self.code {
            KeyCode::Char(' ') => out.push_str("Space"),
            KeyCode::Char(c) => out.push(c),
            KeyCode::F(n) => out.push_str(&format!("F{n}")),
            KeyCode::PageUp => out.push_str("PgUp"),
            KeyCode::PageDown => out.push_str("PgDn"),
            other => out.push_str(&format!("{other:?}")),
        }
        out
    }
}

/// The key table.
#[derive(Debug, Clone)]
pub struct Keymap {
    global: HashMap<Chord, Action>,
    editor: HashMap<Chord, Action>,
    grid: HashMap<Chord, Action>,
    form: HashMap<Chord, Action>,
}

const GLOBAL: &[(&str, Action)] = &[
    ("f5", Action::Run),
    ("ctrl-enter", Action::Run),
    ("alt-enter", Action::Run),
    ("f4", Action::Execute),
    ("f10", Action::RunAll),
    ("f6", Action::FetchOne),
    ("f7", Action::FetchMany),
    ("f8", Action::FetchAll),
    ("alt-l", Action::Iterate),
    ("f9", Action::CursorOptions),
    ("alt-c", Action::Commit),
    ("alt-r", Action::Rollback),
    ("alt-a", Action::ToggleAutocommit),
    ("ctrl-c", Action::Cancel),
    ("f1", Action::Help),
    ("f2", Action::FormMode),
    ("f3", Action::TogglePython),
    ("shift-pgup", Action::PythonUp),
    ("shift-pgdn", Action::PythonDown),
    ("alt-up", Action::PythonUp),
    ("alt-down", Action::PythonDown),
    ("ctrl-s", Action::SaveTranscript),
    ("ctrl-q", Action::Quit),
];

const EDITOR: &[(&str, Action)] = &[
    ("esc", Action::FocusGrid),
    ("tab", Action::Complete),
    ("ctrl-r", Action::HistorySearch),
];

const GRID: &[(&str, Action)] = &[
    ("esc", Action::FocusEditor),
    ("i", Action::FocusEditor),
    ("up", Action::Up),
    ("k", Action::Up),
    ("down", Action::Down),
    ("j", Action::Down),
    ("left", Action::Left),
    ("h", Action::Left),
    ("right", Action::Right),
    ("l", Action::Right),
    ("pgup", Action::PageUp),
    ("pgdn", Action::PageDown),
    ("home", Action::Home),
    ("g", Action::Home),
    ("end", Action::End),
    ("G", Action::End),
    ("enter", Action::CellDetail),
    ("y", Action::CopyCell),
    ("Y", Action::CopyRow),
    ("+", Action::ArraysizeUp),
    ("-", Action::ArraysizeDown),
    ("n", Action::FetchOne),
    ("m", Action::FetchMany),
    ("a", Action::FetchAll),
    ("?", Action::Help),
    ("q", Action::Quit),
];

/// Form mode's keys: looked up alone (F5 saves there, it does not run SQL), after the
/// global help, quit and cancel keys.
const FORM: &[(&str, Action)] = &[
    ("tab", Action::FormNextField),
    ("shift-tab", Action::FormPreviousField),
    ("enter", Action::FormEnter),
    ("f5", Action::FormSave),
    ("f8", Action::FormDelete),
    ("f6", Action::FormReload),
    ("ctrl-n", Action::FormNew),
    ("f7", Action::FormBorrow),
    ("f9", Action::FormGiveBack),
    ("up", Action::FormListUp),
    ("down", Action::FormListDown),
    ("esc", Action::FormLeave),
    ("f2", Action::FormLeave),
];

fn table(entries: &[(&str, Action)]) -> HashMap<Chord, Action> {
    entries
        .iter()
        .filter_map(|(k, a)| Chord::parse(k).ok().map(|c| (c, *a)))
        .collect()
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            global: table(GLOBAL),
            editor: table(EDITOR),
            grid: table(GRID),
            form: table(FORM),
        }
    }
}

impl Keymap {
    /// The defaults with the user's `action = key` bindings applied: a bound key replaces
    /// the action's default keys in the same table (global actions stay global).
    /// Returns the keymap and messages for bindings that were not understood.
    pub fn with_overrides(bindings: &[(String, String)]) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut warnings = Vec::new();
        for (action_name, key) in bindings {
            let Some(action) = Action::from_name(&action_name.replace('-', "_")) else {
                warnings.push(format!("[keys]: unknown action '{action_name}'"));
                continue;
            };
            let chord = match Chord::parse(key) {
                Ok(c) => c,
                Err(e) => {
                    warnings.push(format!("[keys] {action_name}: {e}"));
                    continue;
                }
            };
            let in_grid = map.grid.values().any(|a| *a == action);
            let in_editor = map.editor.values().any(|a| *a == action);
            let target = if map.form.values().any(|a| *a == action) {
                &mut map.form
            } else if in_grid && !map.global.values().any(|a| *a == action) {
                &mut map.grid
            } else if in_editor && !in_grid {
                &mut map.editor
            } else {
                &mut map.global
            };
            target.retain(|_, a| *a != action);
            target.insert(chord, action);
        }
        (map, warnings)
    }

    /// The action for a key in this focus (focus table first, then global).
    pub fn action(&self, focus: Focus, key: &KeyEvent) -> Option<Action> {
        let chord = Chord::of(key);
        let local = match focus {
            Focus::Editor => &self.editor,
            Focus::Grid => &self.grid,
        };
        local
            .get(&chord)
            .or_else(|| self.global.get(&chord))
            .copied()
    }

    /// The form-mode action for a key (form mode looks nowhere else but for the global
    /// help, quit and cancel keys).
    pub fn form_action(&self, key: &KeyEvent) -> Option<Action> {
        self.form.get(&Chord::of(key)).copied()
    }

    /// The keys bound to a form-mode action, as the help writes them, sorted.
    pub fn form_keys(&self, action: Action) -> Vec<String> {
        let mut keys: Vec<String> = self
            .form
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|(c, _)| c.label())
            .collect();
        keys.sort();
        keys
    }

    /// Every binding, for the help screen: (where, keys, action).
    pub fn describe(&self) -> Vec<(&'static str, String, Action)> {
        let mut out = Vec::new();
        for (place, table) in [
            ("anywhere", &self.global),
            ("editor", &self.editor),
            ("grid", &self.grid),
            ("form mode (F2)", &self.form),
        ] {
            for action in Action::ALL {
                let mut keys: Vec<String> = table
                    .iter()
                    .filter(|(_, a)| *a == action)
                    .map(|(c, _)| c.label())
                    .collect();
                if keys.is_empty() {
                    continue;
                }
                keys.sort();
                out.push((place, keys.join(" "), *action));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn all_three_run_keys_run() {
        let map = Keymap::default();
        for k in [
            key(KeyCode::F(5), KeyModifiers::NONE),
            key(KeyCode::Enter, KeyModifiers::CONTROL),
            key(KeyCode::Enter, KeyModifiers::ALT),
        ] {
            assert_eq!(map.action(Focus::Editor, &k), Some(Action::Run));
        }
    }

    #[test]
    fn focus_tables_come_before_global_ones() {
        let map = Keymap::default();
        let y = key(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(map.action(Focus::Grid, &y), Some(Action::CopyCell));
        assert_eq!(
            map.action(Focus::Editor, &y),
            None,
            "typing y in the editor types y"
        );
        let shift_y = key(KeyCode::Char('Y'), KeyModifiers::SHIFT);
        assert_eq!(map.action(Focus::Grid, &shift_y), Some(Action::CopyRow));
    }

    #[test]
    fn a_user_binding_replaces_the_default_key() {
        let (map, warnings) = Keymap::with_overrides(&[
            ("run".into(), "ctrl-e".into()),
            ("fetch-one".into(), "f10".into()),
        ]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            map.action(
                Focus::Editor,
                &key(KeyCode::Char('e'), KeyModifiers::CONTROL)
            ),
            Some(Action::Run)
        );
        assert_eq!(
            map.action(Focus::Editor, &key(KeyCode::F(5), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            map.action(Focus::Grid, &key(KeyCode::F(10), KeyModifiers::NONE)),
            Some(Action::FetchOne)
        );
    }

    #[test]
    fn bad_bindings_are_reported_not_fatal() {
        let (_, warnings) = Keymap::with_overrides(&[
            ("frobnicate".into(), "f5".into()),
            ("run".into(), "hyper-x".into()),
        ]);
        assert_eq!(warnings.len(), 2);
    }

    #[test]
    fn form_keys_are_the_forms_own_and_can_be_rebound() {
        let map = Keymap::default();
        let f5 = key(KeyCode::F(5), KeyModifiers::NONE);
        assert_eq!(map.form_action(&f5), Some(Action::FormSave));
        assert_eq!(map.action(Focus::Editor, &f5), Some(Action::Run));
        let back_tab = key(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(map.form_action(&back_tab), Some(Action::FormPreviousField));
        let typed = key(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(
            map.form_action(&typed),
            None,
            "letters are typed into fields"
        );
        let (map, warnings) = Keymap::with_overrides(&[("form-save".into(), "ctrl-s".into())]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let ctrl_s = key(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(map.form_action(&ctrl_s), Some(Action::FormSave));
        assert_eq!(map.form_action(&f5), None);
        assert_eq!(
            map.action(Focus::Editor, &ctrl_s),
            Some(Action::SaveTranscript)
        );
        assert!(
            map.describe()
                .iter()
                .any(|(place, keys, a)| *place == "form mode (F2)"
                    && keys == "Ctrl-s"
                    && *a == Action::FormSave)
        );
    }

    #[test]
    fn no_default_key_is_bound_twice_in_one_scope() {
        for (name, table) in [
            ("global", GLOBAL),
            ("editor", EDITOR),
            ("grid", GRID),
            ("form", FORM),
        ] {
            let mut seen = std::collections::HashSet::new();
            for (chord, action) in table {
                assert!(
                    seen.insert(*chord),
                    "{chord} is bound twice in the {name} keys (again for {action:?})"
                );
            }
        }
        // Form mode honours the global help, quit and cancel keys before its own.
        let map = Keymap::default();
        for (chord, action) in GLOBAL {
            if matches!(action, Action::Help | Action::Quit | Action::Cancel) {
                let chord = Chord::parse(chord).unwrap_or_else(|e| panic!("{e}"));
                assert!(
                    !map.form.contains_key(&chord),
                    "{} is bound in form mode and to {action:?}",
                    chord.label()
                );
            }
        }
    }
}
