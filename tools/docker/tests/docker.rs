//! Docker tools against the real daemon that `make test` starts, with containers of the busybox
//! test image built `FROM scratch`. Every container carries the label `warden.test` so a failed
//! run's leftovers are removed by `services.sh stop`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::time::Duration;

use bollard::Docker;
use bollard::models::ContainerCreateBody;
use bollard::query_parameters::{
    CreateContainerOptions, InspectContainerOptions, RemoveContainerOptions, RemoveImageOptions,
    StartContainerOptions, TagImageOptions,
};
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_protocol::Scope;
use warden_protocol::readings::{ContainerInspectData, DockerPsData};
use warden_tool_api::{
    ArgumentJudgement, Registry, RegistryBuilder, ToolContext, ToolError, ToolOutput,
};
use warden_tool_docker::DockerConfig;

fn image() -> String {
    std::env::var("WARDEN_TEST_DOCKER_IMAGE")
        .unwrap_or_else(|_| "warden-test-busybox:latest".to_owned())
}

async fn docker() -> Docker {
    Docker::connect_with_defaults()
        .unwrap()
        .negotiate_version()
        .await
        .expect("a Docker daemon (make test starts one: tests/scripts/services.sh start docker)")
}

fn registry() -> Registry {
    let mut builder = RegistryBuilder::default();
    warden_tool_docker::register(&mut builder, &DockerConfig::default());
    builder.build().unwrap()
}

async fn call(registry: &Registry, tool: &str, args: Value) -> Result<ToolOutput, ToolError> {
    let context = ToolContext::user("tester", [Scope::Admin]);
    registry.get(tool).unwrap().call(args, &context).await
}

/// A test's containers: created with a unique prefix and removed at the end.
struct Containers {
    docker: Docker,
    prefix: String,
    label: String,
}

impl Containers {
    async fn new() -> Self {
        let id = uuid::Uuid::new_v4().simple().to_string();
        Self {
            docker: docker().await,
            prefix: format!("wt-{}", &id[..8]),
            label: format!("warden.test={}", &id[..8]),
        }
    }

    fn name(&self, suffix: &str) -> String {
        format!("{}-{suffix}", self.prefix)
    }

    async fn create(&self, suffix: &str, script: &str, start: bool) -> String {
        self.create_with(suffix, script, start, None).await
    }

    /// A container with a memory limit (and no swap beyond it) when `memory_bytes` is given.
    async fn create_with(
        &self,
        suffix: &str,
        script: &str,
        start: bool,
        memory_bytes: Option<i64>,
    ) -> String {
        let name = self.name(suffix);
        let (key, value) = self.label.split_once('=').unwrap();
        let labels = HashMap::from([
            (key.to_owned(), value.to_owned()),
            ("warden.test".to_owned(), value.to_owned()),
        ]);
        let body = ContainerCreateBody {
            image: Some(image()),
            cmd: Some(vec!["sh".to_owned(), "-c".to_owned(), script.to_owned()]),
            labels: Some(labels),
            host_config: memory_bytes.map(|bytes| bollard::models::HostConfig {
                memory: Some(bytes),
                memory_swap: Some(bytes),
                ..Default::default()
            }),
            ..Default::default()
        };
        let options = CreateContainerOptions {
            name: Some(name.clone()),
            ..Default::default()
        };
        self.docker
            .create_container(Some(options), body)
            .await
            .unwrap();
        if start {
            self.docker
                .start_container(&name, None::<StartContainerOptions>)
                .await
                .unwrap();
        }
        name
    }

    async fn cleanup(self) {
        let listed = self
            .docker
            .list_containers(Some(bollard::query_parameters::ListContainersOptions {
                all: true,
                filters: Some(HashMap::from([(
                    "label".to_owned(),
                    vec![self.label.clone()],
                )])),
                ..Default::default()
            }))
            .await
            .unwrap_or_default();
        for container in listed {
            if let Some(id) = container.id {
                let _ = self
                    .docker
                    .remove_container(
                        &id,
                        Some(RemoveContainerOptions {
                            force: true,
                            ..Default::default()
                        }),
                    )
                    .await;
            }
        }
    }
}

async fn wait_for_status(registry: &Registry, name: &str, wanted: &str) -> Value {
    for _ in 0..100 {
        let inspected = call(registry, "docker_inspect", json!({"container": name}))
            .await
            .unwrap();
        if inspected.data["status"] == json!(wanted) {
            return inspected.data;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{name} never reached {wanted}");
}

#[tokio::test]
async fn a_container_is_listed_inspected_logged_and_measured() {
    let registry = registry();
    let c = Containers::new().await;
    let web = c
        .create(
            "web",
            "echo started; echo warning >&2; echo ready; exec sleep 3600",
            true,
        )
        .await;
    wait_for_status(&registry, &web, "running").await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let listed = call(&registry, "docker_ps", json!({"query": c.prefix}))
        .await
        .unwrap();
    let names: Vec<&str> = listed.data["containers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, vec![web.as_str()]);
    assert_eq!(listed.data["containers"][0]["state"], json!("running"));
    assert_eq!(
        listed.data["containers"][0]["ports"],
        json!([]),
        "none published"
    );

    let inspected = call(&registry, "docker_inspect", json!({"container": web}))
        .await
        .unwrap();
    assert_eq!(
        (
            inspected.data["running"].clone(),
            inspected.data["exit_code"].clone()
        ),
        (json!(true), json!(0))
    );
    assert!(
        inspected.data["env_names"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| !n.as_str().unwrap().contains('=')),
        "names only"
    );
    // The data is `ContainerInspectData`: it reads into the type and writes out the same, with
    // the keys clients have always read (the monitor's verification reads it typed).
    let typed: ContainerInspectData = serde_json::from_value(inspected.data.clone()).unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), inspected.data);
    let mut keys: Vec<&str> = inspected
        .data
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "command",
            "entrypoint",
            "env_names",
            "error",
            "exit_code",
            "finished_at",
            "health",
            "id",
            "image",
            "labels",
            "mounts",
            "name",
            "oom_killed",
            "ports",
            "restart_count",
            "restart_policy",
            "restarting",
            "running",
            "started_at",
            "status",
            "stop_signal",
            "tty"
        ]
    );
    assert_eq!(
        (typed.name.as_str(), typed.status.as_deref()),
        (web.as_str(), Some("running"))
    );
    assert!(
        inspected.output.starts_with(&format!(
            "{web} ({}): running, exit code 0",
            &typed.id.unwrap()[..12]
        )),
        "{}",
        inspected.output
    );

    let logs = call(
        &registry,
        "docker_logs",
        json!({"container": web, "tail": 10}),
    )
    .await
    .unwrap();
    // "[stream] TIMESTAMP text". Order holds within a stream; across the two streams, lines
    // written in the same instant may come in either order.
    let stream = |name: &str| -> Vec<String> {
        logs.output
            .lines()
            .filter_map(|l| l.strip_prefix(&format!("[{name}] ")))
            .map(|rest| rest.split_once(' ').map_or("", |(_, text)| text).to_owned())
            .collect()
    };
    assert_eq!(stream("stdout"), vec!["started", "ready"]);
    assert_eq!(stream("stderr"), vec!["warning"]);
    assert_eq!(
        (
            logs.data["stdout_lines"].clone(),
            logs.data["stderr_lines"].clone()
        ),
        (json!(2), json!(1))
    );

    let stats = call(&registry, "docker_stats", json!({"container": web}))
        .await
        .unwrap();
    assert!(
        stats.data["containers"][0]["memory_used_bytes"]
            .as_u64()
            .unwrap()
            > 0,
        "{}",
        stats.output
    );
    assert!(stats.data["containers"][0]["pids"].as_u64().unwrap() >= 1);
    c.cleanup().await;
}

/// Docker takes a reference no container is named for the start of an id: an action asked for
/// such a name must reach no container, while the short id `docker ps` shows still works.
#[tokio::test]
async fn an_action_reaches_a_container_only_by_its_name_or_id() {
    let registry = registry();
    let c = Containers::new().await;
    let app = c.create("app", "exec sleep 3600", true).await;
    wait_for_status(&registry, &app, "running").await;
    let id = c
        .docker
        .inspect_container(&app, None::<InspectContainerOptions>)
        .await
        .unwrap()
        .id
        .unwrap();

    for tool in ["docker_stop", "docker_restart", "docker_remove"] {
        let refused = call(&registry, tool, json!({"container": &id[..4]})).await;
        match refused {
            Err(ToolError::NotFound(message)) => {
                assert!(message.contains("no container is named"), "{message}");
                assert!(message.contains(&app), "{message}");
            }
            other => panic!("{tool} by a 4-character id prefix: {other:?}"),
        }
    }
    let still = wait_for_status(&registry, &app, "running").await;
    assert_eq!(still["restart_count"], json!(0));

    let stopped = call(
        &registry,
        "docker_stop",
        json!({"container": &id[..12], "timeout_secs": 1}),
    )
    .await
    .unwrap();
    assert_eq!(stopped.data["status"], json!("exited"));
    let started = call(
        &registry,
        "docker_start",
        json!({"container": format!("/{app}")}),
    )
    .await
    .unwrap();
    assert_eq!(started.data["status"], json!("running"));
    c.cleanup().await;
}

/// Reads follow the same rule as actions: the inspection and logs shown are those of the
/// container named, never of one whose id merely begins with the name, and Docker's `/name`
/// spelling works.
#[tokio::test]
async fn a_read_shows_a_container_only_by_its_name_or_id() {
    let registry = registry();
    let c = Containers::new().await;
    let app = c
        .create("app", "echo only-this-container; exec sleep 3600", true)
        .await;
    wait_for_status(&registry, &app, "running").await;
    let id = c
        .docker
        .inspect_container(&app, None::<InspectContainerOptions>)
        .await
        .unwrap()
        .id
        .unwrap();

    for tool in ["docker_inspect", "docker_logs"] {
        match call(&registry, tool, json!({"container": &id[..4]})).await {
            Err(ToolError::NotFound(message)) => {
                assert!(message.contains("no container is named"), "{message}");
                assert!(message.contains(&app), "{message}");
            }
            other => panic!("{tool} by a 4-character id prefix: {other:?}"),
        }
    }
    let inspected = call(
        &registry,
        "docker_inspect",
        json!({"container": format!("/{app}")}),
    )
    .await
    .unwrap();
    assert_eq!(inspected.data["id"], json!(id));
    let mut logs = None;
    for _ in 0..50 {
        let read = call(
            &registry,
            "docker_logs",
            json!({"container": format!("/{app}")}),
        )
        .await
        .unwrap();
        if read.output.contains("only-this-container") {
            logs = Some(read);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(logs.is_some(), "the logs of /{app} never showed its line");
    let by_short_id = call(&registry, "docker_logs", json!({"container": &id[..12]}))
        .await
        .unwrap();
    assert!(by_short_id.output.contains("only-this-container"));
    c.cleanup().await;
}

#[tokio::test]
async fn lifecycle_stop_start_restart_remove_and_a_crash() {
    let registry = registry();
    let c = Containers::new().await;
    let app = c.create("app", "exec sleep 3600", true).await;
    wait_for_status(&registry, &app, "running").await;

    let stopped = call(
        &registry,
        "docker_stop",
        json!({"container": app, "timeout_secs": 1}),
    )
    .await
    .unwrap();
    assert_eq!(stopped.data["status"], json!("exited"));
    let started = call(&registry, "docker_start", json!({"container": app}))
        .await
        .unwrap();
    assert_eq!(started.data["status"], json!("running"));
    let restarted = call(
        &registry,
        "docker_restart",
        json!({"container": app, "timeout_secs": 1}),
    )
    .await
    .unwrap();
    assert_eq!(restarted.data["running"], json!(true));

    let crasher = c.create("crash", "echo dying >&2; exit 3", true).await;
    let crashed = wait_for_status(&registry, &crasher, "exited").await;
    assert_eq!(crashed["exit_code"], json!(3));
    let stopped_only = call(
        &registry,
        "docker_ps",
        json!({"query": c.prefix, "all": true}),
    )
    .await
    .unwrap();
    assert_eq!(stopped_only.data["total"], json!(2));
    let running_only = call(&registry, "docker_ps", json!({"query": c.prefix}))
        .await
        .unwrap();
    assert_eq!(running_only.data["total"], json!(1));

    let refused = call(&registry, "docker_remove", json!({"container": app}))
        .await
        .unwrap_err();
    assert!(
        matches!(refused, ToolError::Failed(ref m) if m.contains("409")),
        "a running container needs force: {refused}"
    );
    call(
        &registry,
        "docker_remove",
        json!({"container": app, "force": true}),
    )
    .await
    .unwrap();
    let gone = call(&registry, "docker_inspect", json!({"container": app}))
        .await
        .unwrap_err();
    assert!(matches!(gone, ToolError::NotFound(_)), "{gone}");

    let pruned = call(
        &registry,
        "docker_prune",
        json!({"what": "containers", "label": c.label}),
    )
    .await
    .unwrap();
    assert_eq!(
        pruned.data["removed"].as_array().unwrap().len(),
        1,
        "{}",
        pruned.output
    );
    let after = call(
        &registry,
        "docker_ps",
        json!({"query": c.prefix, "all": true}),
    )
    .await
    .unwrap();
    assert_eq!(after.data["total"], json!(0));
    c.cleanup().await;
}

/// A container `docker stop` ended at once: SIGKILL, exit code 137, as a memory kill's.
async fn stopped_by_docker(registry: &Registry, c: &Containers) -> String {
    let stopped = c.create("stopped", "exec sleep 3600", true).await;
    wait_for_status(registry, &stopped, "running").await;
    call(
        registry,
        "docker_stop",
        json!({"container": stopped, "timeout_secs": 0}),
    )
    .await
    .unwrap();
    stopped
}

#[tokio::test]
async fn details_tell_a_kill_for_memory_from_a_stop() {
    let registry = registry();
    let c = Containers::new().await;
    // 64 MiB of dd buffer in an 8 MiB container: the kernel kills dd for memory, and the shell
    // exits with dd's status (137). Docker 20.10 drops the kernel's OOM notice when it arrives
    // before the daemon has finished starting the container (measured on a loaded machine: 5 of
    // 40 containers whose PID 1 ran out of memory at once came back `OOMKilled: false` with no
    // `oom` event), so dd starts after a second, and the container lives a second past the kill
    // so the notice is not raced by the exit either.
    let oom = c
        .create_with(
            "oom",
            "sleep 1; dd if=/dev/zero of=/dev/null bs=64M count=1; code=$?; sleep 1; exit $code",
            true,
            Some(8 * 1024 * 1024),
        )
        .await;
    let stopped = stopped_by_docker(&registry, &c).await;
    wait_for_status(&registry, &oom, "exited").await;
    let listed = call(
        &registry,
        "docker_ps",
        json!({"query": c.prefix, "all": true, "details": true}),
    )
    .await
    .unwrap();
    let rows: Vec<(Value, Value, Value, Value, bool)> = listed.data["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].clone(),
                r["exit_code"].clone(),
                r["oom_killed"].clone(),
                r["restart_count"].clone(),
                r["started_at"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("20")),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (json!(oom), json!(137), json!(true), json!(0), true),
            (json!(stopped), json!(137), json!(false), json!(0), true),
        ]
    );
    // With details, where the daemon keeps its images (`docker info`'s DockerRootDir): the
    // mount a prune frees.
    assert!(
        listed.data["docker_root_dir"]
            .as_str()
            .is_some_and(|root| root.starts_with('/')),
        "{}",
        listed.data["docker_root_dir"]
    );
    // The data is `DockerPsData`: it reads into the type and writes out the same, keys and all.
    let typed: DockerPsData = serde_json::from_value(listed.data.clone()).unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), listed.data);
    let keys: Vec<&str> = listed.data["containers"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        vec![
            "exit_code",
            "finished_at",
            "health",
            "id",
            "image",
            "labels",
            "name",
            "oom_killed",
            "ports",
            "restart_count",
            "restart_policy",
            "started_at",
            "state",
            "status",
            "stop_signal",
            "tty"
        ]
    );
    // Without details the list stays as cheap as before.
    let plain = call(
        &registry,
        "docker_ps",
        json!({"query": c.prefix, "all": true}),
    )
    .await
    .unwrap();
    assert_eq!(plain.data["containers"][0]["oom_killed"], Value::Null);
    assert_eq!(plain.data["docker_root_dir"], Value::Null);
    assert_eq!(
        plain.data["containers"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        vec![
            "health", "id", "image", "labels", "name", "ports", "state", "status"
        ]
    );
    let typed: DockerPsData = serde_json::from_value(plain.data.clone()).unwrap();
    assert_eq!(typed.containers.len(), 2);
    c.cleanup().await;
}

/// Containers whose PID 1 runs out of memory at once, started together: on a loaded machine
/// Docker 20.10 loses the OOM notice of some (the kill comes while it is still starting them),
/// and the kernel log still tells them from a `docker stop`.
#[tokio::test]
async fn memory_kills_docker_loses_are_read_from_the_kernel_log() {
    let registry = registry();
    let c = Containers::new().await;
    let suffixes: Vec<String> = (0..6).map(|i| format!("early{i}")).collect();
    let killed = futures_util::future::join_all(suffixes.iter().map(|s| {
        c.create_with(
            s,
            "exec dd if=/dev/zero of=/dev/null bs=64M count=1",
            true,
            Some(8 * 1024 * 1024),
        )
    }))
    .await;
    let stopped = stopped_by_docker(&registry, &c).await;
    for name in &killed {
        wait_for_status(&registry, name, "exited").await;
    }
    let listed = call(
        &registry,
        "docker_ps",
        json!({"query": c.prefix, "all": true, "details": true}),
    )
    .await
    .unwrap();
    let flags: Vec<(String, Value, Value)> = listed.data["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_owned(),
                r["exit_code"].clone(),
                r["oom_killed"].clone(),
            )
        })
        .collect();
    let mut expected: Vec<(String, Value, Value)> = killed
        .iter()
        .map(|name| (name.clone(), json!(137), json!(true)))
        .collect();
    expected.push((stopped.clone(), json!(137), json!(false)));
    assert_eq!(flags, expected);

    // The kernel's record alone, whatever Docker said: each killed run is in it, the stop is not.
    let (kills, boot_secs) = warden_tool_docker::read_kills().await.unwrap();
    for (name, was_killed) in killed.iter().map(|n| (n, true)).chain([(&stopped, false)]) {
        let inspected = call(&registry, "docker_inspect", json!({"container": name}))
            .await
            .unwrap();
        let data: ContainerInspectData = serde_json::from_value(inspected.data).unwrap();
        assert_eq!(data.oom_killed, Some(was_killed), "{name}");
        assert_eq!(
            warden_tool_docker::killed_in_run(
                &kills,
                boot_secs,
                data.id.as_deref().unwrap(),
                data.started_at.as_deref().unwrap(),
                data.finished_at.as_deref().unwrap(),
            ),
            was_killed,
            "{name}"
        );
    }
    c.cleanup().await;
}

#[tokio::test]
async fn a_hundred_containers_are_listed() {
    let registry = registry();
    let c = Containers::new().await;
    let suffixes: Vec<String> = (0..100).map(|i| format!("n{i:03}")).collect();
    futures_util::future::join_all(suffixes.iter().map(|s| c.create(s, "true", false))).await;
    let listed = call(
        &registry,
        "docker_ps",
        json!({"all": true, "label": c.label, "limit": 1000}),
    )
    .await
    .unwrap();
    assert_eq!(listed.data["total"], json!(100));
    let first: Vec<&str> = listed.data["containers"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(first, vec![c.name("n000"), c.name("n001")]);
    let limited = call(
        &registry,
        "docker_ps",
        json!({"all": true, "label": c.label, "limit": 10}),
    )
    .await
    .unwrap();
    assert!(limited.truncated && limited.output.contains("[90 more containers]"));
    c.cleanup().await;
}

#[tokio::test]
async fn images_are_listed() {
    // The daemon is shared with whatever else runs on the machine (an operator's images, other
    // suites' builds): the test gives the image a tag of its own and looks only at that.
    let docker = docker().await;
    let unique = format!(
        "wt-images-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    docker
        .tag_image(
            &image(),
            Some(TagImageOptions {
                repo: Some(unique.clone()),
                tag: Some("v1".to_owned()),
            }),
        )
        .await
        .unwrap();
    let registry = registry();
    let images = call(&registry, "docker_images", json!({"query": unique}))
        .await
        .unwrap();
    let _ = docker
        .remove_image(&format!("{unique}:v1"), None::<RemoveImageOptions>, None)
        .await;

    let listed = images.data["images"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{}", images.output);
    let tags: Vec<&str> = listed[0]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    assert!(tags.contains(&format!("{unique}:v1").as_str()), "{tags:?}");
    assert!(tags.contains(&image().as_str()), "{tags:?}");
    let expected_id = docker.inspect_image(&image()).await.unwrap().id.unwrap();
    assert!(
        expected_id
            .trim_start_matches("sha256:")
            .starts_with(listed[0]["id"].as_str().unwrap()),
        "{expected_id} vs {}",
        listed[0]["id"]
    );
}

#[tokio::test]
async fn bad_arguments_and_a_missing_daemon_are_named() {
    let registry = registry();
    for (tool, args) in [
        ("docker_inspect", json!({"container": "-f"})),
        ("docker_logs", json!({"container": "x", "tail": 0})),
        (
            "docker_logs",
            json!({"container": "x", "since": "yesterday"}),
        ),
        (
            "docker_stop",
            json!({"container": "x", "timeout_secs": 1000}),
        ),
        ("docker_prune", json!({"what": "volumes"})),
        // Docker's build cache prune ignores a label filter: it would prune every entry.
        (
            "docker_prune",
            json!({"what": "build_cache", "label": "tier=cache"}),
        ),
        ("docker_ps", json!({"limit": 0})),
    ] {
        let err = call(&registry, tool, args.clone()).await.unwrap_err();
        assert!(
            matches!(err, ToolError::InvalidArguments(_)),
            "{tool} {args}: {err}"
        );
    }
    // The guard refuses it before it runs; the same prune without a label, or of dangling
    // images by label, is judged by policy alone.
    let context = ToolContext::user("tester", [Scope::Admin]);
    let prune = registry.get("docker_prune").unwrap();
    let judged = prune.judge(&json!({"what": "build_cache", "label": "tier"}), &context);
    assert!(
        matches!(
            judged,
            Some(ArgumentJudgement::Refused { rule: "docker-build-cache-label", ref reason, .. })
                if reason.contains("ignores a label filter")
        ),
        "{judged:?}"
    );
    for args in [
        json!({"what": "build_cache"}),
        json!({"what": "dangling_images", "label": "tier"}),
    ] {
        assert!(prune.judge(&args, &context).is_none(), "{args}");
    }
    let err = call(
        &registry,
        "docker_logs",
        json!({"container": "no-such-container-xyz"}),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ToolError::NotFound(_)), "{err}");

    let mut builder = RegistryBuilder::default();
    warden_tool_docker::register(
        &mut builder,
        &DockerConfig {
            host: Some("unix:///tmp/no-docker-here.sock".to_owned()),
        },
    );
    let offline = builder.build().unwrap();
    let err = call(&offline, "docker_ps", json!({})).await.unwrap_err();
    assert!(
        matches!(err, ToolError::Unavailable(ref m) if m.contains("unix:///tmp/no-docker-here.sock")),
        "{err}"
    );
}
