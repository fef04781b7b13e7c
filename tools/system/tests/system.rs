//! The system tools against this host: real processes, real commands, real /proc.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_sandbox::{Containment, ContainmentSettings, SandboxConfig};
use warden_tool_api::{HostAccess, Registry, RegistryBuilder, ToolContext, ToolError, ToolOutput};
use warden_tool_system::gpu::GpuSnapshot;

fn registry() -> Registry {
    let mut builder = RegistryBuilder::default();
    warden_tool_system::register(&mut builder);
    builder.build().unwrap()
}

/// A call no human approved: host programs run contained.
async fn call(tool: &str, args: Value) -> Result<ToolOutput, ToolError> {
    call_with(
        tool,
        args,
        &ctx().with_host(HostAccess::Contained(containment())),
    )
    .await
}

/// A call a human approved: host programs run with the test's own rights.
async fn call_approved(tool: &str, args: Value) -> Result<ToolOutput, ToolError> {
    call_with(tool, args, &ctx().with_host(HostAccess::Approved)).await
}

async fn call_with(
    tool: &str,
    args: Value,
    context: &ToolContext,
) -> Result<ToolOutput, ToolError> {
    registry()
        .get(tool)
        .expect("tool")
        .call(args, context)
        .await
}

fn containment() -> Arc<Containment> {
    static CONTAINMENT: OnceLock<Arc<Containment>> = OnceLock::new();
    CONTAINMENT
        .get_or_init(|| {
            Arc::new(
                Containment::new(&ContainmentSettings::default())
                    .expect("this machine contains (root, landlock, setpriv)"),
            )
        })
        .clone()
}

fn sh(cmd: &str) -> String {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[tokio::test]
async fn system_info_matches_the_host() {
    let out = call("system_info", json!({})).await.unwrap();
    assert_eq!(out.data["hostname"], json!(sh("hostname")));
    assert_eq!(out.data["cpus"], json!(sh("nproc").parse::<u64>().unwrap()));
    assert_eq!(out.data["kernel"], json!(sh("uname -r")));
    let total = out.data["memory"]["total_bytes"].as_u64().unwrap();
    let meminfo_kib: u64 = sh("awk '/MemTotal/ {print $2}' /proc/meminfo")
        .parse()
        .unwrap();
    assert_eq!(total, meminfo_kib * 1024);
    assert!(out.output.contains("CPUs; load"), "{}", out.output);
    // No arguments and null arguments both work; unknown ones do not.
    call("system_info", Value::Null).await.unwrap();
    assert!(matches!(
        call("system_info", json!({"verbose": true})).await,
        Err(ToolError::InvalidArguments(_))
    ));
}

#[tokio::test]
async fn disk_usage_reports_the_filesystem_of_a_path() {
    let out = call("disk_usage", json!({"path": "/"})).await.unwrap();
    let rows = out.data["filesystems"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["mount_point"], json!("/"));
    let df_total: u64 = sh("df -B1 --output=size / | tail -1").parse().unwrap();
    assert_eq!(rows[0]["total_bytes"].as_u64().unwrap(), df_total);
    // Use% as df prints it (used / (used + available), rounded up), not (size - available) /
    // size: they differ by tens of points on a filesystem with many reserved blocks. The disk
    // may change between the reads: df before and after bracket the tool's figure.
    let df_percent = || -> f64 {
        sh("df -P -k / | tail -1 | awk '{print $5}'")
            .trim_end_matches('%')
            .parse()
            .unwrap()
    };
    let before = df_percent();
    let read =
        call("disk_usage", json!({"path": "/"})).await.unwrap().data["filesystems"][0].clone();
    let after = df_percent();
    let used = read["used_percent"].as_f64().unwrap();
    assert!(
        used == before || used == after,
        "{read} vs df {before}/{after}"
    );
    let df_used: u64 = sh("df -B1 --output=used / | tail -1").parse().unwrap();
    let used_bytes = read["used_bytes"].as_u64().unwrap();
    assert!(
        used_bytes.abs_diff(df_used) < 64 * 1024 * 1024,
        "{read} vs df used {df_used}"
    );
    let all = call("disk_usage", json!({})).await.unwrap();
    assert!(!all.data["filesystems"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn processes_are_listed_and_signalled() {
    let mut child = std::process::Command::new("sleep")
        .arg("297.5")
        .spawn()
        .unwrap();
    let pid = child.id();
    let listed = call(
        "process_list",
        json!({"query": "297.5", "sort_by": "memory"}),
    )
    .await
    .unwrap();
    let pids: Vec<u64> = listed.data["processes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["pid"].as_u64())
        .collect();
    assert_eq!(pids, vec![u64::from(pid)]);

    for (pid, why) in [(1u32, "init"), (std::process::id(), "itself")] {
        let err = call("process_kill", json!({"pid": pid})).await.unwrap_err();
        assert!(
            matches!(err, ToolError::Refused(ref m) if m.contains(why)),
            "{err}"
        );
    }
    let err = call("process_kill", json!({"pid": 4_000_000}))
        .await
        .unwrap_err();
    assert!(matches!(err, ToolError::NotFound(_)), "{err}");
    let err = call("process_kill", json!({"pid": pid, "signal": "stop"}))
        .await
        .unwrap_err();
    assert!(matches!(err, ToolError::InvalidArguments(_)), "{err}");

    // Contained (the policy would have to lower it to low), the signal cannot leave the run.
    let err = call("process_kill", json!({"pid": pid})).await.unwrap_err();
    assert!(matches!(err, ToolError::Failed(_)), "{err}");
    assert_eq!(
        child.try_wait().unwrap(),
        None,
        "a contained kill reached {pid}"
    );
    // Approved by a human, it runs with Warden's rights.
    let killed = call_approved("process_kill", json!({"pid": pid}))
        .await
        .unwrap();
    assert_eq!(killed.data["signal"], json!("SIGTERM"));
    let status = child.wait().unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(libc_sigterm())
    );
}

fn libc_sigterm() -> i32 {
    15
}

/// What a command printed is judged with the command: 64 hex digits read from a key file go,
/// the same digits read from a file of ids stay (text alone cannot tell them apart).
#[tokio::test]
async fn a_lone_value_is_judged_by_the_command_that_printed_it() {
    let dir = tempfile::tempdir().unwrap();
    let hex = "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a\n";
    std::fs::write(dir.path().join("jwt.key"), hex).unwrap();
    std::fs::write(dir.path().join("ids.txt"), hex).unwrap();
    let read = |name: &str| format!("cat {}", dir.path().join(name).display());
    let key = call_approved("run_command", json!({"command": read("jwt.key")}))
        .await
        .unwrap();
    assert_eq!(key.data["stdout"], json!("[redacted]\n"));
    assert!(!key.output.contains("3f9a1c0e"), "{}", key.output);
    let ids = call_approved("run_command", json!({"command": read("ids.txt")}))
        .await
        .unwrap();
    assert_eq!(ids.data["stdout"], json!(hex));
}

#[tokio::test]
async fn commands_run_from_an_argv_with_bounds() {
    let out = call(
        "run_command",
        json!({"command": "echo 'hello   world' two"}),
    )
    .await
    .unwrap();
    assert!(out.ok);
    assert_eq!(out.data["stdout"], json!("hello   world two\n"));
    assert_eq!(out.data["exit_code"], json!(0));
    assert_eq!(out.data["ran_in"], json!("host_contained"));
    // Warden connects a plain pipeline's stages itself.
    let out = call(
        "run_command",
        json!({"command": "echo 'a | b' | tr a-z A-Z | wc -c"}),
    )
    .await
    .unwrap();
    assert_eq!(
        (out.data["stdout"].clone(), out.data["argv"].clone()),
        (
            json!("6\n"),
            json!(["echo", "a | b", "|", "tr", "a-z", "A-Z", "|", "wc", "-c"])
        )
    );
    // `cd /DIR && PIPELINE` runs each stage in /DIR (`env -C /DIR ARGV`), as a shell would.
    let out = call(
        "run_command",
        json!({"command": "cd /usr && pwd | tr a-z A-Z"}),
    )
    .await
    .unwrap();
    assert_eq!(
        (out.data["stdout"].clone(), out.data["ran_in"].clone()),
        (json!("/USR\n"), json!("host_contained"))
    );
    let out = call("run_command", json!({"command": "cd /etc && cat hostname"}))
        .await
        .unwrap();
    assert_eq!(
        out.data["stdout"],
        json!(std::fs::read_to_string("/etc/hostname").unwrap())
    );
    let out = call_approved("run_command", json!({"command": "id -u"}))
        .await
        .unwrap();
    assert_eq!(
        (out.data["stdout"].clone(), out.data["ran_in"].clone()),
        (json!("0\n"), json!("host"))
    );
    let out = call("run_command", json!({"command": "id -u"}))
        .await
        .unwrap();
    assert_eq!(out.data["stdout"], json!("65534\n"));
    // A context the orchestrator did not set up starts nothing on the host.
    let err = call_with("run_command", json!({"command": "true"}), &ctx())
        .await
        .unwrap_err();
    assert!(matches!(err, ToolError::Refused(_)), "{err}");

    let failed = call("run_command", json!({"command": "ls /definitely/not/here"}))
        .await
        .unwrap();
    assert!(
        !failed.ok,
        "a non-zero exit is an observation, not a tool error"
    );
    assert_eq!(failed.data["exit_code"], json!(2));
    assert!(failed.output.contains("[exit code 2]"), "{}", failed.output);

    // The environment is minimal: nothing of Warden's own leaks into commands.
    let env = call("run_command", json!({"command": "env"}))
        .await
        .unwrap();
    let mut names: Vec<&str> = env.data["stdout"]
        .as_str()
        .unwrap()
        .lines()
        .filter_map(|l| l.split('=').next())
        .collect();
    names.sort();
    assert_eq!(names, vec!["LANG", "PATH"]);

    let big = call("run_command", json!({"command": "seq 1 200000"}))
        .await
        .unwrap();
    assert!(big.truncated && big.data["stdout_truncated"] == json!(true));
    assert!(big.data["stdout"].as_str().unwrap().len() <= 32 * 1024);

    let started = Instant::now();
    let err = call(
        "run_command",
        json!({"command": "sleep 31.25", "timeout_secs": 1}),
    )
    .await
    .unwrap_err();
    assert_eq!(err, ToolError::Timeout(1));
    assert!(started.elapsed() < Duration::from_secs(5));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        sh("pgrep -f '^sleep 31.25' || true"),
        "",
        "the timed-out process was killed"
    );
    // `xargs` forks the sleeper: killing only the direct child would leave it running.
    let arguments = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(arguments.path(), "31.75\n").unwrap();
    std::fs::set_permissions(
        arguments.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    let command = format!("xargs -a {} sleep", arguments.path().display());
    let err = call(
        "run_command",
        json!({"command": command, "timeout_secs": 1}),
    )
    .await
    .unwrap_err();
    assert_eq!(err, ToolError::Timeout(1));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        sh("pgrep -f '^sleep 31.75' || true"),
        "",
        "what the timed-out process started was killed with it"
    );

    for (command, expected) in [
        ("cat /etc/hostname > /tmp/copy", "shell syntax"),
        ("a || b", "shell syntax"),
        ("echo $(id)", "shell syntax"),
        ("rm -rf / ; echo", "shell syntax"),
    ] {
        let err = call("run_command", json!({"command": command}))
            .await
            .unwrap_err();
        assert!(
            matches!(err, ToolError::Refused(ref m) if m.contains(expected)),
            "{command}: {err}"
        );
    }
    let err = call("run_command", json!({"command": "no-such-program-xyz"}))
        .await
        .unwrap_err();
    assert!(matches!(err, ToolError::NotFound(_)), "{err}");
    let err = call("run_command", json!({"command": "echo 'unterminated"}))
        .await
        .unwrap_err();
    assert!(matches!(err, ToolError::InvalidArguments(_)), "{err}");
    let err = call("run_command", json!({"command": "true", "timeout_secs": 0}))
        .await
        .unwrap_err();
    assert!(matches!(err, ToolError::InvalidArguments(_)), "{err}");
}

#[tokio::test]
async fn what_runs_in_the_sandbox_says_so() {
    let mut context = ctx().with_host(HostAccess::Contained(containment()));
    context.sandbox = Some(Arc::new(SandboxConfig {
        wall: Duration::from_secs(60),
        ..SandboxConfig::default()
    }));
    // A name no other process on this machine holds: the sandbox overlays the host's /tmp, so a
    // file or directory of that name left by anyone else would refuse the write.
    let written = format!("/tmp/warden-sandbox-write-{}", std::process::id());
    let out = call_with(
        "run_command",
        json!({"command": format!("uname -r; echo done > {written}")}),
        &context,
    )
    .await
    .unwrap();
    assert_eq!(
        out.output,
        format!("{}\n4.4.0\n[exit code 0]", warden_tool_system::SANDBOX_NOTE)
    );
    assert_eq!(
        (out.data["ran_in"].clone(), out.data["view"].clone()),
        (json!("sandbox"), json!("sandbox"))
    );
    assert!(
        !std::path::Path::new(&written).exists(),
        "what the sandbox wrote was discarded"
    );
}

#[tokio::test]
async fn contained_runs_that_cannot_see_everything_say_so() {
    // The Docker socket is root:docker: the contained user is refused, and the result says why.
    let out = call("run_command", json!({"command": "docker ps"}))
        .await
        .expect("docker ps runs contained and reports its refusal");
    assert!(
        out.output
            .starts_with(&format!("{}\n", warden_tool_system::UNPRIVILEGED_NOTE)),
        "{}",
        out.output
    );
    assert!(out.output.contains("permission denied"), "{}", out.output);
    assert_eq!(
        (out.data["ran_in"].clone(), out.data["view"].clone()),
        (json!("host_contained"), json!("unprivileged"))
    );
    // A program that sees the whole host as anyone carries no note.
    let out = call("run_command", json!({"command": "uname -s"}))
        .await
        .unwrap();
    assert_eq!(out.output, "Linux\n[exit code 0]");
    assert_eq!(
        (out.data["ran_in"].clone(), out.data["view"].clone()),
        (json!("host_contained"), Value::Null)
    );
}

#[tokio::test]
async fn services_and_journal_say_when_systemd_is_absent() {
    let systemd = std::path::Path::new("/run/systemd/system").is_dir();
    for (tool, args) in [
        ("service_status", json!({"service": "ssh"})),
        (
            "service_control",
            json!({"service": "ssh", "action": "restart"}),
        ),
        ("journal_logs", json!({"service": "ssh", "tail": 5})),
    ] {
        let result = call(tool, args).await;
        if systemd {
            assert!(
                !matches!(result, Err(ToolError::Unavailable(_))),
                "{tool}: {result:?}"
            );
        } else {
            assert!(
                matches!(result, Err(ToolError::Unavailable(ref m)) if m.contains("systemd is not running")),
                "{tool}: {result:?}"
            );
        }
    }
    // Names that could be options or paths are refused before anything runs.
    for name in ["--root=/", "../../etc", "a b", ""] {
        let err = call("service_status", json!({"service": name}))
            .await
            .unwrap_err();
        assert!(
            matches!(err, ToolError::InvalidArguments(_)),
            "{name}: {err}"
        );
    }
    let err = call("journal_logs", json!({"since": "$(reboot)"}))
        .await
        .unwrap_err();
    assert!(matches!(err, ToolError::InvalidArguments(_)), "{err}");
}

#[tokio::test]
async fn gpu_status_reports_absence_plainly_without_a_driver() {
    let out = call("gpu_status", json!({})).await.unwrap();
    let driver_present = std::path::Path::new("/proc/driver/nvidia").exists();
    if driver_present {
        assert_eq!(out.data["present"], json!(true), "{}", out.output);
    } else {
        assert!(out.ok);
        assert_eq!(out.data["present"], json!(false));
        assert_eq!(
            out.output,
            "no NVIDIA GPU: the NVIDIA driver (libnvidia-ml.so.1) is not installed on this host"
        );
    }
}

#[test]
fn gpu_readings_are_decoded_and_summarised() {
    let snapshot: GpuSnapshot =
        serde_json::from_str(include_str!("fixtures/gpu_readings.json")).unwrap();
    let [idle, hot, lost] = snapshot.gpus.as_slice() else {
        panic!("three GPUs")
    };
    assert_eq!(idle.throttle_reasons(), vec!["gpu_idle"]);
    assert_eq!(idle.troubling_throttle_reasons(), Vec::<String>::new());
    assert_eq!(idle.memory_used_percent(), Some(0.7));
    // 4196 = 0x1064: sw power cap, thermal slowdowns, and a bit NVML may add later.
    assert_eq!(
        hot.throttle_reasons(),
        vec![
            "sw_power_cap",
            "sw_thermal_slowdown",
            "hw_thermal_slowdown",
            "unknown_0x1000"
        ]
    );
    assert_eq!(
        hot.troubling_throttle_reasons(),
        vec!["sw_thermal_slowdown", "hw_thermal_slowdown"]
    );
    assert_eq!(hot.memory_used_percent(), Some(94.2));
    assert_eq!(lost.memory_used_percent(), None);
    assert_eq!(
        snapshot.summary(),
        "NVIDIA driver 550.90.07\n\
         GPU 0 NVIDIA H100 80GB HBM3: 34 C, 0% busy, memory 0.5 of 79.6 GiB (0.7%), power 70 / 700 W\n\
         GPU 1 NVIDIA H100 80GB HBM3: 91 C, 100% busy, memory 75.0 of 79.6 GiB (94.2%), power 698 / 700 W, 2 UNCORRECTED ECC errors, throttled: sw_thermal_slowdown, hw_thermal_slowdown, 1 processes\n\
         GPU 2: unreadable (GpuLost)\n"
    );
    assert_eq!(
        warden_tool_system::gpu::reading::absence_reason(
            "LibloadingError(DlOpen { desc: \"libnvidia-ml.so.1: cannot open shared object file\" })"
        ),
        "no NVIDIA GPU: the NVIDIA driver (libnvidia-ml.so.1) is not installed on this host"
    );
}

fn ctx() -> warden_tool_api::ToolContext {
    warden_tool_api::ToolContext::user("tester", [warden_protocol::Scope::Admin])
}
