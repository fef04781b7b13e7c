//! What the doctor's tests share: a prepared data directory, `warden doctor --json` run with the
//! built-in embedder's files, and readers of its report.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use warden_store::Store;

use crate::{finish, json, warden};

/// A data directory as `warden serve` leaves it: mode 0700, the database migrated.
pub async fn prepared(root: &Path) -> PathBuf {
    let data = root.join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    let store = Store::connect(&sqlite_url(&data)).await.unwrap();
    store.close().await;
    data
}

pub fn sqlite_url(data: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data.join("warden.db").display())
}

/// The built-in embedder's files (tests/scripts/models.sh puts them there).
pub fn model_dir() -> String {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache"));
    cache
        .join("warden/models/all-minilm-l6-v2")
        .display()
        .to_string()
}

/// `warden doctor --json` with these variables (and the built-in embedder's files): exit code
/// and report.
pub async fn doctor(data: &Path, vars: &[(&str, &str)]) -> (Option<i32>, Value) {
    let mut all = vec![("WARDEN_MEMORY_MODEL_DIR", model_dir())];
    all.extend(vars.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let all: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let out = finish(warden(data, &all).args(["doctor", "--json"])).await;
    (out.status.code(), json(&out))
}

pub fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no check {name}: {report}"))
}

pub fn detail(report: &Value, name: &str) -> String {
    check(report, name)["detail"].as_str().unwrap().to_owned()
}

/// The names of the checks that failed.
pub fn failing(report: &Value) -> Vec<String> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == json!(false))
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

pub fn write_config(data: &Path, text: &str) -> String {
    let path = data.parent().unwrap().join("warden.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}
