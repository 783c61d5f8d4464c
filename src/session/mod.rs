//! What sits above both backends: the session supervisor (reconnect, lost transaction,
//! autocommit policy) every front end asks before and tells after each piece of work, and
//! the export of a transcript to a Python file. Depends on `db` only.
//!
//! The DB-API words (`Command`, `Entry`, `Step`, ...) are not here: they live in
//! `db::api`, and the MySQL cursor face in `db::mysql`.

mod export;
mod supervisor;

pub use export::{
    ExportStep, export_python, export_python_steps, export_sqlite_python,
    export_sqlite_python_steps,
};
pub use supervisor::{
    LostTransaction, Prepared, Reconnect, RenewRefused, SessionEvent, Supervisor, Work,
};
