//! The notifier from configuration: the `[[notify.channel]]`s, plus the first two webhook
//! settings folded in as plain JSON channels (`guard.approval_webhook` hears approval events,
//! `monitor.webhook` incident events), so deployments that set them keep working.

use std::time::Duration;

use warden_metrics::Metrics;
use warden_notify::{ChannelConfig, EventKind, Notifier, NotifySettings, legacy_channel};

use crate::config::Config;

/// Every channel in effect.
pub fn channels(config: &Config) -> Vec<ChannelConfig> {
    let mut channels = config.notify.channels.clone();
    if let Some(url) = &config.guard.approval_webhook {
        channels.push(legacy_channel(
            "guard.approval_webhook",
            url,
            &[EventKind::ApprovalRequired, EventKind::ApprovalDecided],
        ));
    }
    if let Some(url) = &config.monitor.webhook {
        channels.push(legacy_channel(
            "monitor.webhook",
            url,
            &[
                EventKind::IncidentOpened,
                EventKind::IncidentEscalated,
                EventKind::IncidentResolved,
            ],
        ));
    }
    channels
}

/// Starts the channels' workers (on the current runtime).
pub fn build(config: &Config, metrics: Option<Metrics>) -> Notifier {
    let settings = NotifySettings {
        queue_size: config.notify.queue_size,
        retries: config.notify.retries,
        backoff: Duration::from_secs(2),
        base_url: config.notify.base_url.clone(),
    };
    Notifier::start(channels(config), &settings, metrics)
}
