//! The mysql client's TLS, authentication and session options (`--ssl-mode`, `--ssl-capath`,
//! `--compress`, `--init-command`, ...): flags, option-file keys, URL parameters, and how
//! they become [`TlsOptions`] and the rest of [`ConnectOptions`].
//!
//! `--ssl-mode` decides; without it `--ssl` means REQUIRED and `--skip-ssl` DISABLED;
//! without either, `--ssl-ca`/`--ssl-capath` mean `VERIFY_CA`, `--ssl-cert` REQUIRED, and
//! nothing PREFERRED. `--ssl-verify-server-cert` raises any of these to `VERIFY_IDENTITY`.

use std::path::PathBuf;

use super::{Config, ConfigError, Setting};
use crate::db::tls::{SslMode, allowed_ciphers, narrow_tls13};
use crate::db::{ConnectOptions, TlsOptions};

/// The flags (declarations only; flattened into [`super::Args`]).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ConnectArgs {
    /// TLS: DISABLED, PREFERRED (the default: TLS when the server offers it), REQUIRED,
    /// `VERIFY_CA` (the certificate must chain to --ssl-ca), `VERIFY_IDENTITY` (and name the host).
    #[arg(long, global = true, value_name = "MODE")]
    pub ssl_mode: Option<String>,

    /// Do not use TLS (as --ssl-mode=DISABLED).
    #[arg(long, global = true, overrides_with = "ssl")]
    pub skip_ssl: bool,

    /// Directory of CA certificates (PEM) to trust.
    #[arg(long, global = true, value_name = "DIR")]
    pub ssl_capath: Option<PathBuf>,

    /// Allowed TLS ciphers, ':'-separated (OpenSSL names).
    #[arg(long, global = true, value_name = "CIPHERS")]
    pub ssl_cipher: Option<String>,

    /// Allowed TLS versions, ','-separated (TLSv1.2, TLSv1.3).
    #[arg(long, global = true, value_name = "VERSIONS")]
    pub tls_version: Option<String>,

    /// Allowed TLSv1.3 cipher suites, ':'-separated.
    #[arg(long, global = true, value_name = "SUITES")]
    pub tls_ciphersuites: Option<String>,

    /// Certificate revocation lists: not supported (an error, so that no one believes
    /// revoked certificates are refused).
    #[arg(long, global = true, value_name = "PATH")]
    pub ssl_crl: Option<PathBuf>,

    /// Directory of certificate revocation lists: not supported (an error).
    #[arg(long, global = true, value_name = "DIR")]
    pub ssl_crlpath: Option<PathBuf>,

    /// Ask the server for its RSA key when `caching_sha2_password` needs it over plain TCP
    /// (rowwise's driver always does so when --server-public-key-path is not given).
    #[arg(long, global = true)]
    pub get_server_public_key: bool,

    /// The server's RSA public key (PEM) for `caching_sha2_password` over plain TCP.
    #[arg(long, global = true, value_name = "PATH")]
    pub server_public_key_path: Option<PathBuf>,

    /// Allow the `mysql_clear_password` plugin (sends the password unencrypted).
    #[arg(long, global = true)]
    pub enable_cleartext_plugin: bool,

    /// Compress the client/server protocol.
    #[arg(short = 'C', long, global = true)]
    pub compress: bool,

    /// SQL to run after connecting (and after every reconnect).
    #[arg(long, global = true, value_name = "SQL")]
    pub init_command: Option<String>,
}

/// Option-file keys (in `[client]` and `[rowwise]`) and URL parameters read here.
pub const KEYS: [&str; 12] = [
    "ssl-mode",
    "ssl-capath",
    "ssl-cipher",
    "tls-version",
    "tls-ciphersuites",
    "ssl-crl",
    "ssl-crlpath",
    "get-server-public-key",
    "server-public-key-path",
    "enable-cleartext-plugin",
    "compress",
    "init-command",
];

/// An option-file or URL key as stored: `skip-ssl` is `ssl=0`, so that the later of the
/// two wins; `None` for a key not read here.
pub fn stored_key(key: &str, value: Option<String>) -> Option<(&'static str, Option<String>)> {
    if key == "skip-ssl" {
        return Some(("ssl", Some("0".to_owned())));
    }
    KEYS.iter().find(|k| **k == key).map(|k| (*k, value))
}

impl ConnectArgs {
    /// The settings these flags make, as (key, value) pairs.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
        let on = |b: bool| b.then(|| "1".to_owned());
        [
            ("ssl-mode", self.ssl_mode.clone()),
            ("ssl", self.skip_ssl.then(|| "0".to_owned())),
            ("ssl-capath", path(&self.ssl_capath)),
            ("ssl-cipher", self.ssl_cipher.clone()),
            ("tls-version", self.tls_version.clone()),
            ("tls-ciphersuites", self.tls_ciphersuites.clone()),
            ("ssl-crl", path(&self.ssl_crl)),
            ("ssl-crlpath", path(&self.ssl_crlpath)),
            ("get-server-public-key", on(self.get_server_public_key)),
            ("server-public-key-path", path(&self.server_public_key_path)),
            ("enable-cleartext-plugin", on(self.enable_cleartext_plugin)),
            ("compress", on(self.compress)),
            ("init-command", self.init_command.clone()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }
}

fn bad(config: &Config, key: &str, message: String) -> ConfigError {
    let setting = config.get(key).cloned().unwrap_or(Setting {
        value: None,
        source: super::Source::Default,
    });
    ConfigError::BadValue {
        key: key.to_owned(),
        value: setting.value.unwrap_or_default(),
        origin: setting.source,
        message,
    }
}

/// The TLS mode the settings ask for.
///
/// # Failure
/// An unknown `ssl-mode`, or `ssl-verify-server-cert` with TLS disabled.
pub fn ssl_mode(config: &Config) -> Result<SslMode, ConfigError> {
    let explicit = match config.value("ssl-mode") {
        Some(text) => Some(SslMode::parse(text).ok_or_else(|| {
            bad(
                config,
                "ssl-mode",
                "expected DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY".into(),
            )
        })?),
        None => None,
    };
    let legacy = config.get("ssl").map(|_| {
        if config.flag("ssl") {
            SslMode::Required
        } else {
            SslMode::Disabled
        }
    });
    let mode = explicit.or(legacy).unwrap_or_else(|| {
        if config.value("ssl-ca").is_some() || config.value("ssl-capath").is_some() {
            SslMode::VerifyCa
        } else if config.value("ssl-cert").is_some() || config.value("ssl-key").is_some() {
            SslMode::Required
        } else {
            SslMode::Preferred
        }
    });
    if !config.flag("ssl-verify-server-cert") {
        return Ok(mode);
    }
    if mode == SslMode::Disabled {
        return Err(bad(
            config,
            "ssl-verify-server-cert",
            "the server certificate cannot be verified with TLS disabled (ssl-mode DISABLED)"
                .into(),
        ));
    }
    Ok(SslMode::VerifyIdentity)
}

/// Fills the TLS, authentication and session parts of `options`.
///
/// # Failure
/// [`ConfigError::BadValue`] for an unknown mode, a certificate without its key (or the
/// reverse), a cipher or TLS version the driver cannot offer.
pub fn apply(config: &Config, options: &mut ConnectOptions) -> Result<(), ConfigError> {
    let path = |key: &str| config.value(key).map(PathBuf::from);
    let cert_key_error = |given: &str, missing: &str| {
        bad(
            config,
            given,
            format!("--{given} needs --{missing} too (a client certificate and its private key)"),
        )
    };
    match (path("ssl-cert"), path("ssl-key")) {
        (Some(_), None) => return Err(cert_key_error("ssl-cert", "ssl-key")),
        (None, Some(_)) => return Err(cert_key_error("ssl-key", "ssl-cert")),
        _ => {}
    }
    let ciphers = allowed_ciphers(config.value("ssl-cipher"), config.value("tls-version"))
        .map_err(|message| {
            let key = if config.value("ssl-cipher").is_some() && !message.contains("version") {
                "ssl-cipher"
            } else {
                "tls-version"
            };
            bad(config, key, message)
        })?;
    let ciphers = match config.get("tls-ciphersuites") {
        Some(setting) => {
            let list = setting.value.as_deref().unwrap_or_default();
            narrow_tls13(ciphers, list).map_err(|m| bad(config, "tls-ciphersuites", m))?
        }
        None => ciphers,
    };
    for key in ["ssl-crl", "ssl-crlpath"] {
        if config.get(key).is_some() {
            return Err(bad(
                config,
                key,
                "rowwise's TLS library is not given revocation lists, so it cannot refuse a \
                 revoked certificate; remove the option"
                    .into(),
            ));
        }
    }
    options.tls = TlsOptions {
        mode: ssl_mode(config)?,
        ca: path("ssl-ca"),
        capath: path("ssl-capath"),
        cert: path("ssl-cert"),
        key: path("ssl-key"),
        ciphers,
    };
    options.compress = config.flag("compress");
    options.init_command = config.value("init-command").map(str::to_owned);
    options.enable_cleartext_plugin = config.flag("enable-cleartext-plugin");
    options.server_public_key_path = path("server-public-key-path");
    Ok(())
}

/// The `--print-defaults` line about TLS: the mode asked for and why.
pub fn summary(config: &Config) -> String {
    match ssl_mode(config) {
        Ok(mode) => format!(
            "# ssl-mode in effect: {mode} (what is negotiated shows in \\s and the status bar)\n"
        ),
        Err(e) => format!("# ssl-mode: {e}\n"),
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::super::{Args, Dirs, Inputs, normalize_password_flag};
    use super::*;

    fn mode_of(flags: &[&str]) -> Result<SslMode, ConfigError> {
        let argv = normalize_password_flag(
            ["rowwise", "--no-defaults"]
                .iter()
                .chain(flags)
                .map(std::ffi::OsString::from),
        );
        let args = Args::try_parse_from(argv).map_err(|e| ConfigError::Url {
            url: String::new(),
            message: e.to_string(),
        })?;
        let dirs = Dirs::default();
        let config = Config::resolve(&Inputs {
            args: &args,
            env: &|_| None,
            dirs: &dirs,
        })?;
        let mut options = ConnectOptions::new();
        apply(&config, &mut options)?;
        Ok(options.tls.mode)
    }

    #[test]
    fn the_mysql_client_flags_map_onto_ssl_modes() -> Result<(), ConfigError> {
        use SslMode::*;
        for (flags, want) in [
            (vec![], Preferred),
            (vec!["--ssl"], Required),
            (vec!["--skip-ssl"], Disabled),
            (vec!["--ssl", "--skip-ssl"], Disabled),
            (vec!["--skip-ssl", "--ssl"], Required),
            (vec!["--ssl-ca=/ca.pem"], VerifyCa),
            (vec!["--ssl-capath=/certs"], VerifyCa),
            (vec!["--ssl-cert=/c.pem", "--ssl-key=/k.pem"], Required),
            (vec!["--ssl-verify-server-cert"], VerifyIdentity),
            (
                vec!["--ssl-mode=verify_ca", "--ssl-verify-server-cert"],
                VerifyIdentity,
            ),
            (vec!["--ssl-mode=DISABLED", "--ssl-ca=/ca.pem"], Disabled),
            (vec!["--ssl", "--ssl-mode=PREFERRED"], Preferred),
        ] {
            assert_eq!(mode_of(&flags)?, want, "{flags:?}");
        }
        Ok(())
    }

    #[test]
    fn contradictions_and_half_identities_are_errors() {
        for flags in [
            vec!["--skip-ssl", "--ssl-verify-server-cert"],
            vec!["--ssl-cert=/c.pem"],
            vec!["--ssl-key=/k.pem"],
            vec!["--ssl-mode=ON"],
            vec!["--tls-version=TLSv1.0"],
            vec!["--ssl-crl=/crl.pem"],
            vec!["--tls-ciphersuites=ECDHE-RSA-AES128-GCM-SHA256"],
        ] {
            assert!(mode_of(&flags).is_err(), "{flags:?}");
        }
    }
}
