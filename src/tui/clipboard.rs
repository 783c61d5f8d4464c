//! Copying to the clipboard where one exists: a clipboard program if the desktop has one
//! (wl-copy, xclip, xsel, pbcopy), otherwise the terminal's OSC 52 sequence (which also
//! works over SSH in most terminals). A failure is a message, never a crash.

use std::io::Write;
use std::process::{Command, Stdio};

const PROGRAMS: [(&str, &[&str], &str); 4] = [
    ("wl-copy", &[], "WAYLAND_DISPLAY"),
    ("xclip", &["-selection", "clipboard"], "DISPLAY"),
    ("xsel", &["--clipboard", "--input"], "DISPLAY"),
    ("pbcopy", &[], ""),
];

fn in_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Copies through a clipboard program, if one is usable here. `Ok(None)`: none is.
pub fn copy_with_program(text: &str) -> Result<Option<String>, String> {
    for (program, args, display_var) in PROGRAMS {
        if (!display_var.is_empty() && std::env::var_os(display_var).is_none()) || !in_path(program)
        {
            continue;
        }
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{program}: {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(text.as_bytes())
                .map_err(|e| format!("{program}: {e}"))?;
        }
        let status = child.wait().map_err(|e| format!("{program}: {e}"))?;
        return if status.success() {
            Ok(Some(format!("Copied with {program}.")))
        } else {
            Err(format!("{program} failed"))
        };
    }
    Ok(None)
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(TABLE[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The most text sent through OSC 52. Terminals cap the sequence and drop a longer one
/// without a word, and writing hundreds of megabytes of base64 would stall the screen.
pub const OSC52_LIMIT: usize = 1024 * 1024;

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard.
///
/// # Failure
/// A message when `text` is longer than [`OSC52_LIMIT`].
pub fn osc52(text: &str) -> Result<String, String> {
    if text.len() > OSC52_LIMIT {
        return Err(format!(
            "{} bytes is more than the terminal's clipboard takes (OSC 52, up to {} KiB here), \
             and no clipboard program (wl-copy, xclip, xsel, pbcopy) is available",
            text.len(),
            OSC52_LIMIT / 1024
        ));
    }
    Ok(format!("\x1b]52;c;{}\x07", base64(text.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_4648_examples() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(osc52("hi"), Ok("\x1b]52;c;aGk=\x07".to_owned()));
    }

    #[test]
    fn text_over_the_limit_is_refused_with_its_size_instead_of_sent() {
        let big = "x".repeat(OSC52_LIMIT + 1);
        let why = osc52(&big).expect_err("too big for OSC 52");
        assert!(why.contains(&format!("{} bytes", OSC52_LIMIT + 1)), "{why}");
        assert!(osc52(&big[..OSC52_LIMIT]).is_ok());
    }
}
