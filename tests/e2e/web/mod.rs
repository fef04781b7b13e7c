//! The web app in a real browser: Debian's Chromium driven by playwright-core (the scripts in
//! `frontend/tests/`) against Warden serving its embedded build, with the scripted model. Every
//! scenario runs at a desktop width (1280 px) and a phone width (390 px), and fails on any
//! console error (CSP violations included). Screenshots go to `.tmp/screenshots/`.

mod chat;
mod hosts;
mod memory;
mod ops;
mod pages;
mod session;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use warden_test_support::{ADMIN_PASSWORD, TestServer};

/// The whole of one script's run, at most.
const SCRIPT_LIMIT: Duration = Duration::from_secs(240);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Width {
    Desktop,
    Phone,
}

impl Width {
    fn name(self) -> &'static str {
        match self {
            Width::Desktop => "desktop",
            Width::Phone => "phone",
        }
    }
}

fn built() {
    let frontend = root().join("frontend");
    assert!(
        frontend.join("node_modules/playwright-core").exists()
            && frontend.join("dist/index.html").exists(),
        "the web app must be built first: make test runs npm ci and npm run build in frontend/"
    );
}

/// Runs one browser script against `base` at `width`; its JSON report, after checking it
/// succeeded with no problem (no console error). A line the script prints that is not JSON is a
/// signal, handed to `on_signal` while the script goes on.
pub(super) async fn browse(
    script: &str,
    base: &str,
    width: Width,
    extra: Vec<(&str, String)>,
    mut on_signal: impl FnMut(&str),
) -> Value {
    built();
    let shots = root().join(".tmp/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let mut command = tokio::process::Command::new("node");
    command
        .arg(script)
        .current_dir(root().join("frontend"))
        .env("WARDEN_URL", base)
        .env("WARDEN_USER", "admin")
        .env("WARDEN_PASSWORD", ADMIN_PASSWORD)
        .env("VIEWPORT", width.name())
        .env("SCREENSHOTS", &shots)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (key, value) in extra {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("node (make test installs it)");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut stderr = child.stderr.take().unwrap();
    let errors = tokio::spawn(async move {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text).await;
        text
    });
    let mut report = None;
    let finished = tokio::time::timeout(SCRIPT_LIMIT, async {
        while let Some(line) = lines.next_line().await.unwrap() {
            match serde_json::from_str::<Value>(&line) {
                Ok(value) if value.get("seen").is_some() => report = Some(value),
                Ok(_) | Err(_) => on_signal(line.trim()),
            }
        }
        child.wait().await.unwrap()
    })
    .await;
    let errors = errors.await.unwrap_or_default();
    let status =
        finished.unwrap_or_else(|_| panic!("{script} ran past {SCRIPT_LIMIT:?}: {errors}"));
    let report = report.unwrap_or_else(|| panic!("no report from {script}: {errors}"));
    assert!(
        status.success(),
        "{script} at {}: {report}\n{errors}",
        width.name()
    );
    assert_eq!(
        report["problems"],
        json!([]),
        "{script} at {}",
        width.name()
    );
    report
}

/// Opens a container for a test, removed when the test ends whatever happens.
pub(super) struct Container(pub(super) String);

impl Container {
    pub(super) fn run(name: &str, options: &[&str], script: &str) -> Self {
        let image = std::env::var("WARDEN_TEST_DOCKER_IMAGE")
            .unwrap_or_else(|_| "warden-test-busybox:latest".to_owned());
        let mut args = vec!["run", "-d", "--name", name];
        args.extend_from_slice(options);
        args.extend_from_slice(&[&image, "sh", "-c", script]);
        let out = std::process::Command::new("docker")
            .args(&args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Self(name.to_owned())
    }
}

impl Drop for Container {
    fn drop(&mut self) {
        let _ = std::process::Command::new("docker")
            .args(["rm", "-f", &self.0])
            .output();
    }
}

#[tokio::test]
async fn the_app_is_served_from_the_binary_under_the_strict_csp() {
    let server = TestServer::start().await;
    let response = server
        .request(reqwest::Method::GET, "/")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let page = response.text().await.unwrap();
    let script = page
        .split('"')
        .find(|part| part.starts_with("/assets/") && part.ends_with(".js"))
        .unwrap_or_else(|| panic!("no script in {page}"))
        .to_owned();
    let asset = server
        .request(reqwest::Method::GET, &script)
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), 200);
    assert!(
        asset.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(
        asset.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let (status, body) = server
        .send(server.request(reqwest::Method::GET, "/assets/nope.js"))
        .await;
    assert_eq!(
        (status.as_u16(), warden_test_support::error_code(&body)),
        (404, "not_found")
    );
}
