//! Per-agent NKEY credentials allow only the agent's own subjects: an agent works with its own,
//! and is refused another agent's calls, consumer and announcements.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::jetstream;
use pretty_assertions::assert_eq;
use serde_json::json;
use warden_fleet::testing::{NatsServer, ServerAuth, nkey_user};
use warden_fleet::{AgentName, Hub, HubSettings};

use super::support::{Recorder, WAIT, agent_settings, eventually, start_agent};

#[tokio::test]
async fn an_agent_can_use_only_its_own_subjects() {
    let keys = tempfile::tempdir().unwrap();
    let (hub_key, hub_seed) = nkey_user(keys.path(), "hub").unwrap();
    let (alpha_key, alpha_seed) = nkey_user(keys.path(), "alpha").unwrap();
    let (beta_key, beta_seed) = nkey_user(keys.path(), "beta").unwrap();
    let alpha_name = AgentName::parse("alpha").unwrap();
    let beta_name = AgentName::parse("beta").unwrap();
    let server = NatsServer::start_with(&ServerAuth {
        hub_nkey: Some(hub_key),
        agents: vec![
            (alpha_name.clone(), alpha_key),
            (beta_name.clone(), beta_key),
        ],
        tls: None,
    })
    .expect("nats-server");

    // Without credentials nobody gets in.
    assert!(async_nats::connect(server.url()).await.is_err());

    let mut hub_settings = HubSettings::new(server.url());
    hub_settings.connect.creds_file = Some(hub_seed);
    let hub = Hub::connect(hub_settings)
        .await
        .expect("the hub connects with its key");

    let mut alpha_settings = agent_settings(&server, "alpha");
    alpha_settings.connect.creds_file = Some(alpha_seed.clone());
    let alpha = start_agent(alpha_settings, Arc::new(Recorder::default()));
    let mut beta_settings = agent_settings(&server, "beta");
    beta_settings.connect.creds_file = Some(beta_seed);
    let beta = start_agent(beta_settings, Arc::new(Recorder::default()));

    // Both work with their own credentials.
    for name in [&alpha_name, &beta_name] {
        let result = hub
            .call(
                name,
                "echo",
                json!({}),
                "user:tester",
                Duration::from_secs(60),
                WAIT,
            )
            .await
            .expect("the agent answers with its own credentials");
        assert_eq!(&result.host, name);
    }
    eventually("both listed with facts", WAIT, || async {
        hub.hosts().iter().filter(|h| h.facts.is_some()).count() == 2
    })
    .await;

    // Alpha's key, used to reach beta's subjects, is refused by the server.
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = errors.clone();
    let seed = std::fs::read_to_string(&alpha_seed)
        .unwrap()
        .trim()
        .to_owned();
    let intruder = async_nats::ConnectOptions::with_nkey(seed)
        .custom_inbox_prefix(alpha_name.inbox_prefix())
        .request_timeout(Some(Duration::from_secs(2)))
        .event_callback(move |event| {
            let seen = seen.clone();
            async move { seen.lock().unwrap().push(event.to_string()) }
        })
        .connect(server.url())
        .await
        .expect("alpha's key connects");
    let _calls = intruder.subscribe(beta_name.calls_subject()).await.unwrap();
    let _results = intruder.subscribe("warden.fleet.results.>").await.unwrap();
    intruder
        .publish(beta_name.heartbeat_subject(), "{}".into())
        .await
        .unwrap();
    intruder.flush().await.unwrap();
    eventually(
        "the server refuses alpha's key on beta's subjects",
        WAIT,
        || async {
            let errors = errors.lock().unwrap();
            let violation = |what: &str| {
                errors
                    .iter()
                    .any(|e| e.contains("Permissions Violation") && e.contains(what))
            };
            violation(&format!(
                "Subscription to \"{}\"",
                beta_name.calls_subject()
            )) && violation("Subscription to \"warden.fleet.results.>\"")
                && violation(&format!("Publish to \"{}\"", beta_name.heartbeat_subject()))
        },
    )
    .await;
    // Pulling from beta's consumer is refused too (the request goes unanswered).
    let js = jetstream::new(intruder.clone());
    let stream = js
        .get_stream("WARDEN_CALLS")
        .await
        .expect("stream info is allowed");
    let taken = stream
        .get_consumer::<jetstream::consumer::pull::Config>(&beta_name.consumer_name())
        .await;
    assert!(taken.is_err(), "alpha read beta's consumer");
    // And a consumer over every agent's calls cannot be made.
    let wide = stream
        .create_consumer(jetstream::consumer::pull::Config {
            durable_name: Some(alpha_name.consumer_name()),
            filter_subject: "warden.fleet.calls.>".to_owned(),
            ..Default::default()
        })
        .await;
    assert!(wide.is_err(), "alpha made a consumer over all calls");
    // Nor can its own consumer be pointed at beta's calls through the subject it may use: the
    // server checks the body's filter against the subject's.
    let retarget = json!({
        "stream_name": "WARDEN_CALLS",
        "config": {
            "durable_name": alpha_name.consumer_name(),
            "filter_subject": beta_name.calls_subject(),
            "ack_policy": "explicit",
            "deliver_policy": "all",
        }
    });
    let answer = intruder
        .request(
            format!(
                "$JS.API.CONSUMER.CREATE.WARDEN_CALLS.{}.{}",
                alpha_name.consumer_name(),
                alpha_name.calls_subject()
            ),
            retarget.to_string().into(),
        )
        .await
        .expect("the server answers");
    let answer: serde_json::Value = serde_json::from_slice(&answer.payload).unwrap();
    assert!(
        answer["error"].is_object(),
        "alpha retargeted its consumer: {answer}"
    );
    let hub_js = jetstream::new(
        async_nats::ConnectOptions::with_nkey(
            std::fs::read_to_string(keys.path().join("hub.nk"))
                .unwrap()
                .trim()
                .to_owned(),
        )
        .connect(server.url())
        .await
        .unwrap(),
    );
    let mut consumer = hub_js
        .get_stream("WARDEN_CALLS")
        .await
        .unwrap()
        .get_consumer::<jetstream::consumer::pull::Config>(&alpha_name.consumer_name())
        .await
        .unwrap();
    assert_eq!(
        consumer.info().await.unwrap().config.filter_subject,
        alpha_name.calls_subject()
    );

    alpha.stop().await;
    beta.stop().await;
}

#[tokio::test]
async fn agents_and_hub_speak_tls_when_the_server_requires_it() {
    let certs = tempfile::tempdir().unwrap();
    let tls = warden_fleet::testing::tls_files(certs.path()).expect("openssl");
    let server = NatsServer::start_with(&ServerAuth {
        tls: Some(tls.clone()),
        ..ServerAuth::default()
    })
    .expect("nats-server");
    assert!(server.url().starts_with("tls://"));

    // Without the authority, the server's certificate is not trusted.
    let mut untrusted = HubSettings::new(server.url());
    untrusted.connect.ca_file = None;
    let err = Hub::connect(untrusted).await.err().expect("refused");
    assert!(err.to_string().contains("certificate"), "{err}");

    let mut settings = HubSettings::new(server.url());
    settings.connect.ca_file = Some(tls.ca.clone());
    let hub = Hub::connect(settings)
        .await
        .expect("the hub connects over TLS");
    let mut agent = agent_settings(&server, "alpha");
    agent.connect.ca_file = Some(tls.ca.clone());
    let alpha = start_agent(agent, Arc::new(Recorder::default()));
    let alpha_name = AgentName::parse("alpha").unwrap();
    let result = hub
        .call(
            &alpha_name,
            "echo",
            json!({}),
            "user:tester",
            Duration::from_secs(60),
            WAIT,
        )
        .await
        .expect("a call over TLS");
    assert!(result.ok);
    assert_eq!(alpha.recorder.ran(), vec![result.call_id.to_string()]);
    alpha.stop().await;
}

#[tokio::test]
async fn an_agents_key_cannot_invent_subjects_and_the_streams_are_bounded() {
    let keys = tempfile::tempdir().unwrap();
    let (hub_key, hub_seed) = nkey_user(keys.path(), "hub").unwrap();
    let (box_key, box_seed) = nkey_user(keys.path(), "gpu-box").unwrap();
    let name = AgentName::parse("gpu-box").unwrap();
    let server = NatsServer::start_with(&ServerAuth {
        hub_nkey: Some(hub_key),
        agents: vec![(name.clone(), box_key)],
        tls: None,
    })
    .expect("nats-server");
    let mut hub_settings = HubSettings::new(server.url());
    hub_settings.connect.creds_file = Some(hub_seed.clone());
    let _hub = Hub::connect(hub_settings).await.expect("the hub connects");

    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = errors.clone();
    let seed = std::fs::read_to_string(&box_seed)
        .unwrap()
        .trim()
        .to_owned();
    let agent = async_nats::ConnectOptions::with_nkey(seed)
        .custom_inbox_prefix(name.inbox_prefix())
        .event_callback(move |event| {
            let seen = seen.clone();
            async move { seen.lock().unwrap().push(event.to_string()) }
        })
        .connect(server.url())
        .await
        .expect("the agent's key connects");
    let junk = bytes::Bytes::from(vec![b'x'; 500 * 1024]);
    let invented = [
        "warden.fleet.host.gpu-box.junk0".to_owned(),
        "warden.fleet.host.gpu-box.junk1".to_owned(),
        "warden.fleet.results.gpu-box.junk0.deeper".to_owned(),
        "warden.fleet.results.gpu-box".to_owned(),
    ];
    for subject in &invented {
        agent.publish(subject.clone(), junk.clone()).await.unwrap();
    }
    agent.flush().await.unwrap();
    eventually(
        "the server refuses every invented subject",
        WAIT,
        || async {
            let errors = errors.lock().unwrap();
            invented.iter().all(|subject| {
                errors.iter().any(|e| {
                    e.contains("Permissions Violation")
                        && e.contains(&format!("Publish to \"{subject}\""))
                })
            })
        },
    )
    .await;

    let hub_js = jetstream::new(
        async_nats::ConnectOptions::with_nkey(
            std::fs::read_to_string(&hub_seed)
                .unwrap()
                .trim()
                .to_owned(),
        )
        .connect(server.url())
        .await
        .unwrap(),
    );
    // Nothing of it was stored.
    let mut hosts = hub_js.get_stream("WARDEN_HOSTS").await.unwrap();
    assert_eq!(hosts.info().await.unwrap().state.messages, 0);

    // Every stream is bounded in count, bytes, per subject and per message.
    use warden_fleet::streams::*;
    for (stream, msgs, bytes, per_subject, size, discard) in [
        (
            "WARDEN_HOSTS",
            HOSTS_MAX_MSGS,
            HOSTS_MAX_BYTES,
            1,
            HOSTS_MAX_MESSAGE_BYTES,
            jetstream::stream::DiscardPolicy::Old,
        ),
        (
            "WARDEN_RESULTS",
            RESULTS_MAX_MSGS,
            RESULTS_MAX_BYTES,
            1,
            512 * 1024,
            jetstream::stream::DiscardPolicy::Old,
        ),
        (
            "WARDEN_CALLS",
            CALLS_MAX_MSGS,
            CALLS_MAX_BYTES,
            MAX_QUEUED_PER_AGENT,
            512 * 1024,
            jetstream::stream::DiscardPolicy::New,
        ),
    ] {
        let config = hub_js
            .get_stream(stream)
            .await
            .unwrap()
            .info()
            .await
            .unwrap()
            .config
            .clone();
        assert_eq!(
            (
                config.max_messages,
                config.max_bytes,
                config.max_messages_per_subject,
                config.max_message_size,
                config.discard,
            ),
            (msgs, bytes, per_subject, size, discard),
            "{stream}"
        );
    }

    // A stream made without limits (by an earlier version) gets them when the hub connects.
    let mut unbounded = results_config();
    unbounded.max_messages = -1;
    unbounded.max_bytes = -1;
    hub_js.update_stream(unbounded).await.unwrap();
    let mut hub_settings = HubSettings::new(server.url());
    hub_settings.connect.creds_file = Some(hub_seed.clone());
    let _again = Hub::connect(hub_settings).await.expect("the hub connects");
    let config = hub_js
        .get_stream("WARDEN_RESULTS")
        .await
        .unwrap()
        .info()
        .await
        .unwrap()
        .config
        .clone();
    assert_eq!(
        (config.max_messages, config.max_bytes),
        (RESULTS_MAX_MSGS, RESULTS_MAX_BYTES)
    );
}

#[tokio::test]
async fn an_agent_started_with_another_agents_key_stops_and_says_why() {
    let keys = tempfile::tempdir().unwrap();
    let (hub_key, hub_seed) = nkey_user(keys.path(), "hub").unwrap();
    let (alpha_key, alpha_seed) = nkey_user(keys.path(), "alpha").unwrap();
    let (beta_key, _beta_seed) = nkey_user(keys.path(), "beta").unwrap();
    let server = NatsServer::start_with(&ServerAuth {
        hub_nkey: Some(hub_key),
        agents: vec![
            (AgentName::parse("alpha").unwrap(), alpha_key),
            (AgentName::parse("beta").unwrap(), beta_key),
        ],
        tls: None,
    })
    .expect("nats-server");
    let mut hub_settings = HubSettings::new(server.url());
    hub_settings.connect.creds_file = Some(hub_seed);
    let _hub = Hub::connect(hub_settings).await.expect("the hub connects");

    // Beta's name with alpha's key: refused at its first publish, and the agent ends.
    let mut settings = agent_settings(&server, "beta");
    settings.connect.creds_file = Some(alpha_seed);
    let beta = start_agent(settings, Arc::new(Recorder::default()));
    let err = beta
        .ended_within(WAIT)
        .await
        .expect_err("the agent stops with an error");
    let text = err.to_string();
    assert!(
        text.starts_with(
            "fleet configuration: these NATS credentials do not allow agent name beta: the server said"
        ) && text.contains("Permissions Violation"),
        "{text}"
    );
}
