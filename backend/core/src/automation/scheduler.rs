//! The scheduler: sleeps until the next task a schedule names is due, starts it (in the
//! background, so a run waiting on an approval delays nothing else), and works out that task's
//! next time. Times missed while the server was down are not made up. Time is the guard's
//! clock (the one approvals expire by), read again at least every [`LONGEST_NAP`], so a clock
//! that jumps (a test's moved forward, the system's set or resumed from suspend) is noticed
//! within a second rather than after a sleep computed from the old time.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;

use super::{Automation, Trigger};

/// The longest the scheduler sleeps before it reads its clock again.
const LONGEST_NAP: Duration = Duration::from_secs(1);

/// Runs until cancelled.
pub async fn run(automation: Arc<Automation>, cancel: CancellationToken) {
    let clock = automation.guard.clock().clone();
    let read_clock = || DateTime::from_timestamp_millis(clock.now_millis()).unwrap_or_default();
    let started = read_clock();
    let mut due: HashMap<String, DateTime<Utc>> = automation
        .tasks()
        .iter()
        .filter_map(|task| {
            let at = task.schedule.as_ref()?.next_after(started)?;
            Some((task.name.clone(), at))
        })
        .collect();
    loop {
        let Some(next) = due.values().min().copied() else {
            cancel.cancelled().await;
            return;
        };
        let wait = (next - read_clock()).to_std().unwrap_or(Duration::ZERO);
        tokio::select! {
            () = cancel.cancelled() => return,
            () = tokio::time::sleep(wait.min(LONGEST_NAP)) => {}
        }
        let now = read_clock();
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
