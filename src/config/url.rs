//! Connection URLs: `mysql://user:password@host:port/database?socket=/path`, with
//! percent-decoding of every part.

use percent_encoding::percent_decode_str;

use super::ConfigError;

/// What a URL says; absent parts are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlParts {
    /// The user name, percent-decoded.
    pub user: Option<String>,
    /// The password, percent-decoded (`%40` is `@`); [`redact`] hides it in messages.
    pub password: Option<String>,
    /// The host name or address, percent-decoded; an IPv6 address without its brackets.
    pub host: Option<String>,
    /// The TCP port after the host's `:`.
    pub port: Option<u16>,
    /// The path after the host, percent-decoded, without a trailing `/`.
    pub database: Option<String>,
    /// Unix socket (`?socket=`).
    pub socket: Option<String>,
    /// TLS and session parameters (`?ssl-mode=REQUIRED&ssl-ca=...`), as option-file keys.
    pub options: Vec<(String, String)>,
}

/// Does `text` look like a connection URL (rather than a database name)?
pub fn is_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("mysql://") || lower.starts_with("mariadb://")
}

/// Percent-decodes `part`; `what` names it in the error, which never shows the text itself
/// (it may be the password).
fn decode(part: &str, what: &str, url: &str) -> Result<String, ConfigError> {
    percent_decode_str(part)
        .decode_utf8()
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| ConfigError::Url {
            url: redact(url),
            message: format!("the {what} is not UTF-8 once decoded"),
        })
}

/// The URL with its password replaced by `*****`, for messages.
///
/// A password typed with a raw `/` or `?` (it should be `%2F`, `%3F`) still ends at the
/// last `@`: everything from the first `:` to there is hidden, at the cost of hiding a
/// little more than the password in odd URLs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, after)) = rest.rsplit_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:*****@{after}"),
        None => url.to_owned(),
    }
}

/// Parses a `mysql://` or `mariadb://` URL.
///
/// # Failure
/// [`ConfigError::Url`] for another scheme, a bad port, bad percent-encoding or an
/// unknown query parameter. The password never appears in the message.
pub fn parse(url: &str) -> Result<UrlParts, ConfigError> {
    let err = |message: String| ConfigError::Url {
        url: redact(url),
        message,
    };
    if !is_url(url) {
        return Err(err(
            "expected mysql://user:password@host:port/database".into()
        ));
    }
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = before_query.split_once('/').unwrap_or((before_query, ""));
    // `user:pa/ss@host` or `user:pa?ss@host`: the authority ends at the raw `/` or `?`, so
    // what looks like a host and port is a piece of the password, and the rest would be
    // read as a database or a parameter and echoed in errors. `host:3306/a@b` looks the
    // same, so an `@` after the authority is refused either way: say what to do, show none
    // of it.
    if !authority.contains('@') && (path.contains('@') || query.contains('@')) {
        return Err(err(
            "a '/', '?' or '@' in the user name, password or database name must be percent-encoded (%2F, %3F, %40)"
                .into(),
        ));
    }
    let mut parts = UrlParts::default();
    let hostport = authority_parts(&mut parts, authority, url)?;
    host_and_port(&mut parts, hostport, url)?;
    let path = path.trim_end_matches('/');
    if !path.is_empty() {
        parts.database = Some(decode(path, "database name", url)?);
    }
    query_parts(&mut parts, query, url)?;
    Ok(parts)
}

/// `user:password@` into `parts`; returns what follows, the host and port.
fn authority_parts<'a>(
    parts: &mut UrlParts,
    authority: &'a str,
    url: &str,
) -> Result<&'a str, ConfigError> {
    let Some((userinfo, hostport)) = authority.rsplit_once('@') else {
        return Ok(authority);
    };
    let (user, password) = match userinfo.split_once(':') {
        Some((u, p)) => (u, Some(p)),
        None => (userinfo, None),
    };
    if !user.is_empty() {
        parts.user = Some(decode(user, "user name", url)?);
    }
    if let Some(p) = password {
        parts.password = Some(decode(p, "password", url)?);
    }
    Ok(hostport)
}

/// `host:port`, `[ipv6]:port`, either part optional.
fn host_and_port(parts: &mut UrlParts, hostport: &str, url: &str) -> Result<(), ConfigError> {
    let err = |message: String| ConfigError::Url {
        url: redact(url),
        message,
    };
    let (host, port) = if let Some(bracketed) = hostport.strip_prefix('[') {
        let (host, after) = bracketed
            .split_once(']')
            .ok_or_else(|| err("unclosed '[' in host".into()))?;
        (host, after.strip_prefix(':'))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    if !host.is_empty() {
        parts.host = Some(decode(host, "host", url)?);
    }
    if let Some(port) = port.filter(|p| !p.is_empty()) {
        parts.port = Some(
            port.parse()
                .map_err(|_| err(format!("'{port}' is not a port number")))?,
        );
    }
    Ok(())
}

/// `?socket=...&ssl-ca=...`: the socket, and the connection settings a URL may carry
/// (`_` read as `-`); any other parameter is refused by name.
fn query_parts(parts: &mut UrlParts, query: &str, url: &str) -> Result<(), ConfigError> {
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key == "socket" {
            parts.socket = Some(decode(value, "socket path", url)?);
            continue;
        }
        let name = key.replace('_', "-");
        let known = name == "ssl"
            || ["ssl-ca", "ssl-cert", "ssl-key"].contains(&name.as_str())
            || super::connect_args::KEYS.contains(&name.as_str());
        if !known {
            return Err(ConfigError::Url {
                url: redact(url),
                message: format!("unknown URL parameter '{key}'"),
            });
        }
        parts.options.push((name, decode(value, "parameter", url)?));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_is_read_and_percent_decoded() -> Result<(), ConfigError> {
        let p = parse("mysql://app%40corp:p%3Ass%2Fw@db.example:3307/shop%20db")?;
        assert_eq!(p.user.as_deref(), Some("app@corp"));
        assert_eq!(p.password.as_deref(), Some("p:ss/w"));
        assert_eq!(p.host.as_deref(), Some("db.example"));
        assert_eq!(p.port, Some(3307));
        assert_eq!(p.database.as_deref(), Some("shop db"));
        Ok(())
    }

    #[test]
    fn parts_may_be_missing() -> Result<(), ConfigError> {
        assert_eq!(
            parse("mariadb://localhost")?,
            UrlParts {
                host: Some("localhost".into()),
                ..Default::default()
            }
        );
        let p = parse("mysql://root@/test?socket=%2Ftmp%2Fm.sock")?;
        assert_eq!(
            (p.user.as_deref(), p.host, p.socket.as_deref()),
            (Some("root"), None, Some("/tmp/m.sock"))
        );
        assert_eq!(parse("mysql://[::1]:3306/")?.host.as_deref(), Some("::1"));
        Ok(())
    }

    /// A password with a raw `/` cut the authority short, so the error showed part of the
    /// password as a bad port and the redaction (which looked for `@` only up to the `/`)
    /// showed the whole URL; a password that did not decode to UTF-8 was quoted.
    #[test]
    fn a_password_with_a_raw_slash_or_bad_encoding_is_never_shown() {
        for url in [
            "mysql://u:se/cret@h:3306/db",
            "mysql://u:se?cret@h/db",
            "mysql://u:secret%ff@h/db",
            "mysql://u:secret@h:notaport/db",
        ] {
            let msg = parse(url).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(!msg.is_empty(), "{url} parsed");
            for piece in ["se", "cret", "secret"] {
                assert!(!msg.contains(&format!(":{piece}")), "{msg}");
            }
            assert!(!msg.contains("cret"), "{msg}");
        }
        assert_eq!(redact("mysql://u:p/w@h/db"), "mysql://u:*****@h/db");
        // `u:2024/Summer@h` cannot be told from a database `Summer@h` on host `u`: an `@`
        // after the authority must be encoded, and then the database parses.
        for url in ["mysql://u:2024/Summer@h/db", "mysql://u:2024?Summer@h/db"] {
            let msg = parse(url).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(msg.contains("must be percent-encoded"), "{url}: {msg}");
            assert!(!msg.contains("Summer"), "{msg}");
        }
        assert_eq!(
            parse("mysql://h:3306/a%40b").ok().and_then(|p| p.database),
            Some("a@b".into())
        );
    }

    #[test]
    fn errors_never_show_the_password() {
        let msg = parse("mysql://u:topsecret@h:notaport/db")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.contains("notaport"), "{msg}");
        assert!(!msg.contains("topsecret"), "{msg}");
    }
}
