//! The tool registry, built from configuration. Handlers are reached only through the
//! orchestrator; the server itself only lists what a caller may use.

use std::sync::Arc;

use warden_tool_api::{Registry, RegistryBuilder, RegistryError};
use warden_tool_files::FilesConfig;
use warden_tool_memory::MemoryAccess;

use crate::config::Config;

/// The registry for one-shot commands: the memory tools open the memory service on first use.
pub fn build_registry(
    config: &Config,
    store: &warden_store::Store,
) -> Result<Registry, RegistryError> {
    let (config_copy, store_copy) = (config.clone(), store.clone());
    let memory = MemoryAccess::lazy(Arc::new(move || {
        let (config, store) = (config_copy.clone(), store_copy.clone());
        Box::pin(async move { crate::memory::open(&config, store).await })
    }));
    Ok(build_registry_and_docker(config, memory)?.0)
}

/// The registry and the Docker engine its tools share (the monitor watches its event stream).
pub fn build_registry_and_docker(
    config: &Config,
    memory: MemoryAccess,
) -> Result<(Registry, Arc<warden_tool_docker::Engine>), RegistryError> {
    let (builder, docker) = builtin_families(config, memory);
    Ok((builder.build()?, docker))
}

/// [`build_registry_and_docker`] with the tools of the operators' MCP servers (`[[mcp.server]]`)
/// added under their prefixes; a server that cannot be reached is reported and left out.
pub async fn build_registry_with_mcp(
    config: &Config,
    memory: MemoryAccess,
) -> Result<
    (
        Registry,
        Arc<warden_tool_docker::Engine>,
        Vec<warden_tool_mcp::ServerStatus>,
    ),
    RegistryError,
> {
    let (mut builder, docker) = builtin_families(config, memory);
    let servers: Vec<warden_tool_mcp::ServerConfig> =
        config.mcp.servers.iter().map(mcp_server).collect();
    let statuses = warden_tool_mcp::register(&mut builder, &servers).await;
    Ok((builder.build()?, docker, statuses))
}

fn mcp_server(server: &crate::config::McpServerConfig) -> warden_tool_mcp::ServerConfig {
    use crate::config::McpTransport;
    warden_tool_mcp::ServerConfig {
        name: server.name.clone(),
        prefix: server.prefix.clone(),
        transport: match &server.transport {
            McpTransport::Stdio { command, args, env } => warden_tool_mcp::Transport::Stdio {
                command: command.clone(),
                args: args.clone(),
                env: env.clone(),
            },
            McpTransport::Http { url, bearer } => warden_tool_mcp::Transport::Http {
                url: url.clone(),
                bearer: bearer.as_ref().map(|b| b.expose().to_owned()),
            },
        },
        timeout: std::time::Duration::from_secs(server.timeout_secs),
        max_output_bytes: server.max_output_bytes,
    }
}

/// Every built-in tool family.
fn builtin_families(
    config: &Config,
    memory: MemoryAccess,
) -> (RegistryBuilder, Arc<warden_tool_docker::Engine>) {
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
    warden_tool_memory::register(&mut builder, memory);
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
    (builder, docker)
}
