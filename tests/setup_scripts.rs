//! `scripts/ensure-tools.sh` on machines it cannot see from here (issue 16): a Rust older
//! than Cargo.toml's rust-version is named with what to do, and where rustup's installer
//! cannot be downloaded Debian's rustc-web/cargo-web are installed instead. The machine is
//! simulated by stand-ins for cargo, rustc, curl, apt-get and apt-cache on PATH.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

fn tool(dir: &Path, name: &str, script: &str) {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("{e}"));
}

fn rust(dir: &Path, version: &str) {
    tool(dir, "cargo", &format!("echo 'cargo {version}'"));
    tool(
        dir,
        "rustc",
        &format!("echo 'rustc {version} (0000000 2026-01-01)'"),
    );
}

/// Runs `ensure_rust` with only `bin` and a few system tools on PATH: a Rust the machine
/// itself has (rustup's, or Debian's in /usr/bin) must not be seen.
fn ensure_rust(home: &Path, bin: &Path) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/ensure-tools.sh");
    let system = home.join("system");
    std::fs::create_dir_all(&system).unwrap_or_else(|e| panic!("{e}"));
    for name in [
        "sh", "bash", "sed", "sort", "head", "id", "cat", "chmod", "printf", "env", "dirname", "tr",
    ] {
        let found = ["/usr/bin", "/bin"]
            .iter()
            .map(|dir| Path::new(dir).join(name))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{name} not found in /usr/bin or /bin"));
        let link = system.join(name);
        if !link.exists() {
            std::os::unix::fs::symlink(found, link).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    Command::new("/bin/bash")
        .env_clear()
        .env("HOME", home)
        .env("PATH", format!("{}:{}", bin.display(), system.display()))
        .arg("-c")
        .arg(format!("source '{}' && ensure_rust", script.display()))
        .output()
        .unwrap_or_else(|e| panic!("cannot run bash: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// apt-get that records what it installs and, for cargo-web, puts a new Rust on PATH.
fn debian(bin: &Path, candidate: &str) {
    tool(
        bin,
        "apt-get",
        &format!(
            "echo \"apt-get $*\" >> '{log}'\ncase \"$*\" in *cargo-web*) printf '#!/bin/sh\\necho cargo {candidate}\\n' > '{bin}/cargo'; printf '#!/bin/sh\\necho rustc {candidate}\\n' > '{bin}/rustc'; chmod +x '{bin}/cargo' '{bin}/rustc';; esac",
            log = bin.join("apt.log").display(),
            bin = bin.display()
        ),
    );
    tool(
        bin,
        "apt-cache",
        &format!(
            "echo 'cargo-web:'; echo '  Installed: (none)'; echo '  Candidate: {candidate}+dfsg1-1~deb12u2'"
        ),
    );
    // rustup's installer is out of reach.
    tool(bin, "curl", "exit 7");
}

#[test]
fn an_old_rust_is_named_with_what_to_do_when_nothing_newer_can_be_installed() {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bin = home.path().join("bin");
    std::fs::create_dir(&bin).unwrap_or_else(|e| panic!("{e}"));
    rust(&bin, "1.63.0");
    debian(&bin, "1.85.0");
    let out = ensure_rust(home.path(), &bin);
    let err = text(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("found Rust 1.63.0 at")
            && err.contains("but rowwise needs Rust 1.89 or newer"),
        "{err}"
    );
    assert!(err.contains("Debian's cargo-web is 1.85.0 here"), "{err}");
    assert!(err.contains("apt-get install rustc-web cargo-web"), "{err}");
}

#[test]
fn without_rustup_debians_rustc_web_and_cargo_web_are_installed() {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bin = home.path().join("bin");
    std::fs::create_dir(&bin).unwrap_or_else(|e| panic!("{e}"));
    debian(&bin, "1.96.0");
    let out = ensure_rust(home.path(), &bin);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "rustup's installer could not be downloaded; trying Debian's rustc-web/cargo-web"
        ),
        "{err}"
    );
    let log = std::fs::read_to_string(bin.join("apt.log")).unwrap_or_default();
    assert!(log.contains("install -y -qq rustc-web cargo-web"), "{log}");
}

#[test]
fn a_new_enough_rust_is_used_as_it_is() {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bin = home.path().join("bin");
    std::fs::create_dir(&bin).unwrap_or_else(|e| panic!("{e}"));
    rust(&bin, "1.95.0");
    debian(&bin, "1.96.0");
    let out = ensure_rust(home.path(), &bin);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!bin.join("apt.log").exists(), "nothing is installed");
}
