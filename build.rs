//! Build information for `rowwise --version`: the target, the profile, the compiler, and
//! the versions of the database drivers locked in Cargo.lock.

use std::process::Command;

fn locked_version(lock: &str, name: &str) -> String {
    let needle = format!("name = \"{name}\"\nversion = \"");
    lock.find(&needle)
        .and_then(|at| {
            let rest = &lock[at + needle.len()..];
            rest.find('"').map(|end| rest[..end].to_owned())
        })
        .unwrap_or_else(|| "?".to_owned())
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let rustc_version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .map_or_else(
            || "rustc ?".to_owned(),
            |o| String::from_utf8_lossy(&o.stdout).trim().to_owned(),
        );
    let env = |key: &str| std::env::var(key).unwrap_or_else(|_| "?".to_owned());
    let long_version = format!(
        "{version}\ndrivers: mysql {mysql} (mysql_common {common}, rustls {rustls}), rusqlite {rusqlite} (bundled SQLite, libsqlite3-sys {sqlite})\nbuilt: {target}, {profile} profile, {rustc_version}",
        version = env("CARGO_PKG_VERSION"),
        mysql = locked_version(&lock, "mysql"),
        common = locked_version(&lock, "mysql_common"),
        rustls = locked_version(&lock, "rustls"),
        rusqlite = locked_version(&lock, "rusqlite"),
        sqlite = locked_version(&lock, "libsqlite3-sys"),
        target = env("TARGET"),
        profile = env("PROFILE"),
    );
    let out = std::path::PathBuf::from(env("OUT_DIR")).join("long_version.txt");
    if let Err(e) = std::fs::write(&out, long_version) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
}
