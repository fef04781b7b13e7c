//! A fault in one agent's readings is repaired on that agent, and only there: agent alpha runs in
//! its own mount namespace with a small ext2 disk that is full, beta beside it does not see that
//! disk. The hub's sweep opens `disk_full:alpha:MOUNT` and runs the disk runbook (Docker's build
//! cache and dangling images, under this test's own prune label) with `host` set to alpha,
//! through the hub's guard and then alpha's own, which grants the hub exactly that.

use std::time::Duration;

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_fleet::AgentName;
use warden_fleet::testing::{NatsServer, ServerAuth, nkey_user};

use super::{BIN, count, eventually, hub_with, spawn_program};

/// Alpha's local policy: the hub may reclaim Docker's space there without a human.
const ALPHA_POLICY: &str = r#"version = 1

[[grant]]
id = "hub-reclaims-docker-space"
actors = ["api_key:fleet_hub"]
tools = ["docker_prune"]
arguments = { what = ["build_cache", "dangling_images"] }
level = "low"
justification = "The hub's monitor reclaims Docker's build cache and dangling images when a disk of this host is full."
match = [{ what = "build_cache" }, { what = "dangling_images" }]
not_match = [{ what = "containers" }]
"#;

fn run(program: &str, args: &[&str]) {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn a_fault_on_one_agent_is_repaired_on_that_agent_only() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    std::fs::create_dir(&keys).unwrap();
    let (hub_key, hub_seed) = nkey_user(&keys, "hub").unwrap();
    let (alpha_key, alpha_seed) = nkey_user(&keys, "alpha").unwrap();
    let (beta_key, beta_seed) = nkey_user(&keys, "beta").unwrap();
    let nats = NatsServer::start_with(&ServerAuth {
        hub_nkey: Some(hub_key),
        agents: vec![
            (AgentName::parse("alpha").unwrap(), alpha_key),
            (AgentName::parse("beta").unwrap(), beta_key),
        ],
        tls: None,
    })
    .expect("nats-server (apt-get install nats-server)");
    let label = format!("warden-test-fleet-repair={}", std::process::id());
    let fleet = hub_with(
        dir,
        nats,
        hub_seed,
        // Sweeps only when the test asks (no interval, no sweep on the shared Docker's events);
        // levels this shared machine's own disks and load do not reach: only alpha's full disk.
        &format!(
            "\n[monitor]\nenabled = false\nprune_label = \"{label}\"\n\
             disk_percent = [97.0, 98.0]\nload_per_core = [1000.0, 2000.0]\n"
        ),
    )
    .await;

    // Alpha's disk: an 8 MiB ext2 image, mounted in alpha's own mount namespace and filled.
    let image = fleet.dir.path().join("alpha-disk.img");
    std::fs::File::create(&image)
        .unwrap()
        .set_len(8 * 1024 * 1024)
        .unwrap();
    run(
        "mkfs.ext2",
        &["-q", "-F", "-m", "0", image.to_str().unwrap()],
    );
    let mount = fleet.dir.path().join("alpha-disk");
    std::fs::create_dir(&mount).unwrap();
    let policies = fleet.dir.path().join("alpha-policies");
    std::fs::create_dir(&policies).unwrap();
    std::fs::write(policies.join("local.toml"), ALPHA_POLICY).unwrap();
    let alpha_config = fleet.dir.path().join("alpha.toml");
    std::fs::write(
        &alpha_config,
        format!("[guard]\npolicy_dir = \"{}\"\n", policies.display()),
    )
    .unwrap();
    let mut vars = fleet.agent_vars("alpha", &alpha_seed, Some(&alpha_config));
    vars.push(("DISK_IMAGE", image.display().to_string()));
    vars.push(("DISK_MOUNT", mount.display().to_string()));
    let start_alpha = || {
        spawn_program(
            fleet.dir.path(),
            "alpha",
            "unshare",
            &[
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                r#"mount -o loop "$DISK_IMAGE" "$DISK_MOUNT" || exit 1
cat /dev/zero > "$DISK_MOUNT/fill" 2>/dev/null
exec "$0" agent"#,
                BIN,
            ],
            &vars,
        )
    };
    let mut alpha = start_alpha();
    let beta = fleet.agent("beta", &beta_seed, None);
    let mount_point = mount.display().to_string();

    // Both report; only alpha reports the full disk.
    let both_report = || async {
        eventually(
            "alpha reports its full disk, beta reports",
            Duration::from_secs(60),
            || async {
                let body = fleet.get("/api/v1/hosts").await;
                let hosts = body["hosts"].as_array()?.clone();
                let disks = |h: &Value| -> Vec<String> {
                    h["readings"]["disks"]
                        .as_array()
                        .map(|d| {
                            d.iter()
                                .filter(|d| d["used_percent"].as_f64().unwrap_or(0.0) >= 95.0)
                                .filter_map(|d| d["mount_point"].as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default()
                };
                (hosts.len() == 2
                    && hosts.iter().all(|h| h["state"] == "online")
                    && disks(&hosts[0]).contains(&mount_point)
                    && !disks(&hosts[1]).contains(&mount_point))
                .then_some(())
            },
        )
        .await;
    };
    both_report().await;
    let fingerprint = format!("disk_full:alpha:{mount_point}");

    // Alpha falls silent before any sweep: host_unreachable, and nothing is sent to a silent host.
    alpha.kill();
    eventually("alpha offline", Duration::from_secs(30), || async {
        let body = fleet.get("/api/v1/hosts").await;
        (body["hosts"][0]["state"] == "offline").then_some(())
    })
    .await;
    let sweep = fleet.post("/api/v1/monitor/run").await;
    let found: Vec<&str> = sweep["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert!(found.contains(&"host_unreachable:alpha"), "{sweep}");
    assert!(!found.contains(&fingerprint.as_str()), "{sweep}");
    assert_eq!(
        fleet.get("/api/v1/hosts/alpha/calls").await,
        json!({"calls": []})
    );

    // Alpha is back: host_unreachable clears, and the fault in its readings is repaired there.
    let alpha = start_alpha();
    both_report().await;
    let sweep = fleet.post("/api/v1/monitor/run").await;
    let finding = sweep["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fingerprint"] == fingerprint.as_str())
        .unwrap_or_else(|| panic!("no {fingerprint} in {sweep}"))
        .clone();
    assert_eq!(
        (finding["severity"].clone(), finding["repairable"].clone()),
        (json!("critical"), json!(true)),
        "{finding}"
    );
    assert!(
        !sweep["findings"].to_string().contains("disk_full:beta:"),
        "{sweep}"
    );

    let incidents = fleet.get("/api/v1/incidents").await;
    let incident = incidents["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["fingerprint"] == fingerprint.as_str())
        .unwrap_or_else(|| panic!("no incident for {fingerprint}: {incidents}"))
        .clone();
    let detail = fleet
        .get(&format!(
            "/api/v1/incidents/{}",
            incident["id"].as_str().unwrap()
        ))
        .await;
    // Each action reads "TOOL ARGS: done (N ms)".
    let actions: Vec<(String, Value, String)> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "action")
        .map(|e| {
            let text = e["detail"].as_str().unwrap();
            let (tool, rest) = text.split_once(' ').unwrap();
            let (args, outcome) = rest.rsplit_once(": ").unwrap();
            let outcome = outcome.split(" (").next().unwrap().to_owned();
            (
                tool.to_owned(),
                serde_json::from_str(args).unwrap(),
                outcome,
            )
        })
        .collect();
    let step = |what: &str| {
        (
            "docker_prune".to_owned(),
            json!({"host": "alpha", "label": label, "what": what}),
            "done".to_owned(),
        )
    };
    // With a prune label, the dangling images carrying it (Docker's build cache prune ignores
    // a label filter: a labelled runbook leaves the build cache alone).
    assert_eq!(actions, vec![step("dangling_images")], "{detail}");

    // Ran on alpha, under its own guard, as the hub's monitor asked; never on beta.
    let alpha_log = alpha.log();
    assert_eq!(
        count(&alpha_log, "tool=docker_prune requested_by=monitor"),
        1,
        "{alpha_log}"
    );
    assert_eq!(count(&beta.log(), "call from the hub"), 0, "{}", beta.log());
    let calls = fleet.get("/api/v1/hosts/alpha/calls").await;
    let summary: Vec<(Value, Value, Value, Value)> = calls["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["tool"].clone(),
                c["requested_by"].clone(),
                c["state"].clone(),
                c["result"]["ok"].clone(),
            )
        })
        .collect();
    let one = (
        json!("docker_prune"),
        json!("monitor"),
        json!("done"),
        json!(true),
    );
    assert_eq!(summary, vec![one], "{calls}");
    assert_eq!(
        fleet.get("/api/v1/hosts/beta/calls").await,
        json!({"calls": []})
    );
    let unreachable: Vec<Value> = incidents["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["fingerprint"] == "host_unreachable:alpha")
        .map(|i| i["state"].clone())
        .collect();
    assert_eq!(unreachable, vec![json!("resolved")], "{incidents}");
}
