//! A full filesystem: the runbook, its verification, and the incident resolving when it clears.

use std::process::Command;

use super::{incident_until, monitored, timeline, uuid_like};
use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::json;

async fn detail_id(
    server: &warden_test_support::TestServer,
    token: &str,
    fingerprint: &str,
) -> String {
    let detail = incident_until(server, token, fingerprint, |_| true).await;
    detail["incident"]["id"].as_str().unwrap().to_owned()
}

/// A small filesystem mounted for the test, unmounted (and its image removed) when it ends.
struct SmallDisk {
    mount: std::path::PathBuf,
    image: Option<std::path::PathBuf>,
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.mount).output();
        let _ = std::fs::remove_dir(&self.mount);
        if let Some(image) = &self.image {
            let _ = std::fs::remove_file(image);
        }
    }
}

fn run_ok(command: &mut Command, what: &str) {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{what} failed (it needs root, which make test has): {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A 4 MiB tmpfs: a mount held in memory, which no Docker prune can free.
fn small_tmpfs() -> SmallDisk {
    let mount = std::env::temp_dir().join(format!("warden-e2e-shm-{}", &uuid_like()[..8]));
    std::fs::create_dir_all(&mount).unwrap();
    run_ok(
        Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
            .arg(&mount),
        "mounting a tmpfs",
    );
    SmallDisk { mount, image: None }
}

/// An 8 MiB ext4 file system in an image file, mounted through a loop device: a disk the
/// Docker runbook is meant for (a tmpfs would be held in memory, which the monitor never
/// prunes).
fn small_ext4() -> SmallDisk {
    let id = &uuid_like()[..8];
    let mount = std::env::temp_dir().join(format!("warden-e2e-disk-{id}"));
    let image = std::env::temp_dir().join(format!("warden-e2e-disk-{id}.img"));
    std::fs::create_dir_all(&mount).unwrap();
    std::fs::File::create(&image)
        .unwrap()
        .set_len(8 * 1024 * 1024)
        .unwrap();
    let disk = SmallDisk {
        mount,
        image: Some(image),
    };
    let image = disk.image.as_ref().unwrap();
    run_ok(
        Command::new("mkfs.ext4")
            .args(["-q", "-F", "-m", "0"])
            .arg(image),
        "mkfs.ext4 on the test's image",
    );
    run_ok(
        Command::new("mount")
            .args(["-o", "loop"])
            .arg(image)
            .arg(&disk.mount),
        "mounting the test's ext4 image through a loop device",
    );
    disk
}

/// Fills `mount` with `bytes` of one file, written through to the file system so that its
/// usage counts it at once.
fn fill(mount: &std::path::Path, bytes: usize) {
    use std::io::Write;
    let mut file = std::fs::File::create(mount.join("filler")).unwrap();
    file.write_all(&vec![7u8; bytes]).unwrap();
    file.sync_all().unwrap();
}

#[tokio::test]
async fn a_full_disk_triggers_the_runbook_and_its_verification() {
    let disk = small_ext4();
    let mount = disk.mount.clone();
    let watched = mount.display().to_string();
    // The runbook reclaims Docker space; on a daemon shared with anything else (an operator's
    // images, other suites) it may reclaim only what carries this test's own label.
    let prune_label = format!("warden.test.prune={}", &uuid_like()[..10]);
    let own_prune_label = prune_label.clone();
    let (server, admin, _) = monitored(move |c| {
        c.monitor.disk_percent = (50.0, 80.0);
        c.monitor.disk_mounts = vec![watched];
        c.monitor.prune_label = Some(own_prune_label);
        // One attempt in this test: the retry would come a minute later.
        c.monitor.repair_backoff_secs = 60;
    })
    .await;
    // About 85 % of the 6.5 MiB the file system offers.
    fill(&mount, 5_700_000);

    let (status, report) = server.post_empty("/api/v1/monitor/run", &admin).await;
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
    // The sweep that opened it ran the runbook, and a later one verifies it (a sweep a Docker
    // event of another test started may have been first: then this one lists it as it found it).
    let incident_id = json!(detail_id(&server, &admin, &fingerprint).await);
    if report["opened"].as_array().unwrap().contains(&incident_id) {
        assert!(
            report["repairing"]
                .as_array()
                .unwrap()
                .contains(&incident_id),
            "{report}"
        );
    }
    let detail = incident_until(&server, &admin, &fingerprint, |d| timeline(d).len() >= 3).await;
    let kinds = timeline(&detail);
    // With a prune label, only the dangling images carrying it: Docker's build cache prune
    // ignores a label filter, so the labelled runbook leaves the build cache alone.
    assert_eq!(
        kinds[..3],
        ["detected", "action", "verification"],
        "{detail}"
    );
    let first = detail["timeline"][1]["detail"].as_str().unwrap();
    assert!(
        first.starts_with("docker_prune {")
            && first.contains("\"what\":\"dangling_images\"")
            && first.contains(&format!("\"label\":\"{prune_label}\""))
            && first.contains("}: done"),
        "{detail}"
    );
    // Docker's caches were not what filled this disk: the verification says so, and it stays open.
    let verified = detail["timeline"][2]["detail"].as_str().unwrap();
    assert!(
        verified.starts_with("did not hold: ") && verified.contains("% used"),
        "{detail}"
    );
    // Open until the backoff ends; on a slow machine the sweep that found it did not hold may
    // come after the backoff, and then the retry has already begun.
    let retried = kinds.len() > 3 && kinds[3] == "action";
    let expected = if retried { "repairing" } else { "open" };
    assert_eq!(detail["incident"]["state"], json!(expected), "{detail}");

    std::fs::remove_file(mount.join("filler")).unwrap();
    // This sweep, or one a Docker event started meanwhile, finds it cleared.
    let (status, _) = server.post_empty("/api/v1/monitor/run", &admin).await;
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

/// `df -P -k MOUNT`: (size KiB, available KiB, Use% as df prints it).
fn df(mount: &str) -> (u64, u64, f64) {
    let out = Command::new("df")
        .args(["-P", "-k", mount])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let fields: Vec<&str> = text.lines().nth(1).unwrap().split_whitespace().collect();
    (
        fields[1].parse().unwrap(),
        fields[3].parse().unwrap(),
        fields[4].trim_end_matches('%').parse().unwrap(),
    )
}

#[tokio::test]
async fn disk_use_is_what_df_reports() {
    // Read only: thresholds no disk here reaches, so no runbook runs on the machine's disk.
    let (server, admin, _) = monitored(|c| {
        c.monitor.enabled = false;
        c.monitor.disk_percent = (99.9, 100.0);
        c.monitor.disk_mounts = vec!["/".to_owned()];
    })
    .await;
    // The disk may change between the reads: df before and after bracket the monitor's figure.
    let (_, _, before) = df("/");
    let (status, report) = server.post_empty("/api/v1/monitor/run", &admin).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let (size, available, after) = df("/");
    let root = report["readings"]["disks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["mount_point"] == json!("/"))
        .cloned()
        .unwrap_or_else(|| panic!("no reading of /: {report}"));
    let percent = root["used_percent"].as_f64().unwrap();
    assert!(
        percent == before || percent == after,
        "{root} vs df {before}%/{after}%"
    );
    // This machine's `/` reserves many blocks for root: the share of its size ordinary users
    // cannot use is shown beside df's figure when the two differ.
    let size_share = (size - available) as f64 * 100.0 / size as f64;
    match root["unavailable_percent"].as_f64() {
        Some(unavailable) => assert!((unavailable - size_share).abs() < 1.0, "{root}"),
        None => assert!((size_share - percent).abs() < 2.0, "{root}"),
    }
}

#[tokio::test]
async fn a_full_mount_held_in_memory_is_escalated_and_never_pruned() {
    let disk = small_tmpfs();
    let mount = disk.mount.clone();
    let watched = mount.display().to_string();
    let prune_label = format!("warden.test.prune={}", &uuid_like()[..10]);
    let (server, admin, _) = monitored(move |c| {
        c.monitor.disk_percent = (50.0, 80.0);
        c.monitor.disk_mounts = vec![watched];
        c.monitor.prune_label = Some(prune_label);
    })
    .await;
    // About 86 % of the 4 MiB tmpfs.
    fill(&mount, 3_600_000);

    let (status, report) = server.post_empty("/api/v1/monitor/run", &admin).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let fingerprint = format!("disk_full:{}", mount.display());
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fingerprint"] == json!(fingerprint))
        .cloned()
        .unwrap_or_else(|| panic!("no finding for the full tmpfs: {report}"));
    assert_eq!(finding["severity"], json!("critical"), "{report}");
    assert_eq!(finding["repairable"], json!(false), "{report}");
    assert!(
        finding["summary"]
            .as_str()
            .unwrap()
            .contains("held in memory"),
        "{report}"
    );
    let disk_reading = report["readings"]["disks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["mount_point"] == json!(mount.display().to_string()))
        .cloned();
    assert_eq!(
        disk_reading.map(|d| d["filesystem"].clone()),
        Some(json!("tmpfs")),
        "{report}"
    );
    let incident_id = detail_id(&server, &admin, &fingerprint).await;
    // Escalated to a human by the sweep that opened it (or by an earlier one a Docker event
    // of another test started), and no runbook ran on it.
    if report["opened"]
        .as_array()
        .unwrap()
        .contains(&json!(incident_id))
    {
        assert!(
            report["escalated"]
                .as_array()
                .unwrap()
                .contains(&json!(incident_id)),
            "{report}"
        );
    }
    let (status, _) = server.post_empty("/api/v1/monitor/run", &admin).await;
    assert_eq!(status, StatusCode::OK);
    let detail = incident_until(&server, &admin, &fingerprint, |_| true).await;
    assert!(
        !timeline(&detail).iter().any(|kind| kind == "action"),
        "a Docker prune frees nothing on a tmpfs: {detail}"
    );
    assert_ne!(detail["incident"]["state"], json!("repairing"), "{detail}");
    drop(disk);
}
