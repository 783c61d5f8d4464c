//! The `rowwise` binary: parse the command line, run a front end, map errors to exit codes
//! (0 success, 1 runtime or SQL error, 2 usage error).

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;
use rowwise::config::{Args, normalize_password_flag, scrub};

fn main() -> ExitCode {
    let raw: Vec<OsString> = std::env::args_os().collect();
    // Before anything else (and before any thread starts): the process list must not show
    // a password given on the command line.
    if let Err(e) = scrub::hide_passwords_in_process_list() {
        eprintln!(
            "rowwise: warning: cannot hide the password from the process list ({e}); prefer an option file, MYSQL_PWD or --password-stdin"
        );
    }
    let argv = normalize_password_flag(raw);
    let args = match Args::try_parse_from(argv) {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match rowwise::app::run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("rowwise: error: {e}");
            ExitCode::from(1)
        }
    }
}
