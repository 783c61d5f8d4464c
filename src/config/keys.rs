//! Which option-file groups rowwise reads, and what it does with each key in them: every
//! key is honoured, or warned about by name, or (in `[rowwise]`) refused. None vanishes.

/// The groups the mariadb client reads (`mariadb --help`: "The following groups are
/// read: mysql mariadb-client client client-server client-mariadb"). As in the client,
/// the group does not order them: later lines win, file by file.
pub const CLIENT_GROUPS: [&str; 5] = [
    "client",
    "client-server",
    "client-mariadb",
    "mysql",
    "mariadb-client",
];

/// Options of the mariadb client (`mariadb --help`, 10.11) and the mysql client (8.x),
/// any of which may stand in a `[client]` group. Those rowwise honours are in
/// [`super::CONNECTION_KEYS`]; the rest are warned about as unsupported.
pub const MYSQL_CLIENT_KEYS: &[&str] = &[
    "abort-source-on-error",
    "auto-rehash",
    "auto-vertical-output",
    "batch",
    "binary-as-hex",
    "binary-mode",
    "bind-address",
    "character-sets-dir",
    "column-names",
    "column-type-info",
    "comments",
    "compress",
    "compression-algorithms",
    "connect-expired-password",
    "connect-timeout",
    "database",
    "debug",
    "debug-check",
    "debug-info",
    "default-auth",
    "default-character-set",
    "delimiter",
    "dns-srv-name",
    "enable-cleartext-plugin",
    "execute",
    "force",
    "get-server-public-key",
    "histignore",
    "host",
    "html",
    "i-am-a-dummy",
    "ignore-spaces",
    "init-command",
    "line-numbers",
    "load-data-local-dir",
    "local-infile",
    "login-path",
    "max-allowed-packet",
    "max-join-size",
    "named-commands",
    "net-buffer-length",
    "network-namespace",
    "no-auto-rehash",
    "no-beep",
    "one-database",
    "pager",
    "password",
    "pipe",
    "plugin-dir",
    "port",
    "print-query-on-error",
    "progress-reports",
    "prompt",
    "protocol",
    "quick",
    "quick-max-column-width",
    "raw",
    "reconnect",
    "safe-updates",
    "sandbox",
    "secure-auth",
    "select-limit",
    "server-arg",
    "server-public-key-path",
    "shared-memory-base-name",
    "show-warnings",
    "sigint-ignore",
    "silent",
    "skip-column-names",
    "skip-line-numbers",
    "socket",
    "ssl",
    "ssl-ca",
    "ssl-capath",
    "ssl-cert",
    "ssl-cipher",
    "ssl-crl",
    "ssl-crlpath",
    "ssl-fips-mode",
    "ssl-fp",
    "ssl-fplist",
    "ssl-key",
    "ssl-mode",
    "ssl-passphrase",
    "ssl-verify-server-cert",
    "syslog",
    "table",
    "tee",
    "tls-ciphersuites",
    "tls-version",
    "unbuffered",
    "user",
    "verbose",
    "vertical",
    "wait",
    "xml",
    "zstd-compression-level",
];

/// The character sets rowwise's sessions use anyway (`SET NAMES utf8mb4`), so that
/// `default-character-set` naming one of them is honoured.
const UTF8_NAMES: [&str; 3] = ["utf8mb4", "utf8", "utf8mb3"];

/// What to do with one key of a client group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientKey {
    /// A setting rowwise uses: store it under this key with this value.
    Honour(String, Option<String>),
    /// Honoured because it asks for what rowwise does anyway.
    AlreadySo,
    /// Warn: `ignored: ...`.
    Ignore(String),
}

/// Classifies `key = value` from a client group. `connection_keys` are the keys rowwise
/// honours. The mysql client's prefixes are understood: `loose-` (no error if unknown),
/// `skip-` / `disable-` (off) and `enable-` (on).
pub fn classify_client_key(key: &str, value: Option<&str>, connection_keys: &[&str]) -> ClientKey {
    let (key, loose) = match key.strip_prefix("loose-") {
        Some(rest) => (rest, true),
        None => (key, false),
    };
    if connection_keys.contains(&key) {
        return ClientKey::Honour(key.to_owned(), value.map(str::to_owned));
    }
    // TLS, authentication and session options (`ssl-mode`, `compress`, ...).
    if let Some((key, value)) = super::connect_args::stored_key(key, value.map(str::to_owned)) {
        return ClientKey::Honour(key.to_owned(), value);
    }
    for (prefix, switch) in [("skip-", "0"), ("disable-", "0"), ("enable-", "1")] {
        if let Some(base) = key.strip_prefix(prefix)
            && connection_keys.contains(&base)
            && value.is_none()
        {
            return ClientKey::Honour(base.to_owned(), Some(switch.to_owned()));
        }
    }
    if key == "default-character-set"
        && value.is_some_and(|v| UTF8_NAMES.contains(&v.trim().to_ascii_lowercase().as_str()))
    {
        return ClientKey::AlreadySo;
    }
    let known = MYSQL_CLIENT_KEYS.contains(&key)
        || ["skip-", "disable-", "enable-"].iter().any(|p| {
            key.strip_prefix(p)
                .is_some_and(|base| MYSQL_CLIENT_KEYS.contains(&base))
        });
    ClientKey::Ignore(if key == "default-character-set" {
        "rowwise always uses utf8mb4 (default-character-set)".to_owned()
    } else if key == "prompt" {
        "rowwise does not read the mysql client's prompt; set prompt in [rowwise] (escapes \\u \\d \\h)".to_owned()
    } else if known {
        format!("rowwise does not support {key}")
    } else if loose {
        format!("loose-{key} is not a mysql client option rowwise knows")
    } else {
        format!("{key} is not a mysql client option")
    })
}

/// Settings that say how to reach a server.
pub const CONNECTION_KEYS: [&str; 12] = [
    "connect-timeout",
    "host",
    "port",
    "socket",
    "user",
    "password",
    "database",
    "ssl",
    "ssl-ca",
    "ssl-cert",
    "ssl-key",
    "ssl-verify-server-cert",
];

/// Options of the mysql client that rowwise honours besides the connection settings, in
/// its groups and in `[rowwise]`.
pub const CLIENT_OPTION_KEYS: [&str; 4] = [
    "column-type-info",
    "local-infile",
    "load-data-local-dir",
    "auto-vertical-output",
];

/// The keys honoured in the mysql client's groups: [`CONNECTION_KEYS`] and
/// [`CLIENT_OPTION_KEYS`].
pub fn honoured_client_keys() -> Vec<&'static str> {
    CONNECTION_KEYS
        .iter()
        .chain(CLIENT_OPTION_KEYS.iter())
        .copied()
        .collect()
}

/// rowwise's own settings (in `[rowwise]`); [`super::REFUSED_TOOL_KEYS`] are refused.
pub const TOOL_KEYS: [&str; 6] = [
    "theme",
    "prompt",
    "autocommit",
    "fetch-on-run",
    "format",
    "pager",
];

#[cfg(test)]
mod tests {
    use super::*;

    const HONOURED: [&str; 3] = ["host", "ssl", "password"];

    #[test]
    fn prefixes_and_character_sets_are_understood() {
        assert_eq!(
            classify_client_key("skip-ssl", None, &HONOURED),
            ClientKey::Honour("ssl".into(), Some("0".into()))
        );
        assert_eq!(
            classify_client_key("loose-host", Some("db"), &HONOURED),
            ClientKey::Honour("host".into(), Some("db".into()))
        );
        assert_eq!(
            classify_client_key("default-character-set", Some("UTF8MB4"), &HONOURED),
            ClientKey::AlreadySo
        );
        assert_eq!(
            classify_client_key("default-character-set", Some("latin1"), &HONOURED),
            ClientKey::Ignore("rowwise always uses utf8mb4 (default-character-set)".into())
        );
        assert_eq!(
            classify_client_key("ssl-mode", Some("REQUIRED"), &HONOURED),
            ClientKey::Honour("ssl-mode".into(), Some("REQUIRED".into()))
        );
        assert_eq!(
            classify_client_key("skip-auto-rehash", None, &HONOURED),
            ClientKey::Ignore("rowwise does not support skip-auto-rehash".into())
        );
        assert_eq!(
            classify_client_key("prompt", Some("\\N> "), &HONOURED),
            ClientKey::Ignore(
                "rowwise does not read the mysql client's prompt; set prompt in [rowwise] (escapes \\u \\d \\h)".into()
            )
        );
        assert_eq!(
            classify_client_key("frobnicate", None, &HONOURED),
            ClientKey::Ignore("frobnicate is not a mysql client option".into())
        );
    }
}
