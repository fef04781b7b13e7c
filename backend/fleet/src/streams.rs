//! The JetStream streams the fleet keeps. The hub creates them, and brings the limits of
//! existing ones up to these (an agent's credentials cannot); on a bare server without
//! credentials an agent creates them too, so a test or a one-box setup works without a hub
//! having run first.
//!
//! Every stream is bounded in messages, bytes, messages per subject and message size, so no
//! client (an agent's credentials in the wrong hands included) can fill the server's store
//! through them. Account-level JetStream limits on the server are the outer bound
//! (docs/fleet.md). The server reserves the streams' byte limits (576 MiB together) out of its
//! JetStream file store, so `max_file_store` must be at least that.

use std::time::Duration;

use async_nats::jetstream::{self, stream};

use crate::FleetError;
use crate::messages::MAX_MESSAGE_BYTES;
use crate::subjects::{CALLS_STREAM, HOST_SUBJECTS, HOSTS_STREAM, PREFIX, RESULTS_STREAM};

/// How long a queued call and a result are kept; a call also carries its own, shorter expiry.
pub const CALLS_MAX_AGE: Duration = Duration::from_secs(24 * 3600);
/// The window in which a call published twice with the same id is stored once.
pub const DUPLICATE_WINDOW: Duration = Duration::from_secs(10 * 60);
/// The most calls waiting for one agent; beyond it the hub's publish is refused (not the oldest
/// call silently dropped).
pub const MAX_QUEUED_PER_AGENT: i64 = 10_000;
/// How long the last registration, heartbeat and readings of an agent are kept.
const HOSTS_MAX_AGE: Duration = Duration::from_secs(30 * 24 * 3600);
/// The most calls queued for all agents together, and the bytes they may take.
pub const CALLS_MAX_MSGS: i64 = 200_000;
pub const CALLS_MAX_BYTES: i64 = 256 * 1024 * 1024;
/// The most results kept (each call's one), and the bytes they may take. Beyond them the oldest
/// go first: the hub stores a result in its own database within seconds of its arrival.
pub const RESULTS_MAX_MSGS: i64 = 200_000;
pub const RESULTS_MAX_BYTES: i64 = 256 * 1024 * 1024;
/// Three subjects per agent (registration, heartbeat, readings), one message each, for
/// [`crate::hub::MAX_HOSTS`] agents.
pub const HOSTS_MAX_MSGS: i64 = 3 * 10_000;
pub const HOSTS_MAX_BYTES: i64 = 64 * 1024 * 1024;
/// The largest registration, heartbeat or readings message the hosts stream stores (a
/// registration with hundreds of disks is a few tens of KiB).
pub const HOSTS_MAX_MESSAGE_BYTES: i32 = 64 * 1024;

fn max_message_size() -> i32 {
    i32::try_from(MAX_MESSAGE_BYTES).unwrap_or(i32::MAX)
}

/// The calls stream: a work queue, one subject per agent.
pub fn calls_config() -> stream::Config {
    stream::Config {
        name: CALLS_STREAM.to_owned(),
        subjects: vec![format!("{PREFIX}.calls.*")],
        retention: stream::RetentionPolicy::WorkQueue,
        storage: stream::StorageType::File,
        max_age: CALLS_MAX_AGE,
        duplicate_window: DUPLICATE_WINDOW,
        max_messages_per_subject: MAX_QUEUED_PER_AGENT,
        max_messages: CALLS_MAX_MSGS,
        max_bytes: CALLS_MAX_BYTES,
        // Only the hub publishes here (agents may not): a full queue refuses the hub's next call
        // with an error it reports, and never drops a queued one.
        discard: stream::DiscardPolicy::New,
        // Without it a full per-agent queue would drop its oldest call instead.
        discard_new_per_subject: true,
        max_message_size: max_message_size(),
        ..Default::default()
    }
}

/// The results stream: one subject per call, kept after the hub read it so a restarted hub
/// still finds it.
pub fn results_config() -> stream::Config {
    stream::Config {
        name: RESULTS_STREAM.to_owned(),
        subjects: vec![format!("{PREFIX}.results.*.*")],
        retention: stream::RetentionPolicy::Limits,
        storage: stream::StorageType::File,
        max_age: CALLS_MAX_AGE,
        duplicate_window: DUPLICATE_WINDOW,
        max_messages_per_subject: 1,
        max_messages: RESULTS_MAX_MSGS,
        max_bytes: RESULTS_MAX_BYTES,
        // Agents publish here: when full, the oldest result goes rather than every agent's next
        // one being refused (nothing here ever blocks the hub's calls, which live elsewhere).
        discard: stream::DiscardPolicy::Old,
        max_message_size: max_message_size(),
        ..Default::default()
    }
}

/// The hosts stream: the last registration, heartbeat and readings of each agent.
pub fn hosts_config() -> stream::Config {
    stream::Config {
        name: HOSTS_STREAM.to_owned(),
        subjects: vec![HOST_SUBJECTS.to_owned()],
        retention: stream::RetentionPolicy::Limits,
        storage: stream::StorageType::File,
        max_age: HOSTS_MAX_AGE,
        max_messages_per_subject: 1,
        max_messages: HOSTS_MAX_MSGS,
        max_bytes: HOSTS_MAX_BYTES,
        discard: stream::DiscardPolicy::Old,
        max_message_size: HOSTS_MAX_MESSAGE_BYTES,
        ..Default::default()
    }
}

/// Creates the three streams when missing, and sets an existing one's limits to these (a store
/// made by an earlier version without limits gets them).
pub async fn ensure_streams(js: &jetstream::Context) -> Result<(), FleetError> {
    for config in [calls_config(), results_config(), hosts_config()] {
        let name = config.name.clone();
        js.create_or_update_stream(config)
            .await
            .map_err(|e| FleetError::Nats(format!("stream {name}: {e}")))?;
    }
    Ok(())
}
