//! Diagnostic logging: `-v` (info), `-vv` (debug), `-vvv` (trace), or `RUST_LOG`
//! (`warn`, `debug`, `rustls=trace,rowwise=debug`, ...), to stderr or to `--log-file`.
//! The records of every crate that logs through `log` are included (rustls's handshake,
//! for one). rowwise logs what it reads and where it connects, never a password or a
//! statement (a statement may hold one: `CREATE USER ... IDENTIFIED BY`).

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use log::{LevelFilter, Log, Metadata, Record};

/// Where records go.
enum Sink {
    Stderr,
    File(Mutex<File>),
}

struct Logger {
    /// `(target prefix, level)`; the longest matching prefix wins, `""` is the default.
    filters: Vec<(String, LevelFilter)>,
    sink: Sink,
    start: Instant,
}

impl Logger {
    fn level_for(&self, target: &str) -> LevelFilter {
        self.filters
            .iter()
            .filter(|(prefix, _)| prefix.is_empty() || target.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())
            .map_or(LevelFilter::Off, |(_, level)| *level)
    }
}

impl Log for Logger {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= self.level_for(metadata.target())
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let line = format!(
            "[{:>8.3}s {:<5} {}] {}\n",
            self.start.elapsed().as_secs_f64(),
            record.level(),
            record.target(),
            record.args()
        );
        match &self.sink {
            Sink::Stderr => {
                let _ = std::io::stderr().write_all(line.as_bytes());
            }
            Sink::File(file) => {
                if let Ok(mut file) = file.lock() {
                    let _ = file.write_all(line.as_bytes());
                }
            }
        }
    }

    fn flush(&self) {}
}

/// Parses `RUST_LOG`: comma-separated `level` or `target=level`.
///
/// # Failure
/// The part that is not a level, for a usage error.
pub fn parse_filters(spec: &str) -> Result<Vec<(String, LevelFilter)>, String> {
    spec.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (target, level) = part.split_once('=').unwrap_or(("", part));
            level
                .trim()
                .parse::<LevelFilter>()
                .map(|level| (target.trim().replace('-', "_"), level))
                .map_err(|_| {
                    format!(
                        "RUST_LOG: '{part}' is not a level (error, warn, info, debug, trace, off)"
                    )
                })
        })
        .collect()
}

/// Installs the logger when `-v` or `RUST_LOG` asks for one. `-v` counts win over
/// `RUST_LOG`'s default level.
///
/// # Failure
/// A bad `RUST_LOG`, or a log file that cannot be created.
pub fn init(verbose: u8, rust_log: Option<&str>, file: Option<&Path>) -> Result<(), String> {
    let mut filters = match rust_log {
        Some(spec) => parse_filters(spec)?,
        None => Vec::new(),
    };
    if verbose > 0 {
        let level = match verbose {
            1 => LevelFilter::Info,
            2 => LevelFilter::Debug,
            _ => LevelFilter::Trace,
        };
        filters.retain(|(prefix, _)| !prefix.is_empty());
        filters.push((String::new(), level));
    }
    if filters.is_empty() {
        return Ok(());
    }
    let sink = match file {
        Some(path) => Sink::File(Mutex::new(
            crate::config::paths::create_private(path)
                .map_err(|e| format!("cannot create log file {}: {e}", path.display()))?,
        )),
        None => Sink::Stderr,
    };
    let max = filters
        .iter()
        .map(|(_, level)| *level)
        .max()
        .unwrap_or(LevelFilter::Off);
    let logger = Logger {
        filters,
        sink,
        start: Instant::now(),
    };
    log::set_boxed_logger(Box::new(logger)).map_err(|e| e.to_string())?;
    log::set_max_level(max);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_log_takes_a_level_and_per_target_levels() {
        assert_eq!(
            parse_filters("warn, rustls=trace,rowwise-x=debug"),
            Ok(vec![
                (String::new(), LevelFilter::Warn),
                ("rustls".into(), LevelFilter::Trace),
                ("rowwise_x".into(), LevelFilter::Debug),
            ])
        );
        assert!(parse_filters("loud").is_err());
        let logger = Logger {
            filters: parse_filters("warn,rustls=trace").unwrap_or_default(),
            sink: Sink::Stderr,
            start: Instant::now(),
        };
        assert_eq!(logger.level_for("rustls::client"), LevelFilter::Trace);
        assert_eq!(logger.level_for("rowwise::app"), LevelFilter::Warn);
    }
}
