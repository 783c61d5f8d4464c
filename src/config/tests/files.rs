//! Option files that cannot be used, the groups and keys of the mysql client, and the
//! `--print-defaults` report.

use std::fs;

use super::*;

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
    assert_eq!(
        c.value("ssl-mode"),
        Some("REQUIRED"),
        "ssl-mode is honoured"
    );
    let file = path.display();
    for expected in [
        format!("{file}:6: ignored: loose-frob is not a mysql client option rowwise knows"),
        format!("{file}:8: ignored: rowwise does not support auto-rehash"),
    ] {
        assert!(
            c.warnings.contains(&expected),
            "{expected}\n{:?}",
            c.warnings
        );
    }
    assert_eq!(c.warnings.len(), 2, "{:?}", c.warnings);
    Ok(())
}

#[test]
fn rowwise_keys_are_honoured_or_refused() -> TestResult {
    let w = World::new()?;
    w.write(
        "home/.my.cnf",
        "[rowwise]\nformat=csv\ntheme=light\npager=less -S\n[mysql]\nauto-vertical-output\n",
    )?;
    let c = w.resolve(&[])?;
    assert_eq!(c.value("format"), Some("csv"));
    assert_eq!(c.value("pager"), Some("less -S"));
    assert!(c.flag("auto-vertical-output"), "{:?}", c.warnings);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    for (line, expected) in [
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
    w.write(
        "home/.my.cnf",
        "[client]\nhost=h\n[rowwise]\narraysize=10\n",
    )?;
    let report = w.resolve(&["--print-defaults"])?.print_defaults();
    assert!(
        !report.contains("--host=h") && !report.contains("read: "),
        "{report}"
    );
    assert!(
        report.contains("NOT USED:") && report.contains(":4: [rowwise] arraysize"),
        "{report}"
    );
    Ok(())
}

#[test]
fn tls_settings_alone_do_not_name_a_server() -> TestResult {
    let w = World::new()?;
    w.write("home/.my.cnf", "[client]\nskip-ssl\nssl-ca=/etc/ca.pem\n")?;
    let c = w.resolve(&[])?;
    assert_eq!(c.value("ssl"), Some("0"));
    assert!(
        !c.server_configured(),
        "skip-ssl alone would leave the demo for localhost"
    );
    w.write("home/.my.cnf", "[client]\nskip-ssl\nuser=app\n")?;
    assert!(w.resolve(&[])?.server_configured());
    Ok(())
}
