//! The README's path, walked as a new user walks it (issue 16): every command of its
//! indented blocks is run here, against this test's own MariaDB server where it names one,
//! so the README cannot drift. A command added to the README without a case here fails
//! `every_readme_command_is_walked`.
//!
//! The walk builds the release binary through `scripts/run` and installs it with
//! `cargo install --path . --locked` into a temporary root, as the README says.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{MariaDb, stderr, stdout};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn readme() -> String {
    std::fs::read_to_string(repo().join("README.md")).unwrap_or_else(|e| panic!("README.md: {e}"))
}

/// Each line of the README's indented (4-space) blocks that is a command a reader types:
/// shell lines, and the `$ ...` lines of a shown session.
fn readme_commands(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("    "))
        .filter(|line| !line.starts_with(' '))
        .filter_map(|line| {
            let line = line.strip_prefix("$ ").unwrap_or(line);
            let command = line.split("  #").next().unwrap_or(line).trim_end();
            let first = command.split_whitespace().next()?;
            [
                "scripts/run",
                "scripts/test",
                "cargo",
                "cp",
                "rowwise",
                "cat",
            ]
            .contains(&first)
            .then(|| command.to_owned())
        })
        .collect()
}

/// A command with the variables cargo sets for a test process removed, so that a nested
/// cargo sees the environment a user's shell has (and does not rebuild dependencies).
fn clean(mut cmd: Command, home: &Path) -> Command {
    for (var, _) in std::env::vars_os() {
        let name = var.to_string_lossy();
        let set_by_cargo = [
            "CARGO_PKG_",
            "CARGO_MANIFEST_",
            "CARGO_BIN_EXE_",
            "CARGO_CRATE_",
            "CARGO_PRIMARY_",
            "CARGO_TARGET_TMPDIR",
            "LD_LIBRARY_PATH",
            "OUT_DIR",
            "RUST_RECURSION_COUNT",
            "MYSQL_",
        ]
        .iter()
        .any(|prefix| name.starts_with(prefix));
        if set_by_cargo {
            cmd.env_remove(&var);
        }
    }
    // The user's cargo and rustup stay reachable with HOME moved.
    if let Some(real_home) = std::env::var_os("HOME") {
        let real = PathBuf::from(real_home);
        cmd.env(
            "CARGO_HOME",
            std::env::var_os("CARGO_HOME").map_or(real.join(".cargo"), PathBuf::from),
        );
        cmd.env(
            "RUSTUP_HOME",
            std::env::var_os("RUSTUP_HOME").map_or(real.join(".rustup"), PathBuf::from),
        );
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env("CARGO_TARGET_DIR", repo().join("target"))
        .current_dir(home)
        .stdin(std::process::Stdio::null());
    cmd
}

fn output(mut cmd: Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// `scripts/run ARGS` from the user's folder.
fn scripts_run(home: &Path, args: &[&str]) -> Output {
    let mut cmd = clean(Command::new(repo().join("scripts/run")), home);
    cmd.args(args);
    output(cmd)
}

fn ok(out: &Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed ({:?}):\n{}\n{}",
        out.status.code(),
        stdout(out),
        stderr(out)
    );
    stdout(out)
}

/// The README's words with this test's server in place of the examples' host and port.
fn on_our_server(words: &str, server: &MariaDb) -> Vec<String> {
    let port = server.port.to_string();
    let mut out = Vec::new();
    let mut words = words.split_whitespace().peekable();
    while let Some(word) = words.next() {
        match word {
            "-P" => {
                words.next();
                out.extend(["-P".to_owned(), port.clone()]);
            }
            "127.0.0.1" if words.peek().is_none_or(|w| *w != "-P") => {
                out.extend(["127.0.0.1".to_owned(), "-P".to_owned(), port.clone()]);
            }
            url if url.starts_with("mysql://") => out.push(format!(
                "mysql://{}:{}@127.0.0.1:{port}/shop",
                common::USER,
                common::PASSWORD
            )),
            other => out.push(other.to_owned()),
        }
    }
    out
}

/// The block after the README's `$ cat walk.cur`: the script, then what rowwise prints.
fn script_example(text: &str) -> (String, String, String) {
    let block: Vec<&str> = text
        .lines()
        .skip_while(|l| l.trim() != "$ cat walk.cur")
        .skip(1)
        .take_while(|l| l.starts_with("    "))
        .map(|l| &l[4..])
        .collect();
    let run_at = block
        .iter()
        .position(|l| l.starts_with("$ rowwise script"))
        .unwrap_or_else(|| panic!("README: no `$ rowwise script` after `$ cat walk.cur`"));
    let script = with_newlines(&block[..run_at]);
    let command = block[run_at].trim_start_matches("$ ").to_owned();
    let transcript = with_newlines(&block[run_at + 1..]);
    (script, command, transcript)
}

/// The lines, each ended by a newline.
fn with_newlines(lines: &[&str]) -> String {
    lines.iter().fold(String::new(), |mut out, line| {
        out.push_str(line);
        out.push('\n');
        out
    })
}

#[test]
fn every_readme_command_is_walked() {
    let server = MariaDb::shared();
    let text = readme();
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let home = home.path();
    let mut walked: Vec<String> = Vec::new();

    // The demo, from the user's own folder: the first build happens here.
    let out = scripts_run(home, &["--print-defaults"]);
    ok(&out, "scripts/run --print-defaults");
    walked.push("scripts/run --print-defaults".into());
    let out = scripts_run(home, &["-e", "SELECT name FROM user"]);
    assert_eq!(ok(&out, "the demo query"), "name\nJohn Doe\nJane Smith\n");
    assert!(stderr(&out).contains("demo database"), "{}", stderr(&out));
    let out = scripts_run(home, &[]);
    ok(&out, "scripts/run with no server configured");
    walked.push("scripts/run".into());
    // Relative paths are the user's: scripts/run keeps the caller's working directory.
    let out = scripts_run(
        home,
        &["--demo", "./mine.sqlite3", "-e", "SELECT COUNT(*) FROM pet"],
    );
    assert_eq!(
        ok(&out, "scripts/run --demo ./mine.sqlite3"),
        "COUNT(*)\n3\n"
    );
    assert!(
        home.join("mine.sqlite3").exists(),
        "--demo ./x resolved elsewhere"
    );
    std::fs::write(
        home.join("lesson.sql"),
        "SELECT name FROM user WHERE id = 2;\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut cmd = clean(Command::new(repo().join("scripts/run")), home);
    cmd.stdin(std::fs::File::open(home.join("lesson.sql")).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(
        ok(&output(cmd), "scripts/run < lesson.sql"),
        "name\nJane Smith\n"
    );

    // Installing: the binary lands in the root's bin/ and runs.
    let root = home.join("install-root");
    let mut cmd = clean(Command::new(env!("CARGO")), home);
    cmd.args(["install", "--quiet", "--path"])
        .arg(repo())
        .args(["--locked", "--root"])
        .arg(&root);
    ok(&output(cmd), "cargo install --path . --locked");
    let installed = root.join("bin/rowwise");
    let mut cmd = clean(Command::new(&installed), home);
    cmd.arg("--version");
    assert!(ok(&output(cmd), "installed rowwise --version").starts_with("rowwise "));
    walked.push("cargo install --path . --locked".into());

    // Completions, the manual page and the version, from the installed binary.
    let run_installed = |args: &[&str]| {
        let mut cmd = clean(Command::new(&installed), home);
        cmd.args(args);
        ok(&output(cmd), &format!("rowwise {}", args.join(" ")))
    };
    for command in readme_commands(&text) {
        let Some(rest) = command.strip_prefix("rowwise ") else {
            continue;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        match words.as_slice() {
            ["completions", shells, ..] => {
                for shell in shells.split('|') {
                    let script = run_installed(&["completions", shell]);
                    assert!(script.contains("rowwise"), "{shell}: {script}");
                }
            }
            ["man", ..] => {
                let page = run_installed(&["man"]);
                assert!(
                    page.starts_with(".ie") || page.contains(".TH rowwise"),
                    "{page}"
                );
            }
            ["--version"] => {
                let version = run_installed(&["--version"]);
                assert!(
                    version.starts_with("rowwise ") && version.contains("mysql"),
                    "{version}"
                );
            }
            _ => continue,
        }
        walked.push(command.clone());
    }
    // The course's tables on the server, then the README's script example on them.
    for command in readme_commands(&text) {
        let rest = command.strip_prefix("scripts/run ").unwrap_or("");
        if rest.contains("setup-course") {
            let args = on_our_server(rest, server);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            ok(&scripts_run(home, &args), &command);
            walked.push(command.clone());
        }
    }
    let (script, command, transcript) = script_example(&text);
    std::fs::write(home.join("walk.cur"), script).unwrap_or_else(|e| panic!("{e}"));
    let args = on_our_server(command.trim_start_matches("rowwise "), server);
    let mut cmd = clean(Command::new(&installed), home);
    cmd.args(&args);
    assert_eq!(
        ok(&output(cmd), &command),
        transcript,
        "README's script example"
    );
    walked.extend(["cat walk.cur".into(), command]);

    // Connecting with flags and with a URL, to the database the README names.
    let setup = on_our_server("-h 127.0.0.1 -u root setup-course shop", server);
    let setup: Vec<&str> = setup.iter().map(String::as_str).collect();
    ok(&scripts_run(home, &setup), "setup-course shop");
    for command in readme_commands(&text) {
        let Some(rest) = command.strip_prefix("scripts/run ") else {
            continue;
        };
        if rest.contains("mysql://") {
            let mut args = on_our_server(rest, server);
            args.extend(["-e".into(), "SELECT COUNT(*) FROM user".into()]);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            assert_eq!(ok(&scripts_run(home, &args), &command), "COUNT(*)\n2\n");
            walked.push(command.clone());
        } else if rest.split_whitespace().any(|w| w == "-p") {
            // No terminal to type the password at: rowwise says how else to give it.
            let args = on_our_server(rest, server);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = scripts_run(home, &args);
            assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
            assert!(
                stderr(&out).contains("MYSQL_PWD"),
                "{command}: {}",
                stderr(&out)
            );
            walked.push(command.clone());
        }
    }

    // The course through the library: connector.cnf from the example file, then user_dao.
    let example = std::fs::read_to_string(repo().join("connector.cnf.example"))
        .unwrap_or_else(|e| panic!("{e}"));
    let cnf = example
        .replace("user='admin'", &format!("user='{}'", common::USER))
        .replace("password=' '", &format!("password='{}'", common::PASSWORD))
        .replace("host='localhost'", "host='127.0.0.1'")
        .replace("database='test'", "database='shop'")
        .replace("# port=3306", &format!("port={}", server.port));
    std::fs::write(home.join("connector.cnf"), cnf).unwrap_or_else(|e| panic!("{e}"));
    walked.push("cp connector.cnf.example connector.cnf".into());
    let mut cmd = clean(Command::new(env!("CARGO")), home);
    cmd.args(["run", "--quiet", "--manifest-path"])
        .arg(repo().join("Cargo.toml"))
        .args(["--example", "user_dao"]);
    let printed = ok(&output(cmd), "cargo run --example user_dao");
    assert!(
        printed.starts_with("1 John Doe\n2 Jane Smith\n"),
        "{printed}"
    );
    walked.push("cargo run --example user_dao".into());

    // The suite itself is this test's caller.
    walked.push("scripts/test".into());

    let missed: Vec<String> = readme_commands(&text)
        .into_iter()
        .filter(|c| !walked.contains(c))
        .collect();
    assert!(
        missed.is_empty(),
        "README commands no test walks: {missed:#?}"
    );
}
