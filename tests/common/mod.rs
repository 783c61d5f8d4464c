//! Test harness: a private MariaDB server per test binary (own data directory, port and
//! unix socket), and helpers to run the `rowwise` binary with a clean environment.
//!
//! A test that needs the server fails loudly when it cannot start one; it never skips.

#![allow(dead_code)]

pub mod corpus;
pub mod fake_server;
pub mod fake_sha2;
pub mod tls;
pub mod tmux;

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rowwise::db::{ConnectOptions, Connection};

/// A user with a password, so that authentication in the tests is real.
pub const USER: &str = "rowwise";
/// Its password.
pub const PASSWORD: &str = "rw-test-pw";

/// A running private MariaDB server.
pub struct MariaDb {
    dir: PathBuf,
    pub port: u16,
    pub socket: PathBuf,
    watchdog: Option<Child>,
    /// Watchdogs of servers killed before a restart: closing their stdin would remove
    /// the data directory the restarted server uses, so they wait for `Drop`.
    retired: Vec<Child>,
    /// Server options beyond the common ones (TLS, plugins: see `tls.rs`).
    extra_args: Vec<String>,
}

pub fn find_program(name: &str) -> PathBuf {
    for dir in [
        "/usr/sbin",
        "/usr/bin",
        "/usr/local/sbin",
        "/usr/local/bin",
        "/usr/local/mysql/bin",
    ] {
        let path = Path::new(dir).join(name);
        if path.exists() {
            return path;
        }
    }
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            let path = dir.join(name);
            if path.exists() {
                return path;
            }
        }
    }
    panic!(
        "{name} not found: these tests start their own MariaDB server. Install it with \
         `sudo apt-get install mariadb-server` (scripts/test does this for you)."
    );
}

fn free_port() -> u16 {
    let listener =
        TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("no free TCP port: {e}"));
    listener
        .local_addr()
        .map_or_else(|e| panic!("no local address: {e}"), |a| a.port())
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"))
}

/// A freshly initialised data directory, copied from a template made once per machine
/// (`mariadb-install-db` takes most of a second; a copy takes milliseconds).
fn fresh_datadir(target: &Path) {
    let template = template_datadir();
    let status = Command::new("cp")
        .arg("-a")
        .arg(&template)
        .arg(target)
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "copying the MariaDB template data directory failed"
    );
}

fn template_datadir() -> PathBuf {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let base = std::env::temp_dir().join("rowwise-test-mariadb-template");
            let ready = base.join("ready");
            if ready.exists() {
                return base.join("data");
            }
            let staging =
                std::env::temp_dir().join(format!("rowwise-test-template-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&staging);
            std::fs::create_dir_all(&staging)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", staging.display()));
            let mut install = Command::new(find_program("mariadb-install-db"));
            install
                .arg("--no-defaults")
                .arg(format!("--datadir={}", staging.join("data").display()))
                .arg("--auth-root-authentication-method=normal")
                .arg("--skip-test-db")
                .arg("--skip-name-resolve")
                .arg("--innodb-log-file-size=8M");
            if running_as_root() {
                install.arg("--user=root");
            }
            let out = install
                .output()
                .unwrap_or_else(|e| panic!("mariadb-install-db failed to run: {e}"));
            assert!(
                out.status.success(),
                "mariadb-install-db failed:\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            std::fs::write(staging.join("ready"), b"").unwrap_or_else(|e| panic!("{e}"));
            // Another test binary may have won the race; either template is good.
            if std::fs::rename(&staging, &base).is_err() {
                let _ = std::fs::remove_dir_all(&staging);
            }
            base.join("data")
        })
        .clone()
}

impl MariaDb {
    /// Starts a private server that this value owns: dropping it stops the server and
    /// removes its files. Use this for tests that kill, freeze or restart the server.
    pub fn start() -> MariaDb {
        let mut server = MariaDb::prepare();
        server.launch();
        server.bootstrap();
        server
    }

    /// A data directory, port and socket for a server not started yet.
    fn prepare() -> MariaDb {
        let dir = std::env::temp_dir().join(format!(
            "rowwise-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        fresh_datadir(&dir.join("data"));
        MariaDb {
            port: free_port(),
            socket: dir.join("mysqld.sock"),
            dir,
            watchdog: None,
            retired: Vec::new(),
            extra_args: Vec::new(),
        }
    }

    /// The server shared by all tests of this test binary; it stops when the binary exits.
    pub fn shared() -> &'static MariaDb {
        static SHARED: OnceLock<MariaDb> = OnceLock::new();
        SHARED.get_or_init(MariaDb::start)
    }

    /// Starts `mariadbd` under a shell watchdog: when this test process exits (and the
    /// watchdog's stdin closes) the server is killed and its files removed, even for the
    /// shared server whose `Drop` never runs.
    fn launch(&mut self) {
        let data = self.dir.join("data");
        let mut args = vec![
            "--no-defaults".to_owned(),
            format!("--datadir={}", data.display()),
            format!("--port={}", self.port),
            format!("--socket={}", self.socket.display()),
            "--bind-address=127.0.0.1".to_owned(),
            format!("--pid-file={}", self.dir.join("mysqld.pid").display()),
            format!("--log-error={}", self.dir.join("error.log").display()),
            "--skip-log-bin".to_owned(),
            "--skip-name-resolve".to_owned(),
            "--innodb-log-file-size=8M".to_owned(),
            "--innodb-buffer-pool-size=64M".to_owned(),
            "--max-connections=200".to_owned(),
            // Room for a 100 MB cell (tests/bigdata.rs); the default 16 MB refuses it.
            "--max-allowed-packet=256M".to_owned(),
            // Debian's packaged server defaults (50-server.cnf), which the reference
            // transcripts were generated against: tables without a charset are utf8mb4.
            "--character-set-server=utf8mb4".to_owned(),
            "--collation-server=utf8mb4_general_ci".to_owned(),
        ];
        if running_as_root() {
            args.push("--user=root".to_owned());
        }
        args.extend(self.extra_args.iter().cloned());
        let _ = std::fs::remove_file(self.dir.join("mysqld.pid"));
        let script = format!(
            "\"$0\" \"$@\" & pid=$!; read _ignored; kill -CONT $pid 2>/dev/null; kill -9 $pid 2>/dev/null; wait $pid; rm -rf '{}'",
            self.dir.display()
        );
        let child = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(find_program("mariadbd"))
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start mariadbd: {e}"));
        self.watchdog = Some(child);
        self.wait_until_ready();
    }

    fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if self.socket.exists() && Connection::connect(&self.root_options(), true).is_ok() {
                return;
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default();
                panic!("the private MariaDB server did not start within 30 s; its log:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn bootstrap(&self) {
        for sql in [
            format!("CREATE USER IF NOT EXISTS '{USER}'@'%' IDENTIFIED BY '{PASSWORD}'"),
            format!("CREATE USER IF NOT EXISTS '{USER}'@'localhost' IDENTIFIED BY '{PASSWORD}'"),
            format!("GRANT ALL ON *.* TO '{USER}'@'%'"),
            format!("GRANT ALL ON *.* TO '{USER}'@'localhost'"),
            // `-u root` over TCP with no password, as a fresh local server allows.
            "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'".to_owned(),
            "GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION".to_owned(),
            "CREATE DATABASE IF NOT EXISTS test".to_owned(),
        ] {
            self.root_sql(&sql);
        }
    }

    /// The server's pid, from its pid file.
    pub fn pid(&self) -> u32 {
        let text = std::fs::read_to_string(self.dir.join("mysqld.pid")).unwrap_or_default();
        text.trim()
            .parse()
            .unwrap_or_else(|_| panic!("no mariadbd pid file in {}", self.dir.display()))
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .arg(signal)
            .arg(self.pid().to_string())
            .status();
        assert!(status.is_ok_and(|s| s.success()), "kill {signal} failed");
    }

    /// Kills the server outright (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        let pid = self.pid();
        self.signal("-KILL");
        let deadline = Instant::now() + Duration::from_secs(10);
        while process_alive(pid) {
            assert!(Instant::now() < deadline, "mariadbd did not die");
            std::thread::sleep(Duration::from_millis(10));
        }
        self.retired.extend(self.watchdog.take());
    }

    /// Stops the server cleanly (`SHUTDOWN`), as an administrator's restart does; start
    /// it again with [`MariaDb::restart`].
    pub fn shutdown(&mut self) {
        let pid = self.pid();
        self.root_sql("SHUTDOWN");
        let deadline = Instant::now() + Duration::from_secs(30);
        while process_alive(pid) {
            assert!(Instant::now() < deadline, "mariadbd did not shut down");
            std::thread::sleep(Duration::from_millis(10));
        }
        self.retired.extend(self.watchdog.take());
    }

    /// Freezes the server (SIGSTOP).
    pub fn freeze(&self) {
        self.signal("-STOP");
    }

    /// Thaws a frozen server (SIGCONT).
    pub fn thaw(&self) {
        self.signal("-CONT");
    }

    /// Starts the server again on the same port, socket and data.
    pub fn restart(&mut self) {
        let _ = std::fs::remove_file(&self.socket);
        self.launch();
    }

    /// Options for the password user over TCP.
    pub fn tcp_options(&self, database: Option<&str>) -> ConnectOptions {
        let mut o = ConnectOptions::new()
            .host("127.0.0.1")
            .port(self.port)
            .user(USER)
            .password(PASSWORD);
        o.database = database.map(str::to_owned);
        o
    }

    /// Options for root over the unix socket.
    pub fn root_options(&self) -> ConnectOptions {
        ConnectOptions::new().socket(&self.socket).user("root")
    }

    /// What the mariadb client prints as root for `sql` (`-N -B`: values only, one row a
    /// line), without the last newline. The client, not rowwise, reads the server here, so
    /// a test's check does not lean on the code it tests.
    pub fn root_value(&self, sql: &str) -> String {
        let out = Command::new(find_program("mariadb"))
            .args([
                "--no-defaults",
                "-N",
                "-B",
                "-uroot",
                "--default-character-set=utf8mb4",
            ])
            .arg(format!("--socket={}", self.socket.display()))
            .args(["-e", sql])
            .output()
            .unwrap_or_else(|e| panic!("cannot run the mariadb client: {e}"));
        assert!(
            out.status.success(),
            "mariadb -e {sql:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        text.strip_suffix('\n').unwrap_or(&text).to_owned()
    }

    /// Runs SQL as root with the mariadb client (several statements allowed).
    pub fn root_sql(&self, sql: &str) {
        self.root_sql_in(None, sql);
    }

    /// Runs SQL as root in `database` with the mariadb client.
    pub fn root_sql_in(&self, database: Option<&str>, sql: &str) {
        let mut cmd = Command::new(find_program("mariadb"));
        cmd.arg("--no-defaults")
            .arg(format!("--socket={}", self.socket.display()))
            .arg("-uroot");
        cmd.arg("--default-character-set=utf8mb4");
        if let Some(db) = database {
            cmd.arg(db);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run the mariadb client: {e}"));
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(sql.as_bytes())
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "SQL failed: {}\n{}",
            sql.chars().take(200).collect::<String>(),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Connection flags for the `rowwise` binary (password user over TCP).
    pub fn cli_flags(&self, database: &str) -> Vec<String> {
        vec![
            "--no-defaults".into(),
            "-h".into(),
            "127.0.0.1".into(),
            "-P".into(),
            self.port.to_string(),
            "-u".into(),
            USER.into(),
            format!("-p{PASSWORD}"),
            "-D".into(),
            database.into(),
        ]
    }
}

/// Is `pid` running? A killed server stays a zombie until its watchdog reaps it (only at
/// `Drop`): that counts as dead.
fn process_alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit(')')
            .next()
            .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
    })
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl Drop for MariaDb {
    fn drop(&mut self) {
        for mut w in self
            .watchdog
            .take()
            .into_iter()
            .chain(self.retired.drain(..))
        {
            drop(w.stdin.take());
            let _ = w.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The `rowwise` binary with an environment that cannot leak settings in: no `MYSQL_*`
/// variables, `HOME` and the XDG directories in `home`.
pub fn rowwise(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rowwise"));
    for var in [
        "MYSQL_PWD",
        "MYSQL_HOST",
        "MYSQL_TCP_PORT",
        "MYSQL_UNIX_PORT",
        "RUST_LOG",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .current_dir(home);
    cmd
}

/// Runs a command and returns its output, failing loudly if it cannot start.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// stdout as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
