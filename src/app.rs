//! Picks and runs a front end from the command line: resolves the configuration, picks
//! the database (a server, or the SQLite demo when none is configured or `--demo` is
//! given), asks for a password if `-p` was bare, and hands over.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::batch::{self, BatchError, BatchOptions};
use crate::config::Format;
use crate::config::{Args, CommandArgs, Config, Dirs, Inputs};
use crate::db::sqlite::default_demo_path;
use crate::db::{ConnectOptions, Database, MySqlDatabase, SqliteDatabase};
use crate::error::{Error, Result};

/// Which database a run opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The MySQL/MariaDB server the configuration names.
    Server,
    /// An SQLite file: the demo, or the file `--demo PATH` names.
    Demo {
        /// The file.
        path: PathBuf,
        /// Chosen because nothing named a server (rather than by `--demo`): say so.
        implicit: bool,
    },
}

impl Target {
    /// `--demo [PATH]`, or the demo when nothing (flag, option file, environment) names a
    /// server or a user.
    ///
    /// # Failure
    /// No data directory to keep the demo in.
    pub fn choose(args: &Args, config: &Config, dirs: &Dirs) -> Result<Target> {
        let demo = |implicit| -> Result<Target> {
            Ok(Target::Demo {
                path: default_demo_path(dirs)?,
                implicit,
            })
        };
        match &args.demo {
            Some(Some(path)) => Ok(Target::Demo {
                path: path.clone(),
                implicit: false,
            }),
            Some(None) => demo(false),
            None if config.server_configured() || config.prompt_password => Ok(Target::Server),
            None => demo(true),
        }
    }
}

/// What rowwise says when it opens the demo because no server is configured.
pub fn demo_banner(path: &Path) -> String {
    format!(
        "rowwise: no server configured — using the demo database at {}; connect to MySQL with -h HOST -u USER -p, an option file, or a mysql:// URL",
        path.display()
    )
}

/// Prints the demo banner on stderr, once per process (batch, script and line mode).
fn announce_demo(target: &Target) {
    static SHOWN: AtomicBool = AtomicBool::new(false);
    if let Target::Demo {
        path,
        implicit: true,
    } = target
        && !SHOWN.swap(true, Ordering::Relaxed)
    {
        eprintln!("{}", demo_banner(path));
    }
}

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
    let target = Target::choose(&args, &config, &dirs)?;
    if config.prompt_password && target == Target::Server {
        match crate::password_prompt::prompt_password("Enter password: ")
            .map_err(Error::Terminal)?
        {
            crate::password_prompt::Prompted::Password(password) => {
                config.set_prompted_password(password);
            }
            // Ctrl-C: the terminal has its echo back; 130 is the shell's status for SIGINT.
            crate::password_prompt::Prompted::Interrupted => return Ok(ExitCode::from(130)),
        }
    }
    if let Some(CommandArgs::Script { file }) = &args.command {
        return run_script(&config, &target, file);
    }
    if args.execute.is_some() || (!args.line && !io::stdin().is_terminal()) {
        return run_batch(&args, &config, &target);
    }
    if args.line || !io::stdout().is_terminal() {
        return run_line_mode(&args, &config, &dirs, &target);
    }
    run_tui(&args, &config, &dirs, &target)
}

/// The full-screen interface. Autocommit starts off, as in DB-API.
fn run_tui(args: &Args, config: &Config, dirs: &Dirs, target: &Target) -> Result<ExitCode> {
    let autocommit = config.get("autocommit").is_some() && config.flag("autocommit");
    let db = open_database(config, target, autocommit)?;
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
        demo_path: db.demo_path(),
        // Said on screen: stderr would vanish behind the full-screen interface.
        notice: match target {
            Target::Demo {
                path,
                implicit: true,
            } => Some(demo_banner(path)),
            _ => None,
        },
        bench_log: args.bench_log.clone(),
    };
    crate::tui::run(db, options)?;
    Ok(ExitCode::SUCCESS)
}

/// Line mode: the rustyline REPL.
fn run_line_mode(args: &Args, config: &Config, dirs: &Dirs, target: &Target) -> Result<ExitCode> {
    let autocommit = config
        .get("autocommit")
        .is_none_or(|_| config.flag("autocommit"));
    announce_demo(target);
    let db = open_database(config, target, autocommit)?;
    let options = crate::repl::ReplOptions {
        prompt: config.value("prompt").unwrap_or("\\u@\\d> ").to_owned(),
        format: args.format.unwrap_or(Format::Table),
        history: dirs.data_dir().map(|d| d.join("history")),
        autocommit,
        // The mysql client's --pager / --no-pager; the [rowwise] `pager` key; $PAGER;
        // `less -SFX`. Used only when stdout is a terminal.
        pager: if args.no_pager {
            None
        } else {
            Some(match &args.pager {
                Some(Some(command)) => command.clone(),
                _ => config
                    .value("pager")
                    .map(str::to_owned)
                    .unwrap_or_else(crate::repl::default_pager),
            })
        },
    };
    crate::repl::run(db, options)?;
    Ok(ExitCode::SUCCESS)
}

/// Opens the database a run targets. `autocommit` follows the front end: on for batch
/// and line mode (the mysql client's habit), off for DB-API sessions.
///
/// # Failure
/// The server cannot be reached, or the demo file cannot be created or opened.
pub fn open_database(
    config: &Config,
    target: &Target,
    autocommit: bool,
) -> Result<Box<dyn Database>> {
    match target {
        Target::Server => {
            let options = config.connect_options()?;
            let db = MySqlDatabase::connect(&options, autocommit)
                .map_err(|e| connect_error(e, &options))?;
            Ok(Box::new(db))
        }
        Target::Demo { path, .. } => Ok(Box::new(SqliteDatabase::open_demo(path, autocommit)?)),
    }
}

/// Batch mode: `-e SQL` or statements on stdin.
fn run_batch(args: &Args, config: &Config, target: &Target) -> Result<ExitCode> {
    announce_demo(target);
    let mut db = open_database(config, target, true)?;
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
        // A table on a screen: a 100 MB value is cut (comfy-table would take hours).
        table_cell_limit: is_tty.then_some(4096),
        print_query_on_error: !args.skip_print_query_on_error,
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

/// `rowwise script FILE`: prints the transcript (mysql-connector-python's, or `sqlite3`'s
/// on the demo); exits 0 when the script ran.
fn run_script(config: &Config, target: &Target, file: &Path) -> Result<ExitCode> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let script = crate::script::parse(&text).map_err(|source| Error::Script {
        path: file.to_path_buf(),
        source,
    })?;
    announce_demo(target);
    let mut db = open_database(config, target, false)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match crate::script::run(db.as_mut(), &script, &mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(Error::Io {
            path: "stdout".into(),
            source: e,
        }),
    }
}
