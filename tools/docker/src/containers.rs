use std::collections::HashMap;
use std::sync::Arc;

use bollard::container::LogOutput;
use bollard::query_parameters::{ListContainersOptions, LogsOptions, StatsOptions};
use futures_util::StreamExt;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use warden_protocol::Scope;
use warden_protocol::readings::{ContainerData, DockerPsData};
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool, truncate_text};

use crate::engine::{Engine, check_container, parse_since};
use crate::reference::inspect_named;

const LOG_BYTES: usize = 48 * 1024;

use warden_protocol::clock::system_now as now;

fn name_of(summary: &Value) -> String {
    summary["Names"][0]
        .as_str()
        .unwrap_or("")
        .trim_start_matches('/')
        .to_owned()
}

/// A container's ports as `docker ps` writes them: `IP:PUBLIC->PRIVATE/TYPE` when published,
/// `PRIVATE/TYPE` when only exposed; sorted, each once (Docker lists the IPv4 and IPv6 bindings
/// of one port apart).
fn ports_of(summary: &Value) -> Vec<String> {
    let mut ports: Vec<String> = summary["Ports"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let private = p["PrivatePort"].as_u64()?;
            let kind = p["Type"].as_str().unwrap_or("tcp");
            Some(match (p["IP"].as_str(), p["PublicPort"].as_u64()) {
                (Some(ip), Some(public)) if !ip.is_empty() => {
                    let ip = if ip.contains(':') {
                        format!("[{ip}]")
                    } else {
                        ip.to_owned()
                    };
                    format!("{ip}:{public}->{private}/{kind}")
                }
                (_, Some(public)) => format!("{public}->{private}/{kind}"),
                (_, None) => format!("{private}/{kind}"),
            })
        })
        .collect();
    ports.sort();
    ports.dedup();
    ports
}

pub struct DockerPs(pub Arc<Engine>);

/// Arguments of `docker_ps`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PsArgs {
    /// Include stopped containers (default false: running only).
    #[serde(default)]
    pub all: bool,
    /// Only containers whose name contains this text.
    pub query: Option<String>,
    /// Only containers with this label (`key` or `key=value`).
    pub label: Option<String>,
    /// Most containers to return (default 100, at most 1000).
    pub limit: Option<usize>,
    /// Also each container's exit code, OOM kill, restart count and policy, start and finish
    /// times (one inspect per listed container; default false).
    #[serde(default)]
    pub details: bool,
}

impl TypedTool for DockerPs {
    type Args = PsArgs;
    const NAME: &'static str = "docker_ps";
    const DESCRIPTION: &'static str = "List containers: name, short id, image, state, status text, health and ports; with details, also exit code, OOM kill, restart count and start time.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: PsArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let limit = args.limit.unwrap_or(100);
        if limit == 0 || limit > 1000 {
            return Err(ToolError::InvalidArguments(
                "limit must be between 1 and 1000".to_owned(),
            ));
        }
        let mut filters = HashMap::new();
        if let Some(query) = &args.query {
            filters.insert("name".to_owned(), vec![query.clone()]);
        }
        if let Some(label) = &args.label {
            filters.insert("label".to_owned(), vec![label.clone()]);
        }
        let client = self.0.reader().await?;
        let options = ListContainersOptions {
            all: args.all,
            filters: if filters.is_empty() {
                None
            } else {
                Some(filters)
            },
            ..Default::default()
        };
        let listed = match client.list_containers(Some(options)).await {
            Ok(listed) => listed,
            Err(e) => return Err(self.0.error(e, "listing containers").await),
        };
        let mut rows: Vec<ContainerData> = listed
            .iter()
            .map(|c| {
                let v = serde_json::to_value(c).unwrap_or_default();
                let status = v["Status"].as_str().unwrap_or("").to_owned();
                let health = ["(healthy)", "(unhealthy)", "(health: starting)"]
                    .iter()
                    .find(|h| status.contains(*h))
                    .map(|h| {
                        h.trim_matches(['(', ')'])
                            .trim_start_matches("health: ")
                            .to_owned()
                    });
                ContainerData {
                    name: name_of(&v),
                    id: v["Id"]
                        .as_str()
                        .unwrap_or("")
                        .chars()
                        .take(12)
                        .collect::<String>(),
                    image: v["Image"].as_str().map(str::to_owned),
                    state: v["State"].as_str().map(str::to_owned),
                    status,
                    health,
                    ports: ports_of(&v),
                    labels: c
                        .labels
                        .as_ref()
                        .map(|l| l.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
                    details: None,
                }
            })
            .collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        let total = rows.len();
        rows.truncate(limit);
        // Where the daemon keeps its images: the mount a prune frees (`data-root` may move it
        // off `/var/lib/docker`). A daemon that does not say leaves it unknown.
        let mut docker_root_dir = None;
        if args.details {
            crate::details::add_details(&client, self.0.is_local(), &mut rows).await;
            docker_root_dir = client
                .info()
                .await
                .ok()
                .and_then(|info| info.docker_root_dir)
                .filter(|root| !root.trim().is_empty());
        }
        let mut text: String = rows
            .iter()
            .map(|r| {
                format!(
                    "{:<30} {:<12} {:<10} {:<30} {}\n",
                    r.name,
                    r.id,
                    r.state.as_deref().unwrap_or(""),
                    r.status,
                    r.image.as_deref().unwrap_or("")
                )
            })
            .collect();
        if rows.is_empty() {
            text = if args.all {
                "no containers\n".to_owned()
            } else {
                "no running containers (all: true lists stopped ones too)\n".to_owned()
            };
        }
        if total > limit {
            text.push_str(&format!("[{} more containers]\n", total - limit));
        }
        let data = serde_json::to_value(DockerPsData {
            containers: rows,
            total: total as u64,
            docker_root_dir,
        })
        .map_err(|e| ToolError::Failed(format!("cannot encode the data: {e}")))?;
        Ok(ToolOutput::new(text, data).cut(total > limit))
    }
}

/// Arguments naming one container.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContainerArgs {
    /// Container name or id.
    pub container: String,
}

pub struct DockerInspect(pub Arc<Engine>);

impl TypedTool for DockerInspect {
    type Args = ContainerArgs;
    const NAME: &'static str = "docker_inspect";
    const DESCRIPTION: &'static str = "One container in detail: state, exit code, OOM kill, health, restarts and policy, image, command, labels, mounts, ports and the names (not values) of its environment variables.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    async fn run(
        &self,
        args: ContainerArgs,
        _context: &ToolContext,
    ) -> Result<ToolOutput, ToolError> {
        check_container(&args.container)?;
        let client = self.0.reader().await?;
        let inspected = inspect_named(&self.0, &client, &args.container).await?;
        let mut data = crate::inspect::inspect_data(inspected);
        let run = crate::details::Run {
            container_id: data.id.as_deref().unwrap_or(""),
            exit_code: data.exit_code,
            oom_killed: data.oom_killed,
            started_at: data.started_at.as_deref(),
            finished_at: data.finished_at.as_deref(),
        };
        if crate::details::kills_docker_lost(self.0.is_local(), &[run]).await == [true] {
            data.oom_killed = Some(true);
        }
        let text = crate::inspect::summary(&data);
        let data = serde_json::to_value(&data)
            .map_err(|e| ToolError::Failed(format!("cannot encode the data: {e}")))?;
        Ok(ToolOutput::new(text, data))
    }
}

pub struct DockerLogs(pub Arc<Engine>);

/// Arguments of `docker_logs`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogsArgs {
    /// Container name or id.
    pub container: String,
    /// The last N lines (default 100, at most 5000).
    pub tail: Option<u32>,
    /// Only lines since then: a duration back from now (`10m`, `2h`, `1d`) or Unix seconds.
    pub since: Option<String>,
}

impl TypedTool for DockerLogs {
    type Args = LogsArgs;
    const NAME: &'static str = "docker_logs";
    const DESCRIPTION: &'static str =
        "A container's recent log lines with timestamps, stdout and stderr told apart.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: LogsArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        check_container(&args.container)?;
        let tail = args.tail.unwrap_or(100);
        if tail == 0 || tail > 5000 {
            return Err(ToolError::InvalidArguments(
                "tail must be between 1 and 5000".to_owned(),
            ));
        }
        let since = args
            .since
            .as_deref()
            .map(|s| parse_since(s, now()))
            .transpose()?;
        let client = self.0.reader().await?;
        let options = LogsOptions {
            stdout: true,
            stderr: true,
            timestamps: true,
            tail: tail.to_string(),
            since: since.map_or(0, |s| i32::try_from(s).unwrap_or(i32::MAX)),
            ..Default::default()
        };
        // The logs of the container named, by its id: never those of one whose id begins with
        // the name.
        let id = inspect_named(&self.0, &client, &args.container)
            .await?
            .id
            .unwrap_or_default();
        let mut stream = client.logs(&id, Some(options));
        let (mut text, mut stdout_lines, mut stderr_lines) = (String::new(), 0usize, 0usize);
        let mut cut = false;
        while let Some(item) = stream.next().await {
            let (stream_name, message) = match item {
                Ok(LogOutput::StdOut { message }) => ("stdout", message),
                Ok(LogOutput::StdErr { message }) => ("stderr", message),
                Ok(LogOutput::Console { message }) => ("stdout", message),
                Ok(LogOutput::StdIn { .. }) => continue,
                Err(e) => {
                    return Err(self
                        .0
                        .error(e, &format!("logs of '{}'", args.container))
                        .await);
                }
            };
            for line in String::from_utf8_lossy(&message).lines() {
                if stream_name == "stderr" {
                    stderr_lines += 1;
                } else {
                    stdout_lines += 1;
                }
                text.push_str(&format!("[{stream_name}] {line}\n"));
            }
            if text.len() > LOG_BYTES * 2 {
                // Keep the newest lines: drop from the front.
                let excess = text.len() - LOG_BYTES;
                let cut_at = text[excess..].find('\n').map_or(excess, |i| excess + i + 1);
                text.drain(..cut_at);
                cut = true;
            }
        }
        if text.len() > LOG_BYTES {
            let excess = text.len() - LOG_BYTES;
            let cut_at = text[excess..].find('\n').map_or(excess, |i| excess + i + 1);
            text.drain(..cut_at);
            cut = true;
        }
        if text.is_empty() {
            text = "(no log lines)".to_owned();
        }
        let (text, truncated) = truncate_text(text, LOG_BYTES + 1024);
        let data = json!({"container": args.container, "stdout_lines": stdout_lines, "stderr_lines": stderr_lines, "oldest_cut": cut});
        Ok(ToolOutput::new(
            if cut {
                format!("[older lines cut]\n{text}")
            } else {
                text
            },
            data,
        )
        .cut(cut || truncated))
    }
}

pub struct DockerStats(pub Arc<Engine>);

/// Arguments of `docker_stats`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatsArgs {
    /// One container; default: every running container (at most 50).
    pub container: Option<String>,
}

/// CPU percent from one stats sample, as `docker stats` computes it.
pub fn cpu_percent(stats: &Value) -> f64 {
    let cpu = &stats["cpu_stats"];
    let pre = &stats["precpu_stats"];
    let delta = cpu["cpu_usage"]["total_usage"].as_f64().unwrap_or(0.0)
        - pre["cpu_usage"]["total_usage"].as_f64().unwrap_or(0.0);
    let system = cpu["system_cpu_usage"].as_f64().unwrap_or(0.0)
        - pre["system_cpu_usage"].as_f64().unwrap_or(0.0);
    let cpus = cpu["online_cpus"]
        .as_f64()
        .filter(|n| *n > 0.0)
        .unwrap_or(1.0);
    if delta > 0.0 && system > 0.0 {
        (delta / system * cpus * 1000.0).round() / 10.0
    } else {
        0.0
    }
}

impl TypedTool for DockerStats {
    type Args = StatsArgs;
    const NAME: &'static str = "docker_stats";
    const DESCRIPTION: &'static str = "Resource use of running containers: CPU percent, memory used and limit, network and block I/O, process count.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: StatsArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        if let Some(container) = &args.container {
            check_container(container)?;
        }
        let client = self.0.reader().await?;
        let names: Vec<String> = match &args.container {
            Some(container) => vec![container.clone()],
            None => match client.list_containers(None::<ListContainersOptions>).await {
                Ok(list) => list
                    .iter()
                    .map(|c| name_of(&serde_json::to_value(c).unwrap_or_default()))
                    .take(50)
                    .collect(),
                Err(e) => return Err(self.0.error(e, "listing containers").await),
            },
        };
        // The daemon takes two samples a second apart to compute CPU use; ask for all at once.
        let samples = futures_util::future::join_all(names.iter().map(|name| {
            let client = client.clone();
            async move {
                let options = StatsOptions {
                    stream: false,
                    one_shot: false,
                };
                let first = client.stats(name, Some(options)).next().await;
                (name.clone(), first)
            }
        }))
        .await;
        let mut rows = Vec::new();
        for (name, sample) in samples {
            let stats = match sample {
                Some(Ok(stats)) => serde_json::to_value(&stats).unwrap_or_default(),
                Some(Err(e)) => return Err(self.0.error(e, &format!("stats of '{name}'")).await),
                None => continue,
            };
            let memory = &stats["memory_stats"];
            let cache = memory["stats"]["inactive_file"].as_u64().unwrap_or(0);
            let used = memory["usage"].as_u64().unwrap_or(0).saturating_sub(cache);
            let sum = |obj: &Value, key: &str| -> u64 {
                obj.as_object().map_or(0, |m| {
                    m.values().map(|v| v[key].as_u64().unwrap_or(0)).sum()
                })
            };
            rows.push(json!({
                "container": name,
                "cpu_percent": cpu_percent(&stats),
                "memory_used_bytes": used,
                "memory_limit_bytes": memory["limit"],
                "network_rx_bytes": sum(&stats["networks"], "rx_bytes"),
                "network_tx_bytes": sum(&stats["networks"], "tx_bytes"),
                "pids": stats["pids_stats"]["current"],
            }));
        }
        let text: String = rows
            .iter()
            .map(|r| {
                format!(
                    "{:<30} cpu {:>6}% mem {:>8} KiB pids {}\n",
                    r["container"].as_str().unwrap_or(""),
                    r["cpu_percent"],
                    r["memory_used_bytes"].as_u64().unwrap_or(0) / 1024,
                    r["pids"]
                )
            })
            .collect();
        let text = if text.is_empty() {
            "no running containers\n".to_owned()
        } else {
            text
        };
        Ok(ToolOutput::new(text, json!({"containers": rows})))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_read_as_docker_ps_writes_them() {
        // As Docker 20.10 lists a container run with -p 127.0.0.1:8080:80 -p 9000 and EXPOSE 53/udp.
        let summary = json!({"Ports": [
            {"IP": "127.0.0.1", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
            {"IP": "0.0.0.0", "PrivatePort": 9000, "PublicPort": 49153, "Type": "tcp"},
            {"IP": "::", "PrivatePort": 9000, "PublicPort": 49153, "Type": "tcp"},
            {"PrivatePort": 53, "Type": "udp"}
        ]});
        assert_eq!(
            ports_of(&summary),
            vec![
                "0.0.0.0:49153->9000/tcp",
                "127.0.0.1:8080->80/tcp",
                "53/udp",
                "[::]:49153->9000/tcp",
            ]
        );
        assert_eq!(ports_of(&json!({})), Vec::<String>::new());
    }
}
