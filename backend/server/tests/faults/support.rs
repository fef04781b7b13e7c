//! Running the real binary for the fault suite: a private data directory and port, a clean
//! environment, stderr kept in a file; killed (SIGKILL) on demand and when dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const BIN: &str = env!("CARGO_BIN_EXE_warden");
pub const ADMIN_PASSWORD: &str = "faults-admin-password";

/// A `warden` command with only the variables given: a private data directory, the bootstrap
/// password, warnings in the log.
pub fn command(root: &Path, vars: &[(&str, &str)], args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.env_clear();
    command.env("PATH", std::env::var("PATH").unwrap_or_default());
    command.env("WARDEN_DATA_DIR", root.join("data"));
    command.env("WARDEN_ADMIN_PASSWORD", ADMIN_PASSWORD);
    command.env("WARDEN_LOG", "warn");
    command.env("RUST_BACKTRACE", "0");
    for (key, value) in vars {
        command.env(key, value);
    }
    command.args(args);
    command.current_dir(root);
    command
}

/// `warden serve` that must fail to start: its exit code and standard error, within 30 s.
pub fn start_fails(root: &Path, vars: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut child = command(root, vars, &["serve"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            let out = child.wait_with_output().unwrap();
            return (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            );
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("warden serve neither started nor failed within 30 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A served `warden`, killed (SIGKILL) when dropped.
pub struct Warden {
    child: Child,
    pub base: String,
    log: PathBuf,
}

impl Warden {
    /// Starts `warden serve` on a free loopback port and waits (30 s at most) for `/healthz`.
    pub async fn serve(root: &Path, vars: &[(&str, &str)], config: &Path) -> Self {
        let listen = format!("127.0.0.1:{}", free_port());
        static STARTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let log = root.join(format!("warden-{n}.log"));
        let mut vars = vars.to_vec();
        vars.push(("WARDEN_LISTEN", &listen));
        let child = command(
            root,
            &vars,
            &["--config", config.to_str().unwrap(), "serve"],
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
        let mut warden = Self {
            child,
            base: format!("http://{listen}"),
            log,
        };
        let client = warden_http::client();
        let started = Instant::now();
        loop {
            if let Some(status) = warden.child.try_wait().unwrap() {
                panic!("warden exited ({status}) at start: {}", warden.log());
            }
            if let Ok(response) = client.get(warden.url("/healthz")).send().await
                && response.status() == 200
            {
                return warden;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "warden did not answer within 30 s: {}",
                warden.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Standard error so far, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no shutdown, no last write.
    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// The administrator's access token.
    pub async fn login(&self) -> String {
        let response = warden_http::client()
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    }

    /// GET with a bearer token: status and JSON body.
    pub async fn get(&self, path: &str, token: &str) -> (u16, Value) {
        let response = warden_http::client()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        (
            response.status().as_u16(),
            response.json().await.unwrap_or(Value::Null),
        )
    }
}

impl Drop for Warden {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A configuration file in `root` with this text.
pub fn config_file(root: &Path, text: &str) -> PathBuf {
    let path = root.join("warden.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Polls `check` every 100 ms until it yields a value or `limit` passes.
pub async fn within<T, F, Fut>(limit: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            started.elapsed() < limit,
            "{what}: not within {} s",
            limit.as_secs()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A tmpfs mounted for one test, unmounted (lazily) on every exit path, panics included.
pub struct Tmpfs(pub PathBuf);

impl Tmpfs {
    pub fn mount(path: &Path, options: &str) -> Self {
        std::fs::create_dir_all(path).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "mounting a tmpfs needs root, which make test has: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Self(path.to_owned())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("--lazy").arg(&self.0).output();
    }
}
