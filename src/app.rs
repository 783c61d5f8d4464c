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
use crate::db::course;
use crate::db::sqlite::default_demo_path;
use crate::db::{ConnectOptions, Connection, Database, MySqlDatabase, SqliteDatabase};
use crate::error::{Error, Result};

/// Which database a run opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The MySQL/MariaDB server the configuration names.
    Server,
    /// An SQLite file: the demo, or the file `--demo PATH` names.
    Demo {
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
                path: default_demo_path(dirs.data_dir())?,
                implicit,
            })
        };
        match &args.demo {
            Some(Some(path)) => Ok(Target::Demo {
                path: path.clone(),
                implicit: false,
            }),
            Some(None) => demo(false),
            None if config.server_configured() || config.prompt_password || args.password_stdin => {
                Ok(Target::Server)
            }
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
pub fn run(args: &Args) -> Result<ExitCode> {
    // Generated documents need no configuration: a broken option file does not stop them.
    let generated = match &args.command {
        Some(CommandArgs::Completions { shell }) => Some(crate::generate::completions(
            *shell,
            &mut io::stdout().lock(),
        )),
        Some(CommandArgs::Man) => Some(crate::generate::man_page(&mut io::stdout().lock())),
        _ => None,
    };
    match generated {
        Some(Ok(())) => return Ok(ExitCode::SUCCESS),
        Some(Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Some(Err(source)) => {
            return Err(Error::Io {
                path: "stdout".into(),
                source,
            });
        }
        None => {}
    }
    let dirs = Dirs::from_env();
    let env = |k: &str| std::env::var(k).ok();
    crate::logging::init(
        args.verbose,
        env("RUST_LOG").as_deref(),
        args.log_file.as_deref(),
    )
    .map_err(Error::Message)?;
    let mut config = Config::resolve(&Inputs {
        args,
        env: &env,
        dirs: &dirs,
    })?;
    for report in &config.searched {
        log::info!("option file {report}");
    }
    for warning in &config.warnings {
        eprintln!("rowwise: warning: {warning}");
    }
    if args.print_defaults {
        print!("{}", config.print_defaults());
        for problem in &config.unusable {
            eprintln!("rowwise: error: {problem}");
        }
        return Ok(if config.unusable.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    crate::settings::check_theme(&config)?;
    let target = Target::choose(args, &config, &dirs)?;
    // Ctrl-C at the password prompt: the terminal has its echo back; 130 is the shell's
    // status for SIGINT.
    if target == Target::Server && !crate::settings::obtain_password(args, &mut config)? {
        return Ok(ExitCode::from(130));
    }
    match &args.command {
        Some(CommandArgs::Script { file }) => return run_script(&config, &target, file),
        Some(CommandArgs::SetupCourse { replace, into }) => {
            return setup_course(&config, &target, into.as_deref(), *replace);
        }
        // Written above, before any configuration was read.
        Some(CommandArgs::Completions { .. } | CommandArgs::Man) | None => {}
    }
    if args.execute.is_some() || (!args.line && !io::stdin().is_terminal()) {
        return run_batch(args, &config, &target);
    }
    if args.line || !io::stdout().is_terminal() {
        return run_line_mode(args, &config, &dirs, &target);
    }
    run_tui(args, &config, &dirs, &target)
}

/// The full-screen interface. Autocommit starts off, as in DB-API.
fn run_tui(args: &Args, config: &Config, dirs: &Dirs, target: &Target) -> Result<ExitCode> {
    if log::max_level() != log::LevelFilter::Off && args.log_file.is_none() {
        return Err(Error::Message(
            "the full-screen interface needs --log-file PATH for -v / RUST_LOG (stderr is the screen)".into(),
        ));
    }
    let autocommit = config.get("autocommit").is_some() && config.flag("autocommit");
    let mut db = open_database(config, target, autocommit, false)?;
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
        demo_path: crate::db::demo_path(db.as_mut()),
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
    let autocommit = crate::settings::mysql_client_autocommit(config);
    announce_demo(target);
    let mut db = open_database(config, target, autocommit, true)?;
    let column_info = if args.column_type_info || config.flag("column-type-info") {
        let collations = crate::output::Collations::load(db.as_mut())
            .map_err(|e| Error::Message(format!("--column-type-info: {}", e.msg)))?;
        Some(std::sync::Arc::new(collations))
    } else {
        None
    };
    let options = crate::repl::ReplOptions {
        prompt: config.value("prompt").unwrap_or("\\u@\\d> ").to_owned(),
        format: crate::settings::format(args, config)?.unwrap_or(Format::Table),
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
                    .map_or_else(crate::repl::default_pager, str::to_owned),
            })
        },
        column_info,
        auto_vertical: args.auto_vertical_output || config.flag("auto-vertical-output"),
    };
    crate::repl::run(db, options)?;
    Ok(ExitCode::SUCCESS)
}

/// Opens the database a run targets. `autocommit` follows the front end: on for batch
/// and line mode (the mysql client's habit), off for DB-API sessions.
/// `mysql_client` says the front end stands in for the mysql client (batch, line mode):
/// there a refused `LOAD DATA LOCAL` says how to allow it.
///
/// # Failure
/// The server cannot be reached, or the demo file cannot be created or opened.
pub fn open_database(
    config: &Config,
    target: &Target,
    autocommit: bool,
    mysql_client: bool,
) -> Result<Box<dyn Database>> {
    match target {
        Target::Server => {
            let mut options = config.connect_options()?;
            if mysql_client && options.local_infile == crate::db::LocalInfile::Refused {
                options.local_infile = crate::db::LocalInfile::Off;
            }
            log::info!(
                "connecting to {} as {} (database {}, password {}, TLS {}, timeout {:?})",
                options.endpoint(),
                options.user,
                options.database.as_deref().unwrap_or("none"),
                if options.password.is_some() {
                    "given"
                } else {
                    "none"
                },
                options.tls.mode,
                options.connect_timeout
            );
            let started = std::time::Instant::now();
            let db = MySqlDatabase::connect(&options, autocommit)
                .map_err(|e| connect_error(e, &options))?;
            log::info!("connected in {:?}", started.elapsed());
            Ok(Box::new(db))
        }
        Target::Demo { path, .. } => {
            log::info!("opening the SQLite database {}", path.display());
            Ok(Box::new(SqliteDatabase::open_demo(path, autocommit)?))
        }
    }
}

/// `rowwise setup-course [--replace] [DATABASE]`: the course's tables on a server.
fn setup_course(
    config: &Config,
    target: &Target,
    database: Option<&str>,
    replace: bool,
) -> Result<ExitCode> {
    if *target != Target::Server {
        return Err(Error::Message(
            "setup-course needs a server (-h HOST -u USER -p, an option file or a URL); \
             the demo database already has the course's tables"
                .into(),
        ));
    }
    let mut options = config.connect_options()?;
    // Connect without a database: setup-course creates it when it is missing.
    let database = database
        .map(str::to_owned)
        .or_else(|| options.database.take())
        .unwrap_or_default();
    let mut conn = Connection::connect(&options, true).map_err(|e| connect_error(e, &options))?;
    let done = course::setup_course(&mut conn, &database, replace)?;
    if done.created_database {
        println!("Created database `{database}`.");
    }
    if !done.replaced.is_empty() {
        println!("Dropped {}.", done.replaced.join(", "));
    }
    println!(
        "Created the course's tables in `{database}`: {}.",
        course::COURSE_TABLES.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

/// Batch mode: `-e SQL` or statements on stdin.
fn run_batch(args: &Args, config: &Config, target: &Target) -> Result<ExitCode> {
    announce_demo(target);
    // The same setting as line mode: `[rowwise] autocommit=0` means it here too.
    let autocommit = crate::settings::mysql_client_autocommit(config);
    let mut db = open_database(config, target, autocommit, true)?;
    let stdout = io::stdout();
    let is_tty = stdout.is_terminal();
    let format = crate::settings::format(args, config)?.unwrap_or(if is_tty && !args.batch {
        Format::Table
    } else {
        Format::Tsv
    });
    if args.column_type_info && format != Format::Table {
        // As the mysql client, the metadata comes with tables only; say so, not nothing.
        eprintln!("rowwise: --column-type-info shows with --format table only");
    }
    let options = BatchOptions {
        format,
        header: !args.skip_column_names,
        // The mariadb client ignores --force for -e: the first error ends the run, exit 1.
        force: args.force && args.execute.is_none(),
        // A table on a screen: a 100 MB value is cut (comfy-table would take hours).
        table_cell_limit: is_tty.then_some(4096),
        print_query_on_error: !args.skip_print_query_on_error,
        column_type_info: args.column_type_info || config.flag("column-type-info"),
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
    drop(out);
    if !autocommit {
        crate::settings::say_uncommitted(db.as_mut(), config);
    }
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
    if let Some(setting) = config.get("autocommit") {
        // Not silently: a script is the reference's transcript, which starts as
        // mysql.connector.connect() does.
        eprintln!(
            "rowwise: note: autocommit ({}) does not apply to rowwise script: a script starts with autocommit off, as mysql.connector.connect() does; write \\autocommit on in the script",
            setting.source
        );
    }
    let mut db = open_database(config, target, false, false)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let ran = crate::script::run_supervised(db.as_mut(), &script, &mut out, &mut io::stderr());
    match ran.and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(Error::Io {
            path: "stdout".into(),
            source: e,
        }),
    }
}
