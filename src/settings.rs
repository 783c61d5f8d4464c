//! Settings the front ends share, read the same way in every mode: the theme (checked
//! even where nothing is drawn, so a typo is never accepted in silence), the output
//! format, the mysql client's autocommit default, and the password when `-p` asks for it
//! or `--password-stdin` gives it.

use std::io::{self, BufRead, IsTerminal};

use clap::ValueEnum;

use crate::config::{Args, Config, ConfigError, Format, Source};
use crate::db::Database;
use crate::error::Result;
use crate::password_prompt::Prompted;
use crate::tui::theme::Theme;

/// Checks the theme (`--theme` or `[rowwise] theme`) in every mode.
///
/// # Failure
/// [`ConfigError::BadValue`] for a theme that is neither built in nor a usable file.
pub fn check_theme(config: &Config) -> Result<(), ConfigError> {
    let Some(setting) = config.get("theme") else {
        return Ok(());
    };
    let name = setting.value.clone().unwrap_or_default();
    match Theme::load(Some(&name)).1 {
        None => Ok(()),
        Some(message) => Err(ConfigError::BadValue {
            key: "theme".into(),
            value: name,
            origin: setting.source.clone(),
            message,
        }),
    }
}

/// The output format: `--format`, else `[rowwise] format`.
///
/// # Failure
/// [`ConfigError::BadValue`] for a format rowwise does not write.
pub fn format(args: &Args, config: &Config) -> Result<Option<Format>, ConfigError> {
    if let Some(format) = args.output_format() {
        return Ok(Some(format));
    }
    let Some(setting) = config.get("format") else {
        return Ok(None);
    };
    let value = setting.value.clone().unwrap_or_default();
    Format::from_str(value.trim(), true)
        .map(Some)
        .map_err(|_| ConfigError::BadValue {
            key: "format".into(),
            value,
            origin: setting.source.clone(),
            message: format!(
                "expected one of {}",
                Format::value_variants()
                    .iter()
                    .filter_map(clap::ValueEnum::to_possible_value)
                    .map(|v| v.get_name().to_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
}

/// Autocommit for batch and line mode: on, as in the mysql client, unless the
/// configuration says `autocommit=0`.
pub fn mysql_client_autocommit(config: &Config) -> bool {
    config
        .get("autocommit")
        .is_none_or(|_| config.flag("autocommit"))
}

/// At the end of a batch run with autocommit off: says when a transaction is left open
/// (the server rolls it back as the connection closes), so that nothing looks committed
/// that was not.
pub fn say_uncommitted(db: &mut dyn Database, config: &Config) {
    if db.in_transaction().unwrap_or(false) {
        let origin = config
            .get("autocommit")
            .map_or_else(|| "the configuration".to_owned(), |s| s.source.to_string());
        eprintln!(
            "rowwise: note: autocommit is off ({origin}) and the input ended without COMMIT: the open transaction is rolled back"
        );
    }
}

/// Sets the password from stdin (`--password-stdin`) or the terminal (`-p`). Returns
/// `false` when the user pressed Ctrl-C at the prompt (the terminal is restored).
///
/// # Failure
/// [`ConfigError::NoPasswordTerminal`] when `-p` asks and there is no terminal;
/// [`ConfigError::PasswordStdin`] when stdin holds no line.
pub fn obtain_password(args: &Args, config: &mut Config) -> Result<bool, ConfigError> {
    if args.password_stdin {
        let mut line = String::new();
        let read = io::stdin().lock().read_line(&mut line);
        match read {
            Ok(0) => return Err(ConfigError::PasswordStdin("stdin is empty".into())),
            Ok(_) => {}
            Err(e) => return Err(ConfigError::PasswordStdin(e.to_string())),
        }
        let password = line.strip_suffix('\n').unwrap_or(&line);
        let password = password.strip_suffix('\r').unwrap_or(password);
        config.set_password(password.to_owned(), Source::Stdin);
        return Ok(true);
    }
    if !config.prompt_password {
        return Ok(true);
    }
    // The prompt asks on the controlling terminal (/dev/tty), as the mysql client does,
    // so `-p` works with piped stdin as long as there is a terminal.
    let terminal = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_ok_and(|tty| tty.is_terminal());
    if !terminal {
        return Err(ConfigError::NoPasswordTerminal);
    }
    match crate::password_prompt::prompt_password("Enter password: ")
        .map_err(|e| ConfigError::PasswordStdin(format!("the terminal: {e}")))?
    {
        Prompted::Password(password) => {
            config.set_prompted_password(password);
            Ok(true)
        }
        Prompted::Interrupted => Ok(false),
    }
}
