//! The tool registry, built from configuration. Handlers are reached only through the
//! orchestrator; the server itself only lists what a caller may use.

use std::sync::Arc;

use warden_tool_api::{Registry, RegistryBuilder, RegistryError};
use warden_tool_files::FilesConfig;

use crate::config::Config;

pub fn build_registry(
    config: &Config,
    store: &warden_store::Store,
) -> Result<Registry, RegistryError> {
    Ok(build_registry_and_docker(config, store)?.0)
}

/// The registry and the Docker engine its tools share (the monitor watches its event stream).
pub fn build_registry_and_docker(
    config: &Config,
    store: &warden_store::Store,
) -> Result<(Registry, Arc<warden_tool_docker::Engine>), RegistryError> {
    let mut builder = RegistryBuilder::default();
    warden_tool_files::register(
        &mut builder,
        // Warden's database and signing key are never reachable through its own tools.
        &FilesConfig::new(
            config.tools.file_roots.clone(),
            vec![config.data_dir.clone()],
        ),
    );
    warden_tool_system::register(&mut builder);
    warden_tool_git::register(
        &mut builder,
        config.tools.git_roots.clone(),
        vec![config.data_dir.clone()],
    );
    warden_tool_net::register_with(
        &mut builder,
        &warden_tool_net::NetConfig {
            allow: config.tools.net_allow.clone(),
        },
    );
    warden_tool_memory::register(&mut builder, store.clone());
    warden_tool_ssh::register(
        &mut builder,
        &warden_tool_ssh::SshConfig {
            hosts: config.tools.ssh_hosts.clone(),
            known_hosts: config.tools.ssh_known_hosts.clone(),
        },
    );
    warden_tool_ollama::register(
        &mut builder,
        &warden_tool_ollama::OllamaConfig {
            url: config.tools.ollama_url.clone().or_else(|| {
                config
                    .llm
                    .models
                    .iter()
                    .find(|m| m.api == crate::config::LlmApi::Ollama)
                    .map(|m| m.url.clone())
            }),
        },
    );
    let docker = Arc::new(
        warden_tool_docker::Engine::new(config.tools.docker_host.clone())
            .with_answer_timeout(config.tools.docker_timeout()),
    );
    warden_tool_docker::register_with(&mut builder, docker.clone());
    Ok((builder.build()?, docker))
}
