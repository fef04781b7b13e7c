//! Setting a host up: `warden agent keys` makes an NKEY user whose printed server entry carries
//! exactly the agent's permissions and whose seed file connects; an agent told of a
//! configuration file that is missing refuses to start instead of running on the shipped policy.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use pretty_assertions::assert_eq;
use warden_fleet::AgentName;
use warden_fleet::testing::{NatsServer, ServerAuth};

use super::BIN;

fn warden(dir: &std::path::Path, args: &[&str], vars: &[(&str, &str)]) -> std::process::Output {
    Command::new(BIN)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(vars.iter().copied())
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run warden")
}

fn seed_and_public(path: &std::path::Path) -> (String, String) {
    let text = std::fs::read_to_string(path).unwrap();
    let seed = text.trim().to_owned();
    let public = nkeys::KeyPair::from_seed(&seed).unwrap().public_key();
    (seed, public)
}

#[tokio::test]
async fn agent_keys_prints_the_users_entry_and_its_seed_connects() {
    let dir = tempfile::tempdir().unwrap();
    let out = warden(
        dir.path(),
        &["agent", "keys", "gpu-box", "--seed-file", "gpu-box.nk"],
        &[],
    );
    assert!(out.status.success(), "{out:?}");
    let seed_file = dir.path().join("gpu-box.nk");
    let mode = std::fs::metadata(&seed_file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let (seed, public) = seed_and_public(&seed_file);
    assert!(seed.starts_with("SU") && public.starts_with('U'));
    let name = AgentName::parse("gpu-box").unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        format!(
            "# agent gpu-box: seed written to gpu-box.nk (keep it secret); add this user to the NATS server's authorization {{ users = [...] }}:\n\
             {{ nkey: \"{public}\", permissions: {} }}\n",
            name.permissions().to_server_config()
        )
    );

    // An existing seed is never overwritten; a bad name is named.
    let again = warden(
        dir.path(),
        &["agent", "keys", "gpu-box", "--seed-file", "gpu-box.nk"],
        &[],
    );
    assert_eq!(again.status.code(), Some(1), "{again:?}");
    assert!(String::from_utf8_lossy(&again.stderr).contains("gpu-box.nk: File exists"));
    assert_eq!(seed_and_public(&seed_file).0, seed);
    let bad = warden(
        dir.path(),
        &["agent", "keys", "GPU.box", "--seed-file", "x.nk"],
        &[],
    );
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("only a-z, 0-9, '-' and '_' are allowed")
    );

    // The hub's user has no permission block.
    let hub = warden(
        dir.path(),
        &["agent", "keys", "--hub", "--seed-file", "hub.nk"],
        &[],
    );
    assert!(hub.status.success(), "{hub:?}");
    let (_, hub_public) = seed_and_public(&dir.path().join("hub.nk"));
    assert!(
        String::from_utf8(hub.stdout)
            .unwrap()
            .ends_with(&format!("\n{{ nkey: \"{hub_public}\" }}\n"))
    );

    // Both seeds connect to a server that knows their public keys, the agent's within its own
    // subjects.
    let nats = NatsServer::start_with(&ServerAuth {
        hub_nkey: Some(hub_public),
        agents: vec![(name.clone(), public)],
        tls: None,
    })
    .expect("nats-server");
    let connect = |seed: &str, inbox: Option<String>| warden_fleet::ConnectSettings {
        url: nats.url(),
        creds_file: Some(dir.path().join(seed)),
        ca_file: None,
        client_name: "setup-test".to_owned(),
        inbox_prefix: inbox,
    };
    let agent = warden_fleet::connect::connect(&connect("gpu-box.nk", Some(name.inbox_prefix())))
        .await
        .expect("the agent's seed connects");
    agent
        .publish(name.heartbeat_subject(), "{}".into())
        .await
        .unwrap();
    agent.flush().await.unwrap();
    warden_fleet::connect::connect(&connect("hub.nk", None))
        .await
        .expect("the hub's seed connects");
}

#[tokio::test]
async fn an_agent_told_of_a_missing_configuration_file_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("etc/warden-agent/warden.toml");
    let missing = missing.display().to_string();
    for (args, vars) in [
        (vec!["agent"], vec![("WARDEN_CONFIG", missing.as_str())]),
        (vec!["--config", missing.as_str(), "agent"], vec![]),
    ] {
        let mut vars = vars;
        vars.push(("WARDEN_NATS_URL", "nats://127.0.0.1:1"));
        vars.push(("WARDEN_AGENT_NAME", "gpu-box"));
        let out = warden(dir.path(), &args, &vars);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!(
                "invalid configuration: {missing}: cannot read configuration file: No such file or directory"
            )),
            "{stderr}"
        );
    }
}
