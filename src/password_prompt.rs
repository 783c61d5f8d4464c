//! `Enter password:` on the terminal, read with echo off. Ctrl-C there gives the terminal
//! back as it was (echo on) before rowwise exits, which a prompt that lets the signal kill
//! the process cannot do: the shell would be left without echo.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};

use rustix::termios::{self, LocalModes, OptionalActions, SpecialCodeIndex};

/// What came of the prompt.
#[derive(Debug)]
pub enum Prompted {
    /// The password typed (Enter ends it).
    Password(String),
    /// Ctrl-C: the user gave up; the terminal is restored.
    Interrupted,
}

/// Asks for a password on the controlling terminal (`/dev/tty`).
///
/// # Failure
/// No terminal to ask on, or reading it failed.
pub fn prompt_password(prompt: &str) -> io::Result<Prompted> {
    let mut tty = OpenOptions::new().read(true).write(true).open("/dev/tty")?;
    let saved = termios::tcgetattr(&tty)?;
    let mut quiet = saved.clone();
    // No echo, byte by byte, and Ctrl-C as a byte (not a signal) so it can be handled here.
    quiet
        .local_modes
        .remove(LocalModes::ECHO | LocalModes::ICANON | LocalModes::ISIG);
    quiet.special_codes[SpecialCodeIndex::VMIN] = 1;
    quiet.special_codes[SpecialCodeIndex::VTIME] = 0;
    tty.write_all(prompt.as_bytes())?;
    tty.flush()?;
    termios::tcsetattr(&tty, OptionalActions::Flush, &quiet)?;
    let read = read_password(&mut tty);
    let restored = termios::tcsetattr(&tty, OptionalActions::Now, &saved);
    let _ = tty.write_all(b"\n");
    restored?;
    read
}

fn read_password(tty: &mut File) -> io::Result<Prompted> {
    let mut typed: Vec<u8> = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        if tty.read(&mut byte)? == 0 {
            break;
        }
        match byte[0] {
            b'\r' | b'\n' => break,
            // Ctrl-C
            0x03 => return Ok(Prompted::Interrupted),
            // Ctrl-D on an empty line: end of input, as an empty password.
            0x04 if typed.is_empty() => break,
            // Backspace / Delete: remove the last character (all its UTF-8 bytes).
            0x7f | 0x08 => {
                while let Some(b) = typed.pop() {
                    if b & 0xc0 != 0x80 {
                        break;
                    }
                }
            }
            // Ctrl-U: start again.
            0x15 => typed.clear(),
            b => typed.push(b),
        }
    }
    String::from_utf8(typed)
        .map(Prompted::Password)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the password is not UTF-8"))
}
