//! Connection URLs: `mysql://user:password@host:port/database?socket=/path`, with
//! percent-decoding of every part.

use percent_encoding::percent_decode_str;

use super::ConfigError;

/// What a URL says; absent parts are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlParts {
    /// User name.
    pub user: Option<String>,
    /// Password.
    pub password: Option<String>,
    /// Host.
    pub host: Option<String>,
    /// Port.
    pub port: Option<u16>,
    /// Database.
    pub database: Option<String>,
    /// Unix socket (`?socket=`).
    pub socket: Option<String>,
}

/// Does `text` look like a connection URL (rather than a database name)?
pub fn is_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("mysql://") || lower.starts_with("mariadb://")
}

fn decode(part: &str, url: &str) -> Result<String, ConfigError> {
    percent_decode_str(part)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| ConfigError::Url {
            url: redact(url),
            message: format!("'{part}' is not UTF-8 once decoded"),
        })
}

/// The URL with its password replaced by `*****`, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, hostport)) if userinfo.contains(':') => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!("{scheme}://{user}:*****@{hostport}{tail}")
        }
        _ => url.to_owned(),
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
    let mut parts = UrlParts::default();
    let hostport = match authority.rsplit_once('@') {
        Some((userinfo, hostport)) => {
            let (user, password) = match userinfo.split_once(':') {
                Some((u, p)) => (u, Some(p)),
                None => (userinfo, None),
            };
            if !user.is_empty() {
                parts.user = Some(decode(user, url)?);
            }
            if let Some(p) = password {
                parts.password = Some(decode(p, url)?);
            }
            hostport
        }
        None => authority,
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
        parts.host = Some(decode(host, url)?);
    }
    if let Some(port) = port.filter(|p| !p.is_empty()) {
        parts.port = Some(
            port.parse()
                .map_err(|_| err(format!("'{port}' is not a port number")))?,
        );
    }
    let path = path.trim_end_matches('/');
    if !path.is_empty() {
        parts.database = Some(decode(path, url)?);
    }
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "socket" => parts.socket = Some(decode(value, url)?),
            other => return Err(err(format!("unknown URL parameter '{other}'"))),
        }
    }
    Ok(parts)
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
