//! Foundation benchmarks: the release `warden` binary measured from outside, as an operator sees it.
//!
//! For each database backend (SQLite, and PostgreSQL when `WARDEN_TEST_POSTGRES_URL` is set):
//! - start to ready: from spawning `warden serve` to the first 200 from `/readyz`, on a fresh data
//!   directory (migrations and the first administrator's argon2 hash included) and on a restart;
//! - idle RSS of `warden serve` once ready, and RSS after the load;
//! - requests per second and latency percentiles of `GET /api/v1/auth/me` at 64 concurrent
//!   connections, authenticated with a JWT and with an API key, side by side in one run.
//!
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

pub const ADMIN_PASSWORD: &str = "bench-admin-password";
const CONNECTIONS: usize = 64;
const WARMUP: Duration = Duration::from_secs(2);
const MEASURE: Duration = Duration::from_secs(10);
const STARTS: usize = 5;

pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `warden` binary built beside this benchmark.
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    exe.parent()
        .map(|dir| dir.join("warden"))
        .unwrap_or_else(|| PathBuf::from("target/release/warden"))
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Where the server's log goes: the file named by `WARDEN_BENCH_SERVER_LOG` (appended to), to see
/// what a server did during a run; nowhere when it is unset.
fn server_log() -> Result<Stdio> {
    let Some(path) = std::env::var_os("WARDEN_BENCH_SERVER_LOG") else {
        return Ok(Stdio::null());
    };
    let file = std::fs::File::options()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| {
            format!(
                "open WARDEN_BENCH_SERVER_LOG {}",
                Path::new(&path).display()
            )
        })?;
    Ok(file.into())
}

/// The server's log filter: `WARDEN_BENCH_SERVER_LOG_FILTER` (for example `sqlx::query=debug`
/// lists every statement), `error` when unset.
fn server_log_filter() -> String {
    std::env::var("WARDEN_BENCH_SERVER_LOG_FILTER").unwrap_or_else(|_| "error".into())
}

/// Spawns `warden serve` and waits for `/readyz`; returns the server and the time it took.
/// `warden serve` with extra variables, once ready.
pub async fn spawn_with(data: &Path, extra: &[(&str, &str)]) -> Result<Server> {
    spawn_binary(&binary(), data, extra).await
}

/// `warden serve` of the binary at `binary` with extra variables, once ready.
pub async fn spawn_binary(binary: &Path, data: &Path, extra: &[(&str, &str)]) -> Result<Server> {
    let client = warden_http::client();
    let (server, _) = spawn_env_of(binary, data, None, extra, &client).await?;
    Ok(server)
}

async fn spawn(
    data: &Path,
    database_url: Option<&str>,
    client: &reqwest::Client,
) -> Result<(Server, Duration)> {
    spawn_env(data, database_url, &[], client).await
}

async fn spawn_env(
    data: &Path,
    database_url: Option<&str>,
    extra: &[(&str, &str)],
    client: &reqwest::Client,
) -> Result<(Server, Duration)> {
    spawn_env_of(&binary(), data, database_url, extra, client).await
}

async fn spawn_env_of(
    binary: &Path,
    data: &Path,
    database_url: Option<&str>,
    extra: &[(&str, &str)],
    client: &reqwest::Client,
) -> Result<(Server, Duration)> {
    let port = free_port()?;
    let mut command = Command::new(binary);
    command
        .arg("serve")
        .env("WARDEN_LISTEN", format!("127.0.0.1:{port}"))
        .env("WARDEN_DATA_DIR", data)
        .env("WARDEN_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("WARDEN_RATE_LIMIT_PER_MINUTE", "1000000000")
        .env("WARDEN_LOG", server_log_filter())
        .stdout(Stdio::null())
        .stderr(server_log()?);
    if let Some(url) = database_url {
        command.env("WARDEN_DATABASE_URL", url);
    }
    for (key, value) in extra {
        command.env(key, value);
    }
    let started = Instant::now();
    let server = Server {
        child: command
            .spawn()
            .context("spawn warden (run `make bench`, which builds it)")?,
        base: format!("http://127.0.0.1:{port}"),
    };
    let ready_url = format!("{}/readyz", server.base);
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(response) = client.get(&ready_url).send().await
            && response.status() == 200
        {
            return Ok((server, started.elapsed()));
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    bail!("warden was not ready within 60 s")
}

/// CPU seconds (user + system) the process `pid` has used, from `/proc/PID/stat`.
pub fn cpu_seconds(pid: u32) -> Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // After the command name in parentheses: state is field 3, utime 14, stime 15.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).context("stat")?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields
        .get(11)
        .and_then(|u| u.parse::<f64>().ok())
        .zip(fields.get(12).and_then(|s| s.parse::<f64>().ok()))
        .map(|(u, s)| u + s)
        .context("utime/stime")?;
    // CLK_TCK is 100 on Linux.
    Ok(ticks / 100.0)
}

/// Context switches of every thread of `pid` so far (voluntary and not, from
/// `/proc/PID/task/*/status`): how often its threads slept and were woken. Unlike CPU time, a
/// count that a noisy machine does not move, so it shows wake-ups saved where time cannot.
pub fn context_switches(pid: u32) -> Result<u64> {
    let mut total = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task"))? {
        // A thread that ended between the listing and the read counts no more.
        let Ok(status) = std::fs::read_to_string(task?.path().join("status")) else {
            continue;
        };
        total += status
            .lines()
            .filter_map(|l| {
                l.strip_prefix("voluntary_ctxt_switches:")
                    .or_else(|| l.strip_prefix("nonvoluntary_ctxt_switches:"))
            })
            .filter_map(|v| v.trim().parse::<u64>().ok())
            .sum::<u64>();
    }
    Ok(total)
}

pub fn rss_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("VmRSS")
}

struct Load {
    requests: usize,
    errors: usize,
    rps: f64,
    p50: Duration,
    p99: Duration,
    max: Duration,
}

/// `CONNECTIONS` workers send `GET /api/v1/auth/me` back to back; only the measuring window counts.
async fn load(base: &str, header: (&'static str, String)) -> Result<Load> {
    let client = warden_http::client_builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()?;
    let url = Arc::new(format!("{base}/api/v1/auth/me"));
    let header = Arc::new(header);
    let begin = Instant::now();
    let measure_from = begin + WARMUP;
    let end = measure_from + MEASURE;
    let mut workers = Vec::new();
    for _ in 0..CONNECTIONS {
        let (client, url, header) = (client.clone(), url.clone(), header.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            loop {
                let sent = Instant::now();
                if sent >= end {
                    break;
                }
                let ok = match client
                    .get(url.as_str())
                    .header(header.0, &header.1)
                    .send()
                    .await
                {
                    Ok(response) => response.status() == 200 && response.bytes().await.is_ok(),
                    Err(_) => false,
                };
                if sent >= measure_from {
                    if ok {
                        latencies.push(sent.elapsed());
                    } else {
                        errors += 1;
                    }
                }
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (latencies, failed) = worker.await?;
        all.extend(latencies);
        errors += failed;
    }
    all.sort();
    let pick = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Ok(Load {
        requests: all.len(),
        errors,
        rps: all.len() as f64 / MEASURE.as_secs_f64(),
        p50: pick(0.50),
        p99: pick(0.99),
        max: all.last().copied().unwrap_or_default(),
    })
}

pub fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

pub fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

async fn fresh_postgres(base: &str, n: usize) -> Result<String> {
    let name = format!("warden_bench_{}_{n}", std::process::id());
    let status = Command::new("psql")
        .args([base, "-q", "-c", &format!("CREATE DATABASE {name}")])
        .status()
        .context("psql")?;
    if !status.success() {
        bail!("could not create database {name}");
    }
    let (server, _) = base.rsplit_once('/').context("postgres URL")?;
    Ok(format!("{server}/{name}"))
}

pub async fn bench_backend(label: &str, postgres: Option<&str>) -> Result<String> {
    let client = warden_http::client();
    let root = tempfile::tempdir()?;
    let mut fresh_starts = Vec::new();
    let mut restarts = Vec::new();
    for n in 0..STARTS {
        let data = root.path().join(format!("start-{n}"));
        let url = match postgres {
            Some(base) => Some(fresh_postgres(base, n).await?),
            None => None,
        };
        let (server, took) = spawn(&data, url.as_deref(), &client).await?;
        fresh_starts.push(took);
        drop(server);
        let (server, took) = spawn(&data, url.as_deref(), &client).await?;
        restarts.push(took);
        drop(server);
    }

    let data = root.path().join("load");
    let url = match postgres {
        Some(base) => Some(fresh_postgres(base, 99).await?),
        None => None,
    };
    let (server, _) = spawn(&data, url.as_deref(), &client).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_rss = rss_kib(server.child.id())?;

    let login: Value = client
        .post(format!("{}/api/v1/auth/login", server.base))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await?
        .json()
        .await?;
    let jwt = login["access_token"]
        .as_str()
        .context("access token")?
        .to_owned();
    let key: Value = client
        .post(format!("{}/api/v1/api-keys", server.base))
        .bearer_auth(&jwt)
        .json(&json!({"name": "bench", "scopes": ["read"]}))
        .send()
        .await?
        .json()
        .await?;
    let api_key = key["key"].as_str().context("api key")?.to_owned();
    // A login hashes with argon2 (19 MiB of working memory); whether the allocator keeps it.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let login_rss = rss_kib(server.child.id())?;

    let with_jwt = load(&server.base, ("authorization", format!("Bearer {jwt}"))).await?;
    let with_key = load(&server.base, ("x-api-key", api_key)).await?;
    let loaded_rss = rss_kib(server.child.id())?;

    let mut out = format!("### {label}\n\n");
    out += &format!(
        "| start to ready /readyz (median of {STARTS}) | fresh data dir: {} ms | restart: {} ms |\n|---|---|---|\n",
        ms(median(fresh_starts)),
        ms(median(restarts))
    );
    out += &format!(
        "| RSS of `warden serve` | idle: {:.1} MiB | idle after a login: {:.1} MiB | after the load below: {:.1} MiB |\n\n",
        idle_rss as f64 / 1024.0,
        login_rss as f64 / 1024.0,
        loaded_rss as f64 / 1024.0
    );
    out += &format!(
        "`GET /api/v1/auth/me`, {CONNECTIONS} connections, {} s measured after {} s warm-up:\n\n",
        MEASURE.as_secs(),
        WARMUP.as_secs()
    );
    out += "| credential | requests/s | p50 ms | p99 ms | max ms | requests | errors |\n|---|---|---|---|---|---|---|\n";
    for (name, l) in [
        ("JWT (Bearer)", &with_jwt),
        ("API key (X-API-Key)", &with_key),
    ] {
        out += &format!(
            "| {name} | {:.0} | {} | {} | {} | {} | {} |\n",
            l.rps,
            ms(l.p50),
            ms(l.p99),
            ms(l.max),
            l.requests,
            l.errors
        );
    }
    out += &format!(
        "\nAPI key / JWT throughput ratio: {:.2}\n\n",
        with_key.rps / with_jwt.rps.max(1.0)
    );
    Ok(out)
}
