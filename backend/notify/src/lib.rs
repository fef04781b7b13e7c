//! Notifications: the guard and the monitor hand each event to the [`Notifier`], which puts it on
//! the bounded queue of every channel that wants it and returns at once. One worker per channel
//! sends, retrying with backoff; a full queue drops the notification (counted and logged) rather
//! than ever holding up a tool call or a sweep.

mod channel;
mod deliver;
mod event;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use warden_metrics::Metrics;

pub use channel::{ChannelConfig, ChannelKind, EmailConfig, SmtpTls};
pub use deliver::{DeliveryError, SEND_TIMEOUT, SIGNATURE_HEADER, deliver, signature};
pub use event::{ApprovalDetail, Detail, EventKind, IncidentDetail, Notification, Severity};

/// Whether `address` is an email address (`ops@example.com` or `Ops <ops@example.com>`).
pub fn is_mailbox(address: &str) -> bool {
    address.parse::<lettre::message::Mailbox>().is_ok()
}

/// A plain JSON channel, unsigned, for `events` (the first webhook settings,
/// `guard.approval_webhook` and `monitor.webhook`, become these).
pub fn legacy_channel(name: &str, url: &str, events: &[EventKind]) -> ChannelConfig {
    ChannelConfig {
        name: name.to_owned(),
        kind: ChannelKind::Json {
            url: url.to_owned(),
            secret: None,
        },
        events: events.iter().copied().collect(),
        min_severity: Severity::Info,
    }
}

/// How the queue behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifySettings {
    /// Notifications waiting per channel before new ones are dropped (default 256).
    pub queue_size: usize,
    /// Attempts after the first failed one (default 3).
    pub retries: u32,
    /// The first pause between attempts, doubled each time up to a minute (default 2 s).
    pub backoff: Duration,
    /// The web app's address, for links (`https://warden.example.com`).
    pub base_url: Option<String>,
}

impl Default for NotifySettings {
    fn default() -> Self {
        Self {
            queue_size: 256,
            retries: 3,
            backoff: Duration::from_secs(2),
            base_url: None,
        }
    }
}

struct Queue {
    config: ChannelConfig,
    sender: mpsc::Sender<Arc<Notification>>,
}

struct Inner {
    queues: Vec<Queue>,
    base_url: Option<String>,
    metrics: Option<Metrics>,
    closing: AtomicBool,
    cancel: CancellationToken,
    tasks: TaskTracker,
}

/// The channels and their queues. Cheap to clone; the workers stop at [`Notifier::shutdown`].
#[derive(Clone)]
pub struct Notifier {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Notifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifier")
            .field(
                "channels",
                &self
                    .inner
                    .queues
                    .iter()
                    .map(|q| q.config.name.as_str())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Notifier {
    /// Starts one worker per channel on the current Tokio runtime. Without a runtime (never the
    /// case in Warden's processes) nothing is sent, and start-up says so.
    pub fn start(
        channels: Vec<ChannelConfig>,
        settings: &NotifySettings,
        metrics: Option<Metrics>,
    ) -> Self {
        let cancel = CancellationToken::new();
        let tasks = TaskTracker::new();
        let client = warden_http::client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(SEND_TIMEOUT)
            .build()
            .unwrap_or_default();
        let runtime = tokio::runtime::Handle::try_current().ok();
        if runtime.is_none() && !channels.is_empty() {
            tracing::error!("notifications cannot be sent: no async runtime");
        }
        let mut queues = Vec::new();
        for config in channels {
            let (sender, receiver) = mpsc::channel(settings.queue_size.max(1));
            if let Some(runtime) = &runtime {
                let worker = Worker {
                    config: config.clone(),
                    client: client.clone(),
                    retries: settings.retries,
                    backoff: settings.backoff,
                    metrics: metrics.clone(),
                };
                tasks.spawn_on(worker.run(receiver, cancel.clone()), runtime);
            }
            queues.push(Queue { config, sender });
        }
        tasks.close();
        Self {
            inner: Arc::new(Inner {
                queues,
                base_url: settings.base_url.clone(),
                metrics,
                closing: AtomicBool::new(false),
                cancel,
                tasks,
            }),
        }
    }

    /// A notifier with no channel: notifications go nowhere.
    pub fn disabled() -> Self {
        Self::start(Vec::new(), &NotifySettings::default(), None)
    }

    /// Whether any channel is configured.
    pub fn is_enabled(&self) -> bool {
        !self.inner.queues.is_empty()
    }

    /// Queues `notification` for every channel that wants it; never waits.
    pub fn notify(&self, notification: Notification) {
        if self.inner.queues.is_empty() || self.inner.closing.load(Ordering::Acquire) {
            return;
        }
        let notification = Arc::new(notification.with_link(self.inner.base_url.as_deref()));
        for queue in &self.inner.queues {
            if !queue.config.wants(&notification) {
                continue;
            }
            if queue.sender.try_send(notification.clone()).is_err() {
                tracing::warn!(
                    channel = %queue.config.name,
                    event = notification.event.as_str(),
                    "the channel's notification queue is full; this one is dropped"
                );
                if let Some(metrics) = &self.inner.metrics {
                    metrics.notification(
                        &queue.config.name,
                        notification.event.as_str(),
                        "dropped",
                    );
                }
            }
        }
    }

    /// Stops taking notifications, gives the workers up to `grace` to send what is queued (one
    /// attempt each), then returns.
    pub async fn shutdown(&self, grace: Duration) {
        self.inner.closing.store(true, Ordering::Release);
        self.inner.cancel.cancel();
        if tokio::time::timeout(grace, self.inner.tasks.wait())
            .await
            .is_err()
        {
            tracing::warn!("notifications still queued at shutdown were not sent");
        }
    }
}

struct Worker {
    config: ChannelConfig,
    client: reqwest::Client,
    retries: u32,
    backoff: Duration,
    metrics: Option<Metrics>,
}

impl Worker {
    async fn run(self, mut receiver: mpsc::Receiver<Arc<Notification>>, cancel: CancellationToken) {
        loop {
            tokio::select! {
                () = cancel.cancelled() => break,
                next = receiver.recv() => match next {
                    Some(notification) => self.send(&notification, &cancel).await,
                    None => return,
                },
            }
        }
        // Shutting down: what is already queued gets one attempt each.
        receiver.close();
        while let Ok(notification) = receiver.try_recv() {
            self.send(&notification, &cancel).await;
        }
    }

    /// Sends with retries (none once shutting down).
    async fn send(&self, notification: &Notification, cancel: &CancellationToken) {
        let mut pause = self.backoff;
        let mut attempt = 0;
        let outcome = loop {
            match deliver(&self.client, &self.config.kind, notification).await {
                Ok(()) => break "sent",
                Err(error) => {
                    tracing::warn!(
                        channel = %self.config.name,
                        event = notification.event.as_str(),
                        attempt,
                        %error,
                        "a notification could not be delivered"
                    );
                    if attempt >= self.retries || cancel.is_cancelled() {
                        break "failed";
                    }
                }
            }
            attempt += 1;
            tokio::select! {
                () = cancel.cancelled() => {}
                () = tokio::time::sleep(pause) => {}
            }
            pause = (pause * 2).min(Duration::from_secs(60));
        };
        if let Some(metrics) = &self.metrics {
            metrics.notification(&self.config.name, notification.event.as_str(), outcome);
        }
    }
}

#[cfg(test)]
mod tests;
