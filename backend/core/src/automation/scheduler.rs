//! The scheduler: sleeps until the next task a schedule names is due, starts it (in the
//! background, so a run waiting on an approval delays nothing else), and works out that task's
//! next time. Times missed while the server was down are not made up.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;

use super::{Automation, Trigger};

/// Runs until cancelled.
pub async fn run(automation: Arc<Automation>, cancel: CancellationToken) {
    let now = Utc::now();
    let mut due: HashMap<String, DateTime<Utc>> = automation
        .tasks()
        .iter()
        .filter_map(|task| {
            let at = task.schedule.as_ref()?.next_after(now)?;
            Some((task.name.clone(), at))
        })
        .collect();
    loop {
        let Some(next) = due.values().min().copied() else {
            cancel.cancelled().await;
            return;
        };
        let wait = (next - Utc::now()).to_std().unwrap_or(Duration::ZERO);
        tokio::select! {
            () = cancel.cancelled() => return,
            () = tokio::time::sleep(wait) => {}
        }
        let now = Utc::now();
        let ready: Vec<(String, DateTime<Utc>)> = due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(name, at)| (name.clone(), *at))
            .collect();
        for (name, at) in ready {
            if let Err(error) = automation.start(&name, Trigger::Schedule).await {
                tracing::error!(error = %error, task = %name, "a scheduled task could not start");
            }
            let after = at.max(now);
            match automation
                .task(&name)
                .and_then(|t| t.schedule.as_ref())
                .and_then(|s| s.next_after(after))
            {
                Some(next) => {
                    due.insert(name, next);
                }
                None => {
                    due.remove(&name);
                }
            }
        }
    }
}
