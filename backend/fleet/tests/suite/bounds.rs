//! The hub refuses impossible facts and readings sent on an agent's own subjects: they are
//! logged and never stored, while the agent's true messages still are.

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_fleet::AgentName;
use warden_fleet::ledger::now;
use warden_fleet::testing::NatsServer;

use super::support::{WAIT, eventually, hub};

fn registration(name: &str, cores: Value, memory: Value) -> Value {
    json!({
        "v": 1, "name": name, "agent_version": "0.1.0", "started_at": now(),
        "facts": {
            "os": "Debian", "kernel": "6.1", "hostname": name, "cores": cores,
            "memory_bytes": memory, "disks": [], "gpus": [], "docker": false
        }
    })
}

fn readings(name: &str, taken_at: i64, load: f64, used: f64) -> Value {
    json!({
        "v": 1, "name": name, "taken_at": taken_at, "load_per_core": load,
        "memory_used_percent": 10.0,
        "disks": [{"mount_point": "/", "used_percent": used, "available_bytes": 1024}]
    })
}

#[tokio::test]
async fn impossible_facts_and_readings_are_not_stored() {
    let server = NatsServer::start().expect("nats-server");
    let hub = hub(&server).await;
    let client = async_nats::connect(server.url()).await.unwrap();
    let name = AgentName::parse("liar").unwrap();
    let send = |subject: String, body: Value| {
        let client = client.clone();
        async move {
            client
                .publish(subject, body.to_string().into())
                .await
                .unwrap();
            client.flush().await.unwrap();
        }
    };
    // Impossible values, each refused.
    for bad in [
        registration("liar", json!(4_294_967_295u32), json!(1 << 30)),
        registration("liar", json!(8), json!(u64::MAX)),
    ] {
        send(name.register_subject(), bad).await;
    }
    for bad in [
        readings("liar", now(), 0.5, 150.0),
        readings("liar", now(), -1e308, 50.0),
        readings("liar", now() + 365 * 86_400, 0.5, 50.0),
    ] {
        send(name.readings_subject(), bad).await;
    }
    // Then a true heartbeat: once the host is listed, everything before it was judged.
    send(
        name.heartbeat_subject(),
        json!({"v": 1, "name": "liar", "sent_at": now(), "seq": 1}),
    )
    .await;
    eventually("the heartbeat is applied", WAIT, || async {
        hub.host(&name).is_some()
    })
    .await;
    let host = hub.host(&name).unwrap();
    assert_eq!((host.facts, host.readings), (None, None));

    // True values are stored as sent.
    let taken_at = now();
    send(
        name.readings_subject(),
        readings("liar", taken_at, 0.25, 42.5),
    )
    .await;
    send(
        name.register_subject(),
        registration("liar", json!(8), json!(1u64 << 34)),
    )
    .await;
    eventually("true readings and facts stored", WAIT, || async {
        hub.host(&name)
            .is_some_and(|h| h.readings.is_some() && h.facts.is_some())
    })
    .await;
    let host = hub.host(&name).unwrap();
    let stored = host.readings.unwrap();
    assert_eq!(
        (
            stored.taken_at,
            stored.load_per_core,
            stored.disks[0].used_percent
        ),
        (taken_at, Some(0.25), 42.5)
    );
    let facts = host.facts.unwrap();
    assert_eq!((facts.cores, facts.memory_bytes), (8, 1u64 << 34));
}
