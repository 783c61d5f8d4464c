//! The TLS mode a connection asks for and what it got, in words the status bar and `\s`
//! show for any database (the SQLite demo has none).

use std::fmt;

/// `--ssl-mode`: how much TLS the client insists on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum SslMode {
    /// Never TLS.
    Disabled,
    /// TLS when the server offers it, else plaintext; the certificate is not checked.
    #[default]
    Preferred,
    /// TLS or no connection; the certificate is not checked.
    Required,
    /// TLS, and the certificate must chain to a trusted CA.
    VerifyCa,
    /// As `VerifyCa`, and the certificate must name the host connected to.
    VerifyIdentity,
}

impl SslMode {
    /// All modes, weakest first.
    pub const ALL: [SslMode; 5] = [
        SslMode::Disabled,
        SslMode::Preferred,
        SslMode::Required,
        SslMode::VerifyCa,
        SslMode::VerifyIdentity,
    ];

    /// Reads a mode name as the mysql client does (any case).
    pub fn parse(text: &str) -> Option<SslMode> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(text))
    }

    /// The mysql client's name of the mode (`VERIFY_CA`).
    pub fn name(self) -> &'static str {
        match self {
            SslMode::Disabled => "DISABLED",
            SslMode::Preferred => "PREFERRED",
            SslMode::Required => "REQUIRED",
            SslMode::VerifyCa => "VERIFY_CA",
            SslMode::VerifyIdentity => "VERIFY_IDENTITY",
        }
    }
}

impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a connection runs over, as negotiated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Transport {
    /// TLS, with the server's `Ssl_version` and `Ssl_cipher`.
    Tls {
        /// `TLSv1.3`
        version: String,
        /// `TLS_AES_256_GCM_SHA384`
        cipher: String,
    },
    /// TCP without TLS.
    #[default]
    Plaintext,
    /// A unix socket (local; rowwise does not use TLS over it).
    Socket,
}

impl Transport {
    /// Is the connection encrypted?
    pub fn is_tls(&self) -> bool {
        matches!(self, Transport::Tls { .. })
    }

    /// A short word for a status bar: `TLSv1.3`, `plaintext`, `socket`.
    pub fn short(&self) -> String {
        match self {
            Transport::Tls { version, .. } => version.clone(),
            Transport::Plaintext => "plaintext".to_owned(),
            Transport::Socket => "socket".to_owned(),
        }
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Transport::Tls { version, cipher } => write!(f, "{version}, cipher {cipher}"),
            Transport::Plaintext => f.write_str("plaintext (not encrypted)"),
            Transport::Socket => f.write_str("unix socket (local, no TLS)"),
        }
    }
}

/// The TLS mode asked for and what the connection got: for the status bar and `\s`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Security {
    /// `--ssl-mode`.
    pub mode: SslMode,
    /// What was negotiated.
    pub transport: Transport,
}

impl Security {
    /// For a status bar: `TLSv1.3 (PREFERRED)`, `plaintext (DISABLED)`.
    pub fn short(&self) -> String {
        format!("{} ({})", self.transport.short(), self.mode)
    }
}

impl fmt::Display for Security {
    /// For `\s`: `TLSv1.3, cipher TLS_AES_256_GCM_SHA384 (ssl-mode PREFERRED)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (ssl-mode {})", self.transport, self.mode)
    }
}
