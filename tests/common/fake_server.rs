//! A scripted MySQL server for authentication cases no packaged server here can show: it
//! greets, asks the client to switch to a given authentication plugin, records what the
//! client answers, and refuses it with a 1045. Loopback only, bounded in time.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

/// What one client sent after the plugin switch: `None` when it closed the connection
/// without answering (the client refused the plugin).
pub type Answer = Option<Vec<u8>>;

/// A running fake server.
pub struct FakeServer {
    /// Its TCP port on 127.0.0.1.
    pub port: u16,
    answers: mpsc::Receiver<Answer>,
}

fn packet(seq: u8, payload: &[u8]) -> Vec<u8> {
    let len = payload.len() as u32;
    let mut out = vec![len as u8, (len >> 8) as u8, (len >> 16) as u8, seq];
    out.extend_from_slice(payload);
    out
}

/// The next packet: (sequence id, payload).
fn read_packet(stream: &mut TcpStream) -> Option<(u8, Vec<u8>)> {
    let mut header = [0u8; 4];
    stream.read_exact(&mut header).ok()?;
    let len = usize::from(header[0]) | usize::from(header[1]) << 8 | usize::from(header[2]) << 16;
    let mut payload = vec![0u8; len];
    stream.read_exact(&mut payload).ok()?;
    Some((header[3], payload))
}

fn greeting() -> Vec<u8> {
    // PROTOCOL_41 | SECURE_CONNECTION | PLUGIN_AUTH | LONG_PASSWORD | TRANSACTIONS |
    // CONNECT_WITH_DB; no SSL.
    let caps: u32 = 0x0200 | 0x8000 | 0x0008_0000 | 0x0001 | 0x2000 | 0x0008;
    let mut p = vec![10u8];
    p.extend_from_slice(b"5.7.99-fake\0");
    p.extend_from_slice(&7u32.to_le_bytes());
    p.extend_from_slice(b"abcdefgh\0");
    p.extend_from_slice(&(caps as u16).to_le_bytes());
    p.push(45);
    p.extend_from_slice(&2u16.to_le_bytes());
    p.extend_from_slice(&((caps >> 16) as u16).to_le_bytes());
    p.push(21);
    p.extend_from_slice(&[0u8; 10]);
    p.extend_from_slice(b"ijklmnopqrst\0");
    p.extend_from_slice(b"mysql_native_password\0");
    p
}

fn serve(mut stream: TcpStream, plugin: &str) -> Answer {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    stream.write_all(&packet(0, &greeting())).ok()?;
    read_packet(&mut stream)?;
    let mut switch = vec![0xfeu8];
    switch.extend_from_slice(plugin.as_bytes());
    switch.push(0);
    switch.extend_from_slice(b"abcdefghijklmnopqrst\0");
    stream.write_all(&packet(2, &switch)).ok()?;
    // An answer to the switch comes as packet 3; a client that refuses the plugin closes
    // the connection or sends COM_QUIT (a new command, packet 0).
    let (seq, answer) = read_packet(&mut stream)?;
    if seq != 3 {
        return None;
    }
    let mut err = vec![0xffu8];
    err.extend_from_slice(&1045u16.to_le_bytes());
    err.extend_from_slice(b"#28000fake server: access denied");
    let _ = stream.write_all(&packet(4, &err));
    Some(answer)
}

impl FakeServer {
    /// Starts a server that switches every client to `plugin`; it serves up to `clients`
    /// connections, then stops.
    pub fn start(plugin: &'static str, clients: usize) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("{e}"))
            .port();
        let (tx, answers) = mpsc::channel();
        std::thread::spawn(move || {
            for stream in listener.incoming().take(clients) {
                let Ok(stream) = stream else { return };
                if tx.send(serve(stream, plugin)).is_err() {
                    return;
                }
            }
        });
        FakeServer { port, answers }
    }

    /// What the next client answered to the plugin switch (waits up to 10 s).
    pub fn answer(&self) -> Answer {
        self.answers
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|e| panic!("the fake server saw no client: {e}"))
    }
}
