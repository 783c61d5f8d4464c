//! Picks and runs a front end from the command line: resolves the configuration, asks for a
//! password if `-p` was bare, and hands over.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::config::{Args, CommandArgs, Config, Dirs, Inputs};
use crate::db::ConnectOptions;
use crate::error::{Error, Result};
use crate::session::Session;

/// Runs rowwise with parsed arguments; returns the exit code for success paths.
///
/// # Failure
/// Any [`Error`]; the caller prints it and exits 1.
pub fn run(args: Args) -> Result<ExitCode> {
    let dirs = Dirs::from_env();
    let env = |k: &str| std::env::var(k).ok();
    let mut config = Config::resolve(&Inputs {
        args: &args,
        env: &env,
        dirs: &dirs,
    })?;
    for warning in &config.warnings {
        eprintln!("rowwise: warning: {warning}");
    }
    if args.print_defaults {
        print!("{}", config.print_defaults());
        return Ok(ExitCode::SUCCESS);
    }
    if config.prompt_password {
        let password = rpassword::prompt_password("Enter password: ").map_err(Error::Terminal)?;
        config.set_prompted_password(password);
    }
    match &args.command {
        Some(CommandArgs::Script { file }) => run_script(&config, file),
        None => Err(Error::Message(
            "no front end is available yet in this build: use `rowwise script FILE`".to_owned(),
        )),
    }
}

fn connect_error(error: crate::db::DbError, options: &ConnectOptions) -> Error {
    Error::Connect {
        error,
        endpoint: options.endpoint(),
        database: options.database.clone(),
    }
}

/// `rowwise script FILE`: prints the transcript; exits 0 when the script ran.
fn run_script(config: &Config, file: &Path) -> Result<ExitCode> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let script = crate::script::parse(&text).map_err(|source| Error::Script {
        path: file.to_path_buf(),
        source,
    })?;
    let options = config.connect_options()?;
    let mut session = Session::connect(&options).map_err(|e| connect_error(e, &options))?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match crate::script::run(&mut session, &script, &mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(Error::Io {
            path: "stdout".into(),
            source: e,
        }),
    }
}
