//! A full filesystem: the runbook, its verification, and the incident resolving when it clears.

use std::process::Command;

use super::{incident_until, monitored, timeline, uuid_like};
use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::json;

/// A small tmpfs mounted for the test, unmounted when it ends.
struct SmallDisk(std::path::PathBuf);

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).output();
        let _ = std::fs::remove_dir(&self.0);
    }
}

#[tokio::test]
async fn a_full_disk_triggers_the_runbook_and_its_verification() {
    let mount = std::env::temp_dir().join(format!("warden-e2e-disk-{}", &uuid_like()[..8]));
    std::fs::create_dir_all(&mount).unwrap();
    let status = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
        .arg(&mount)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "mounting a tmpfs needs root, which make test has"
    );
    let disk = SmallDisk(mount.clone());
    let watched = mount.display().to_string();
    // The runbook reclaims Docker space; on a daemon shared with anything else (an operator's
    // images, other suites) it may reclaim only what carries this test's own label.
    let prune_label = format!("warden.test.prune={}", &uuid_like()[..10]);
    let own_prune_label = prune_label.clone();
    let (server, admin, _) = monitored(move |c| {
        c.monitor.disk_percent = (50.0, 80.0);
        c.monitor.disk_mounts = vec![watched];
        c.monitor.prune_label = Some(own_prune_label);
    })
    .await;
    std::fs::write(mount.join("filler"), vec![7u8; 3_600_000]).unwrap();

    let (status, report) = server.post("/api/v1/monitor/run", &admin, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let fingerprint = format!("disk_full:{}", mount.display());
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fingerprint"] == json!(fingerprint))
        .cloned();
    assert_eq!(
        finding.as_ref().map(|f| f["severity"].clone()),
        Some(json!("critical")),
        "{report}"
    );
    let detail = incident_until(&server, &admin, &fingerprint, |_| true).await;
    // Sweeps that Docker events start meanwhile may try again: the first attempt is what counts.
    let kinds = timeline(&detail);
    assert_eq!(
        kinds[..4],
        ["detected", "action", "action", "verification"],
        "{detail}"
    );
    let first = detail["timeline"][1]["detail"].as_str().unwrap();
    assert!(
        first.starts_with("docker_prune {")
            && first.contains("\"what\":\"build_cache\"")
            && first.contains(&format!("\"label\":\"{prune_label}\""))
            && first.contains("}: done"),
        "{detail}"
    );
    // Docker's caches were not what filled this disk: the verification says so, and it stays open.
    assert!(
        detail["timeline"][3]["detail"]
            .as_str()
            .unwrap()
            .contains("still"),
        "{detail}"
    );
    assert_eq!(detail["incident"]["state"], json!("open"));

    std::fs::remove_file(mount.join("filler")).unwrap();
    // This sweep, or one a Docker event started meanwhile, finds it cleared.
    let (status, _) = server.post("/api/v1/monitor/run", &admin, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let detail = incident_until(&server, &admin, &fingerprint, |d| {
        d["incident"]["state"] == json!("resolved")
    })
    .await;
    assert_eq!(
        timeline(&detail).last().map(String::as_str),
        Some("outcome")
    );
    let (_, history) = server.get("/api/v1/monitor/history?hours=1", &admin).await;
    assert!(
        history["points"].as_array().unwrap().len() >= 2,
        "{history}"
    );
    let (_, status) = server.get("/api/v1/monitor/status", &admin).await;
    assert!(
        status["readings"]["disks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["mount_point"] == json!(mount.display().to_string()))
    );
    drop(disk);
}
