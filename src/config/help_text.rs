//! Text of `rowwise --help` beyond the options, and of `--version`. Declarations only.

/// After the options in `--help` (and the man page): files, environment, exit status.
pub const AFTER_HELP: &str = "\
Option files (each overrides the one before; --print-defaults shows what each gave):
  ~/.my.cnf, ~/.config/rowwise/connector.cnf ($XDG_CONFIG_HOME), ./connector.cnf
  Groups: [client] [client-server] [client-mariadb] [mysql] [mariadb-client] [rowwise]
  (and [keys] for key bindings). --defaults-file=PATH reads only PATH; --no-defaults none;
  --defaults-extra-file=PATH reads PATH first, then the others.

Environment:
  MYSQL_HOST, MYSQL_TCP_PORT, MYSQL_UNIX_PORT
                 server address (over option files, under flags)
  MYSQL_PWD      password (safer: a chmod 600 option file, or --password-stdin)
  XDG_CONFIG_HOME, XDG_DATA_HOME
                 where connector.cnf, the history and the demo database live
  RUST_LOG       log level (warn, debug, rustls=trace, ...), as -v; never a password

Exit status:
  0  success
  1  an SQL error in batch mode (without --force), a connection or configuration
     error, an unreadable file, or SIGTERM/SIGHUP (the open transaction is rolled back)
  2  usage error (unknown or malformed option)

Subcommands: script FILE, completions SHELL, man. See also rowwise man.";

/// `rowwise --version`: the version, the drivers and how this binary was built.
pub const LONG_VERSION: &str = include_str!(concat!(env!("OUT_DIR"), "/long_version.txt"));
