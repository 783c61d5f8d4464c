//! Precedence and option-file behaviour, written down once and tested here.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;

use clap::Parser;

use super::*;

struct World {
    dir: tempfile::TempDir,
    env: HashMap<String, String>,
}

impl World {
    fn new() -> std::io::Result<Self> {
        let dir = tempfile::tempdir()?;
        for sub in ["home", "config/rowwise", "cwd"] {
            fs::create_dir_all(dir.path().join(sub))?;
        }
        Ok(World {
            dir,
            env: HashMap::new(),
        })
    }

    fn dirs(&self) -> Dirs {
        Dirs {
            cwd: Some(self.dir.path().join("cwd")),
            home: Some(self.dir.path().join("home")),
            config: Some(self.dir.path().join("config")),
            data: Some(self.dir.path().join("data")),
        }
    }

    fn write(&self, rel: &str, text: &str) -> std::io::Result<PathBuf> {
        let path = self.dir.path().join(rel);
        fs::write(&path, text)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600))?;
        }
        Ok(path)
    }

    fn resolve(&self, argv: &[&str]) -> Result<Config, Box<dyn std::error::Error>> {
        let argv = normalize_password_flag(
            std::iter::once("rowwise")
                .chain(argv.iter().copied())
                .map(OsString::from),
        );
        let args = Args::try_parse_from(argv)?;
        let env = |k: &str| self.env.get(k).cloned();
        let dirs = self.dirs();
        Ok(Config::resolve(&Inputs {
            args: &args,
            env: &env,
            dirs: &dirs,
        })?)
    }
}

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[test]
fn defaults_lt_files_lt_env_lt_flags() -> TestResult {
    let mut w = World::new()?;
    w.write(
        "home/.my.cnf",
        "[client]\nhost=from-home\nport=1111\nuser=home_user\ndatabase=homedb\n",
    )?;
    w.write(
        "cwd/connector.cnf",
        "[client]\nhost=from-project\nport=2222\n",
    )?;
    w.env.insert("MYSQL_TCP_PORT".into(), "3333".into());
    let c = w.resolve(&["-P", "4444"])?;
    assert_eq!(
        c.value("host"),
        Some("from-project"),
        "the project file overrides ~/.my.cnf"
    );
    assert_eq!(
        c.value("database"),
        Some("homedb"),
        "keys only in ~/.my.cnf still count"
    );
    assert_eq!(
        c.value("port"),
        Some("4444"),
        "flags override the environment"
    );
    assert_eq!(
        c.get("port").map(|s| s.source.clone()),
        Some(Source::CommandLine)
    );
    let c = w.resolve(&[])?;
    assert_eq!(
        c.value("port"),
        Some("3333"),
        "the environment overrides files"
    );
    assert_eq!(
        c.get("port").map(|s| s.source.clone()),
        Some(Source::Env("MYSQL_TCP_PORT"))
    );
    Ok(())
}

#[test]
fn rowwise_group_overrides_client_group_in_the_same_file() -> TestResult {
    let w = World::new()?;
    w.write(
        "cwd/connector.cnf",
        "[rowwise]\nuser=tool\ntheme=light\n[client]\nuser=generic\n",
    )?;
    let c = w.resolve(&[])?;
    assert_eq!(
        c.value("user"),
        Some("generic"),
        "later lines win, whatever the group"
    );
    assert_eq!(c.value("theme"), Some("light"));
    Ok(())
}

#[test]
fn url_sets_everything_and_flags_override_it() -> TestResult {
    let w = World::new()?;
    let c = w.resolve(&["mysql://app:s%40cret@db.example:3307/shop", "-P", "3308"])?;
    assert_eq!(c.value("user"), Some("app"));
    assert_eq!(c.value("password"), Some("s@cret"));
    assert_eq!(c.value("host"), Some("db.example"));
    assert_eq!(c.value("port"), Some("3308"));
    assert_eq!(c.value("database"), Some("shop"));
    Ok(())
}

#[test]
fn defaults_file_reads_only_that_file_and_must_exist() -> TestResult {
    let w = World::new()?;
    w.write("home/.my.cnf", "[client]\nhost=from-home\n")?;
    let only = w.write("only.cnf", "[client]\nuser=only\n")?;
    let c = w.resolve(&["--defaults-file", &only.display().to_string()])?;
    assert_eq!(c.value("host"), None);
    assert_eq!(c.value("user"), Some("only"));
    let missing = w.dir.path().join("missing.cnf").display().to_string();
    let err = w
        .resolve(&["--option-file", &missing])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("cannot read option file") && err.contains("missing.cnf"),
        "{err}"
    );
    Ok(())
}

#[test]
fn no_defaults_reads_no_files_and_nothing_configured_means_demo() -> TestResult {
    let w = World::new()?;
    w.write("cwd/connector.cnf", "[client]\nhost=db\n")?;
    let c = w.resolve(&["--no-defaults"])?;
    assert!(!c.server_configured(), "only the default user is set");
    let c = w.resolve(&[])?;
    assert!(c.server_configured());
    Ok(())
}

#[test]
fn includes_are_followed_relative_to_the_including_file() -> TestResult {
    let w = World::new()?;
    fs::create_dir_all(w.dir.path().join("cwd/conf.d"))?;
    w.write("cwd/conf.d/a.cnf", "[client]\nuser=from-dir\n")?;
    w.write("cwd/extra.cnf", "[client]\ndatabase=included\n")?;
    w.write(
        "cwd/connector.cnf",
        "[client]\n!include extra.cnf\n!includedir conf.d\n",
    )?;
    let c = w.resolve(&[])?;
    assert_eq!(c.value("database"), Some("included"));
    assert_eq!(c.value("user"), Some("from-dir"));
    Ok(())
}

#[test]
fn a_missing_include_is_warned_about_and_reported() -> TestResult {
    let w = World::new()?;
    w.write("cwd/connector.cnf", "[client]\nuser=u\n!include gone.cnf\n")?;
    let c = w.resolve(&[])?;
    let gone = w.dir.path().join("cwd/gone.cnf");
    assert_eq!(
        c.warnings,
        vec![format!("included option file {} not found", gone.display())]
    );
    assert!(
        c.print_defaults()
            .contains(&format!("not found: {}", gone.display()))
    );
    Ok(())
}

#[test]
fn defaults_extra_file_is_read_first_and_must_exist() -> TestResult {
    let w = World::new()?;
    let extra = w.write("extra.cnf", "[client]\nhost=extra\nport=1111\n")?;
    w.write("home/.my.cnf", "[client]\nport=2222\n")?;
    let flag = format!("--defaults-extra-file={}", extra.display());
    let c = w.resolve(&[&flag])?;
    assert_eq!(c.value("host"), Some("extra"));
    assert_eq!(c.value("port"), Some("2222"), "~/.my.cnf comes after it");
    let missing = format!(
        "--defaults-extra-file={}",
        w.dir.path().join("no.cnf").display()
    );
    assert!(w.resolve(&[&missing]).is_err());
    Ok(())
}

#[test]
fn include_loops_stop_with_an_error() -> TestResult {
    let w = World::new()?;
    w.write("cwd/connector.cnf", "!include connector.cnf\n")?;
    assert!(w.resolve(&[]).is_err());
    Ok(())
}

#[test]
fn print_defaults_masks_the_password_and_names_sources() -> TestResult {
    let w = World::new()?;
    w.write("cwd/connector.cnf", "[client]\npassword=hunter2\n")?;
    let c = w.resolve(&["-h", "127.0.0.1"])?;
    let report = c.print_defaults();
    assert!(!report.contains("hunter2"), "{report}");
    assert!(report.contains("--password=*****"), "{report}");
    assert!(
        report.contains("--host=127.0.0.1  # command line"),
        "{report}"
    );
    assert!(report.contains("connector.cnf:2"), "{report}");
    Ok(())
}

#[test]
fn world_readable_file_with_a_password_is_warned_about() -> TestResult {
    let w = World::new()?;
    let path = w.write("cwd/connector.cnf", "[client]\npassword=x\n")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644))?;
    }
    let c = w.resolve(&[])?;
    assert!(
        c.warnings
            .iter()
            .any(|m| m.contains("can be read by other users")),
        "{:?}",
        c.warnings
    );
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_world_writable_option_file_is_an_error_naming_it_not_a_fallback() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let w = World::new()?;
    let path = w.write("home/.my.cnf", "[client]\nhost=127.0.0.1\nuser=root\n")?;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o666))?;
    let err = w
        .resolve(&[])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains(&format!("{} can be written by every user", path.display())),
        "{err}"
    );
    // --print-defaults goes on and says why the file is not used.
    let c = w.resolve(&["--print-defaults"])?;
    assert_eq!(c.value("host"), None);
    assert_eq!(c.unusable.len(), 1, "{:?}", c.unusable);
    let report = c.print_defaults();
    assert!(
        report.contains("NOT USED:") && report.contains("chmod o-w"),
        "{report}"
    );
    Ok(())
}

#[test]
fn a_latin1_comment_is_read_and_a_latin1_value_is_an_error_naming_file_and_line() -> TestResult {
    let w = World::new()?;
    let path = w.dir.path().join("home/.my.cnf");
    fs::write(
        &path,
        b"[client]\n# Gr\xfc\xdfe\nhost=127.0.0.1\nuser=root\ndatabase=t\n",
    )?;
    let c = w.resolve(&[])?;
    assert_eq!(c.value("host"), Some("127.0.0.1"));
    assert!(c.server_configured());
    fs::write(&path, b"[client]\nhost=127.0.0.1\nuser=M\xfcller\n")?;
    let err = w
        .resolve(&[])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.starts_with(&format!("{}:3: byte 0xFC", path.display())),
        "{err}"
    );
    Ok(())
}

#[test]
fn an_unreadable_option_file_is_an_error_and_a_missing_one_is_reported() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let w = World::new()?;
    let path = w.write("home/.my.cnf", "[client]\nhost=127.0.0.1\n")?;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000))?;
    if fs::read(&path).is_ok() {
        // Running as root: every file is readable; nothing to test.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600))?;
        return Ok(());
    }
    let err = w
        .resolve(&[])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("cannot read option file") && err.contains(".my.cnf"),
        "{err}"
    );
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600))?;
    let report = w.resolve(&["--print-defaults"])?.print_defaults();
    assert!(
        report.contains(&format!("read:      {}", path.display())),
        "{report}"
    );
    assert!(
        report.contains("not found: ") && report.contains("connector.cnf"),
        "{report}"
    );
    Ok(())
}

#[test]
fn every_group_the_mariadb_client_reads_is_read_and_later_lines_win() -> TestResult {
    let w = World::new()?;
    for group in CLIENT_GROUPS {
        w.write(
            "home/.my.cnf",
            &format!("[mysqld]\nport=1\n[{group}]\nhost=db-{group}\n"),
        )?;
        let c = w.resolve(&[])?;
        assert_eq!(c.value("host"), Some(format!("db-{group}").as_str()));
        assert!(c.server_configured(), "[{group}]");
        assert_eq!(c.value("port"), None, "[mysqld] is the server's");
    }
    w.write(
        "home/.my.cnf",
        "[mysql]\nuser=a\n[client]\nuser=b\n[client-mariadb]\nuser=c\n",
    )?;
    assert_eq!(w.resolve(&[])?.value("user"), Some("c"));
    Ok(())
}

#[test]
fn every_client_key_is_honoured_or_warned_about_by_name() -> TestResult {
    let w = World::new()?;
    let path = w.write(
        "home/.my.cnf",
        "[client]\nhost=h\nssl-mode=REQUIRED\ndefault-character-set=utf8mb4\nskip-ssl\nloose-frob=1\n[mysql]\nauto-rehash\n",
    )?;
    let c = w.resolve(&[])?;
    assert_eq!(c.value("ssl"), Some("0"), "skip-ssl is ssl=0");
    let file = path.display();
    for expected in [
        format!("{file}:3: ignored: rowwise does not support ssl-mode"),
        format!("{file}:6: ignored: loose-frob is not a mysql client option rowwise knows"),
        format!("{file}:8: ignored: rowwise does not support auto-rehash"),
    ] {
        assert!(
            c.warnings.contains(&expected),
            "{expected}\n{:?}",
            c.warnings
        );
    }
    assert_eq!(c.warnings.len(), 3, "{:?}", c.warnings);
    Ok(())
}

#[test]
fn rowwise_keys_are_honoured_or_refused() -> TestResult {
    let w = World::new()?;
    w.write("home/.my.cnf", "[rowwise]\nformat=csv\ntheme=light\n")?;
    let c = w.resolve(&[])?;
    assert_eq!(c.value("format"), Some("csv"));
    for (line, expected) in [
        (
            "pager=less",
            "[rowwise] pager: rowwise does not support pager",
        ),
        (
            "arraysize=10",
            "[rowwise] arraysize: rowwise does not support arraysize",
        ),
        (
            "colour=red",
            "[rowwise] colour: unknown setting; [rowwise] takes theme",
        ),
    ] {
        let path = w.write("home/.my.cnf", &format!("[rowwise]\n{line}\n"))?;
        let err = w
            .resolve(&[])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with(&format!("{}:2: {expected}", path.display())),
            "{err}"
        );
    }
    // --print-defaults shows the file as not used, and none of its settings.
    w.write("home/.my.cnf", "[client]\nhost=h\n[rowwise]\npager=less\n")?;
    let report = w.resolve(&["--print-defaults"])?.print_defaults();
    assert!(
        !report.contains("--host=h") && !report.contains("read: "),
        "{report}"
    );
    assert!(
        report.contains("NOT USED:") && report.contains(":4: [rowwise] pager"),
        "{report}"
    );
    Ok(())
}

#[test]
fn tcp_host_gives_tcp_and_socket_flag_gives_socket() -> TestResult {
    let w = World::new()?;
    let o = w
        .resolve(&["-h", "127.0.0.1", "-P", "3307"])?
        .connect_options()?;
    assert_eq!(
        (o.socket.clone(), o.host.as_str(), o.port),
        (None, "127.0.0.1", 3307)
    );
    let o = w.resolve(&["-S", "/tmp/x.sock"])?.connect_options()?;
    assert_eq!(o.socket, Some(PathBuf::from("/tmp/x.sock")));
    Ok(())
}

#[test]
fn connect_timeout_comes_from_the_flag_or_a_file_and_alone_does_not_pick_a_server() -> TestResult {
    let w = World::new()?;
    let o = w.resolve(&["--connect-timeout", "3"])?.connect_options()?;
    assert_eq!(o.connect_timeout, std::time::Duration::from_secs(3));
    w.write("cwd/connector.cnf", "[client]\nconnect_timeout=7\n")?;
    let config = w.resolve(&[])?;
    assert_eq!(
        config.connect_options()?.connect_timeout,
        std::time::Duration::from_secs(7)
    );
    assert!(!config.server_configured(), "the demo still opens");
    w.write("cwd/connector.cnf", "[client]\nconnect-timeout=soon\n")?;
    assert!(w.resolve(&[])?.connect_options().is_err());
    Ok(())
}

#[test]
fn a_bad_port_in_a_file_names_the_file() -> TestResult {
    let w = World::new()?;
    w.write("cwd/connector.cnf", "[client]\nport=abc\n")?;
    let err = w
        .resolve(&[])?
        .connect_options()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("port") && err.contains("connector.cnf:2"),
        "{err}"
    );
    Ok(())
}

#[test]
fn from_option_file_reads_only_that_file_like_option_files_in_connect()
-> Result<(), Box<dyn std::error::Error>> {
    let world = World::new()?;
    let path = world.write(
        "cwd/connector.cnf",
        "[client]\nuser='admin'\npassword=' '\nhost='127.0.0.1'\nport=3307\ndatabase='test'\n",
    )?;
    let config = Config::from_option_file(&path)?;
    let options = config.connect_options()?;
    assert_eq!(options.user, "admin");
    assert_eq!(options.password.as_deref(), Some(" "));
    assert_eq!((options.host.as_str(), options.port), ("127.0.0.1", 3307));
    assert_eq!(options.database.as_deref(), Some("test"));
    assert_eq!(config.files, vec![path]);
    Ok(())
}

#[test]
fn from_option_file_fails_when_the_file_is_missing() -> Result<(), Box<dyn std::error::Error>> {
    let world = World::new()?;
    let missing = world.dir.path().join("cwd/connector.cnf");
    let err = Config::from_option_file(&missing).err();
    assert!(
        matches!(err, Some(ConfigError::Unreadable { .. })),
        "{err:?}"
    );
    Ok(())
}
