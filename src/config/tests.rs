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

mod files;
