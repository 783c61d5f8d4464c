//! A scripted server speaking MySQL 8's `caching_sha2_password`, since no MySQL 8 can be
//! installed here (Debian ships MariaDB; the PyPI/npm packages found either lack the
//! plugin or download MySQL at run time). It checks what the client sends with
//! independent code: the fast-path scramble with the `sha2` crate, the RSA full path by
//! decrypting with the `openssl` command. Every query after login gets an OK packet.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use sha2::{Digest, Sha256};

const NONCE: &[u8; 20] = b"0123456789abcdefghij";

/// How the login went, as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// The fast path's scramble was right (or wrong).
    Fast { scramble_ok: bool },
    /// Full authentication; the password arrived in clear (socket or TLS).
    Clear { password: Vec<u8> },
    /// Full authentication with RSA; `asked_for_key` when the client asked for the key.
    Rsa {
        asked_for_key: bool,
        password: Vec<u8>,
    },
    /// The client went away during login.
    Gone,
}

/// The RSA key pair the server uses (made with openssl).
pub struct RsaKey {
    /// Private key (PEM).
    pub private: PathBuf,
    /// Public key (PEM, `PUBLIC KEY`), as MySQL's `public_key.pem`.
    pub public: PathBuf,
}

impl RsaKey {
    /// Makes a 2048-bit key pair in `dir`.
    pub fn generate(dir: &Path) -> RsaKey {
        let private = dir.join("sha2-private.pem");
        let public = dir.join("sha2-public.pem");
        for args in [
            vec![
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
            ],
            vec!["pkey", "-pubout", "-in"],
        ] {
            let mut cmd = Command::new(super::find_program("openssl"));
            cmd.args(&args).arg(&private);
            if args[0] == "pkey" {
                cmd.arg("-out").arg(&public);
            }
            let out = cmd.output().unwrap_or_else(|e| panic!("openssl: {e}"));
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        RsaKey { private, public }
    }

    fn decrypt(&self, data: &[u8]) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let input = dir.path().join("in");
        std::fs::write(&input, data).unwrap_or_else(|e| panic!("{e}"));
        let out = Command::new(super::find_program("openssl"))
            .args([
                "pkeyutl",
                "-decrypt",
                "-pkeyopt",
                "rsa_padding_mode:oaep",
                "-inkey",
            ])
            .arg(&self.private)
            .arg("-in")
            .arg(&input)
            .output()
            .unwrap_or_else(|e| panic!("openssl: {e}"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }
}

fn packet(seq: u8, payload: &[u8]) -> Vec<u8> {
    let len = payload.len() as u32;
    let mut out = vec![len as u8, (len >> 8) as u8, (len >> 16) as u8, seq];
    out.extend_from_slice(payload);
    out
}

fn read_packet(stream: &mut dyn ReadWrite) -> Option<(u8, Vec<u8>)> {
    let mut header = [0u8; 4];
    stream.read_exact(&mut header).ok()?;
    let len = usize::from(header[0]) | usize::from(header[1]) << 8 | usize::from(header[2]) << 16;
    let mut payload = vec![0u8; len];
    stream.read_exact(&mut payload).ok()?;
    Some((header[3], payload))
}

fn greeting() -> Vec<u8> {
    let caps: u32 = 0x0200 | 0x8000 | 0x0008_0000 | 0x0001 | 0x2000 | 0x0008;
    let mut p = vec![10u8];
    p.extend_from_slice(b"8.0.99-fake\0");
    p.extend_from_slice(&9u32.to_le_bytes());
    p.extend_from_slice(&NONCE[..8]);
    p.push(0);
    p.extend_from_slice(&(caps as u16).to_le_bytes());
    p.push(255);
    p.extend_from_slice(&2u16.to_le_bytes());
    p.extend_from_slice(&((caps >> 16) as u16).to_le_bytes());
    p.push(21);
    p.extend_from_slice(&[0u8; 10]);
    p.extend_from_slice(&NONCE[8..]);
    p.push(0);
    p.extend_from_slice(b"caching_sha2_password\0");
    p
}

const OK: [u8; 7] = [0, 0, 0, 2, 0, 0, 0];

/// The auth data of a handshake response (41 protocol, 1-byte length).
fn auth_data(response: &[u8]) -> Vec<u8> {
    let rest = response.get(32..).unwrap_or_default();
    let user_end = rest.iter().position(|b| *b == 0).unwrap_or(rest.len());
    let rest = rest.get(user_end + 1..).unwrap_or_default();
    let len = usize::from(rest.first().copied().unwrap_or(0));
    rest.get(1..1 + len).unwrap_or_default().to_vec()
}

fn scramble(password: &[u8]) -> Vec<u8> {
    let h1 = Sha256::digest(password);
    let h2 = Sha256::digest(h1);
    let h3 = Sha256::new()
        .chain_update(h2)
        .chain_update(NONCE)
        .finalize();
    h1.iter().zip(h3.iter()).map(|(a, b)| a ^ b).collect()
}

fn login(stream: &mut dyn ReadWrite, password: &str, fast: bool, key: &RsaKey) -> Login {
    let gone = Login::Gone;
    if stream.write_all(&packet(0, &greeting())).is_err() {
        return gone;
    }
    // A client that gives up after the greeting (a TLS probe) sends COM_QUIT, packet 0.
    let Some((1, response)) = read_packet(stream) else {
        return gone;
    };
    if fast {
        let scramble_ok = auth_data(&response) == scramble(password.as_bytes());
        let _ = stream.write_all(&packet(2, &[1, 3]));
        let _ = stream.write_all(&packet(3, &OK));
        return Login::Fast { scramble_ok };
    }
    let _ = stream.write_all(&packet(2, &[1, 4]));
    let Some((_, mut answer)) = read_packet(stream) else {
        return gone;
    };
    let mut seq = 4;
    let asked_for_key = answer == [2];
    if asked_for_key {
        let mut reply = vec![1u8];
        reply.extend(std::fs::read(&key.public).unwrap_or_else(|e| panic!("{e}")));
        let _ = stream.write_all(&packet(4, &reply));
        let Some((_, next)) = read_packet(stream) else {
            return gone;
        };
        answer = next;
        seq = 6;
    }
    let seen = if answer.len() == 256 {
        let plain = key.decrypt(&answer);
        let password = plain
            .iter()
            .enumerate()
            .map(|(i, b)| b ^ NONCE[i % NONCE.len()])
            .collect();
        Login::Rsa {
            asked_for_key,
            password,
        }
    } else {
        Login::Clear { password: answer }
    };
    let _ = stream.write_all(&packet(seq, &OK));
    seen
}

/// Answers every command after login with OK until the client quits.
fn serve_commands(stream: &mut dyn ReadWrite) {
    while let Some((_, command)) = read_packet(stream) {
        if command.first() == Some(&1) {
            return;
        }
        if stream.write_all(&packet(1, &OK)).is_err() {
            return;
        }
    }
}

/// Starts a server on a unix socket (`Some(path)`) or on 127.0.0.1 (returns its port);
/// each login's outcome arrives on the receiver. `fast`: the password is in the server's
/// cache (fast path); otherwise full authentication.
pub fn start(
    socket: Option<&Path>,
    password: &'static str,
    fast: bool,
    key: RsaKey,
) -> (u16, mpsc::Receiver<Login>) {
    let (tx, rx) = mpsc::channel();
    let serve = move |stream: &mut dyn ReadWrite| {
        let seen = login(stream, password, fast, &key);
        let gone = seen == Login::Gone;
        let _ = tx.send(seen);
        if !gone {
            serve_commands(stream);
        }
    };
    if let Some(path) = socket {
        let listener = std::os::unix::net::UnixListener::bind(path)
            .unwrap_or_else(|e| panic!("bind {}: {e}", path.display()));
        std::thread::spawn(move || {
            for mut s in listener.incoming().take(4).flatten() {
                let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                serve(&mut s);
            }
        });
        (0, rx)
    } else {
        let listener =
            std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener.local_addr().map_or(0, |a| a.port());
        std::thread::spawn(move || {
            for mut s in listener.incoming().take(4).flatten() {
                let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                serve(&mut s);
            }
        });
        (port, rx)
    }
}

/// A stream to read and write.
pub trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}
