//! File tools through the real server: hard links, a planted backup symlink, a directory swapped
//! for a symlink while reads run, secret files by kind and by content.

use std::os::unix::fs::symlink;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::json;

use super::site;

const OUTSIDE_SECRET: &str = "OUTSIDE-SECRET root:x:0:0";

#[tokio::test]
async fn a_hard_link_out_of_the_root_is_refused() {
    let s = site().await;
    std::fs::write(s.outside.join("shadow"), OUTSIDE_SECRET).unwrap();
    std::fs::hard_link(s.outside.join("shadow"), s.root.join("notes.txt")).unwrap();
    let path = s.root.join("notes.txt").display().to_string();
    for tool in ["file_read", "file_info"] {
        let (status, body) = s.invoke(&s.admin, tool, json!({"path": path})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["error_code"], json!("refused"), "{tool}: {body}");
        assert!(
            body["output"].as_str().unwrap().contains("hard link"),
            "{body}"
        );
        assert!(!body.to_string().contains("OUTSIDE-SECRET"), "{body}");
    }
    let (_, found) = s
        .invoke(
            &s.admin,
            "file_search",
            json!({"path": s.root.display().to_string(), "query": "SECRET"}),
        )
        .await;
    assert_eq!(found["data"]["matches"], json!([]), "{found}");
}

#[tokio::test]
async fn an_approved_write_replaces_a_planted_backup_symlink_instead_of_following_it() {
    let s = site().await;
    let victim = s.outside.join("authorized_keys_elsewhere");
    std::fs::write(&victim, "victim stays").unwrap();
    let target = s.root.join("app.conf");
    std::fs::write(&target, "old = 1\n").unwrap();
    symlink(&victim, s.root.join("app.conf.warden.bak")).unwrap();
    let (status, approval) = s
        .invoke(
            &s.admin,
            "file_write",
            json!({"path": target.display().to_string(), "content": "new = 2\n"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{approval}");
    let id = approval["id"].as_str().unwrap();
    let (status, _) = s.decide(&s.admin, id, "approve").await;
    assert_eq!(status, StatusCode::OK);
    let done = s.executed(id).await;
    assert_eq!(done["outcome"]["ok"], json!(true), "{done}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "victim stays");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "new = 2\n");
    let backup = s.root.join("app.conf.warden.bak");
    assert!(!backup.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), "old = 1\n");
}

#[tokio::test]
async fn swapping_a_directory_for_a_symlink_during_reads_never_escapes() {
    let s = site().await;
    std::fs::create_dir(s.root.join("d")).unwrap();
    std::fs::write(s.root.join("d/f.txt"), "inside\n").unwrap();
    std::fs::write(s.outside.join("f.txt"), OUTSIDE_SECRET).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let swapper = {
        let (root, outside, stop) = (s.root.clone(), s.outside.clone(), stop.clone());
        std::thread::spawn(move || {
            let (dir, parked) = (root.join("d"), root.join("d.real"));
            while !stop.load(Ordering::Relaxed) {
                if std::fs::rename(&dir, &parked).is_ok() {
                    let _ = symlink(&outside, &dir);
                    std::thread::yield_now();
                    let _ = std::fs::remove_file(&dir);
                    let _ = std::fs::rename(&parked, &dir);
                }
            }
        })
    };
    let path = s.root.join("d/f.txt").display().to_string();
    let (mut escapes, mut inside, mut refused, mut tries) = (Vec::new(), 0, 0, 0);
    // At least 300 reads, and on until some met the swapped directory (bounded).
    while tries < 300 || (refused == 0 && tries < 3000) {
        tries += 1;
        let (status, body) = s.invoke(&s.admin, "file_read", json!({"path": path})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        if body.to_string().contains("OUTSIDE-SECRET") {
            escapes.push(body);
        } else if body["ok"] == json!(true) {
            assert_eq!(body["output"], json!("inside\n"));
            inside += 1;
        } else {
            refused += 1;
        }
    }
    stop.store(true, Ordering::Relaxed);
    swapper.join().unwrap();
    assert_eq!(escapes, Vec::<serde_json::Value>::new());
    assert!(
        inside > 0 && refused > 0,
        "inside {inside}, refused {refused} in {tries}"
    );
}

#[tokio::test]
async fn secret_files_are_refused_by_kind_and_content_and_secrets_inside_files_are_hidden() {
    let s = site().await;
    for name in [
        ".envrc",
        ".npmrc",
        "id_rsa.bak",
        ".vault-token",
        ".my.cnf",
        "terraform.tfstate",
        "ssh_host_ed25519_key",
        "kubeconfig",
        "credentials.json",
        "wp-config.php",
        ".pgpass",
        ".git-credentials",
        "id_ed25519.old",
        "prod.tfvars",
        ".bash_history",
        "db_password.txt",
    ] {
        std::fs::write(s.root.join(name), "db_host=db\n").unwrap();
        let (_, body) = s
            .invoke(
                &s.admin,
                "file_read",
                json!({"path": s.root.join(name).display().to_string()}),
            )
            .await;
        assert_eq!(body["error_code"], json!("refused"), "{name}: {body}");
    }
    std::fs::write(
        s.root.join("notes.txt"),
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----\n",
    )
    .unwrap();
    let (_, body) = s
        .invoke(
            &s.admin,
            "file_read",
            json!({"path": s.root.join("notes.txt").display().to_string()}),
        )
        .await;
    assert_eq!(body["error_code"], json!("refused"), "{body}");
    assert!(!body.to_string().contains("b3Bl"), "{body}");

    std::fs::write(
        s.root.join("app.ini"),
        "[db]\nhost = db\npassword = Hunter2Secret\nurl = postgres://app:PgSecret9@db/app\n",
    )
    .unwrap();
    let app = s.root.join("app.ini").display().to_string();
    let (_, body) = s.invoke(&s.admin, "file_read", json!({"path": app})).await;
    assert_eq!(
        body["output"],
        json!("[db]\nhost = db\npassword = [redacted]\nurl = postgres://app:[redacted]@db/app\n")
    );
    // Reading from the middle of the secret's line still shows the whole line, redacted.
    let (_, middle) = s
        .invoke(
            &s.admin,
            "file_read",
            json!({"path": app, "offset": 30, "limit": 6}),
        )
        .await;
    let shown = middle["output"].as_str().unwrap();
    assert!(
        shown.starts_with("password = [redacted]\n\n[") && !shown.contains("Secret"),
        "{middle}"
    );
    assert_eq!(
        (
            middle["data"]["offset"].clone(),
            middle["data"]["redacted"].clone()
        ),
        (json!(15), json!(true))
    );
}
