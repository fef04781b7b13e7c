//! Docker tools through the Engine API (bollard). The daemon is found from `DOCKER_HOST` (or the
//! configured host) and the API version negotiated, so Engine 20.10 (API 1.41) and newer both
//! work. A daemon that is down is reported as unavailable, and reached again when it returns.

mod containers;
mod details;
mod engine;
mod events;
mod images;
mod inspect;
mod kernel_oom;
mod lifecycle;
mod reference;

use std::sync::Arc;

pub use engine::{DEFAULT_ANSWER_TIMEOUT, Engine};
pub use events::{
    ContainerEvent, MAX_EVENT_NAME_CHARS, container_events, recent_container_events, watched_action,
};
pub use kernel_oom::{KernelKill, killed_in_run, read_kills};
use warden_tool_api::{RegistryBuilder, typed};

/// Where the Docker daemon is.
#[derive(Debug, Clone, Default)]
pub struct DockerConfig {
    /// `unix:///var/run/docker.sock`, `tcp://host:2375`...; None: `DOCKER_HOST` or the default socket.
    pub host: Option<String>,
}

pub fn register(builder: &mut RegistryBuilder, config: &DockerConfig) {
    register_with(builder, Arc::new(Engine::new(config.host.clone())));
}

/// Registers the tools over an engine the caller keeps (the monitor watches its event stream).
pub fn register_with(builder: &mut RegistryBuilder, engine: Arc<Engine>) {
    builder
        .add(typed(containers::DockerPs(engine.clone())))
        .add(typed(containers::DockerInspect(engine.clone())))
        .add(typed(containers::DockerLogs(engine.clone())))
        .add(typed(containers::DockerStats(engine.clone())))
        .add(typed(lifecycle::DockerStart(engine.clone())))
        .add(typed(lifecycle::DockerStop(engine.clone())))
        .add(typed(lifecycle::DockerRestart(engine.clone())))
        .add(typed(lifecycle::DockerRemove(engine.clone())))
        .add(typed(images::DockerImages(engine.clone())))
        .add(typed(images::DockerPrune(engine)));
}
