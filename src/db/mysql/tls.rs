//! TLS as the mysql client offers it: `--ssl-mode` and the `ssl-*` options, turned into the
//! driver's [`mysql::SslOpts`], and what a connection negotiated.
//!
//! The driver (rustls) offers TLS 1.2 and 1.3 and the cipher suites below; `--ssl-cipher` and
//! `--tls-version` can narrow that set, never widen it: asking for anything else is an error
//! that names the option.

use std::io::Write;
use std::path::{Path, PathBuf};

pub use crate::db::security::{Security, SslMode, Transport};

/// TLS settings: the mode and the `ssl-*` options of the mysql client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsOptions {
    /// How much TLS to insist on.
    pub mode: SslMode,
    /// PEM file of the certificate authorities to trust (`ssl-ca`).
    pub ca: Option<PathBuf>,
    /// Directory of PEM CA certificates to trust (`ssl-capath`).
    pub capath: Option<PathBuf>,
    /// PEM client certificate chain (`ssl-cert`); given with `key` or not at all.
    pub cert: Option<PathBuf>,
    /// PEM client private key (`ssl-key`).
    pub key: Option<PathBuf>,
    /// Cipher suites allowed, as rustls names them (from `ssl-cipher` / `tls-version`);
    /// empty: all the driver offers.
    pub ciphers: Vec<&'static str>,
}

/// Cipher suites the driver offers: the OpenSSL name (what `--ssl-cipher` and the
/// server's `Ssl_cipher` say), rustls' name, and the TLS version it belongs to.
pub const CIPHERS: [(&str, &str, &str); 9] = [
    (
        "TLS_AES_256_GCM_SHA384",
        "TLS13_AES_256_GCM_SHA384",
        "TLSv1.3",
    ),
    (
        "TLS_AES_128_GCM_SHA256",
        "TLS13_AES_128_GCM_SHA256",
        "TLSv1.3",
    ),
    (
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS13_CHACHA20_POLY1305_SHA256",
        "TLSv1.3",
    ),
    (
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLSv1.2",
    ),
    (
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLSv1.2",
    ),
    (
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLSv1.2",
    ),
    (
        "ECDHE-RSA-AES256-GCM-SHA384",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLSv1.2",
    ),
    (
        "ECDHE-RSA-AES128-GCM-SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLSv1.2",
    ),
    (
        "ECDHE-RSA-CHACHA20-POLY1305",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLSv1.2",
    ),
];

/// The rustls cipher suites allowed by `--ssl-cipher` (a `:`-separated list of OpenSSL or
/// IANA names) and `--tls-version` (a `,`-separated list such as `TLSv1.2,TLSv1.3`).
///
/// # Failure
/// A cipher or version the driver does not offer, or a combination that leaves no suite;
/// the message says what the driver offers.
pub fn allowed_ciphers(
    cipher: Option<&str>,
    tls_version: Option<&str>,
) -> Result<Vec<&'static str>, String> {
    let mut allowed: Vec<(&'static str, &'static str, &'static str)> = CIPHERS.to_vec();
    if let Some(list) = cipher {
        let mut chosen = Vec::new();
        for name in list.split(':').map(str::trim).filter(|n| !n.is_empty()) {
            let found = CIPHERS.iter().find(|(openssl, rustls, _)| {
                openssl.eq_ignore_ascii_case(name) || rustls.eq_ignore_ascii_case(name)
            });
            match found {
                Some(c) => chosen.push(*c),
                None => {
                    return Err(format!(
                        "rowwise's TLS library does not offer cipher '{name}'; it offers {}",
                        CIPHERS.map(|c| c.0).join(":")
                    ));
                }
            }
        }
        allowed = chosen;
    }
    if let Some(list) = tls_version {
        let mut versions = Vec::new();
        for v in list.split(',').map(str::trim).filter(|v| !v.is_empty()) {
            match ["TLSv1.2", "TLSv1.3"]
                .into_iter()
                .find(|known| known.eq_ignore_ascii_case(v))
            {
                Some(known) => versions.push(known),
                // Older versions are allowed to be listed; rowwise never offers them.
                None if ["TLSv1", "TLSv1.0", "TLSv1.1"]
                    .iter()
                    .any(|old| old.eq_ignore_ascii_case(v)) => {}
                None => return Err(format!("unknown TLS version '{v}' (TLSv1.2 or TLSv1.3)")),
            }
        }
        if versions.is_empty() {
            return Err(
                "rowwise's TLS library offers only TLSv1.2 and TLSv1.3; list one of them".into(),
            );
        }
        allowed.retain(|c| versions.contains(&c.2));
    }
    if allowed.is_empty() {
        return Err("no cipher of --ssl-cipher belongs to a version of --tls-version".into());
    }
    if cipher.is_none() && allowed.len() == CIPHERS.len() {
        return Ok(Vec::new());
    }
    Ok(allowed.into_iter().map(|c| c.1).collect())
}

/// Narrows `allowed` (rustls names; empty: all) to the TLSv1.3 suites of `list`
/// (`--tls-ciphersuites`, MySQL 8's `:`-separated list for TLSv1.3; TLSv1.2 suites stay as
/// they were). An empty list leaves TLSv1.3 out.
///
/// # Failure
/// A name that is not a TLSv1.3 suite the driver offers, or nothing left.
pub fn narrow_tls13(allowed: Vec<&'static str>, list: &str) -> Result<Vec<&'static str>, String> {
    let all: Vec<&'static str> = CIPHERS.iter().map(|c| c.1).collect();
    let base = if allowed.is_empty() { all } else { allowed };
    let tls13 = |rustls: &str| CIPHERS.iter().any(|c| c.1 == rustls && c.2 == "TLSv1.3");
    let mut chosen: Vec<&'static str> = base.iter().copied().filter(|c| !tls13(c)).collect();
    for name in list.split(':').map(str::trim).filter(|n| !n.is_empty()) {
        let found = CIPHERS.iter().find(|(openssl, rustls, version)| {
            *version == "TLSv1.3"
                && (openssl.eq_ignore_ascii_case(name) || rustls.eq_ignore_ascii_case(name))
        });
        match found {
            Some(c) if base.contains(&c.1) => chosen.push(c.1),
            Some(_) => {}
            None => {
                return Err(format!(
                    "'{name}' is not a TLSv1.3 cipher suite rowwise's TLS library offers \
                     (TLS_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256)"
                ));
            }
        }
    }
    if chosen.is_empty() {
        return Err("no cipher suite is left to offer".into());
    }
    Ok(chosen)
}

/// A CA bundle written for `--ssl-capath` (the driver takes one file): the certificates of
/// the directory, plus `--ssl-ca`'s. Removed when dropped.
pub(crate) struct CaBundle(PathBuf);

impl CaBundle {
    /// Writes the bundle: every `*.pem`, `*.crt` and hashed `*.N` file of `dir`, and `ca`.
    ///
    /// # Failure
    /// An unreadable directory or file, or a directory with no certificate.
    pub(crate) fn write(dir: &Path, ca: Option<&Path>) -> std::io::Result<CaBundle> {
        let mut pem = Vec::new();
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read(&file)?;
            if text
                .windows(27)
                .any(|w| w == b"-----BEGIN CERTIFICATE-----")
            {
                pem.extend_from_slice(&text);
                pem.push(b'\n');
            }
        }
        if pem.is_empty() {
            return Err(std::io::Error::other(format!(
                "no PEM certificate in {}",
                dir.display()
            )));
        }
        if let Some(ca) = ca {
            pem.extend_from_slice(&std::fs::read(ca)?);
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path =
            std::env::temp_dir().join(format!("rowwise-ca-{}-{nanos}.pem", std::process::id()));
        // create_new: never write through a file or link someone else put there.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        let bundle = CaBundle(path);
        file.write_all(&pem)?;
        Ok(bundle)
    }

    /// Where the bundle is.
    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for CaBundle {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The driver's TLS options for `tls` (`None` for DISABLED), trusting `ca_file`.
pub(crate) fn ssl_opts(tls: &TlsOptions, ca_file: Option<&Path>) -> Option<mysql::SslOpts> {
    let verify_chain = tls.mode >= SslMode::VerifyCa;
    let verify_name = tls.mode == SslMode::VerifyIdentity;
    if tls.mode == SslMode::Disabled {
        return None;
    }
    let mut ssl = mysql::SslOpts::default()
        .with_danger_accept_invalid_certs(!verify_chain)
        .with_danger_skip_domain_validation(!verify_name)
        .with_root_cert_path(ca_file.map(Path::to_path_buf));
    if let (Some(cert), Some(key)) = (&tls.cert, &tls.key) {
        ssl = ssl.with_client_identity(Some(mysql::ClientIdentity::new(cert.clone(), key.clone())));
    }
    if !tls.ciphers.is_empty() {
        let suites: Vec<rustls::SupportedCipherSuite> = rustls::crypto::ring::ALL_CIPHER_SUITES
            .iter()
            .filter(|s| {
                s.suite()
                    .as_str()
                    .is_some_and(|name| tls.ciphers.contains(&name))
            })
            .copied()
            .collect();
        ssl = ssl.with_cipher_suites(&suites);
    }
    Some(ssl)
}

/// Why a certificate did not verify, in the words the mysql client uses where it can.
pub(crate) fn certificate_reason(err: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    match err {
        rustls::Error::InvalidCertificate(cert) => match cert {
            C::UnknownIssuer => "certificate verify failed: unable to get local issuer certificate \
                 (the server's certificate is self-signed or signed by a CA not given with --ssl-ca)"
                .to_owned(),
            C::NotValidForName | C::NotValidForNameContext { .. } => format!(
                "certificate verify failed: hostname mismatch ({cert}; connect with a name the \
                 certificate was issued for, or use --ssl-mode=VERIFY_CA)"
            ),
            C::Expired | C::ExpiredContext { .. } => {
                "certificate verify failed: certificate has expired".to_owned()
            }
            C::NotValidYet | C::NotValidYetContext { .. } => {
                "certificate verify failed: certificate is not yet valid".to_owned()
            }
            C::Revoked => "certificate verify failed: certificate revoked".to_owned(),
            C::BadSignature | C::BadEncoding => {
                "certificate verify failed: the certificate is malformed".to_owned()
            }
            other => format!("certificate verify failed: {other}"),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_in_any_case_and_print_as_the_mysql_client_names_them() {
        assert_eq!(SslMode::parse("verify_ca"), Some(SslMode::VerifyCa));
        assert_eq!(SslMode::parse(" REQUIRED "), Some(SslMode::Required));
        assert_eq!(SslMode::parse("on"), None);
        for mode in SslMode::ALL {
            assert_eq!(SslMode::parse(mode.name()), Some(mode));
        }
    }

    #[test]
    fn ciphers_take_openssl_or_iana_names_and_refuse_others() {
        assert_eq!(allowed_ciphers(None, None), Ok(vec![]));
        assert_eq!(
            allowed_ciphers(Some("ECDHE-RSA-AES128-GCM-SHA256"), None),
            Ok(vec!["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"])
        );
        let err = allowed_ciphers(Some("DHE-RSA-AES256-SHA"), None).unwrap_err();
        assert!(err.contains("'DHE-RSA-AES256-SHA'"), "{err}");
    }

    #[test]
    fn tls_version_narrows_the_suites_and_refuses_only_old_versions() {
        let only13 = allowed_ciphers(None, Some("TLSv1.3")).unwrap();
        assert_eq!(only13.len(), 3);
        assert!(only13.iter().all(|c| c.starts_with("TLS13_")));
        assert_eq!(allowed_ciphers(None, Some("TLSv1.2,TLSv1.3")), Ok(vec![]));
        assert!(allowed_ciphers(None, Some("TLSv1.1")).is_err());
        assert!(allowed_ciphers(None, Some("SSLv3")).is_err());
        assert!(allowed_ciphers(Some("TLS_AES_128_GCM_SHA256"), Some("TLSv1.2")).is_err());
    }
}
