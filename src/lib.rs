//! rowwise: an interactive SQL terminal for MySQL and MariaDB that shows how database code
//! really works — every statement runs through a cursor that behaves exactly like a
//! mysql-connector-python DB-API cursor, and every step is shown as the Python a student
//! would write.
//!
//! This library is the engine; it has no terminal code. The `rowwise` binary's front
//! ends (TUI, line REPL, batch, `rowwise script`) sit on top of it.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod app;
pub mod config;
pub mod dao;
pub mod db;
pub mod error;
pub mod pyrepr;
pub mod script;
pub mod session;
pub mod sql;

pub use error::{Error, Result};
pub mod batch;
pub mod complete;
pub mod generate;
pub mod interrupt;
pub mod logging;
pub mod output;
pub mod repl;
pub mod rowstore;
pub mod settings;
pub mod tui;
