//! What a key did in a window: the window changes its own state and says what the app
//! must do about it (create a cursor, copy, quit, ...). The app acts; the window never
//! sends anything itself.

use crate::db::CursorOptions;

/// What a key in a window asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The window stays open.
    Open,
    /// The window closed; nothing else to do.
    Closed,
    /// F9 closed without a change.
    Unchanged,
    /// F9 closed: a cursor with these options (or only the arraysize set, if only it
    /// changed).
    CreateCursor(CursorOptions),
    /// The cell window stays open: copy the whole cell.
    CopyCell,
    /// The quit dialog closed: commit, then quit.
    CommitAndQuit,
    /// The quit dialog closed: roll back, then quit.
    RollbackAndQuit,
    /// The quit dialog closed: stay.
    Stay,
    /// History search closed: put this statement in the editor.
    Recall(String),
}
