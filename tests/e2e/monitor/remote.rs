//! Remote hosts over SSH: read through the guard, an unreachable one critical.

use super::monitored;
use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn remote_hosts_are_read_over_ssh_and_an_unreachable_one_is_critical() {
    let ssh_dir = std::path::PathBuf::from(
        std::env::var("WARDEN_TEST_SSH_DIR").expect("WARDEN_TEST_SSH_DIR (make test starts sshd)"),
    );
    let port: u16 = std::env::var("WARDEN_TEST_SSH_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(2222);
    let known = tempfile::NamedTempFile::new().unwrap();
    let key = std::fs::read_to_string(ssh_dir.join("host_key.pub")).unwrap();
    let mut parts = key.split_whitespace();
    std::fs::write(
        known.path(),
        format!(
            "[127.0.0.1]:{port} {} {}\n",
            parts.next().unwrap(),
            parts.next().unwrap()
        ),
    )
    .unwrap();
    let known_path = known.path().to_path_buf();
    let host = |name: &str, port: u16| warden_tool_ssh::SshHost {
        name: name.to_owned(),
        address: "127.0.0.1".to_owned(),
        port,
        user: "root".to_owned(),
        key_file: ssh_dir.join("client_key"),
    };
    let hosts = vec![host("box", port), host("gone", 1)];
    let (server, admin, _) = monitored(move |c| {
        c.tools.ssh_hosts = hosts;
        c.tools.ssh_known_hosts = Some(known_path);
        // Any load at all counts, so the reading shows as a finding.
        c.monitor.load_per_core = (0.0001, 1000.0);
    })
    .await;
    let (status, report) = server.post_empty("/api/v1/monitor/run", &admin).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let remote = report["readings"]["remote"].as_array().unwrap();
    let boxed = remote.iter().find(|r| r["host"] == json!("box")).unwrap();
    assert_eq!(boxed["reachable"], json!(true), "{boxed}");
    assert!(
        boxed["memory_used_percent"].as_f64().unwrap() > 0.0,
        "{boxed}"
    );
    assert!(
        boxed["disks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["mount_point"] == json!("/")),
        "{boxed}"
    );
    let fingerprints: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["fingerprint"].as_str())
        .collect();
    assert!(
        fingerprints.contains(&"host_unreachable:gone"),
        "{fingerprints:?}"
    );
    assert!(fingerprints.contains(&"load_high:box"), "{fingerprints:?}");
    // The reads went through the guard: low-risk ssh_exec calls by the monitor.
    let (_, audit) = server
        .get("/api/v1/audit?tool=ssh_exec&actor=monitor", &admin)
        .await;
    let decisions: Vec<&Value> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == json!("decision"))
        .collect();
    assert!(
        !decisions.is_empty() && decisions.iter().all(|e| e["risk"] == json!("low")),
        "{audit}"
    );
}
