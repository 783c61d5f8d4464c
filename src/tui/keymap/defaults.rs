//! The compiled-in keys: one table per screen focus, form mode and window. `[keys]` in
//! the config file moves them (see `Keymap::with_overrides`).

use super::super::action::Action;

pub const GLOBAL: &[(&str, Action)] = &[
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

pub const EDITOR: &[(&str, Action)] = &[
    ("esc", Action::FocusGrid),
    ("tab", Action::Complete),
    ("ctrl-r", Action::HistorySearch),
];

pub const GRID: &[(&str, Action)] = &[
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

pub const CURSOR_OPTIONS: &[(&str, Action)] = &[
    ("up", Action::WindowUp),
    ("k", Action::WindowUp),
    ("down", Action::WindowDown),
    ("j", Action::WindowDown),
    ("space", Action::Toggle),
    ("x", Action::Toggle),
    ("+", Action::More),
    ("right", Action::More),
    ("-", Action::Less),
    ("left", Action::Less),
    ("enter", Action::Accept),
    ("esc", Action::Close),
];

pub const CELL: &[(&str, Action)] = &[
    ("up", Action::WindowUp),
    ("k", Action::WindowUp),
    ("down", Action::WindowDown),
    ("j", Action::WindowDown),
    ("y", Action::CopyWhole),
];

pub const QUIT: &[(&str, Action)] = &[("c", Action::CommitAndQuit), ("r", Action::RollbackAndQuit)];

pub const HISTORY: &[(&str, Action)] = &[
    ("up", Action::WindowUp),
    ("down", Action::WindowDown),
    ("ctrl-r", Action::NextMatch),
    ("enter", Action::Accept),
    ("esc", Action::Close),
    ("ctrl-c", Action::Close),
];

pub const HELP: &[(&str, Action)] = &[
    ("esc", Action::Close),
    ("f1", Action::Close),
    ("q", Action::Close),
    ("enter", Action::Accept),
    ("/", Action::Search),
    ("down", Action::WindowDown),
    ("j", Action::WindowDown),
    ("up", Action::WindowUp),
    ("k", Action::WindowUp),
    ("pgdn", Action::WindowPageDown),
    ("space", Action::WindowPageDown),
    ("pgup", Action::WindowPageUp),
    ("home", Action::WindowTop),
    ("g", Action::WindowTop),
    ("end", Action::WindowBottom),
    ("G", Action::WindowBottom),
];

pub const PARAMS: &[(&str, Action)] = &[
    ("enter", Action::Accept),
    ("esc", Action::Close),
    ("ctrl-c", Action::Close),
    ("ctrl-u", Action::ClearInput),
];

/// Form mode's keys: looked up alone (F5 saves there, it does not run SQL), after the
/// global help, quit and cancel keys.
pub const FORM: &[(&str, Action)] = &[
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
