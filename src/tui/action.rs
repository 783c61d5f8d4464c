//! What a key means (`Action`) and what an update asks the outside world to do (`Effect`).

use super::form_worker::FormRequest;
use super::worker::{DbRequest, RequestId};

macro_rules! actions {
    ($($variant:ident = $name:literal: $help:literal,)*) => {
        /// A user action, whatever key produced it.
        // Each variant's doc is its F1 help line, plain text for the screen, not Markdown.
        #[allow(clippy::doc_markdown)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $(#[doc = $help] $variant,)* }

        impl Action {
            /// Every action, in help order.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The name used in the `[keys]` config group.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }

            /// One line of help.
            pub fn help(self) -> &'static str {
                match self { $(Action::$variant => $help,)* }
            }

            /// The action called `name`.
            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)* _ => None }
            }
        }
    };
}

actions! {
    Run = "run": "run the statement under the caret (or the selection) through a cursor",
    RunAll = "run_all": "run every statement of the selection, or of the whole editor, one after another (execute, fetchall); stops at the first error",
    Execute = "execute": "cursor.execute() only: the cursor stands before the first row, nothing fetched",
    FetchOne = "fetch_one": "cursor.fetchone()",
    FetchMany = "fetch_many": "cursor.fetchmany(arraysize)",
    FetchAll = "fetch_all": "cursor.fetchall()",
    ArraysizeUp = "arraysize_up": "arraysize + 1 (rows per fetchmany)",
    ArraysizeDown = "arraysize_down": "arraysize - 1",
    CursorOptions = "cursor_options": "choose the cursor kind: buffered, raw, prepared, dictionary, named_tuple",
    Commit = "commit": "cnx.commit()",
    Rollback = "rollback": "cnx.rollback()",
    ToggleAutocommit = "toggle_autocommit": "cnx.autocommit = not cnx.autocommit",
    Cancel = "cancel": "cancel the running statement (KILL QUERY from a second connection)",
    FocusGrid = "focus_grid": "move to the result grid",
    FocusEditor = "focus_editor": "move to the query editor",
    Complete = "complete": "complete a keyword, table or column",
    HistorySearch = "history_search": "search the query history",
    Up = "up": "move up",
    Down = "down": "move down",
    Left = "left": "move left",
    Right = "right": "move right",
    PageUp = "page_up": "page up",
    PageDown = "page_down": "page down",
    Home = "home": "first row",
    End = "end": "last fetched row",
    CellDetail = "cell_detail": "show the whole cell",
    CopyCell = "copy_cell": "copy the cell to the clipboard",
    CopyRow = "copy_row": "copy the row (tab-separated) to the clipboard",
    TogglePython = "toggle_python": "show or hide the Python panel",
    PythonUp = "python_up": "scroll the Python panel up (the mouse wheel too)",
    PythonDown = "python_down": "scroll the Python panel down, back to the newest step",
    SaveTranscript = "save_transcript": "save the session as a runnable Python file",
    FormMode = "form_mode": "form mode: CRUD on the user table through a DAO",
    ResetDemo = "reset_demo": "restore the demo database",
    Help = "help": "this help",
    Quit = "quit": "quit (asks first if changes are uncommitted)",
    Iterate = "iterate": "for row in cursor: print(row), over the rest of the result",
    FormNextField = "form_next_field": "next field: search, id, name, list",
    FormPreviousField = "form_previous_field": "previous field",
    FormEnter = "form_enter": "in search: list the users matching; in the list: load the user; else save",
    FormSave = "form_save": "save: user_dao.update_user for an id in the list, else user_dao.add_user",
    FormDelete = "form_delete": "delete the user in the form (asks first, then empties the form)",
    FormReload = "form_reload": "list every user (user_dao.get_users)",
    FormNew = "form_new": "a new, empty user",
    FormBorrow = "form_borrow": "borrow one more pooled connection (to see PoolError)",
    FormGiveBack = "form_give_back": "give the borrowed connections back to the pool",
    FormListUp = "form_list_up": "previous user in the list",
    FormListDown = "form_list_down": "next user in the list",
    FormLeave = "form_leave": "back to the SQL screen",
    WindowUp = "window_up": "the line above",
    WindowDown = "window_down": "the line below",
    WindowPageUp = "window_page_up": "a page up",
    WindowPageDown = "window_page_down": "a page down",
    WindowTop = "window_top": "the top",
    WindowBottom = "window_bottom": "the end",
    Accept = "accept": "take what is chosen and close the window",
    Close = "close": "close the window, changing nothing",
    Toggle = "toggle": "switch the highlighted option on or off (sqlite3: choose it)",
    More = "more": "arraysize + 1",
    Less = "less": "arraysize - 1",
    CopyWhole = "copy_whole": "copy the whole cell, not the abridged text shown",
    CommitAndQuit = "commit_and_quit": "cnx.commit(), then quit",
    RollbackAndQuit = "rollback_and_quit": "cnx.rollback(), then quit",
    NextMatch = "next_match": "the next older match",
    Search = "search": "search the keys (Enter keeps the filter, Esc clears it)",
    ClearInput = "clear_input": "clear what was typed",
}

/// What `App::update` asks the event loop to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Send a request to the database worker.
    Db(DbRequest),
    /// Send a request to the form's DAO worker.
    Form(FormRequest),
    /// Cancel the running statement (from a short-lived thread).
    Cancel,
    /// Stop this request: not at all if it has not started yet; a `for row in cursor`
    /// loop before its next row (Ctrl-C in Python), a run of statements (F10) before its
    /// next statement.
    Stop(RequestId),
    /// Put text on the clipboard.
    Copy(String),
    /// Write the Python transcript file.
    SaveTranscript,
    SaveHistory,
    /// Leave the program.
    Quit,
}
