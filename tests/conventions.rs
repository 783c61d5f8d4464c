//! What a Rust CLI user expects of a well-kept tool: completions and a man page generated
//! from the real options, `-?` as help (as the mysql client), a `--help` that names the
//! option files, environment variables and exit codes, a `--version` that names the
//! drivers and the build, and package metadata for crates.io and `cargo deb`.

mod common;

use std::process::Command;

use common::{rowwise, run, stderr, stdout};

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn completions_for_every_shell_name_the_real_options() {
    let home = home();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(rowwise(home.path()).args(["completions", shell]));
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let text = stdout(&out);
        for option in ["password-stdin", "print-defaults", "defaults-file"] {
            assert!(text.contains(option), "{shell} lacks --{option}:\n{text}");
        }
    }
    // The bash script is valid bash.
    let script = home.path().join("rowwise.bash");
    let out = run(rowwise(home.path()).args(["completions", "bash"]));
    std::fs::write(&script, &out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let check = run(Command::new("bash").arg("-n").arg(&script));
    assert!(check.status.success(), "{}", stderr(&check));
    let out = run(rowwise(home.path()).args(["completions", "tcsh"]));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_documents_options_files_and_exit_status() {
    let home = home();
    let out = run(rowwise(home.path()).arg("man"));
    assert!(out.status.success(), "{}", stderr(&out));
    let roff = stdout(&out);
    assert!(roff.contains(".TH rowwise 1"), "{roff}");
    for text in [
        ".SH OPTIONS",
        "password\\-stdin",
        "FILES, ENVIRONMENT AND EXIT STATUS",
        "MYSQL_PWD",
        "~/.my.cnf",
    ] {
        assert!(roff.contains(text), "the man page lacks {text}:\n{roff}");
    }
}

#[test]
fn question_mark_is_help_and_help_names_files_environment_and_exit_codes() {
    let home = home();
    let long = run(rowwise(home.path()).arg("--help"));
    let short = run(rowwise(home.path()).arg("-?"));
    assert!(short.status.success(), "{}", stderr(&short));
    assert!(stdout(&short).starts_with("rowwise: a SQL terminal"));
    // -? gives the compact help, --help the long one; both end with the same notes.
    for help in [stdout(&short), stdout(&long)] {
        assert_help_names_everything(&help);
    }
}

fn assert_help_names_everything(help: &str) {
    for text in [
        "~/.my.cnf",
        "./connector.cnf",
        "[client-server]",
        "MYSQL_PWD",
        "MYSQL_TCP_PORT",
        "Exit status:",
        "2  usage error",
        "--password-stdin",
    ] {
        assert!(help.contains(text), "--help lacks {text}:\n{help}");
    }
}

#[test]
fn version_names_the_drivers_and_the_build() {
    let home = home();
    let out = run(rowwise(home.path()).arg("--version"));
    assert!(out.status.success());
    let text = stdout(&out);
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mysql_version = lock
        .split("name = \"mysql\"\nversion = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("?");
    assert!(
        text.starts_with(&format!("rowwise {}\n", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert!(text.contains(&format!("mysql {mysql_version}")), "{text}");
    assert!(
        text.contains("rusqlite ") && text.contains("rustls "),
        "{text}"
    );
    assert!(
        text.contains("built: ") && text.contains("rustc "),
        "{text}"
    );
    let short = run(rowwise(home.path()).arg("-V"));
    assert_eq!(
        stdout(&short),
        format!("rowwise {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn the_package_is_described_licensed_and_packaged() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap_or_else(|e| panic!("{e}"))
        .parse()
        .unwrap_or_else(|e| panic!("{e}"));
    let package = manifest["package"]
        .as_table()
        .unwrap_or_else(|| panic!("no [package]"));
    for key in ["description", "license", "keywords", "categories", "readme"] {
        assert!(package.contains_key(key), "Cargo.toml lacks package.{key}");
    }
    assert_eq!(package["license"].as_str(), Some("MIT OR Apache-2.0"));
    for file in ["LICENSE", "LICENSE-MIT", "LICENSE-APACHE"] {
        assert!(root.join(file).is_file(), "{file} is missing");
    }
    let release = &manifest["profile"]["release"];
    assert!(release.get("lto").is_some() && release["strip"].as_bool() == Some(true));
    let deb = &package["metadata"]["deb"];
    let assets = deb["assets"]
        .as_array()
        .unwrap_or_else(|| panic!("no deb assets"));
    for asset in assets {
        let source = asset[0].as_str().unwrap_or_default();
        assert!(
            source.starts_with("target/") || root.join(source).is_file(),
            "the .deb asset {source} does not exist"
        );
    }
}

#[test]
fn verbose_logs_where_it_connects_and_never_the_password() {
    use std::os::unix::fs::PermissionsExt;
    let server = common::MariaDb::shared();
    let home = home();
    let out = run(rowwise(home.path())
        .arg("-v")
        .args(server.cli_flags("test"))
        .args(["-e", "SELECT 1"]));
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "connecting to 127.0.0.1:{} as {} (database test, password given",
            server.port,
            common::USER
        )),
        "{err}"
    );
    assert!(err.contains("connected in "), "{err}");
    assert!(!err.contains(common::PASSWORD), "{err}");
    // RUST_LOG alone, into a private file.
    let log = home.path().join("rowwise.log");
    let out = run(rowwise(home.path())
        .env("RUST_LOG", "info")
        .arg("--log-file")
        .arg(&log)
        .args(server.cli_flags("test"))
        .args(["-e", "SELECT 1"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = std::fs::read_to_string(&log).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("connected in "), "{text}");
    assert!(!text.contains(common::PASSWORD), "{text}");
    let mode = std::fs::metadata(&log).map(|m| m.permissions().mode() & 0o777);
    assert_eq!(mode.ok(), Some(0o600));
    let out = run(rowwise(home.path())
        .env("RUST_LOG", "loud")
        .args(["--demo", "-e", "SELECT 1"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("RUST_LOG: 'loud' is not a level"),
        "{}",
        stderr(&out)
    );
}
