//! Opening a driver connection the way the mysql client does: `--ssl-mode` (PREFERRED
//! falls back to plaintext only when the server offers no TLS), `--init-command`, and
//! connect errors a person can act on (2026 for TLS, 2059 for an authentication plugin,
//! a hint when an account that needs TLS was reached in plaintext).

use mysql::Conn;
use mysql::prelude::Queryable;

use super::tls::{self, CaBundle, SslMode, Transport};
use super::{ConnectOptions, map_connect_error, map_error};
use crate::db::{DbError, ExceptionClass};

/// Connects, negotiating TLS as `options.tls.mode` asks, and runs the init command.
///
/// # Failure
/// 2026 when TLS is required and cannot be had (the server offers none, its certificate
/// does not verify, a client certificate cannot be read); 2059 for an authentication
/// plugin rowwise cannot or may not speak; otherwise as [`map_connect_error`].
pub(crate) fn open(options: &ConnectOptions) -> Result<(Conn, Transport), DbError> {
    let mode = options.tls.mode;
    check_readable(options, mode != SslMode::Disabled)?;
    let bundle = match (&options.tls.capath, mode) {
        (Some(dir), m) if m != SslMode::Disabled => Some(
            CaBundle::write(dir, options.tls.ca.as_deref()).map_err(|e| {
                let reason = super::os_error_text(&e.to_string());
                tls_error(&format!(
                    "cannot read --ssl-capath {}: {reason}",
                    dir.display()
                ))
            })?,
        ),
        _ => None,
    };
    let ca_file = bundle
        .as_ref()
        .map(CaBundle::path)
        .or(options.tls.ca.as_deref());
    let known_plain = mode == SslMode::Preferred && offers_no_tls(options, false);
    let ssl = tls::ssl_opts(&options.tls, ca_file).filter(|_| !known_plain);
    let wants_tls = ssl.is_some() && options.socket.is_none();
    let (mut conn, tls_used) = match Conn::new(options.to_mysql_opts(ssl)) {
        Ok(conn) => (conn, wants_tls),
        // The driver asks for TLS or nothing: PREFERRED learns from the refusal that the
        // server offers none, connects again in plaintext, and remembers it for this
        // endpoint so that reconnects, cancels and pools do not ask again.
        Err(mysql::Error::DriverError(mysql::DriverError::TlsNotSupported))
            if mode == SslMode::Preferred =>
        {
            offers_no_tls(options, true);
            let conn =
                Conn::new(options.to_mysql_opts(None)).map_err(|e| classify(e, options, false))?;
            (conn, false)
        }
        Err(e) => return Err(classify(e, options, wants_tls)),
    };
    drop(bundle);
    let transport = if options.socket.is_some() {
        Transport::Socket
    } else if tls_used {
        negotiated(&mut conn)?
    } else {
        Transport::Plaintext
    };
    Ok((conn, transport))
}

/// The TLS files named must be readable: the driver would report a missing one as if the
/// server could not be reached.
fn check_readable(options: &ConnectOptions, tls: bool) -> Result<(), DbError> {
    let t = &options.tls;
    let files = if tls { 3 } else { 0 };
    let named = [
        ("ssl-ca", &t.ca),
        ("ssl-cert", &t.cert),
        ("ssl-key", &t.key),
    ];
    for (flag, file) in named.into_iter().take(files) {
        if let Some(path) = file {
            std::fs::File::open(path).map_err(|e| {
                tls_error(&format!(
                    "cannot read --{flag} {}: {}",
                    path.display(),
                    super::os_error_text(&e.to_string())
                ))
            })?;
        }
    }
    if let Some(path) = &options.server_public_key_path {
        check_server_key(path)?;
    }
    Ok(())
}

/// The key of `--server-public-key-path` must be an RSA public key in PEM (`PUBLIC KEY`):
/// the driver cannot report anything else as an error.
fn check_server_key(path: &std::path::Path) -> Result<(), DbError> {
    use rustls::pki_types::SubjectPublicKeyInfoDer;
    use rustls::pki_types::pem::PemObject;
    // rsaEncryption, 1.2.840.113549.1.1.1
    const RSA_OID: [u8; 11] = [6, 9, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 1];
    let fail = |why: String| {
        DbError::client(
            ExceptionClass::InterfaceError,
            2061,
            format!(
                "Authentication plugin 'caching_sha2_password' reported error: \
                 --server-public-key-path {}: {why}",
                path.display()
            ),
        )
    };
    let bytes = std::fs::read(path).map_err(|e| fail(super::os_error_text(&e.to_string())))?;
    let key = SubjectPublicKeyInfoDer::from_pem_slice(&bytes)
        .map_err(|_| fail("not a public key in PEM (-----BEGIN PUBLIC KEY-----)".into()))?;
    let der: &[u8] = key.as_ref();
    if !der.windows(RSA_OID.len()).any(|w| w == RSA_OID) {
        return Err(fail("not an RSA public key".into()));
    }
    Ok(())
}

/// Did the server at this endpoint offer no TLS earlier in this process? With `learnt`,
/// notes that it did not.
fn offers_no_tls(options: &ConnectOptions, learnt: bool) -> bool {
    static PLAIN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let endpoint = options.endpoint();
    let Ok(mut plain) = PLAIN.lock() else {
        return false;
    };
    if learnt && !plain.contains(&endpoint) {
        plain.push(endpoint.clone());
    }
    plain.contains(&endpoint)
}

/// Runs `--init-command` on a fresh session.
///
/// # Failure
/// The server's error for the command.
pub(crate) fn run_init_command(conn: &mut Conn, options: &ConnectOptions) -> Result<(), DbError> {
    match options
        .init_command
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        Some(sql) => conn.query_drop(sql).map_err(|e| {
            let mut err = map_error(e);
            err.msg.push_str(" (in --init-command)");
            err
        }),
        None => Ok(()),
    }
}

/// The TLS version and cipher, as the server reports them (once, at connect).
fn negotiated(conn: &mut Conn) -> Result<Transport, DbError> {
    let rows: Vec<(String, String)> = conn
        .query("SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_version', 'Ssl_cipher')")
        .map_err(map_error)?;
    let get = |name: &str| {
        rows.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    Ok(Transport::Tls {
        version: get("Ssl_version"),
        cipher: get("Ssl_cipher"),
    })
}

fn tls_error(detail: &str) -> DbError {
    DbError::client(
        ExceptionClass::InterfaceError,
        2026,
        format!("SSL connection error: {detail}"),
    )
}

fn plugin_error(plugin: &str, detail: &str) -> DbError {
    DbError::client(
        ExceptionClass::InterfaceError,
        2059,
        format!("Authentication plugin '{plugin}' cannot be loaded: {detail}"),
    )
}

/// The rustls error inside an I/O error of the handshake, if that is what it is.
fn rustls_error(err: &mysql::Error) -> Option<&rustls::Error> {
    use mysql::mysql_common::proto::codec::error::PacketCodecError;
    let (mysql::Error::IoError(io) | mysql::Error::CodecError(PacketCodecError::Io(io))) = err
    else {
        return None;
    };
    io.get_ref()?.downcast_ref::<rustls::Error>()
}

/// A connect error as the mysql client reports it; `tls` says whether TLS was asked for
/// (a server error on a plaintext connection may be an account that needs TLS).
pub(crate) fn classify(err: mysql::Error, options: &ConnectOptions, tls: bool) -> DbError {
    if let Some(e) = rustls_error(&err) {
        return tls_error(&tls::certificate_reason(e));
    }
    match err {
        mysql::Error::DriverError(mysql::DriverError::TlsNotSupported) => {
            tls_error("SSL is required, but the server does not support it")
        }
        mysql::Error::TlsError(e) => tls_error(&match &e {
            mysql::error::tls::TlsError::Tls(inner) => tls::certificate_reason(inner),
            other => other.to_string(),
        }),
        mysql::Error::DriverError(mysql::DriverError::UnknownAuthPlugin(name))
            if name != "mysql_clear_password" =>
        {
            plugin_error(&name, "rowwise does not support this authentication plugin")
        }
        mysql::Error::DriverError(
            mysql::DriverError::CleartextPluginDisabled | mysql::DriverError::UnknownAuthPlugin(_),
        ) => plugin_error(
            "mysql_clear_password",
            "plugin not enabled (it sends the password unencrypted; allow it with \
             --enable-cleartext-plugin)",
        ),
        mysql::Error::DriverError(mysql::DriverError::OldMysqlPasswordDisabled) => plugin_error(
            "mysql_old_password",
            "the pre-4.1 password hash is insecure and not supported",
        ),
        mysql::Error::MySqlError(e) if e.code == 1045 && !tls => {
            let hint = if options.socket.is_some() {
                "the connection went through the unix socket, where rowwise uses no TLS: if the \
                 account requires SSL, connect over TCP (-h 127.0.0.1) to a server with TLS"
            } else {
                "the connection was not encrypted: if the account requires SSL (REQUIRE SSL or \
                 X509), connect to a server with TLS, with --ssl-mode=REQUIRED or stricter"
            };
            DbError::server(
                u32::from(e.code),
                Some(&e.state),
                format!("{} ({hint})", e.message),
            )
        }
        other => map_connect_error(other, options),
    }
}
