//! A call queued for an agent that is offline, the hub restarted meanwhile, the agent back: the
//! call runs once, its result is stored by the restarted hub and read through
//! `GET /api/v1/hosts/{name}/calls/{id}`, exactly once.

use std::time::Duration;

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_fleet::testing::{NatsServer, ServerAuth, nkey_user};
use warden_fleet::{AgentName, CallId};

use super::{count, eventually, hub};

#[tokio::test]
async fn a_result_outlives_a_restart_of_the_hub() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    std::fs::create_dir(&keys).unwrap();
    let (hub_key, hub_seed) = nkey_user(&keys, "hub").unwrap();
    let (gamma_key, gamma_seed) = nkey_user(&keys, "gamma").unwrap();
    let nats = NatsServer::start_with(&ServerAuth {
        hub_nkey: Some(hub_key),
        agents: vec![(AgentName::parse("gamma").unwrap(), gamma_key)],
        tls: None,
    })
    .expect("nats-server (apt-get install nats-server)");
    let mut fleet = hub(dir, nats, hub_seed).await;

    // Gamma registers, then goes away.
    let mut gamma = fleet.agent("gamma", &gamma_seed, None);
    eventually("gamma online", Duration::from_secs(60), || async {
        let body = fleet.get("/api/v1/hosts").await;
        (body["hosts"][0]["state"] == "online").then_some(())
    })
    .await;
    gamma.kill();
    eventually("gamma offline", Duration::from_secs(30), || async {
        let body = fleet.get("/api/v1/hosts").await;
        (body["hosts"][0]["state"] == "offline").then_some(())
    })
    .await;

    // A call for gamma waits in its queue; the hub lists it before anything ran.
    let waiting = {
        let http = fleet.http.clone();
        let url = format!("{}/api/v1/tools/system_info/invoke", fleet.base);
        let token = fleet.token.clone();
        tokio::spawn(async move {
            let response = http
                .post(url)
                .bearer_auth(token)
                .json(&json!({"args": {"host": "gamma"}}))
                .send()
                .await?;
            let status = response.status().as_u16();
            Ok::<_, reqwest::Error>((status, response.json::<Value>().await?))
        })
    };
    let queued = eventually("the call is listed", Duration::from_secs(30), || async {
        let body = fleet.get("/api/v1/hosts/gamma/calls").await;
        let calls = body["calls"].as_array()?.clone();
        (calls.len() == 1).then(|| calls[0].clone())
    })
    .await;
    let id = queued["id"].as_str().unwrap().to_owned();
    CallId::parse(&id).expect("a fleet call id");
    assert_eq!(
        queued,
        json!({
            "id": id, "host": "gamma", "tool": "system_info", "requested_by": "user:admin",
            "sent_at": queued["sent_at"], "expires_at": queued["sent_at"].as_i64().unwrap() + 3600,
            "state": "queued", "result": null
        })
    );

    // The hub stops (SIGTERM) while the call waits: it stops at once, without waiting on the
    // agent; the caller is told the call stays queued, and the call is not lost.
    fleet.restart_hub().await;
    let told = tokio::time::timeout(Duration::from_secs(30), waiting)
        .await
        .expect("the first hub answered before it ended")
        .unwrap();
    let (status, body) = told.expect("an answer");
    assert_eq!(
        (status, body["ok"].clone(), body["error_code"].clone()),
        (200, json!(false), json!("unavailable")),
        "{body}"
    );
    let expected = format!(
        "the hub is stopping: call {id} stays queued on gamma, and its result is stored when the hub starts again"
    );
    assert!(
        body["output"].as_str().unwrap().ends_with(&expected),
        "{body}"
    );
    let path = format!("/api/v1/hosts/gamma/calls/{id}");
    let (status, again) = fleet.get_status(&path).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again, queued);

    // Gamma comes back and runs the call once; the restarted hub's own pass over pending calls
    // stores the result in its database, before anyone reads it through the API.
    let gamma_again = fleet.agent("gamma", &gamma_seed, None);
    let url = format!("sqlite://{}", fleet.hub_data().join("warden.db").display());
    let store = warden_store::Store::open(&url).await.unwrap();
    let stored = eventually(
        "the hub stores the result",
        Duration::from_secs(60),
        || async {
            let row = store.fleet_call("gamma", &id).await.unwrap()?;
            row.result_json
        },
    )
    .await;
    let stored: Value = serde_json::from_str(&stored).unwrap();
    let done = fleet.get(&path).await;
    assert_eq!(done["state"], json!("done"), "{done}");
    let result = &done["result"];
    assert_eq!(&stored, result);
    assert_eq!(
        (result["ok"].clone(), result["error_code"].clone()),
        (json!(true), Value::Null),
        "{done}"
    );
    let local = warden_fleet::facts::read_facts();
    assert_eq!(result["data"]["hostname"], json!(local.hostname));
    assert!(result["finished_at"].as_i64().unwrap() >= queued["sent_at"].as_i64().unwrap());

    // Exactly once: one run on the agent, one call listed, the same stored result on every read.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        count(&gamma_again.log(), "tool=system_info requested_by"),
        1,
        "{}",
        gamma_again.log()
    );
    let listed = fleet.get("/api/v1/hosts/gamma/calls").await;
    assert_eq!(listed, json!({"calls": [done.clone()]}));
    assert_eq!(fleet.get(&path).await, done);

    let row = store.fleet_call("gamma", &id).await.unwrap().unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(row.result_json.as_deref().unwrap()).unwrap(),
        stored
    );

    // Bad input is named, an unknown call is not found.
    let (status, body) = fleet
        .get_status("/api/v1/hosts/gamma/calls/no-such-call")
        .await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (404, json!("not_found")),
        "{body}"
    );
    let (status, body) = fleet.get_status("/api/v1/hosts/Not*A*Host/calls").await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = fleet.get_status("/api/v1/hosts/gamma/calls?limit=0").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("limit must be between 1 and 200"),
        "{body}"
    );
}
