//! Driving the real binary in a real terminal: a private tmux server per test, keys sent
//! with send-keys, the screen read with capture-pane, polled until text appears or a
//! deadline passes (no fixed sleeps). The tmux server is killed on drop.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A tmux server running one command in a 100x30 window.
pub struct Tmux {
    socket: String,
}

fn tmux_binary() -> &'static str {
    let found = ["/usr/bin/tmux", "/usr/local/bin/tmux"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    found.unwrap_or_else(|| panic!("tmux not found: the end-to-end tests drive rowwise in tmux (apt-get install tmux; scripts/test installs it)"))
}

fn shell_quote(arg: &str) -> String {
    format!("'{}'", arg.replace('\'', "'\\''"))
}

impl Tmux {
    /// Starts `program args` in a fresh tmux server, with HOME and the XDG directories in
    /// `home` and no MYSQL_* variables. When the program ends the pane prints
    /// `EXITED:<status>` and stays.
    pub fn start(program: &str, args: &[String], home: &Path, size: (u16, u16)) -> Tmux {
        Self::start_with(program, args, home, size, &[], "")
    }

    /// As [`Tmux::start`], with extra environment variables for the program and shell
    /// commands run after it ends, before the pane sleeps (e.g. `stty -a`, to see the mode
    /// the program left the terminal in).
    pub fn start_with(
        program: &str,
        args: &[String],
        home: &Path,
        size: (u16, u16),
        env: &[(&str, &str)],
        after: &str,
    ) -> Tmux {
        let socket = format!(
            "rowwise-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        );
        let quoted: Vec<String> = args.iter().map(|a| shell_quote(a)).collect();
        let command = format!(
            "env -u MYSQL_PWD -u RUST_LOG -u MYSQL_HOST -u MYSQL_TCP_PORT -u MYSQL_UNIX_PORT HOME={home} XDG_CONFIG_HOME={home}/.config XDG_DATA_HOME={home}/.local/share TERM=xterm-256color {env} {program} {args}; echo EXITED:$?; {after} sleep 600",
            env = env
                .iter()
                .map(|(k, v)| format!("{k}={}", shell_quote(v)))
                .collect::<Vec<_>>()
                .join(" "),
            after = if after.is_empty() {
                String::new()
            } else {
                format!("{after};")
            },
            home = shell_quote(&home.display().to_string()),
            program = shell_quote(program),
            args = quoted.join(" ")
        );
        let status = Command::new(tmux_binary())
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                &size.0.to_string(),
                "-y",
                &size.1.to_string(),
                "-c",
            ])
            .arg(home)
            .arg(command)
            .status();
        assert!(status.is_ok_and(|s| s.success()), "tmux new-session failed");
        Tmux { socket }
    }

    /// Sends key names (`F5`, `C-c`, `Enter`, `Down`).
    pub fn keys(&self, keys: &[&str]) {
        let status = Command::new(tmux_binary())
            .args(["-L", &self.socket, "send-keys", "-t", "0"])
            .args(keys)
            .status();
        assert!(status.is_ok_and(|s| s.success()), "tmux send-keys failed");
    }

    /// Types text literally.
    pub fn type_text(&self, text: &str) {
        // tmux reads a trailing `;` as a command separator unless it is escaped.
        let text = match text.strip_suffix(';') {
            Some(head) => format!("{head}\\;"),
            None => text.to_owned(),
        };
        let status = Command::new(tmux_binary())
            .args(["-L", &self.socket, "send-keys", "-t", "0", "-l", &text])
            .status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "tmux send-keys -l failed"
        );
    }

    /// Pastes text as a terminal does: bracketed, when the program asked for that.
    pub fn paste(&self, text: &str) {
        let set = Command::new(tmux_binary())
            .args(["-L", &self.socket, "set-buffer", "-b", "paste", "--", text])
            .status();
        assert!(set.is_ok_and(|s| s.success()), "tmux set-buffer failed");
        let paste = Command::new(tmux_binary())
            .args([
                "-L",
                &self.socket,
                "paste-buffer",
                "-p",
                "-d",
                "-b",
                "paste",
                "-t",
                "0",
            ])
            .status();
        assert!(paste.is_ok_and(|s| s.success()), "tmux paste-buffer failed");
    }

    /// The screen now.
    /// The screen with up to 2,000 lines of scrollback above it.
    pub fn history(&self) -> String {
        let out = Command::new(tmux_binary())
            .args([
                "-L",
                &self.socket,
                "capture-pane",
                "-p",
                "-J",
                "-S",
                "-2000",
                "-t",
                "0",
            ])
            .output();
        out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    }

    /// The pid of `program` running in the pane (a descendant of the pane's shell).
    pub fn program_pid(&self, program: &str) -> Option<u32> {
        let out = Command::new(tmux_binary())
            .args([
                "-L",
                &self.socket,
                "display-message",
                "-p",
                "-t",
                "0",
                "#{pane_pid}",
            ])
            .output()
            .ok()?;
        let mut family: Vec<u32> = vec![String::from_utf8_lossy(&out.stdout).trim().parse().ok()?];
        let target = std::fs::canonicalize(program).ok()?;
        let mut i = 0;
        while let Some(&pid) = family.get(i) {
            if std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == target) {
                return Some(pid);
            }
            for entry in std::fs::read_dir("/proc").ok()?.flatten() {
                let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
                    continue;
                };
                let stat =
                    std::fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
                // Field 4 (after the parenthesised name) is the parent pid.
                let ppid = stat
                    .rsplit_once(") ")
                    .and_then(|(_, rest)| rest.split(' ').nth(1))
                    .and_then(|p| p.parse::<u32>().ok());
                if ppid == Some(pid) {
                    family.push(child);
                }
            }
            i += 1;
        }
        None
    }

    pub fn screen(&self) -> String {
        let out = Command::new(tmux_binary())
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "0"])
            .output();
        out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    }

    /// Waits until the screen satisfies `ready`, failing with the screen after `timeout`.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        ready: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if ready(&screen) {
                // A frame reaches the terminal in pieces, so what was waited for can be on
                // screen before the rest of its frame: callers assert on the screen they
                // get back. Read it again a moment later, and hand that back if it holds.
                std::thread::sleep(Duration::from_millis(50));
                let settled = self.screen();
                if ready(&settled) {
                    return settled;
                }
            }
            assert!(
                Instant::now() <= deadline,
                "timed out waiting for {what}; the screen was:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// A pane variable (`#{pane_pid}`, `#{alternate_on}`).
    pub fn pane_variable(&self, name: &str) -> String {
        let out = Command::new(tmux_binary())
            .args(["-L", &self.socket, "display-message", "-p", "-t", "0"])
            .arg(format!("#{{{name}}}"))
            .output();
        out.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    }

    /// Is the pane on the alternate screen (a full-screen program has not restored it)?
    pub fn alternate_screen(&self) -> bool {
        self.pane_variable("alternate_on") == "1"
    }

    /// Waits until `text` is on screen.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(&format!("'{text}'"), timeout, |s| s.contains(text))
    }

    /// In the TUI: empties the query editor, types `sql` and runs it (F5).
    pub fn run_sql(&self, sql: &str) {
        self.keys(&["C-a", "C-k"]);
        self.type_text(sql);
        self.keys(&["F5"]);
    }

    /// In the line REPL: waits until `text` is on screen `n` times and the last line is
    /// `prompt` again, since keys sent before the line editor reads again can be lost.
    pub fn wait_for_prompt(&self, prompt: &str, text: &str, n: usize, timeout: Duration) -> String {
        self.wait_until("the prompt", timeout, |s| {
            s.matches(text).count() >= n
                && s.lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .is_some_and(|l| l.trim_end() == prompt)
        })
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new(tmux_binary())
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}
