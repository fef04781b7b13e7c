//! A real `nats-server -js` for tests and benchmarks: one per caller, on a free loopback port,
//! with its own store directory, killed when dropped. Missing `nats-server` is an error that
//! says how to install it, never a skipped test.

use std::fmt::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::subjects::AgentName;

/// Users the server accepts, each with an NKEY; none means no authorization at all.
#[derive(Debug, Clone, Default)]
pub struct ServerAuth {
    /// The hub: an NKEY public key allowed everything.
    pub hub_nkey: Option<String>,
    /// Agents: name and NKEY public key, each allowed only its own subjects.
    pub agents: Vec<(AgentName, String)>,
    /// Serve TLS only, with this certificate (see [`tls_files`]).
    pub tls: Option<TlsFiles>,
}

/// A certificate authority and a server certificate for 127.0.0.1 signed by it (PEM files).
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Makes a throwaway CA and a server certificate for `127.0.0.1` under `dir` with `openssl`.
pub fn tls_files(dir: &Path) -> Result<TlsFiles, String> {
    let run = |args: &[&str]| -> Result<(), String> {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .map_err(|e| format!("openssl ({e}): install it with `apt-get install openssl`"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    run(&[
        &["req", "-x509"][..],
        &ec[..],
        &[
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=warden-test-ca",
        ][..],
    ]
    .concat())?;
    run(&[
        &["req"][..],
        &ec[..],
        &[
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ][..],
    ]
    .concat())?;
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .map_err(|e| format!("ext.cnf: {e}"))?;
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ])?;
    Ok(TlsFiles {
        ca: dir.join("ca.pem"),
        cert: dir.join("server.pem"),
        key: dir.join("server.key"),
    })
}

/// A running `nats-server` with JetStream.
pub struct NatsServer {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
    tls: bool,
}

/// A fresh NKEY user: (public key, seed file written under `dir`).
pub fn nkey_user(dir: &Path, label: &str) -> Result<(String, PathBuf), String> {
    let pair = nkeys::KeyPair::new_user();
    let seed = pair.seed().map_err(|e| format!("nkey seed: {e}"))?;
    let path = dir.join(format!("{label}.nk"));
    std::fs::write(&path, format!("{seed}\n")).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((pair.public_key(), path))
}

impl NatsServer {
    /// Starts a server without authorization.
    pub fn start() -> Result<Self, String> {
        Self::start_with(&ServerAuth::default())
    }

    /// Starts a server with the given users, waiting (bounded) until it accepts connections.
    pub fn start_with(auth: &ServerAuth) -> Result<Self, String> {
        let dir = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
        let port = free_port()?;
        let store = dir.path().join("store");
        let mut config = format!(
            "listen: \"127.0.0.1:{port}\"\nmax_payload: 1048576\njetstream {{ store_dir: \"{}\", max_memory_store: 268435456, max_file_store: 1073741824 }}\n",
            store.display()
        );
        if let Some(tls) = &auth.tls {
            let _ = writeln!(
                config,
                "tls {{ cert_file: \"{}\", key_file: \"{}\" }}",
                tls.cert.display(),
                tls.key.display()
            );
        }
        if auth.hub_nkey.is_some() || !auth.agents.is_empty() {
            config.push_str("authorization {\n  users = [\n");
            if let Some(hub) = &auth.hub_nkey {
                let _ = writeln!(config, "    {{ nkey: \"{hub}\" }}");
            }
            for (name, nkey) in &auth.agents {
                let _ = writeln!(
                    config,
                    "    {{ nkey: \"{nkey}\", permissions: {} }}",
                    name.permissions().to_server_config()
                );
            }
            config.push_str("  ]\n}\n");
        }
        let config_path = dir.path().join("nats.conf");
        std::fs::write(&config_path, config).map_err(|e| format!("nats.conf: {e}"))?;
        let log = std::fs::File::create(dir.path().join("nats.log"))
            .map_err(|e| format!("nats.log: {e}"))?;
        let log_err = log.try_clone().map_err(|e| format!("nats.log: {e}"))?;
        let child = Command::new("nats-server")
            .arg("-c")
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start nats-server ({e}): install it with `apt-get install nats-server` \
                     (tests/scripts/services.sh does)"
                )
            })?;
        let mut server = Self {
            child,
            port,
            dir,
            tls: auth.tls.is_some(),
        };
        server.wait_ready()?;
        Ok(server)
    }

    fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("nats-server exited with {status}: {}", self.log()));
            }
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok()
                && self.log().contains("Server is ready")
            {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "nats-server did not become ready within 15 s: {}",
            self.log()
        ))
    }

    /// `nats://127.0.0.1:PORT`, or `tls://` when it serves TLS.
    pub fn url(&self) -> String {
        let scheme = if self.tls { "tls" } else { "nats" };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A directory that lives as long as the server (for credentials and agents' data).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("nats.log")).unwrap_or_default()
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("free port: {e}"))
}
