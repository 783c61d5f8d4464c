//! The `rowwise` binary: parse the command line, run a front end, map errors to exit codes
//! (0 success, 1 runtime or SQL error, 2 usage error).

use std::process::ExitCode;

use clap::Parser;
use rowwise::config::{Args, normalize_password_flag};

fn main() -> ExitCode {
    let argv = normalize_password_flag(std::env::args_os());
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
    match rowwise::app::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("rowwise: error: {e}");
            ExitCode::from(1)
        }
    }
}
