//! Picks and runs a front end from the command line: resolves the configuration, asks for a
//! password if `-p` was bare, and hands over.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::batch::{self, BatchError, BatchOptions};
use crate::config::Format;
use crate::config::{Args, CommandArgs, Config, Dirs, Inputs};
use crate::db::{ConnectOptions, Database, MySqlDatabase};
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
    if let Some(CommandArgs::Script { file }) = &args.command {
        return run_script(&config, file);
    }
    if args.execute.is_some() || (!args.line && !io::stdin().is_terminal()) {
        return run_batch(&args, &config);
    }
    if args.line || !io::stdout().is_terminal() {
        return run_line_mode(&args, &config, &dirs);
    }
    run_tui(&args, &config, &dirs)
}

/// The full-screen interface. Autocommit starts off, as in DB-API.
fn run_tui(args: &Args, config: &Config, dirs: &Dirs) -> Result<ExitCode> {
    let autocommit = config.get("autocommit").is_some() && config.flag("autocommit");
    let db = open_database(config, autocommit)?;
    let options = crate::tui::TuiOptions {
        fetch_on_run: config
            .get("fetch-on-run")
            .is_none_or(|_| config.flag("fetch-on-run")),
        theme: args
            .theme
            .clone()
            .or_else(|| config.value("theme").map(str::to_owned)),
        key_bindings: config
            .keys
            .iter()
            .map(|k| (k.action.clone(), k.key.clone()))
            .collect(),
        history_path: dirs.data_dir().map(|d| d.join("tui-history")),
        export_dir: dirs.cwd.clone().unwrap_or_else(|| ".".into()),
        connect_options: config.connect_options().ok(),
        autocommit,
        warnings: config.warnings.clone(),
        bench_log: args.bench_log.clone(),
    };
    crate::tui::run(db, options)?;
    Ok(ExitCode::SUCCESS)
}

/// Line mode: the rustyline REPL.
fn run_line_mode(args: &Args, config: &Config, dirs: &Dirs) -> Result<ExitCode> {
    let autocommit = config
        .get("autocommit")
        .is_none_or(|_| config.flag("autocommit"));
    let db = open_database(config, autocommit)?;
    let options = crate::repl::ReplOptions {
        prompt: config.value("prompt").unwrap_or("\\u@\\d> ").to_owned(),
        format: args.format.unwrap_or(Format::Table),
        history: dirs.data_dir().map(|d| d.join("history")),
    };
    crate::repl::run(db, options)?;
    Ok(ExitCode::SUCCESS)
}

/// Opens the database the configuration names. `autocommit` follows the front end.
fn open_database(config: &Config, autocommit: bool) -> Result<Box<dyn Database>> {
    let options = config.connect_options()?;
    let db =
        MySqlDatabase::connect(&options, autocommit).map_err(|e| connect_error(e, &options))?;
    Ok(Box::new(db))
}

/// Batch mode: `-e SQL` or statements on stdin.
fn run_batch(args: &Args, config: &Config) -> Result<ExitCode> {
    let mut db = open_database(config, true)?;
    let stdout = io::stdout();
    let is_tty = stdout.is_terminal();
    let format = args.format.unwrap_or(if is_tty && !args.batch {
        Format::Table
    } else {
        Format::Tsv
    });
    let options = BatchOptions {
        format,
        header: !args.skip_column_names,
        force: args.force,
    };
    let mut out = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut err = io::stderr();
    let result = match &args.execute {
        Some(sql) => batch::run(
            db.as_mut(),
            io::Cursor::new(sql.as_bytes()),
            options,
            &mut out,
            &mut err,
        ),
        None => batch::run(db.as_mut(), io::stdin().lock(), options, &mut out, &mut err),
    };
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(BatchError::Sql) => Ok(ExitCode::from(1)),
        Err(BatchError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(BatchError::Io(e)) => Err(Error::Io {
            path: "stdout".into(),
            source: e,
        }),
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
