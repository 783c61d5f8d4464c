//! rowwise: an interactive SQL terminal for MySQL and MariaDB that shows how database code
//! really works — every statement runs through a cursor that behaves exactly like a
//! mysql-connector-python DB-API cursor, and every step is shown as the Python a student
//! would write.
//!
//! The engine (`config`, `db`, `session`, `script`, `dao`, `pyrepr`, `sql`) has no terminal
//! code. The `rowwise` binary's front ends (TUI, line REPL, batch) sit on top of it, behind
//! the default `cli` feature: `--no-default-features` builds the engine alone.

#![cfg_attr(not(feature = "cli"), deny(missing_docs))]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod config;
pub mod dao;
pub mod db;
pub mod error;
pub mod private_file;
pub mod pyrepr;
pub mod script;
pub mod session;
pub mod sql;

pub use error::{Error, Result};

// The front ends: everything that draws, prompts or formats for a terminal. Behind the
// default `cli` feature so that the engine above builds without a terminal crate.
#[cfg(feature = "cli")]
pub mod app;
#[cfg(feature = "cli")]
pub mod batch;
#[cfg(feature = "cli")]
pub mod complete;
#[cfg(feature = "cli")]
pub mod generate;
#[cfg(feature = "cli")]
pub mod interrupt;
#[cfg(feature = "cli")]
pub mod logging;
#[cfg(feature = "cli")]
pub mod output;
#[cfg(feature = "cli")]
pub mod password_prompt;
#[cfg(feature = "cli")]
pub mod repl;
#[cfg(feature = "cli")]
pub mod rowstore;
#[cfg(feature = "cli")]
pub mod settings;
#[cfg(feature = "cli")]
pub mod tui;
