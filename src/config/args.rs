//! Command-line arguments, compatible with the `mysql` client where they overlap.
//! Declarations only: no I/O.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgAction, Parser, Subcommand, ValueEnum};

/// Output format of batch mode and line mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Boxed table, as the mysql client prints interactively.
    Table,
    /// One `column: value` line per column, as `\G`.
    Vertical,
    /// Tab-separated, as `mysql -B`.
    Tsv,
    /// RFC 4180 CSV.
    Csv,
    /// One JSON array of row objects (several result sets follow one another in it).
    Json,
    /// One JSON object per row and line (JSON Lines).
    Jsonl,
    /// HTML tables, as `mysql --html`.
    Html,
    /// XML, as `mysql --xml`.
    Xml,
    /// Markdown pipe tables.
    Markdown,
}

/// rowwise: a SQL terminal for MySQL and MariaDB that shows how database code really works.
///
/// With no server configured (no flags, option file or environment), rowwise opens an
/// embedded demo database.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "rowwise",
    version,
    long_version = super::help_text::LONG_VERSION,
    after_help = super::help_text::AFTER_HELP,
    disable_help_flag = true,
    args_override_self = true
)]
pub struct Args {
    /// Print help (-? as in the mysql client; -h is the host).
    #[arg(short = '?', long, action = ArgAction::Help, global = true)]
    pub help: Option<bool>,

    /// Server host name or IP address.
    #[arg(short = 'h', long, global = true)]
    pub host: Option<String>,

    /// TCP port.
    #[arg(short = 'P', long, global = true)]
    pub port: Option<u16>,

    /// User name.
    #[arg(short = 'u', long, global = true)]
    pub user: Option<String>,

    /// Password; `-p` alone asks for it without echo. Write `-pSECRET`, not `-p SECRET`.
    #[arg(short = 'p', long, num_args = 0..=1, require_equals = true, global = true, value_name = "PASSWORD")]
    pub password: Option<Option<String>>,

    /// Read the password from the first line of stdin (for scripts: no terminal, no
    /// password in the process list or the environment).
    #[arg(long, global = true, conflicts_with = "password")]
    pub password_stdin: bool,

    /// Database to use.
    #[arg(short = 'D', long, global = true)]
    pub database: Option<String>,

    /// Unix socket file.
    #[arg(short = 'S', long, global = true)]
    pub socket: Option<PathBuf>,

    /// Seconds to wait for the server to accept and answer a connection (default 10).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub connect_timeout: Option<u64>,

    /// Read options from this file only.
    #[arg(
        long = "defaults-file",
        visible_alias = "option-file",
        global = true,
        value_name = "PATH"
    )]
    pub defaults_file: Option<PathBuf>,

    /// Read this file too, before ~/.my.cnf (as the mysql client reads it after the
    /// system-wide files); it must exist.
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        conflicts_with = "defaults_file"
    )]
    pub defaults_extra_file: Option<PathBuf>,

    /// Read no option files.
    #[arg(long, global = true)]
    pub no_defaults: bool,

    /// Print the resolved settings (password masked) and where each came from, then exit.
    #[arg(long, global = true)]
    pub print_defaults: bool,

    /// Use TLS (as --ssl-mode=REQUIRED).
    #[arg(long, global = true, overrides_with = "skip_ssl")]
    pub ssl: bool,

    /// CA certificate (PEM) to trust.
    #[arg(long, global = true, value_name = "PATH")]
    pub ssl_ca: Option<PathBuf>,

    /// Client certificate (PEM).
    #[arg(long, global = true, value_name = "PATH")]
    pub ssl_cert: Option<PathBuf>,

    /// Client private key (PEM).
    #[arg(long, global = true, value_name = "PATH")]
    pub ssl_key: Option<PathBuf>,

    /// Check that the server certificate names the host (as --ssl-mode=VERIFY_IDENTITY).
    #[arg(long, global = true)]
    pub ssl_verify_server_cert: bool,

    /// TLS, authentication and session options (`--ssl-mode`, `--compress`, ...).
    #[command(flatten)]
    pub connect: super::ConnectArgs,

    /// Open the embedded SQLite demo database (or the SQLite file given, created and
    /// seeded if missing).
    #[arg(long, num_args = 0..=1, value_name = "PATH", global = true)]
    pub demo: Option<Option<PathBuf>>,

    /// Run this SQL and exit (batch mode).
    #[arg(short = 'e', long, value_name = "SQL")]
    pub execute: Option<String>,

    /// Use the line-mode REPL instead of the full-screen interface.
    #[arg(long)]
    pub line: bool,

    /// Line mode on a terminal: results through this pager (without CMD: $PAGER, else
    /// `less -SFX`, which is also the default).
    #[arg(long, num_args = 0..=1, value_name = "CMD")]
    pub pager: Option<Option<String>>,

    /// Line mode: results straight to the terminal, no pager.
    #[arg(long, overrides_with = "pager")]
    pub no_pager: bool,

    /// Line mode: a table wider than the terminal is printed vertically, as with `\G`
    /// (as the mysql client).
    #[arg(long)]
    pub auto_vertical_output: bool,

    /// Batch output: tab-separated, no boxes (as `mysql -B`).
    #[arg(short = 'B', long)]
    pub batch: bool,

    /// Output format for batch and line mode.
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// HTML output (as `mysql --html`); the same as --format html.
    #[arg(short = 'H', long, conflicts_with_all = ["format", "xml"])]
    pub html: bool,

    /// XML output (as `mysql --xml`); the same as --format xml.
    #[arg(short = 'X', long, conflicts_with = "format")]
    pub xml: bool,

    /// Leave out the header line in tab-separated and CSV output.
    #[arg(short = 'N', long)]
    pub skip_column_names: bool,

    /// Go on after SQL errors in batch mode.
    #[arg(short = 'f', long)]
    pub force: bool,

    /// Batch mode prints a failing statement on stderr before its error (as MariaDB's
    /// client, on by default); this leaves it out.
    #[arg(long, overrides_with = "print_query_on_error")]
    pub skip_print_query_on_error: bool,

    /// The default: print a failing statement before its error in batch mode.
    #[arg(long, overrides_with = "skip_print_query_on_error")]
    pub print_query_on_error: bool,

    /// Let the server read local files (`LOAD DATA LOCAL INFILE`), as `mysql
    /// --local-infile`; off by default.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "1", value_name = "0|1")]
    pub local_infile: Option<String>,

    /// Let `LOAD DATA LOCAL INFILE` read only files inside this directory (symlinks and
    /// `..` resolved); on its own it allows LOCAL for that directory, as in MySQL 8.
    #[arg(long, value_name = "DIR")]
    pub load_data_local_dir: Option<PathBuf>,

    /// Print the metadata of every result column before a boxed table (as the mysql
    /// client: batch `--table` and line mode).
    #[arg(long)]
    pub column_type_info: bool,

    /// Colour theme (default, light, high-contrast, solarized) or a theme file.
    #[arg(long, value_name = "NAME|PATH")]
    pub theme: Option<String>,

    /// Log to stderr what rowwise reads and where it connects, and the driver's and TLS
    /// records (-v info, -vv debug, -vvv trace; or `RUST_LOG`). Never a password.
    #[arg(short = 'v', long, action = ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Write the log here (0600) instead of stderr (needed in the full-screen interface).
    #[arg(long, global = true, value_name = "PATH")]
    pub log_file: Option<PathBuf>,

    /// Write TUI timings (key to frame, F5 to first row) to this file, for benchmarks.
    #[arg(long, hide = true, value_name = "PATH")]
    pub bench_log: Option<PathBuf>,

    /// Database name, or a URL: mysql://user:password@host:port/database
    #[arg(value_name = "DATABASE|URL")]
    pub target: Option<String>,

    /// A subcommand such as `script`, or none for the interactive front ends.
    #[command(subcommand)]
    pub command: Option<CommandArgs>,
}

/// Subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum CommandArgs {
    /// Replay a cursor script and print its Python transcript.
    Script {
        /// The script file.
        file: PathBuf,
    },
    /// Create the course's tables and rows (the demo's data) in a server database.
    SetupCourse {
        /// Drop and recreate course tables that already exist (other tables are kept).
        #[arg(long)]
        replace: bool,
        /// The database (created if missing); default: the configured one (-D).
        #[arg(value_name = "DATABASE")]
        into: Option<String>,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to stdout: rowwise man | man -l -
    Man,
}

impl Args {
    /// The output format asked for: `--format`, `--html` or `--xml`.
    pub fn output_format(&self) -> Option<Format> {
        if self.html {
            Some(Format::Html)
        } else if self.xml {
            Some(Format::Xml)
        } else {
            self.format
        }
    }
}

/// Rewrites `-pSECRET` to `--password=SECRET` and a bare `-p` to `--password`, so that
/// `-p` behaves as in the mysql client (an attached value, or a prompt).
pub fn normalize_password_flag(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut out = Vec::new();
    let mut passthrough = false;
    for arg in args {
        if passthrough {
            out.push(arg);
            continue;
        }
        match arg.to_str() {
            Some("--") => {
                passthrough = true;
                out.push(arg);
            }
            Some("-p") => out.push("--password".into()),
            Some(s) if s.starts_with("-p") && !s.starts_with("--") => {
                out.push(format!("--password={}", &s[2..]).into());
            }
            _ => out.push(arg),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, clap::Error> {
        let argv = normalize_password_flag(
            std::iter::once("rowwise")
                .chain(args.iter().copied())
                .map(OsString::from),
        );
        Args::try_parse_from(argv)
    }

    #[test]
    fn mysql_style_flags_parse() -> Result<(), clap::Error> {
        let a = parse(&[
            "-h",
            "127.0.0.1",
            "-P",
            "3307",
            "-uroot",
            "-psecret",
            "-D",
            "shop",
            "-S",
            "/tmp/s.sock",
        ])?;
        assert_eq!(a.host.as_deref(), Some("127.0.0.1"));
        assert_eq!(a.port, Some(3307));
        assert_eq!(a.user.as_deref(), Some("root"));
        assert_eq!(a.password, Some(Some("secret".into())));
        assert_eq!(a.database.as_deref(), Some("shop"));
        Ok(())
    }

    #[test]
    fn bare_p_asks_for_the_password_and_leaves_the_next_word_alone() -> Result<(), clap::Error> {
        let a = parse(&["-p", "shop"])?;
        assert_eq!(a.password, Some(None));
        assert_eq!(a.target.as_deref(), Some("shop"));
        Ok(())
    }

    #[test]
    fn connection_flags_work_after_the_script_subcommand() -> Result<(), clap::Error> {
        let a = parse(&[
            "script",
            "-h",
            "127.0.0.1",
            "-P",
            "3306",
            "-u",
            "root",
            "-D",
            "oracle",
            "t.cur",
        ])?;
        assert_eq!(a.host.as_deref(), Some("127.0.0.1"));
        assert!(
            matches!(a.command, Some(CommandArgs::Script { ref file }) if file == &PathBuf::from("t.cur"))
        );
        Ok(())
    }

    #[test]
    fn demo_takes_an_optional_path_before_or_after_the_script_subcommand() -> Result<(), clap::Error>
    {
        let a = parse(&["--demo", "-e", "SELECT 1"])?;
        assert_eq!(a.demo, Some(None));
        let a = parse(&["script", "--demo", "/tmp/d.sqlite3", "t.cur"])?;
        assert_eq!(a.demo, Some(Some(PathBuf::from("/tmp/d.sqlite3"))));
        assert!(
            matches!(a.command, Some(CommandArgs::Script { ref file }) if file == &PathBuf::from("t.cur"))
        );
        Ok(())
    }

    #[test]
    fn option_file_is_an_alias_of_defaults_file() -> Result<(), clap::Error> {
        let a = parse(&["--option-file", "x.cnf"])?;
        assert_eq!(a.defaults_file, Some(PathBuf::from("x.cnf")));
        Ok(())
    }
}
