//! Start-up: data directory, database, first administrator, signing key, listener.

use std::net::SocketAddr;
use std::os::unix::fs::DirBuilderExt;
use std::sync::Arc;
use std::time::Duration;

use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use warden_protocol::{Scope, ScopeSet};
use warden_store::{NewUser, Store, StoreError};

use crate::app::app;
use crate::auth::jwt::JwtKeys;
use crate::auth::password::{PasswordError, PasswordHasherPool, check_policy};
use crate::auth::signing_key::{self, SigningKeyError};
use crate::clock::now;
use crate::config::Config;
use crate::http::metrics::Metrics;
use crate::http::rate_limit::RateLimiter;
use crate::state::{AppState, Services};

/// The name of the administrator created at first start.
pub const BOOTSTRAP_ADMIN: &str = "admin";

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("data_dir (WARDEN_DATA_DIR): cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "data_dir (WARDEN_DATA_DIR): {path} is {kind}, not a directory; Warden keeps its database and signing key \
         in a directory there: move it away, or set WARDEN_DATA_DIR to a directory"
    )]
    DataDirNotDirectory { path: String, kind: &'static str },
    #[error(
        "data_dir (WARDEN_DATA_DIR): the data directory {path} is not writable{} ({source}); Warden keeps its database and signing key there: \
         mount it read-write, free space on it, or set WARDEN_DATA_DIR to a writable directory",
        io_cause(source)
    )]
    DataDirNotWritable {
        path: String,
        source: std::io::Error,
    },
    #[error("data_dir (WARDEN_DATA_DIR): cannot read the data directory {path}: {source}")]
    DataDirUnreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("database_url (WARDEN_DATABASE_URL): cannot open the database {url}: {source}")]
    Database { url: String, source: StoreError },
    #[error("at start-up, {0}")]
    Store(#[from] StoreError),
    #[error(
        "no user exists yet: set WARDEN_ADMIN_PASSWORD (at least 12 characters) to create the administrator \
         '{BOOTSTRAP_ADMIN}' at first start, or create one with `warden user add NAME --scopes admin`"
    )]
    NoAdministrator,
    #[error("WARDEN_ADMIN_PASSWORD: {0}")]
    WeakAdminPassword(String),
    #[error(transparent)]
    SigningKey(#[from] SigningKeyError),
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error("guard.policy_dir (WARDEN_POLICY_DIR): {0}")]
    Policy(#[from] warden_policy::PolicyError),
    #[error("the tool registry is inconsistent: {0}")]
    Tools(#[from] warden_tool_api::RegistryError),
    #[error("memory: {0}")]
    Memory(#[from] warden_memory::MemoryError),
    #[error(transparent)]
    Tls(#[from] crate::tls::TlsError),
    #[error("invalid configuration: {0}")]
    Tasks(String),
    #[error("listen (WARDEN_LISTEN): cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// Creates the data directory (mode 0700) if needed and checks that a file can be created in
/// it: a path that is a file, a read-only mount or a full disk is named here, with the path and
/// the cause, rather than as the database's "unable to open database file".
pub fn ensure_data_dir(config: &Config) -> Result<(), StartError> {
    let path = || config.data_dir.display().to_string();
    if let Some(kind) = not_a_directory(&config.data_dir) {
        return Err(StartError::DataDirNotDirectory { path: path(), kind });
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&config.data_dir)
        .map_err(|source| StartError::DataDir {
            path: path(),
            source,
        })?;
    probe_writable(&config.data_dir).map_err(|source| StartError::DataDirNotWritable {
        path: path(),
        source,
    })
}

/// What `path` is when it exists but is not a directory ("a regular file", "a socket"); None
/// when it is a directory or does not exist.
pub fn not_a_directory(path: &std::path::Path) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::metadata(path).ok()?.file_type();
    if kind.is_dir() {
        None
    } else if kind.is_file() {
        Some("a regular file")
    } else if kind.is_socket() {
        Some("a socket")
    } else if kind.is_fifo() {
        Some("a named pipe")
    } else if kind.is_block_device() || kind.is_char_device() {
        Some("a device")
    } else {
        Some("not a directory")
    }
}

/// Creates, writes and removes a small file in `dir`: the only sure way to learn that the
/// database could write there (permissions, a read-only mount, a full disk, quotas).
pub fn probe_writable(dir: &std::path::Path) -> std::io::Result<()> {
    let probe = dir.join(format!(".warden-write-check-{}", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|mut file| std::io::Write::write_all(&mut file, b"ok"));
    let _ = std::fs::remove_file(&probe);
    written
}

/// The cause of a failed write in words, for the errors that name it (`: the disk holding it is
/// full`), or nothing when the system's own message says enough.
fn io_cause(error: &std::io::Error) -> &'static str {
    use rustix::io::Errno;
    match Errno::from_io_error(error) {
        Some(errno) if errno == Errno::NOSPC || errno == Errno::DQUOT => {
            ": the disk holding it is full"
        }
        Some(errno) if errno == Errno::ROFS => ": it is on a read-only mount",
        Some(errno) if errno == Errno::ACCESS || errno == Errno::PERM => ": permission denied",
        Some(_) | None => "",
    }
}

/// Opens the database for a command that only reads: nothing is created, migrated or written
/// (see [`Store::open_read_only`]), so it works on a full disk or a read-only mount. The data
/// directory must exist.
pub async fn open_store_read_only(config: &Config) -> Result<Store, StartError> {
    let dir = config.data_dir.clone();
    let checked = tokio::task::spawn_blocking(move || match std::fs::metadata(&dir) {
        Ok(metadata) if metadata.is_dir() => Ok(()),
        Ok(_) => Err(std::io::Error::other("not a directory")),
        Err(e) => Err(e),
    })
    .await
    .unwrap_or_else(|e| Err(std::io::Error::other(e)));
    checked.map_err(|source| StartError::DataDirUnreadable {
        path: config.data_dir.display().to_string(),
        source,
    })?;
    let url = config.effective_database_url();
    let store = Store::open_read_only(&url)
        .await
        .map_err(|source| StartError::Database {
            url: warden_store::redact_url(&url),
            source,
        })?;
    if store.access() == warden_store::Access::Snapshot {
        tracing::warn!(
            "the database could not be opened for shared reading (is the disk full?); reading the file as it stands"
        );
    }
    Ok(store)
}

/// Opens the database for a command that only reads: read-only ([`open_store_read_only`]), or,
/// when that cannot open it (a fresh host without a data directory or database yet), as every
/// command opens it, creating both.
pub async fn open_store_for_reading(config: &Config) -> Result<Store, StartError> {
    match open_store_read_only(config).await {
        Ok(store) => Ok(store),
        Err(read_only) => {
            tracing::debug!(%read_only, "opening the database read-only failed; opening it as usual");
            open_store(config).await
        }
    }
}

/// Opens the database the configuration names, creating the data directory first.
pub async fn open_store(config: &Config) -> Result<Store, StartError> {
    ensure_data_dir(config)?;
    let url = config.effective_database_url();
    Store::connect(&url)
        .await
        .map_err(|source| StartError::Database {
            url: warden_store::redact_url(&url),
            source,
        })
}

/// Everything the HTTP app needs, with the first administrator created when there is no user.
pub async fn prepare(config: Config) -> Result<AppState, StartError> {
    let store = open_store(&config).await?;
    bootstrap_admin(&store, &config).await?;
    let key = signing_key::load_or_create(&config.data_dir, config.jwt_secret.as_ref())?;
    let passwords = PasswordHasherPool::new(config.auth.max_concurrent_hashes).await?;
    let memory = crate::memory::open(&config, store.clone()).await?;
    let (tools, docker, mcp_servers) = crate::tools::build_registry_with_mcp(
        &config,
        warden_tool_memory::MemoryAccess::ready(memory.clone()),
    )
    .await?;
    // Each with its terminal event, so replays and subscribers of those runs end.
    let interrupted = store
        .interrupt_running_runs(now(), warden_core::runs::interrupted_event)
        .await?;
    if interrupted > 0 {
        tracing::warn!(
            runs = interrupted,
            "runs left running by a stopped server were marked interrupted"
        );
    }
    crate::automation::check_tools(&config, &tools).map_err(StartError::Tasks)?;
    crate::automation::warn_short_secrets(&config);
    let interrupted_tasks = store.interrupt_task_runs(now()).await?;
    if interrupted_tasks > 0 {
        tracing::warn!(
            runs = interrupted_tasks,
            "task runs left running by a stopped server were marked interrupted"
        );
    }
    let metrics = Metrics::default();
    let fleet = crate::fleet::FleetHub::start(&config.fleet, store.clone());
    let (guard, sandbox, containment) = crate::guard::build_with_fleet(
        &config,
        store.clone(),
        tools.clone(),
        Some(metrics.clone()),
        fleet.clone(),
    )
    .await?;
    let chat = Arc::new(
        crate::chat::build(&config, store.clone(), guard.clone()).with_memory(
            warden_core::runs::RunMemory {
                memory: memory.clone(),
                recall_limit: config.memory.recall_limit,
                prompt_chars: config.memory.prompt_chars,
                learn: config.memory.learn_from_chat,
            },
        ),
    );
    // What no runbook covers goes to the repair model, when a model is configured.
    let (model_jobs, model_queue) = tokio::sync::mpsc::channel(8);
    let mut monitor = crate::monitor::settings_only(&config, guard.clone(), store.clone())
        .with_memory(memory.clone(), config.memory.propose_runbook_after);
    if let Some(fleet) = &fleet {
        monitor = monitor.with_fleet(fleet.clone());
    }
    let model = if chat.has_models() {
        monitor = monitor.with_model(model_jobs);
        Some((model_queue, chat.engine()))
    } else {
        None
    };
    let monitor = Arc::new(monitor);
    let mcp_servers = Arc::new(mcp_servers);
    let (monitor_handle, monitor_commands) = warden_core::monitor::channel();
    let background = CancellationToken::new();
    let automation = crate::automation::build(
        &config,
        guard.clone(),
        store.clone(),
        &chat,
        background.child_token(),
    );
    let clock = config.clock.clone();
    Ok(AppState::new(Services {
        config: Arc::new(config),
        store,
        jwt: Arc::new(JwtKeys::new(&key).with_clock(clock.clone())),
        passwords,
        limiter: Arc::new(RateLimiter::default()),
        metrics: Arc::new(metrics),
        tools,
        chat,
        guard,
        sandbox: Arc::new(sandbox),
        containment: Arc::new(containment),
        background,
        monitor,
        mcp_servers,
        monitor_handle,
        memory,
        monitor_start: Arc::new(std::sync::Mutex::new(Some(crate::state::MonitorParts {
            commands: monitor_commands,
            docker: docker.clone(),
            model,
        }))),
        docker,
        automation,
        fleet,
        live: Arc::new(crate::live::Live::default()),
        clock: clock.clone(),
    }))
}

async fn bootstrap_admin(store: &Store, config: &Config) -> Result<(), StartError> {
    if store.count_users().await? > 0 {
        if config.admin_password.is_some() {
            tracing::info!("WARDEN_ADMIN_PASSWORD is only used when no user exists; ignoring it");
        }
        return Ok(());
    }
    let password = config
        .admin_password
        .as_ref()
        .ok_or(StartError::NoAdministrator)?;
    check_policy(password.expose()).map_err(StartError::WeakAdminPassword)?;
    let password_hash = crate::auth::password::hash_blocking(password.expose().to_owned()).await?;
    let user = NewUser {
        username: BOOTSTRAP_ADMIN.to_owned(),
        password_hash,
        scopes: ScopeSet::new([Scope::Admin]).to_joined(),
    };
    match store.create_user(user, now()).await {
        Ok(_) => tracing::info!(user = BOOTSTRAP_ADMIN, "created the first administrator"),
        // Another instance on the same database won the race: fine.
        Err(StoreError::Conflict(_)) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// How long a shutdown waits for open WebSockets to close (each waits at most 2 s to send its
/// close frame and 2 s for the client's).
const WEBSOCKETS_GRACE: Duration = Duration::from_secs(5);

/// A server accepting connections in a background task.
pub struct RunningServer {
    pub local_addr: SocketAddr,
    pub state: AppState,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
    /// The approvals sweeper, the monitor and its Docker watcher.
    background: Vec<JoinHandle<()>>,
}

impl RunningServer {
    /// Stops accepting, lets requests in flight finish, and closes the database.
    pub async fn shutdown(self) -> std::io::Result<()> {
        let _ = self.shutdown.send(());
        self.state.background.cancel();
        // Every open WebSocket is sent 1001 (going away) and given a moment to close, rather
        // than reset when the process ends.
        self.state.live.sockets.closed(WEBSOCKETS_GRACE).await;
        // Calls waiting on an agent's result end now (they stay queued): requests and runs in
        // flight that wait on them would otherwise hold the shutdown until their timeout.
        if let Some(fleet) = &self.state.fleet {
            fleet.stop_waiting();
        }
        for task in self.background {
            let _ = task.await;
        }
        // Task runs in flight end as interrupted, their records written.
        self.state.automation.shutdown().await;
        // Runs in flight end as interrupted, their records written, before the database closes.
        self.state.chat.shutdown().await;
        // What is queued for the notification channels gets a last attempt.
        self.state
            .guard
            .notifier()
            .shutdown(Duration::from_secs(5))
            .await;
        let result = self.task.await.map_err(std::io::Error::other)?;
        self.state.store.close().await;
        result
    }

    /// Runs until `signal` completes, then shuts down gracefully.
    pub async fn run_until(self, signal: impl Future<Output = ()>) -> std::io::Result<()> {
        signal.await;
        tracing::info!("shutting down");
        self.shutdown().await
    }
}

/// Prepares the state, binds the configured address and starts serving.
pub async fn start(config: Config) -> Result<RunningServer, StartError> {
    warden_http::install_tls_provider();
    let addr = config.listen;
    // A certificate that cannot be used stops start-up before anything else happens.
    let tls = match config.http.tls() {
        None => None,
        Some(files) => Some(
            tokio::task::spawn_blocking(move || crate::tls::acceptor(&files))
                .await
                .map_err(|e| StartError::Tasks(format!("reading the TLS files stopped: {e}")))??,
        ),
    };
    let state = prepare(config).await?;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { addr, source })?;
    let local_addr = listener
        .local_addr()
        .map_err(|source| StartError::Bind { addr, source })?;
    let (shutdown, shutdown_rx) = oneshot::channel::<()>();
    let stopped = async move {
        let _ = shutdown_rx.await;
    };
    let router = app(state.clone());
    let bounds = crate::accept::Bounds {
        header_read_timeout: Duration::from_secs(state.config.http.header_read_timeout_secs),
        max_connections: state.config.http.max_connections,
        keep_alive_idle: Duration::from_secs(state.config.http.keep_alive_idle_secs),
        max_header_bytes: state.config.http.max_header_bytes,
        max_headers: state.config.http.max_headers,
    };
    let task = match tls {
        None => tokio::spawn(async move {
            // Small writes (WebSocket frames, streamed events) go out at once: without
            // TCP_NODELAY, Nagle's algorithm holds them until the peer's delayed ACK (~40 ms).
            let listener = listener.tap_io(|tcp| {
                if let Err(e) = tcp.set_nodelay(true) {
                    tracing::debug!(error = %e, "setting TCP_NODELAY failed");
                }
            });
            crate::accept::serve(listener, router, bounds, stopped).await
        }),
        Some(acceptor) => {
            let listener = crate::tls::TlsListener::new(listener, acceptor)
                .map_err(|source| StartError::Bind { addr, source })?;
            tokio::spawn(async move {
                // tap_io makes axum hand the peer's address to ConnectInfo, as for plain TCP.
                crate::accept::serve(listener, router, bounds, stopped).await
            })
        }
    };
    // Expires approvals and executes approved ones nobody waits for (REST, or after a restart).
    let mut background =
        vec![tokio::spawn(state.guard.clone().run_sweeper(
            Duration::from_secs(1),
            state.background.clone(),
        ))];
    // Approvals asked for or settled reach the open WebSockets that may see them.
    background.push(tokio::spawn(state.live.clone().watch_approvals(
        state.store.clone(),
        state.clock.clone(),
        state.background.clone(),
    )));
    // Memory upkeep and conversation summaries.
    background.push(tokio::spawn(crate::memory::upkeep(
        state.memory.clone(),
        state.background.clone(),
    )));
    if state.config.memory.summaries {
        let summariser = crate::memory::summaries::Summariser {
            store: state.store.clone(),
            memory: state.memory.clone(),
            router: state.chat.has_models().then(|| state.chat.router()),
            idle: Duration::from_secs(state.config.memory.summary_idle_secs),
        };
        background.push(tokio::spawn(summariser.run(state.background.clone())));
    }
    let monitor_parts = state
        .monitor_start
        .lock()
        .ok()
        .and_then(|mut slot| slot.take());
    if let Some(parts) = monitor_parts {
        if state.config.monitor.enabled {
            background.extend(crate::monitor::spawn(
                state.monitor.clone(),
                parts,
                state.monitor_handle.clone(),
                state.background.clone(),
            ));
        } else {
            tracing::info!("the monitor is disabled (monitor.enabled = false)");
        }
    }
    if state
        .automation
        .tasks()
        .iter()
        .any(|t| t.schedule.is_some())
    {
        background.push(tokio::spawn(warden_core::automation::run_scheduler(
            state.automation.clone(),
            state.background.clone(),
        )));
    }
    tracing::info!(
        %local_addr,
        backend = state.store.backend().as_str(),
        https = state.config.http.tls().is_some(),
        "warden listening"
    );
    Ok(RunningServer {
        local_addr,
        state,
        shutdown,
        task,
        background,
    })
}
