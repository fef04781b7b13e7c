//! What one sweep saw, read from the read-only tools' structured output (`system_info`,
//! `disk_usage`, `docker_ps`, `gpu_status`), so the monitor reads the host exactly as the chat
//! does, through the guard.

use warden_protocol::readings::{
    ContainerInspectData, DiskUsageData, DockerPsData, OllamaPsData, ProcessListData,
    SystemInfoData,
};
pub use warden_protocol::readings::{
    ContainerReading, DiskReading, DockerReading, GpuProcessReading, GpuReading, HostReading,
    OllamaModelReading, ProcessReading, SweepReadings as Readings,
};

/// The label a container carries (`=true`) to be restarted by the monitor after a crash.
pub const AUTOHEAL_LABEL: &str = "warden.autoheal";

/// The host's load and memory from `system_info`'s data.
///
/// A load that is no number (NaN, infinite: a load divided by no CPUs) or negative is no reading
/// (0, no finding), as for an SSH host; memory available beyond the total (a reading torn
/// between two moments) is all of it.
pub fn host(data: &SystemInfoData) -> HostReading {
    let total = data.memory.total_bytes as f64;
    let available = data.memory.available_bytes.min(data.memory.total_bytes) as f64;
    let load = data.load_per_core.five;
    HostReading {
        cpus: data.cpus.max(1),
        load_per_core: if load.is_finite() && load >= 0.0 {
            load
        } else {
            0.0
        },
        memory_used_percent: if total > 0.0 {
            ((total - available) * 1000.0 / total).round() / 10.0
        } else {
            0.0
        },
        memory_total_bytes: Some(data.memory.total_bytes),
    }
}

/// Whether a filesystem of type `filesystem` (as the kernel names it, in any case) is no disk:
/// a view of another filesystem (a container's root filesystem, whose fill level is its backing
/// disk's, watched already), a pseudo filesystem, or a read-only image (a snap's squashfs,
/// whether the kernel or FUSE mounts it, EROFS, cramfs, an optical disc's ISO 9660 or UDF: made
/// to fit their contents, always 100 % full, nothing on them can be reclaimed). One rule for
/// this host, SSH hosts and fleet agents ([`warden_protocol::mounts::is_disk`]): a mount held in
/// memory is a disk, watched and reported by its type, never pruned.
pub(super) fn not_a_disk(filesystem: &str) -> bool {
    !warden_protocol::mounts::is_disk(filesystem)
}

/// The disks worth watching: real filesystems, and only `only` when it names any. A fill level
/// that is no percent (NaN, infinite, below 0 or above 100: a filesystem of no size read by
/// another tool, an agent's torn reading) is no reading: the disk is left out, never full.
pub fn disks(data: &DiskUsageData, only: &[String]) -> Vec<DiskReading> {
    data.filesystems
        .iter()
        .filter(|d| {
            (0.0..=100.0).contains(&d.used_percent)
                && !not_a_disk(&d.filesystem)
                && !d.mount_point.contains("/overlay2/")
                && (only.is_empty() || only.contains(&d.mount_point))
        })
        .map(|d| DiskReading {
            mount_point: d.mount_point.clone(),
            used_percent: d.used_percent,
            available_bytes: d.available_bytes,
            unavailable_percent: Some(d.unavailable_percent)
                .filter(|u| (0.0..=100.0).contains(u) && (u - d.used_percent).abs() >= 1.0),
            filesystem: Some(d.filesystem.trim().to_ascii_lowercase()).filter(|f| !f.is_empty()),
            read_only: d.read_only,
        })
        .collect()
}

/// `Exited (137) 5 seconds ago` → 137.
pub fn exit_code(status: &str) -> Option<i64> {
    // In any case, as the state is read ([`docker_word`]).
    const PREFIX: &str = "exited (";
    let status = status.trim_start();
    let head = status.get(..PREFIX.len())?;
    if !head.eq_ignore_ascii_case(PREFIX) {
        return None;
    }
    let rest = &status[PREFIX.len()..];
    rest.split(')').next()?.trim().parse().ok()
}

/// Whether a container opted in to restarts: labelled `label=true`, or named in `autoheal_names`
/// and not labelled otherwise. The container's own label is its owner's word: `label=false` (any
/// value but `true`) opts it out even when the configuration lists its name. The label's key is
/// matched whatever its case (`Warden.Autoheal=TRUE` is the label, as its owner meant it); when
/// it is written more than once in different cases, every one must say `true` (one that says
/// otherwise opts the container out). Other tools' labels (docker-autoheal's `autoheal`) are not
/// Warden's and decide nothing.
pub fn opted_in(
    labels: Option<&std::collections::BTreeMap<String, String>>,
    label: &str,
    autoheal_names: &[String],
    name: &str,
) -> bool {
    let mut values = labels
        .into_iter()
        .flatten()
        .filter(|(key, _)| same_in_any_case(key.trim(), label.trim()))
        .map(|(_, value)| same_in_any_case(label_value(value), "true"))
        .peekable();
    // A name as Docker writes it in some places (`/web`) or with spaces around it in the
    // configuration is the same name; names differ by case (`Web` is another container).
    let plain = |name: &str| name.trim().trim_start_matches('/').to_owned();
    match values.peek() {
        Some(_) => values.all(|yes| yes),
        None => autoheal_names.iter().any(|n| plain(n) == plain(name)),
    }
}

/// Compose's label of a one-off container (`docker compose run`): a task run once beside the
/// service, no replica of it.
pub const COMPOSE_ONEOFF: &str = "com.docker.compose.oneoff";

/// Whether a container is a Compose one-off run (`docker compose run`, `--rm` or not): labelled
/// [`COMPOSE_ONEOFF`] `True` (Compose's spelling; the key and value read in any case, with the
/// spaces and quotes [`label_value`] leaves out). Its task ran once: it is never opted in to
/// restarts, whatever its other labels or the configuration say, since a restart would run the
/// task again (a migration, a backup).
pub fn compose_oneoff(labels: Option<&std::collections::BTreeMap<String, String>>) -> bool {
    labels.into_iter().flatten().any(|(key, value)| {
        same_in_any_case(key.trim(), COMPOSE_ONEOFF) && same_in_any_case(label_value(value), "true")
    })
}

/// Whether two label keys (or values) are the same text in any case, letters of any script
/// included (`Überwacht` is `überwacht`, `ÉQUIPE` is `équipe`), as their owners mean them.
pub fn same_in_any_case(a: &str, b: &str) -> bool {
    warden_protocol::text::same_caseless(a, b)
}

/// A label's value as its owner meant it: without spaces around it, nor the quotes a Compose
/// file's list form keeps in it (`- warden.autoheal="true"` labels the container `"true"`, quotes
/// and all).
fn label_value(value: &str) -> &str {
    let value = value.trim();
    ['"', '\'']
        .iter()
        .find_map(|quote| {
            value
                .strip_prefix(*quote)
                .and_then(|inner| inner.strip_suffix(*quote))
        })
        .map_or(value, str::trim)
}

/// The labels of a container that select it for `monitor.watch_label` (`watch`: `key` or
/// `key=value`), each as its owner spelled it (`Autoheal` or `Autoheal=TRUE`, the form Docker's
/// label filter takes). The key is matched whatever its case, as the opt-in label's is
/// ([`opted_in`]), and so is the value when `watch` names one (`true` is `TRUE`); spaces around
/// either are not part of it. Docker's own label filter matches both exactly: `Autoheal=true` is
/// not `autoheal=true` to it.
pub fn watch_spellings(
    labels: Option<&std::collections::BTreeMap<String, String>>,
    watch: &str,
) -> Vec<String> {
    let (key, value) = match watch.split_once('=') {
        Some((key, value)) => (key.trim(), Some(value.trim())),
        None => (watch.trim(), None),
    };
    labels
        .into_iter()
        .flatten()
        .filter(|(k, v)| {
            same_in_any_case(k.trim(), key)
                && value.is_none_or(|value| same_in_any_case(label_value(v), label_value(value)))
        })
        .map(|(k, v)| match value {
            Some(_) => format!("{k}={v}"),
            None => k.clone(),
        })
        .collect()
}

/// Whether a container's labels select it for `monitor.watch_label` ([`watch_spellings`]).
pub fn watched(labels: Option<&std::collections::BTreeMap<String, String>>, watch: &str) -> bool {
    !watch_spellings(labels, watch).is_empty()
}

/// The containers of a `docker_ps` answer; `autoheal` when they opted in ([`opted_in`]).
pub fn containers(
    data: &DockerPsData,
    label: &str,
    autoheal_names: &[String],
) -> Vec<ContainerReading> {
    data.containers
        .iter()
        .map(|c| {
            let state = docker_word(c.state.as_deref());
            // The inspected exit code when there is one (`docker_ps` with details); a running
            // container has none.
            let stopped = state == "exited" || state == "dead";
            let details = c.details.as_ref();
            ContainerReading {
                autoheal: opted_in(c.labels.as_ref(), label, autoheal_names, &c.name)
                    && !compose_oneoff(c.labels.as_ref()),
                compose_oneoff: compose_oneoff(c.labels.as_ref()),
                health: c.health.as_deref().map(|h| docker_word(Some(h))),
                exit_code: match details.and_then(|d| d.exit_code) {
                    Some(code) if stopped || failed_start(&state, code) => Some(code),
                    Some(_) | None => exit_code(&c.status),
                },
                // A looping container's flag is its last run's, the one Docker restarts after.
                oom_killed: (stopped || state == "restarting")
                    && details.and_then(|d| d.oom_killed) == Some(true),
                restart_count: details.and_then(|d| d.restart_count),
                started_at: details.and_then(|d| d.started_at.clone()),
                // An exit's time says only what the last run did once it has stopped.
                finished_at: details
                    .and_then(|d| d.finished_at.clone())
                    .filter(|_| stopped),
                stop_signal: details.and_then(|d| d.stop_signal.clone()),
                stop_timeout_secs: details.and_then(|d| d.stop_timeout_secs),
                tty: details.and_then(|d| d.tty).unwrap_or(false),
                restart_policy: details.and_then(|d| d.restart_policy.clone()),
                health_check: details.and_then(|d| d.health_check.clone()),
                start_error: details.and_then(|d| start_error(&state, d.error.as_deref())),
                state,
                status: c.status.clone(),
                // Docker's API spells a name with a leading `/` (`/web`): the container is
                // `web`, as its events, its alerts and `docker` itself name it.
                name: reading_name(&c.name, Some(&c.id)),
            }
        })
        .collect()
}

/// A container's state or health as the monitor compares it: Docker writes them in lower case
/// (`exited`, `unhealthy`), but a daemon speaking its API for another runtime, or a proxy, may
/// write `Exited` or pad it; read as written, a crash would be no exit at all and never
/// repaired.
fn docker_word(word: Option<&str>) -> String {
    word.unwrap_or_default().trim().to_lowercase()
}

/// Whether `code` is the exit code Docker recorded for a failed start of a container still
/// `created` (127: command not found, 126: not invokable, 128: refused): kept, since `docker
/// ps` lists such a container only as `Created`. A container merely created keeps 0.
fn failed_start(state: &str, code: i64) -> bool {
    state == "created" && code != 0
}

/// Docker's error from a container's last start (`State.Error`), when it is stopped and one is
/// recorded: a start after its stop (`docker restart`, `docker start`) failed. Docker clears it
/// when a start succeeds; blank text is none.
fn start_error(state: &str, error: Option<&str>) -> Option<String> {
    let stopped = matches!(state, "exited" | "dead" | "created");
    error
        .map(str::trim)
        .filter(|error| stopped && !error.is_empty())
        .map(str::to_owned)
}

/// A container's name as Docker's CLI shows it: without the leading `/` its API writes
/// (`/web` is `web`).
pub fn plain_container_name(name: &str) -> &str {
    name.strip_prefix('/').unwrap_or(name)
}

/// The name a container's reading goes by: its own ([`plain_container_name`]), or, listed with
/// none (a daemon or proxy that sent no `Names`, a name of `/` alone), its short id, which
/// Docker takes wherever it takes a name. Unnamed containers are never one nameless target
/// whose incidents, signals and restarts they share, nor a restart of no container.
fn reading_name(name: &str, id: Option<&str>) -> String {
    let name = plain_container_name(name.trim());
    if !name.is_empty() {
        return name.to_owned();
    }
    id.map(str::trim)
        .map(|id| id.chars().take(12).collect())
        .unwrap_or_default()
}

/// Whether `asked` names the inspected container: its name (Docker's spelling with a leading
/// `/` included), its whole id, or its id's first 12 or more characters (the short id `docker
/// ps` shows). Docker also answers a shorter prefix of an id when no container bears the name
/// (`db` finds a container whose id begins `db83...` once the container named `db` is gone):
/// such an answer is another container, not the one asked for.
pub fn names_container(data: &ContainerInspectData, asked: &str) -> bool {
    let name = asked.strip_prefix('/').unwrap_or(asked);
    if !name.is_empty() && plain_container_name(&data.name) == name {
        return true;
    }
    asked.len() >= 12
        && asked
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && data.id.as_deref().is_some_and(|id| id.starts_with(asked))
}

/// One container from `docker_inspect`'s data (the verification of a repair reads it so).
pub fn container_from_inspect(
    data: &ContainerInspectData,
    label: &str,
    autoheal_names: &[String],
) -> ContainerReading {
    let state = docker_word(data.status.as_deref());
    let stopped = state == "exited" || state == "dead";
    let exit_code = data
        .exit_code
        .filter(|code| stopped || failed_start(&state, *code));
    ContainerReading {
        autoheal: opted_in(data.labels.as_ref(), label, autoheal_names, &data.name)
            && !compose_oneoff(data.labels.as_ref()),
        compose_oneoff: compose_oneoff(data.labels.as_ref()),
        status: match exit_code {
            Some(code) => format!("{state} ({code})"),
            None => state.clone(),
        },
        health: data.health.as_deref().map(|h| docker_word(Some(h))),
        exit_code,
        oom_killed: (stopped || state == "restarting") && data.oom_killed == Some(true),
        restart_count: data.restart_count,
        started_at: data.started_at.clone(),
        finished_at: data.finished_at.clone().filter(|_| stopped),
        stop_signal: data.stop_signal.clone(),
        stop_timeout_secs: data.stop_timeout_secs,
        tty: data.tty.unwrap_or(false),
        restart_policy: data.restart_policy.clone(),
        health_check: data.health_check.clone(),
        start_error: start_error(&state, data.error.as_deref()),
        state,
        name: reading_name(&data.name, data.id.as_deref()),
    }
}

/// The processes of `process_list` answers (one by CPU, one by memory), each once.
pub fn processes(lists: &[ProcessListData]) -> Vec<ProcessReading> {
    let mut out: Vec<ProcessReading> = Vec::new();
    for p in lists.iter().flat_map(|d| &d.processes) {
        if out.iter().any(|seen| seen.pid == p.pid) {
            continue;
        }
        out.push(ProcessReading {
            pid: p.pid,
            name: p.name.clone(),
            cpu_percent: p.cpu_percent,
            memory_bytes: p.memory_bytes,
        });
    }
    out
}

/// The models of an `ollama_ps` answer (a model without a name cannot be unloaded: skipped).
pub fn ollama_models(data: &OllamaPsData) -> Vec<OllamaModelReading> {
    data.models
        .iter()
        .filter_map(|m| {
            Some(OllamaModelReading {
                name: m.name.clone()?,
                size_vram: m.size_vram.unwrap_or(0),
                expires_at: m.expires_at,
            })
        })
        .collect()
}

/// The GPUs of a `gpu_status` answer (see [`super::gpu_readings`]).
pub use super::gpu_readings::gpus;

#[cfg(test)]
mod tests {
    use serde_json::json;
    use warden_protocol::readings::FilesystemData;

    use super::*;

    #[test]
    fn a_compose_one_off_run_is_never_opted_in_whatever_its_labels_say() {
        let data = |labels: &[(&str, &str)]| -> DockerPsData {
            let labels: serde_json::Map<String, serde_json::Value> = labels
                .iter()
                .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
                .collect();
            serde_json::from_value(serde_json::json!({"containers": [
                {"name": "run", "id": "a1", "image": "app", "ports": [], "state": "exited",
                 "status": "Exited (1) 2 seconds ago", "health": null, "labels": labels},
            ], "total": 1}))
            .unwrap()
        };
        for (key, value) in [
            ("com.docker.compose.oneoff", "True"),
            ("com.docker.compose.oneoff", "true"),
            ("COM.DOCKER.COMPOSE.ONEOFF", " \"TRUE\" "),
        ] {
            let read = containers(
                &data(&[("warden.autoheal", "true"), (key, value)]),
                AUTOHEAL_LABEL,
                &["run".to_owned()],
            );
            assert!(read[0].compose_oneoff && !read[0].autoheal, "{key}={value}");
        }
        let replica = containers(
            &data(&[
                ("warden.autoheal", "true"),
                ("com.docker.compose.oneoff", "False"),
            ]),
            AUTOHEAL_LABEL,
            &[],
        );
        assert!(!replica[0].compose_oneoff && replica[0].autoheal);
    }

    #[test]
    fn a_container_listed_without_a_name_goes_by_its_short_id() {
        let data = json!({"total": 3, "containers": [
            {"name": "", "id": "0a1b2c3d4e5f", "image": "x", "ports": [], "state": "exited", "status": "Exited (1) 2 seconds ago", "health": null, "labels": {"warden.autoheal": "true"}},
            {"name": "/", "id": "9f8e7d6c5b4a", "image": "x", "ports": [], "state": "exited", "status": "Exited (2) 2 seconds ago", "health": null, "labels": null},
            {"name": " /web ", "id": "1234567890ab", "image": "x", "ports": [], "state": "running", "status": "Up 1 hour", "health": null, "labels": null},
        ]});
        let data: DockerPsData = serde_json::from_value(data).unwrap_or_else(|e| panic!("{e}"));
        let read = containers(&data, AUTOHEAL_LABEL, &[]);
        assert_eq!(
            read.iter()
                .map(|c| (c.name.as_str(), c.autoheal, c.exit_code))
                .collect::<Vec<_>>(),
            vec![
                ("0a1b2c3d4e5f", true, Some(1)),
                ("9f8e7d6c5b4a", false, Some(2)),
                ("web", false, None)
            ]
        );
        // Inspected with no name: its id's first 12 characters, as `docker ps` shows it.
        let inspected: ContainerInspectData = serde_json::from_value(json!({
            "id": format!("0a1b2c3d4e5f{}", "0".repeat(52)), "name": "/", "image": null,
            "status": "exited", "running": false, "restarting": false, "exit_code": 1,
            "oom_killed": false, "error": "", "started_at": null, "finished_at": null,
            "health": null, "restart_count": 0, "restart_policy": null, "stop_signal": null,
            "stop_timeout_secs": null, "tty": false, "health_check": null, "command": null,
            "entrypoint": null, "labels": null, "env_names": [], "mounts": null, "ports": null,
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let read = container_from_inspect(&inspected, AUTOHEAL_LABEL, &[]);
        assert_eq!(read.name, "0a1b2c3d4e5f");
        assert!(names_container(&inspected, &read.name));
    }

    #[test]
    fn containers_opt_in_by_label_or_by_name() {
        let data = json!({"total": 3, "containers": [
            {"name": "web", "id": "a1", "image": "web", "ports": [], "state": "exited", "status": "Exited (3) 2 seconds ago", "health": null, "labels": {"warden.autoheal": "true"}},
            {"name": "db", "id": "b2", "image": "db", "ports": [], "state": "running", "status": "Up 2 hours (unhealthy)", "health": "unhealthy", "labels": {}},
            {"name": "job", "id": "c3", "image": "job", "ports": [], "state": "exited", "status": "Exited (0) 1 hour ago", "health": null, "labels": {"warden.autoheal": "false"}},
        ]});
        let data: DockerPsData = serde_json::from_value(data).unwrap_or_else(|e| panic!("{e}"));
        let read = containers(&data, AUTOHEAL_LABEL, &["db".to_owned()]);
        assert_eq!(
            read.iter()
                .map(|c| (c.name.as_str(), c.autoheal, c.exit_code))
                .collect::<Vec<_>>(),
            vec![
                ("web", true, Some(3)),
                ("db", true, None),
                ("job", false, Some(0))
            ]
        );
        // Its own `warden.autoheal=false` opts a container out even when the configuration
        // lists its name; ` TRUE ` is true.
        let listed = ["job".to_owned(), "web".to_owned(), "db".to_owned()];
        let read = containers(&data, AUTOHEAL_LABEL, &listed);
        assert_eq!(
            read.iter().map(|c| c.autoheal).collect::<Vec<_>>(),
            vec![true, true, false]
        );
        let labels =
            std::collections::BTreeMap::from([(AUTOHEAL_LABEL.to_owned(), " TRUE ".to_owned())]);
        assert!(opted_in(Some(&labels), AUTOHEAL_LABEL, &[], "x"));
        assert!(!opted_in(None, AUTOHEAL_LABEL, &[], "x"));
        // The key in another case is the same label; written twice, a `false` wins.
        let labels = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        for (pairs, listed, yes) in [
            (&[("Warden.Autoheal", "TRUE")][..], false, true),
            (&[("WARDEN.AUTOHEAL", "true")][..], false, true),
            (&[("Warden.Autoheal", "false")][..], true, false),
            (
                &[("warden.autoheal", "true"), ("Warden.Autoheal", "false")][..],
                false,
                false,
            ),
            (
                &[("warden.autoheal", "true"), ("Warden.Autoheal", "True")][..],
                false,
                true,
            ),
            // docker-autoheal's own label says nothing to Warden, either way.
            (
                &[("autoheal", "false"), ("warden.autoheal", "true")][..],
                false,
                true,
            ),
            (&[("autoheal", "true")][..], false, false),
            (&[("Autoheal", "TRUE")][..], true, true),
            // A Compose list's quotes kept in the value: the owner's `true` all the same.
            (&[("warden.autoheal", "\"true\"")][..], false, true),
            (&[("warden.autoheal", " 'TRUE' ")][..], false, true),
            (&[("warden.autoheal", "\"true'")][..], false, false),
            (&[("warden.autoheal", "\"false\"")][..], true, false),
            (&[("warden.autoheal", "\"\"")][..], false, false),
            (&[("warden.autoheal.extra", "true")][..], false, false),
        ] {
            assert_eq!(
                opted_in(
                    Some(&labels(pairs)),
                    AUTOHEAL_LABEL,
                    &["x".to_owned()][..usize::from(listed)],
                    "x"
                ),
                yes,
                "{pairs:?} listed {listed}"
            );
        }
        // An opt-in label of its own configured in another script is read in any case too.
        let own = |key: &str| {
            opted_in(
                Some(&labels(&[(key, "true")])),
                "Überwachung.autoheal",
                &[],
                "x",
            )
        };
        assert!(own("überwachung.AUTOHEAL"));
        assert!(own("ÜBERWACHUNG.autoheal"));
        assert!(!own("uberwachung.autoheal"));
        // Compared by Unicode case folding, not letter by letter: `ß` is `SS`, a full-width
        // `ＴＲＵＥ` is `true`.
        assert!(opted_in(
            Some(&labels(&[(
                "STRASSE.autoheal",
                "\u{ff34}\u{ff32}\u{ff35}\u{ff25}"
            )])),
            "straße.autoheal",
            &[],
            "x",
        ));
    }

    #[test]
    fn the_watch_label_is_matched_in_any_case_and_spelled_as_its_owner_wrote_it() {
        let labels = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        for (pairs, watch, spellings) in [
            (&[("Autoheal", "true")][..], "autoheal", vec!["Autoheal"]),
            (&[("autoheal", "true")][..], "AUTOHEAL", vec!["autoheal"]),
            (
                &[("Autoheal", "TRUE")][..],
                "autoheal=true",
                vec!["Autoheal=TRUE"],
            ),
            (&[("Autoheal", "false")][..], "autoheal=true", vec![]),
            (
                &[("Autoheal", " true ")][..],
                " autoheal = true ",
                vec!["Autoheal= true "],
            ),
            (&[("autoheal.extra", "true")][..], "autoheal", vec![]),
            (&[("team", "web")][..], "autoheal", vec![]),
            (
                &[("Autoheal", "true"), ("autoheal", "false")][..],
                "autoheal",
                vec!["Autoheal", "autoheal"],
            ),
            (
                &[("autoheal", "\"true\"")][..],
                "autoheal=true",
                vec!["autoheal=\"true\""],
            ),
            // A value with `=` in it is the value's.
            (&[("url", "a=b")][..], "URL=A=B", vec!["url=a=b"]),
            // Letters of any script, in any case.
            (
                &[("Überwacht", "JA")][..],
                "überwacht=ja",
                vec!["Überwacht=JA"],
            ),
            (
                &[("équipe", "Données")][..],
                "ÉQUIPE=DONNÉES",
                vec!["équipe=Données"],
            ),
            (&[("équipe", "données")][..], "equipe=donnees", vec![]),
        ] {
            assert_eq!(
                watch_spellings(Some(&labels(pairs)), watch),
                spellings,
                "{pairs:?} {watch}"
            );
            assert_eq!(
                watched(Some(&labels(pairs)), watch),
                !spellings.is_empty(),
                "{pairs:?} {watch}"
            );
        }
        assert!(!watched(None, "autoheal"));
    }

    #[test]
    fn a_name_listed_to_opt_in_is_read_as_docker_names_it() {
        for listed in ["web", "/web", " web "] {
            assert!(
                opted_in(None, AUTOHEAL_LABEL, &[listed.to_owned()], "web"),
                "{listed}"
            );
            assert!(
                opted_in(None, AUTOHEAL_LABEL, &[listed.to_owned()], "/web"),
                "{listed}"
            );
        }
        assert!(!opted_in(None, AUTOHEAL_LABEL, &["Web".to_owned()], "web"));
        assert!(!opted_in(None, AUTOHEAL_LABEL, &["we".to_owned()], "web"));
    }

    #[test]
    fn gpu_status_data_is_read_as_nvml_reports_it() {
        // The shape of `gpu_status` data (GpuSnapshot::to_json), as recorded from an H100.
        let data = json!({"present": true, "driver_version": "550.54.15", "gpus": [{
            "index": 0, "name": "NVIDIA H100 80GB HBM3", "uuid": "GPU-1", "temperature_c": 85,
            "utilization_percent": 99, "memory_utilization_percent": 80,
            "memory_total_bytes": 85_899_345_920u64, "memory_used_bytes": 82_463_372_083u64,
            "power_watts": 612.5, "power_limit_watts": 700.0, "ecc_uncorrected_volatile": 0,
            "ecc_corrected_volatile": 4, "throttle_reasons_bits": 72,
            "throttle_reasons": ["sw_thermal_slowdown", "hw_slowdown"],
            "processes": [{"pid": 4242, "used_memory_bytes": 80_000_000_000u64}], "error": null
        }]});
        let read = gpus(&serde_json::from_value(data).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(read.len(), 1);
        let gpu = &read[0];
        assert_eq!(
            (gpu.index, gpu.temperature_c, gpu.utilization_percent),
            (0, Some(85.0), Some(99.0))
        );
        assert_eq!(
            (gpu.memory_used_percent, gpu.ecc_uncorrected, gpu.processes),
            (Some(96.0), Some(0), 1)
        );
        assert_eq!(
            gpu.throttle_reasons,
            vec!["sw_thermal_slowdown", "hw_slowdown"]
        );
        assert_eq!(
            gpus(
                &serde_json::from_value(
                    json!({"present": false, "reason": "no NVIDIA driver", "gpus": []})
                )
                .unwrap_or_else(|e| panic!("{e}"))
            ),
            Vec::new()
        );
    }

    #[test]
    fn gpu_memory_at_its_edges_is_read_or_no_reading() {
        let gpu = |total: u64, used: u64| {
            let data = json!({"present": true, "gpus": [{
                "index": 0, "name": "NVIDIA H200", "memory_total_bytes": total,
                "memory_used_bytes": used, "throttle_reasons": [], "processes": []
            }]});
            gpus(&serde_json::from_value(data).unwrap_or_else(|e| panic!("{e}")))[0]
                .memory_used_percent
        };
        assert_eq!(gpu(1000, 1000), Some(100.0));
        assert_eq!(gpu(1000, 0), Some(0.0));
        // No size, or more in use than there is: no reading, so no hog is killed for it.
        assert_eq!(gpu(0, 0), None);
        assert_eq!(gpu(0, 5), None);
        assert_eq!(gpu(1000, 1001), None);
        assert_eq!(gpu(1000, u64::MAX), None);
    }

    fn filesystem(mount_point: &str, filesystem: &str, used_percent: f64) -> FilesystemData {
        FilesystemData {
            mount_point: mount_point.to_owned(),
            filesystem: filesystem.to_owned(),
            device: "/dev/sda1".to_owned(),
            total_bytes: 100,
            used_bytes: used_percent as u64,
            free_bytes: 100 - used_percent as u64,
            available_bytes: 100 - used_percent as u64,
            reserved_bytes: 0,
            used_percent,
            unavailable_percent: used_percent,
            read_only: false,
        }
    }

    #[test]
    fn container_filesystems_are_not_disks() {
        let data = DiskUsageData {
            filesystems: vec![
                filesystem("/", "ext4", 50.0),
                filesystem("/var/lib/docker/overlay2/abc/merged", "overlay", 50.0),
                filesystem("/snap/core/1", "squashfs", 100.0),
                filesystem("/data", "xfs", 10.0),
                // Read-only images, always 100 % full.
                filesystem("/snap/lxd/2", "fuse.snapfuse", 100.0),
                filesystem("/usr/lib/modules", "EROFS", 100.0),
                filesystem("/media/cdrom", "iso9660", 100.0),
                filesystem("/media/dvd", "udf", 100.0),
                filesystem("/boot/initrd", "cramfs", 100.0),
                // A memory-backed filesystem fills as a disk does.
                filesystem("/dev/shm", "tmpfs", 100.0),
            ],
        };
        let all: Vec<String> = disks(&data, &[])
            .into_iter()
            .map(|d| d.mount_point)
            .collect();
        assert_eq!(all, vec!["/", "/data", "/dev/shm"]);
        // The type goes with the reading: what fills the mount decides which repair fits.
        let types: Vec<Option<String>> = disks(&data, &[])
            .into_iter()
            .map(|d| d.filesystem)
            .collect();
        assert_eq!(
            types,
            vec![
                Some("ext4".to_owned()),
                Some("xfs".to_owned()),
                Some("tmpfs".to_owned())
            ]
        );
        let only: Vec<String> = disks(&data, &["/data".to_owned()])
            .into_iter()
            .map(|d| d.mount_point)
            .collect();
        assert_eq!(only, vec!["/data"]);
    }

    #[test]
    fn a_fill_level_that_is_no_percent_is_no_disk_and_a_full_one_is() {
        let odd = |mount_point: &str, used_percent: f64| FilesystemData {
            used_percent,
            unavailable_percent: used_percent,
            ..filesystem(mount_point, "ext4", 0.0)
        };
        let data = DiskUsageData {
            filesystems: vec![
                odd("/nan", f64::NAN),
                odd("/inf", f64::INFINITY),
                odd("/below", -1.0),
                odd("/above", 150.0),
                filesystem("/full", "ext4", 100.0),
                filesystem("/empty", "ext4", 0.0),
                filesystem("/run", "tmpfs", 100.0),
            ],
        };
        let all: Vec<String> = disks(&data, &[])
            .into_iter()
            .map(|d| d.mount_point)
            .collect();
        assert_eq!(all, vec!["/full", "/empty", "/run"]);
    }

    #[test]
    fn a_load_that_is_no_number_and_memory_torn_between_readings_read_as_nothing_wrong() {
        let data = |load: f64, total: u64, available: u64| -> SystemInfoData {
            serde_json::from_value(json!({
                "hostname": "h", "os": null, "kernel": null, "uptime_secs": 1, "cpus": 0,
                "cpu_brand": null,
                "load": {"one": 1.0, "five": 1.0, "fifteen": 1.0},
                "load_per_core": {"one": load, "five": load, "fifteen": load},
                "memory": {"total_bytes": total, "available_bytes": available, "used_bytes": 0},
                "swap": {"total_bytes": 0, "used_bytes": 0}
            }))
            .unwrap_or_else(|e| panic!("{e}"))
        };
        for load in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, -0.5] {
            let mut read = data(0.0, 100, 50);
            read.load_per_core.five = load;
            assert_eq!(host(&read).load_per_core, 0.0, "{load}");
        }
        assert_eq!(host(&data(3.5, 100, 50)).load_per_core, 3.5);
        assert_eq!(host(&data(0.0, 100, 50)).cpus, 1);
        // More available than there is: nothing in use; none at all: no reading, 0.
        assert_eq!(host(&data(0.0, 100, 500)).memory_used_percent, 0.0);
        assert_eq!(host(&data(0.0, 0, 0)).memory_used_percent, 0.0);
        assert_eq!(host(&data(0.0, 100, 0)).memory_used_percent, 100.0);
    }

    #[test]
    fn reserved_blocks_show_only_when_they_differ_by_a_point() {
        let mut reserved = filesystem("/", "ext4", 28.0);
        reserved.unavailable_percent = 73.7;
        let data = DiskUsageData {
            filesystems: vec![reserved, filesystem("/data", "xfs", 10.0)],
        };
        assert_eq!(
            disks(&data, &[]),
            vec![
                DiskReading {
                    mount_point: "/".to_owned(),
                    used_percent: 28.0,
                    available_bytes: 72,
                    unavailable_percent: Some(73.7),
                    filesystem: Some("ext4".to_owned()),
                    read_only: false,
                },
                DiskReading {
                    mount_point: "/data".to_owned(),
                    used_percent: 10.0,
                    available_bytes: 90,
                    unavailable_percent: None,
                    filesystem: Some("xfs".to_owned()),
                    read_only: false,
                },
            ]
        );
    }

    #[test]
    fn an_inspected_container_is_the_one_asked_for_only_by_its_name_or_id() {
        let id = "db83f0c2a9e14b7d8c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c";
        let data: ContainerInspectData = serde_json::from_value(json!({
            "id": id, "name": "cache", "image": null, "status": "running", "running": true,
            "restarting": false, "exit_code": 0, "oom_killed": false, "error": null,
            "started_at": null, "finished_at": null, "health": null, "restart_count": 0,
            "restart_policy": null, "command": null, "entrypoint": null, "labels": null,
            "env_names": [], "mounts": null, "ports": null
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        for asked in ["cache", "/cache", id, &id[..12], &id[..20]] {
            assert!(names_container(&data, asked), "{asked}");
        }
        // Docker answers `db` with this container once no container is named `db`: another one.
        for asked in [
            "db",
            "db83f0c2a9e",
            "DB83F0C2A9E14B7D",
            "cach",
            "/",
            "",
            "//cache",
        ] {
            assert!(!names_container(&data, asked), "{asked}");
        }
    }

    #[test]
    fn a_state_or_health_in_another_case_or_padded_is_read_as_dockers() {
        let data = json!({"total": 3, "containers": [
            {"name": "web", "id": "a1", "image": "web", "ports": [], "state": "Exited", "status": "EXITED (139) 2 seconds ago", "health": null, "labels": {}},
            {"name": "db", "id": "b2", "image": "db", "ports": [], "state": " RUNNING ", "status": "Up 2 hours (unhealthy)", "health": "Unhealthy", "labels": {}},
            {"name": "job", "id": "c3", "image": "job", "ports": [], "state": "Dead", "status": "Dead", "health": null, "labels": {}, "exit_code": 1},
        ]});
        let data: DockerPsData = serde_json::from_value(data).unwrap_or_else(|e| panic!("{e}"));
        let read = containers(&data, AUTOHEAL_LABEL, &[]);
        assert_eq!(
            read.iter()
                .map(|c| (c.state.as_str(), c.health.as_deref(), c.exit_code))
                .collect::<Vec<_>>(),
            vec![
                ("exited", None, Some(139)),
                ("running", Some("unhealthy"), None),
                ("dead", None, Some(1)),
            ]
        );
        assert_eq!(exit_code("exited (3) 1 second ago"), Some(3));
        assert_eq!(exit_code("Exit"), None);
        assert_eq!(exit_code("Up 2 hours"), None);
        let inspected: ContainerInspectData = serde_json::from_value(json!({
            "id": "a1", "name": "/web", "image": null, "status": "Exited", "running": false,
            "restarting": false, "exit_code": 139, "oom_killed": false, "error": null,
            "started_at": null, "finished_at": null, "health": null, "restart_count": 0,
            "restart_policy": null, "command": null, "entrypoint": null, "labels": null,
            "env_names": [], "mounts": null, "ports": null
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let reading = container_from_inspect(&inspected, AUTOHEAL_LABEL, &[]);
        assert_eq!(
            (reading.state.as_str(), reading.exit_code),
            ("exited", Some(139))
        );
    }

    #[test]
    fn a_failed_starts_exit_code_is_kept_for_a_created_container_only() {
        let data = json!({"total": 4, "containers": [
            {"name": "missing", "id": "a1", "image": "app", "ports": [], "state": "created", "status": "Created", "health": null, "labels": {}, "exit_code": 127},
            {"name": "fresh", "id": "b2", "image": "app", "ports": [], "state": "created", "status": "Created", "health": null, "labels": {}, "exit_code": 0},
            {"name": "up", "id": "c3", "image": "app", "ports": [], "state": "running", "status": "Up 2 hours", "health": null, "labels": {}, "exit_code": 1},
            {"name": "gone", "id": "d4", "image": "app", "ports": [], "state": "exited", "status": "Exited (3) 2 seconds ago", "health": null, "labels": {}, "exit_code": 3},
        ]});
        let data: DockerPsData = serde_json::from_value(data).unwrap_or_else(|e| panic!("{e}"));
        let read = containers(&data, AUTOHEAL_LABEL, &[]);
        assert_eq!(
            read.iter()
                .map(|c| (c.name.as_str(), c.exit_code))
                .collect::<Vec<_>>(),
            vec![
                ("missing", Some(127)),
                ("fresh", None),
                ("up", None),
                ("gone", Some(3))
            ]
        );
        let inspected: ContainerInspectData = serde_json::from_value(json!({
            "id": "a1", "name": "/missing", "image": null, "status": "created", "running": false,
            "restarting": false, "exit_code": 126, "oom_killed": false,
            "error": "exec: \"/app\": permission denied", "started_at": "0001-01-01T00:00:00Z",
            "finished_at": "0001-01-01T00:00:00Z", "health": null, "restart_count": 0,
            "restart_policy": "always", "command": null, "entrypoint": null, "labels": null,
            "env_names": [], "mounts": null, "ports": null
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let reading = container_from_inspect(&inspected, AUTOHEAL_LABEL, &[]);
        assert_eq!(
            (
                reading.name.as_str(),
                reading.exit_code,
                reading.status.as_str()
            ),
            ("missing", Some(126), "created (126)")
        );
    }
}
