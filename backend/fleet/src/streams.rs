//! The JetStream streams the fleet keeps. The hub creates them (an agent's credentials cannot);
//! on a bare server without credentials an agent creates them too, so a test or a one-box setup
//! works without a hub having run first.

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
        max_message_size: max_message_size(),
        ..Default::default()
    }
}

/// Creates the three streams when missing (an existing stream is left as it is).
pub async fn ensure_streams(js: &jetstream::Context) -> Result<(), FleetError> {
    for config in [calls_config(), results_config(), hosts_config()] {
        let name = config.name.clone();
        js.get_or_create_stream(config)
            .await
            .map_err(|e| FleetError::Nats(format!("stream {name}: {e}")))?;
    }
    Ok(())
}
