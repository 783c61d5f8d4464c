//! Keys to actions, per focus and per window: compiled-in defaults, overridden key by key
//! from the `[keys]` group of the config file (`run = ctrl-e`). Every key a window (F9's
//! cursor options, the cell, the quit dialog, history search, F1, the parameters prompt)
//! answers to is here too, so F1 lists it and `[keys]` can move it; only typing into a
//! text field (characters, Backspace) and each window's "any other key" stay outside.

use std::collections::HashMap;

use crossterm::event::KeyEvent;

use super::action::Action;

mod chord;
mod defaults;

pub use chord::Chord;
use defaults::{CELL, CURSOR_OPTIONS, EDITOR, FORM, GLOBAL, GRID, HELP, HISTORY, PARAMS, QUIT};

/// Where the keyboard focus is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Focus {
    Editor,
    Grid,
}

/// A window over the screen, with keys of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Window {
    /// F9: the cursor options.
    CursorOptions,
    /// Enter in the grid: one cell in full.
    Cell,
    /// Quitting with uncommitted changes.
    Quit,
    /// Ctrl-R: history search.
    History,
    /// F1.
    Help,
    /// The parameters prompt of a statement with placeholders.
    Params,
}

impl Window {
    /// Every window, in help order.
    pub const ALL: [Window; 6] = [
        Window::CursorOptions,
        Window::Cell,
        Window::Quit,
        Window::History,
        Window::Help,
        Window::Params,
    ];

    /// How the help screen names it.
    pub fn place(self) -> &'static str {
        match self {
            Window::CursorOptions => "cursor options (F9)",
            Window::Cell => "cell window (Enter in the grid; any other key closes)",
            Window::Quit => "quit dialog (any other key stays)",
            Window::History => "history search (Ctrl-R; type to search)",
            Window::Help => "this help (F1)",
            Window::Params => "parameters prompt (type a Python literal)",
        }
    }

    fn defaults(self) -> &'static [(&'static str, Action)] {
        match self {
            Window::CursorOptions => CURSOR_OPTIONS,
            Window::Cell => CELL,
            Window::Quit => QUIT,
            Window::History => HISTORY,
            Window::Help => HELP,
            Window::Params => PARAMS,
        }
    }
}

/// The key table.
#[derive(Debug, Clone)]
pub struct Keymap {
    global: HashMap<Chord, Action>,
    editor: HashMap<Chord, Action>,
    grid: HashMap<Chord, Action>,
    windows: HashMap<Window, HashMap<Chord, Action>>,
    form: HashMap<Chord, Action>,
}

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
            windows: Window::ALL
                .iter()
                .map(|w| (*w, table(w.defaults())))
                .collect(),
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
            let in_window = map
                .windows
                .values()
                .any(|t| t.values().any(|a| *a == action));
            let in_screen = [&map.global, &map.editor, &map.grid]
                .iter()
                .any(|t| t.values().any(|a| *a == action));
            if in_window && !in_screen {
                // A window's own action: its key moves in every window that has it.
                for table in map.windows.values_mut() {
                    if table.values().any(|a| *a == action) {
                        table.retain(|_, a| *a != action);
                        table.insert(chord, action);
                    }
                }
                continue;
            }
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

    /// The action for a key in an open window (its own table only).
    pub fn window_action(&self, window: Window, key: &KeyEvent) -> Option<Action> {
        self.windows.get(&window)?.get(&Chord::of(key)).copied()
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
        let screens = [
            ("anywhere", &self.global),
            ("editor", &self.editor),
            ("grid", &self.grid),
            ("form mode (F2)", &self.form),
        ];
        let windows = Window::ALL
            .iter()
            .filter_map(|w| Some((w.place(), self.windows.get(w)?)));
        for (place, table) in screens.into_iter().chain(windows) {
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
    use crossterm::event::{KeyCode, KeyModifiers};

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
    fn a_windows_key_is_rebound_in_every_window_that_has_it() {
        let (map, warnings) = Keymap::with_overrides(&[("close".into(), "ctrl-g".into())]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let esc = key(KeyCode::Esc, KeyModifiers::NONE);
        let ctrl_g = key(KeyCode::Char('g'), KeyModifiers::CONTROL);
        for window in [Window::CursorOptions, Window::History, Window::Help] {
            assert_eq!(map.window_action(window, &esc), None);
            assert_eq!(map.window_action(window, &ctrl_g), Some(Action::Close));
        }
        assert_eq!(map.action(Focus::Grid, &esc), Some(Action::FocusEditor));
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
        let screens = [
            ("global", GLOBAL),
            ("editor", EDITOR),
            ("grid", GRID),
            ("form", FORM),
        ];
        let windows = Window::ALL.map(|w| (w.place(), w.defaults()));
        for (name, table) in screens.into_iter().chain(windows) {
            let mut seen = std::collections::HashSet::new();
            for (chord, action) in table {
                let parsed = Chord::parse(chord);
                assert!(parsed.is_ok(), "{chord} in the {name} keys is no key");
                assert!(
                    seen.insert(parsed.ok()),
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
