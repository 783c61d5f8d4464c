//! Hiding a password given on the command line from the process list, as the mysql client
//! does (it overwrites the value in its own argv with `x`).
//!
//! On Linux `/proc/PID/cmdline` (what `ps` shows to every user) reads the memory where the
//! kernel put the original argument strings, between the `arg_start` and `arg_end`
//! addresses that `/proc/self/stat` gives. rowwise writes `x` over the secret bytes there
//! through `/proc/self/mem`: no `unsafe` code, and only the bytes of the secrets change
//! (every NUL separator stays, so the argument count and lengths are unchanged). It runs
//! first thing in `main`, after the arguments were copied and before any thread starts.
//!
//! What is secret mirrors [`super::normalize_password_flag`]: the value of `-pSECRET` and
//! `--password=SECRET`, the word after a bare `-p` / `--password` when it is not an option
//! (rowwise, like the mysql client, takes it as the database, but whoever typed
//! `--password SECRET` meant a password), and the password of a `mysql://` URL.

use std::ops::Range;

use super::is_url;

/// Words after a bare `-p` that are subcommands, not a password.
const SUBCOMMANDS: [&[u8]; 3] = [b"script", b"completions", b"man"];

/// The byte ranges to overwrite, as (argument index, range within that argument).
/// `args[0]` is the program and is never touched.
pub fn secret_spans(args: &[&[u8]]) -> Vec<(usize, Range<usize>)> {
    let mut spans = Vec::new();
    let mut options_end = false;
    let mut after_bare_password = false;
    for (index, arg) in args.iter().enumerate().skip(1) {
        let bare_password_before = std::mem::take(&mut after_bare_password);
        if let Some(span) = url_password(arg) {
            spans.push((index, span));
            continue;
        }
        if options_end {
            continue;
        }
        if *arg == b"--" {
            options_end = true;
        } else if *arg == b"-p" || *arg == b"--password" {
            after_bare_password = true;
        } else if let Some(value) = arg.strip_prefix(b"--password=") {
            if !value.is_empty() {
                spans.push((index, arg.len() - value.len()..arg.len()));
            }
        } else if arg.starts_with(b"-p") && !arg.starts_with(b"--") {
            spans.push((index, 2..arg.len()));
        } else if bare_password_before
            && !arg.starts_with(b"-")
            && !arg.is_empty()
            && !SUBCOMMANDS.contains(arg)
        {
            spans.push((index, 0..arg.len()));
        }
    }
    spans
}

/// The password's bytes in a `mysql://user:password@host/...` argument: from the first
/// `:` after the scheme to the last `@` (as [`super::redact_url`] hides it).
fn url_password(arg: &[u8]) -> Option<Range<usize>> {
    let text = std::str::from_utf8(arg).ok()?;
    if !is_url(text) {
        return None;
    }
    let start = text.find("://")? + 3;
    let at = start + text[start..].rfind('@')?;
    let colon = start + text[start..at].find(':')?;
    (colon + 1 < at).then_some(colon + 1..at)
}

/// Overwrites every password in this process's original argument strings with `x`.
/// Returns whether there was anything to hide.
///
/// # Failure
/// The I/O error of reading `/proc/self/stat` or writing `/proc/self/mem` (or
/// `Unsupported` off Linux) when there was a password to hide: the caller warns.
pub fn hide_passwords_in_process_list() -> std::io::Result<bool> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let bytes: Vec<&[u8]> = args.iter().map(|a| a.as_encoded_bytes()).collect();
    if secret_spans(&bytes).is_empty() {
        return Ok(false);
    }
    #[cfg(target_os = "linux")]
    {
        linux::hide()
    }
    #[cfg(not(target_os = "linux"))]
    {
        Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::fs::OpenOptions;
    use std::io::{self, Read, Seek, SeekFrom, Write};

    use super::secret_spans;

    /// `arg_start` and `arg_end` (fields 48 and 49 of `/proc/self/stat`, Linux 3.5+).
    fn argument_area() -> io::Result<(u64, u64)> {
        let stat = std::fs::read_to_string("/proc/self/stat")?;
        let bad = || io::Error::new(io::ErrorKind::InvalidData, "unexpected /proc/self/stat");
        // Fields after the command name, which ends at the last ')': field 3 onwards.
        let rest = stat.rsplit_once(')').ok_or_else(bad)?.1;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let field = |n: usize| -> io::Result<u64> {
            fields
                .get(n - 3)
                .and_then(|f| f.parse().ok())
                .ok_or_else(bad)
        };
        let (start, end) = (field(48)?, field(49)?);
        if start == 0 || end <= start || end - start > 16 * 1024 * 1024 {
            return Err(bad());
        }
        Ok((start, end))
    }

    pub(super) fn hide() -> io::Result<bool> {
        let (start, end) = argument_area()?;
        let mut mem = OpenOptions::new()
            .read(true)
            .write(true)
            .open("/proc/self/mem")?;
        let mut area = vec![0u8; usize::try_from(end - start).unwrap_or(0)];
        mem.seek(SeekFrom::Start(start))?;
        mem.read_exact(&mut area)?;
        // The area is argv[0] NUL argv[1] NUL ... as the kernel laid it out.
        let body = area.strip_suffix(b"\0").unwrap_or(&area);
        let args: Vec<&[u8]> = body.split(|b| *b == 0).collect();
        let offsets: Vec<usize> = args
            .iter()
            .scan(0usize, |at, arg| {
                let offset = *at;
                *at += arg.len() + 1;
                Some(offset)
            })
            .collect();
        let spans = secret_spans(&args);
        for (index, range) in &spans {
            let Some(offset) = offsets.get(*index) else {
                continue;
            };
            let address = start + (offset + range.start) as u64;
            mem.seek(SeekFrom::Start(address))?;
            mem.write_all(&vec![b'x'; range.len()])?;
        }
        Ok(!spans.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden(args: &[&str]) -> Vec<String> {
        let bytes: Vec<&[u8]> = std::iter::once("rowwise")
            .chain(args.iter().copied())
            .map(str::as_bytes)
            .collect();
        let mut out: Vec<Vec<u8>> = bytes.iter().map(|a| a.to_vec()).collect();
        for (index, range) in secret_spans(&bytes) {
            out[index][range].fill(b'x');
        }
        out.into_iter()
            .skip(1)
            .map(|a| String::from_utf8_lossy(&a).into_owned())
            .collect()
    }

    #[test]
    fn every_way_of_giving_a_password_is_found() {
        assert_eq!(
            hidden(&["-h", "db", "-pS3cret", "-uroot"]),
            ["-h", "db", "-pxxxxxx", "-uroot"]
        );
        assert_eq!(hidden(&["--password=S3cret"]), ["--password=xxxxxx"]);
        assert_eq!(
            hidden(&["--password", "S3cret", "-e", "SELECT 1"]),
            ["--password", "xxxxxx", "-e", "SELECT 1"]
        );
        assert_eq!(hidden(&["-p", "-e", "SELECT 1"]), ["-p", "-e", "SELECT 1"]);
        assert_eq!(
            hidden(&["mysql://app:p%40ss@db:3306/shop"]),
            ["mysql://app:xxxxxx@db:3306/shop"]
        );
        assert_eq!(
            hidden(&["script", "-pS3cret", "t.cur"]),
            ["script", "-pxxxxxx", "t.cur"]
        );
    }

    #[test]
    fn other_words_are_left_alone() {
        let plain = [
            "-h",
            "db",
            "--port=3306",
            "mysql://app@db:3306/shop",
            "mysql://db/shop",
            "--print-defaults",
            "-e",
            "SELECT 1",
            "--",
            "-pnot-an-option",
        ];
        assert_eq!(hidden(&plain), plain);
    }
}
