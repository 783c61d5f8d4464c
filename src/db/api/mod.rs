//! The DB-API words both backends speak: the commands a session runs, the entries it
//! prints, the typed result of a step, the loop's words, the reply to a raw query, and the
//! [`Database`] trait each backend (`db/mysql/`, `db/sqlite/`) implements. Nothing here
//! knows either backend.

mod backend;
mod cancel;
mod command;
mod entry;
mod loops;
mod query;
mod step;

pub use backend::{
    Database, DatabaseInfo, Demo, Dialect, Queries, Stepping, demo_path, reset_demo,
};
pub use cancel::{Cancel, Cancelled, Canceller};
pub use command::{Attribute, Command};
pub use entry::{Entry, Outcome, PREVIEW_VALUE_BYTES, for_display};
pub use loops::{
    KEYBOARD_INTERRUPT, LOOP_CODE, LoopPrinter, clear_stop, interrupt_loop, loop_outcome,
    stopping_when, take_stop,
};
pub use query::{OkInfo, QueryStart};
pub use step::{CursorStatus, Step, StepResult};
