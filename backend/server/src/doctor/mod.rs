//! `warden doctor`: the preflight an operator runs before trusting a deployment, and that
//! `GET /readyz` shows administrators. Each check answers ok or not with one line saying what it
//! saw; a required check that fails makes the whole report fail (`warden doctor` exits 1).
//!
//! The checks, in the order they are reported (names are stable, scripts may match them):
//! `sandbox` (a command really ran under gVisor's kernel; required unless `guard.sandbox =
//! false`), `docker` (the Docker API answers, with its version, within
//! `tools.docker_timeout_secs`), `containment` (host commands run contained), `gpu` (NVML
//! present, absent, or broken), `model:NAME` (each configured model answers, with its context
//! window and whether it accepts tools), `ssh` (only with `tools.ssh.hosts`: each key file
//! private and readable, known_hosts configured and readable), `embedder` (the memory's embedder answers, and its
//! dimension matches the stored vectors), `chroma` (only with `memory.backend = "chroma"`: the
//! heartbeat, the version and the collection), `tls` (only when Warden serves HTTPS: both files
//! read and parse, the key is the certificate's, the certificate is valid now; required),
//! `data_dir` (a directory, ownership, modes, and a file can be written there), `database`
//! (answers, schema against this build), `policy` (the policy files load), `clock` (not before
//! this build, not behind the newest record), `disk` (free space where the data lives).
//! When the configuration does not load, `warden doctor --json` reports one required `config`
//! check instead, carrying the error (`cli::doctor`).
//!
//! Every check is bounded in time and they run together, so the whole report takes about as
//! long as the slowest check (at most [`CHECK_TIMEOUT`]). Nothing is changed by a check: the
//! database is opened without migrating, the data directory is not created (a small file is
//! written in it and removed, to learn that it can be written), no ChromaDB collection is
//! created.

mod data;
mod memory;
mod models;
mod runtime;
mod ssh;
mod tls;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use warden_memory::embed::EmbedderStatus;
use warden_protocol::health::{CheckResult, DoctorReport};
use warden_store::Store;

use crate::config::Config;

/// The longest any one check may take.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(25);

/// One check's verdict before it is named.
struct Verdict {
    ok: bool,
    detail: String,
}

impl Verdict {
    fn ok(detail: impl Into<String>) -> Self {
        Self {
            ok: true,
            detail: detail.into(),
        }
    }

    fn failed(detail: impl Into<String>) -> Self {
        Self {
            ok: false,
            detail: detail.into(),
        }
    }
}

type Pending<'a> = Pin<Box<dyn Future<Output = Vec<CheckResult>> + Send + 'a>>;

/// Runs `work` bounded by [`CHECK_TIMEOUT`].
async fn bounded(work: impl Future<Output = Verdict>) -> Verdict {
    tokio::time::timeout(CHECK_TIMEOUT, work)
        .await
        .unwrap_or_else(|_| {
            Verdict::failed(format!("no answer within {} s", CHECK_TIMEOUT.as_secs()))
        })
}

fn named(name: impl Into<String>, required: bool, verdict: Verdict) -> CheckResult {
    CheckResult {
        name: name.into(),
        ok: verdict.ok,
        detail: verdict.detail,
        required,
    }
}

/// A named check with its requirement, bounded by [`CHECK_TIMEOUT`].
fn check<'a>(
    name: impl Into<String>,
    required: bool,
    work: impl Future<Output = Verdict> + Send + 'a,
) -> Pending<'a> {
    let name = name.into();
    Box::pin(async move { vec![named(name, required, bounded(work).await)] })
}

/// The memory's checks: `embedder`, then `chroma` when ChromaDB is the backend (it looks for the
/// collection of the dimension the embedder answered with). Not required.
fn memory_checks<'a>(
    config: &'a Config,
    store: Result<Option<&'a Store>, String>,
    loaded: Option<EmbedderStatus>,
) -> Pending<'a> {
    Box::pin(async move {
        let timeout = || {
            Verdict::failed(format!(
                "{}: no answer within {} s; recall ranks by words",
                memory::target(config),
                CHECK_TIMEOUT.as_secs()
            ))
        };
        let (embedder, probed) =
            tokio::time::timeout(CHECK_TIMEOUT, memory::embedder(config, store, loaded))
                .await
                .unwrap_or_else(|_| (timeout(), None));
        let mut results = vec![named("embedder", false, embedder)];
        if config.memory.backend == crate::config::MemoryBackendKind::Chroma {
            results.push(named(
                "chroma",
                false,
                bounded(memory::chroma(config, probed)).await,
            ));
        }
        results
    })
}

/// The database to look at: the server's own pool, or none (the command line opens it, without
/// migrating).
#[derive(Clone, Copy)]
pub enum Database<'a> {
    Running(&'a Store),
    Closed,
}

/// Runs every check for `config` and assembles the report.
pub async fn run(config: &Config, database: Database<'_>) -> DoctorReport {
    run_with(config, database, None).await
}

/// [`run`] with the embedder a running server already loaded (so `/readyz` does not load the
/// built-in model again for every administrator's request); None: built from the configuration.
pub async fn run_with(
    config: &Config,
    database: Database<'_>,
    embedder: Option<EmbedderStatus>,
) -> DoctorReport {
    // The command line opens the database once for the checks that read it.
    let opened = match database {
        Database::Running(_) => None,
        Database::Closed => Some(data::open_for_inspection(config).await),
    };
    let store = match (database, &opened) {
        (Database::Running(store), _) => Ok(Some(store)),
        (Database::Closed, Some(Ok(store))) => Ok(store.as_ref()),
        (Database::Closed, Some(Err(e))) => Err(e.clone()),
        (Database::Closed, None) => Ok(None),
    };
    let sandbox_required = config.guard.sandbox;
    let mut pending: Vec<Pending<'_>> = vec![
        check("sandbox", sandbox_required, runtime::sandbox(config)),
        check("docker", false, runtime::docker(config)),
        check("containment", false, runtime::containment(config)),
        check("gpu", false, runtime::gpu()),
    ];
    for model in &config.llm.models {
        pending.push(check(
            format!("model:{}", model.name),
            false,
            models::probe(model),
        ));
    }
    pending.push(Box::pin(async move {
        match tokio::time::timeout(CHECK_TIMEOUT, ssh::check(config)).await {
            Ok(Some(verdict)) => vec![named("ssh", false, verdict)],
            Ok(None) => Vec::new(),
            Err(_) => vec![named(
                "ssh",
                false,
                Verdict::failed(format!(
                    "the key files were not read within {} s",
                    CHECK_TIMEOUT.as_secs()
                )),
            )],
        }
    }));
    pending.push(memory_checks(config, store.clone(), embedder));
    if let Some(files) = config.http.tls() {
        pending.push(check("tls", true, tls::check(files)));
    }
    pending.extend([
        check("data_dir", true, data::data_dir(config)),
        check("database", true, data::database(config, store.clone())),
        check("policy", true, policy(config)),
        check("clock", true, data::clock(store)),
        check("disk", true, data::disk(config)),
    ]);
    let checks: Vec<CheckResult> = futures_util::future::join_all(pending)
        .await
        .into_iter()
        .flatten()
        .collect();
    if let Some(Ok(Some(store))) = &opened {
        store.close().await;
    }
    DoctorReport {
        ok: checks.iter().all(|c| c.ok || !c.required),
        checks,
    }
}

/// The shipped policy and the operators' files load (a malformed file names file, line, reason).
async fn policy(config: &Config) -> Verdict {
    let dir = config.guard.policy_dir.clone();
    let loaded = tokio::task::spawn_blocking(move || warden_policy::Policy::load(dir.as_deref()))
        .await
        .map_err(|e| e.to_string());
    match loaded {
        Ok(Ok(_)) => Verdict::ok(match &config.guard.policy_dir {
            Some(dir) => format!("the shipped policy and the files in {} load", dir.display()),
            None => "the shipped policy loads (no guard.policy_dir)".to_owned(),
        }),
        Ok(Err(e)) => Verdict::failed(e.to_string()),
        Err(e) => Verdict::failed(format!("the policy check stopped: {e}")),
    }
}
