//! Agents run in the test process with a runner that records what it ran; the hub is the real
//! client. Waits are bounded polls.

use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::BoxFuture;
use serde_json::json;
use tokio::sync::oneshot;
use warden_fleet::agent::{self, AgentSettings};
use warden_fleet::testing::NatsServer;
use warden_fleet::{AgentName, CallRequest, CallRunner, Hub, HubSettings, RunOutcome};

/// Runs `echo` (answers its arguments) and refuses the tool `forbidden_tool`, as a local policy
/// would; records the ids it ran.
#[derive(Default)]
pub struct Recorder {
    pub ran: Mutex<Vec<String>>,
}

impl CallRunner for Recorder {
    fn run<'a>(&'a self, call: &'a CallRequest) -> BoxFuture<'a, RunOutcome> {
        Box::pin(async move {
            if call.tool == "forbidden_tool" {
                return RunOutcome::refused("forbidden by the agent's policy");
            }
            self.ran.lock().unwrap().push(call.call_id.to_string());
            RunOutcome {
                ok: true,
                output: format!("ran {}", call.tool),
                data: json!({"arguments": call.arguments}),
                truncated: false,
                error_code: None,
            }
        })
    }
}

impl Recorder {
    pub fn ran(&self) -> Vec<String> {
        self.ran.lock().unwrap().clone()
    }
}

/// An agent running in a task; stopped when dropped or by [`TestAgent::stop`].
pub struct TestAgent {
    pub recorder: Arc<Recorder>,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), warden_fleet::FleetError>>,
}

pub fn agent_settings(server: &NatsServer, name: &str) -> AgentSettings {
    let name = AgentName::parse(name).unwrap();
    let data_dir: PathBuf = server.dir().join(format!("agent-{name}"));
    let mut settings = AgentSettings::new(name, server.url(), data_dir);
    settings.heartbeat_interval = Duration::from_millis(200);
    settings.readings_interval = Duration::from_millis(500);
    settings.register_interval = Duration::from_secs(2);
    settings
}

pub fn start_agent(settings: AgentSettings, recorder: Arc<Recorder>) -> TestAgent {
    let (stop, stopped) = oneshot::channel::<()>();
    let runner: Arc<dyn CallRunner> = recorder.clone();
    let task = tokio::spawn(agent::run(settings, runner, async move {
        let _ = stopped.await;
    }));
    TestAgent {
        recorder,
        stop: Some(stop),
        task,
    }
}

impl TestAgent {
    /// Stops the agent and waits for it to end.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .expect("the agent stops within 10 s")
            .expect("the agent task did not panic")
            .expect("the agent ended without error");
    }
}

impl TestAgent {
    /// Waits up to `limit` for the agent to end on its own; its outcome.
    pub async fn ended_within(mut self, limit: Duration) -> Result<(), warden_fleet::FleetError> {
        tokio::time::timeout(limit, &mut self.task)
            .await
            .expect("the agent ended on its own in time")
            .expect("the agent task did not panic")
    }
}

impl Drop for TestAgent {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub async fn hub(server: &NatsServer) -> Hub {
    let mut settings = HubSettings::new(server.url());
    settings.offline_after = Duration::from_secs(2);
    Hub::connect(settings).await.expect("the hub connects")
}

/// Polls `check` every 50 ms for up to `limit`; panics with `what` when it never holds.
pub async fn eventually<F, Fut>(what: &str, limit: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + limit;
    while tokio::time::Instant::now() < deadline {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what}: not within {limit:?}");
}

pub const WAIT: Duration = Duration::from_secs(20);
