//! Deterministic repairs, tried before anything else: restart a crashed (or unhealthy) container
//! that opted in, reclaim Docker's build cache and dangling images when a disk is full. Every
//! repair goes through the guard as the actor `monitor` (the shipped policy grants these two at
//! low risk; anything else waits for a human), counts against the target's budget, and is verified
//! by probing again.

use std::time::Duration;

use serde_json::{Value, json};

use super::evaluate::Finding;
use crate::guard::Invoked;

/// A runbook's tool calls, in order.
pub type Steps = Vec<(&'static str, Value)>;

/// A repair to try for a finding: the tool calls, in order. `prune_label` limits what the disk
/// runbook reclaims to objects with that label (`key` or `key=value`); None: all of them.
pub fn plan(finding: &Finding, prune_label: Option<&str>) -> Option<Steps> {
    if !finding.repairable {
        return None;
    }
    match finding.kind.as_str() {
        "container_exited" | "container_unhealthy" => Some(vec![(
            "docker_restart",
            json!({ "container": finding.target }),
        )]),
        "disk_full" => reclaim_docker(prune_label),
        _ => None,
    }
}

/// The disk runbook: Docker's build cache and dangling images reclaimed (with `prune_label`,
/// only those carrying it), never tagged images, volumes or containers.
pub fn reclaim_docker(prune_label: Option<&str>) -> Option<Steps> {
    let prune = |what: &str| match prune_label {
        Some(label) => json!({"what": what, "label": label}),
        None => json!({"what": what}),
    };
    Some(vec![
        ("docker_prune", prune("build_cache")),
        ("docker_prune", prune("dangling_images")),
    ])
}

/// How many repairs a target may have in a window, and how long to wait between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    pub repairs: i64,
    pub window: Duration,
    /// The wait after the first repair; it doubles after each further one.
    pub backoff: Duration,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            repairs: 3,
            window: Duration::from_secs(30 * 60),
            backoff: Duration::from_secs(30),
        }
    }
}

/// What the budget allows now, given `count` repairs in the window, the latest at `last`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowance {
    Repair,
    /// Too soon after the last repair: wait until this time.
    Wait(i64),
    Exhausted,
}

pub fn allowance(budget: &Budget, count: i64, last: Option<i64>, now: i64) -> Allowance {
    if count >= budget.repairs {
        return Allowance::Exhausted;
    }
    let Some(last) = last else {
        return Allowance::Repair;
    };
    let base = i64::try_from(budget.backoff.as_secs()).unwrap_or(i64::MAX);
    let wait = base.saturating_mul(1_i64 << (count - 1).clamp(0, 20));
    if now >= last.saturating_add(wait) {
        Allowance::Repair
    } else {
        Allowance::Wait(last + wait)
    }
}

/// A one-line account of an invocation for the incident's timeline.
pub fn describe(tool: &str, args: &Value, invoked: &Invoked) -> (String, RepairStep) {
    match invoked {
        Invoked::Done(outcome) if outcome.ok => (
            format!("{tool} {args}: done ({} ms)", outcome.duration_ms),
            RepairStep::Done,
        ),
        Invoked::Done(outcome) => (
            format!("{tool} {args}: failed: {}", outcome.output),
            RepairStep::Failed,
        ),
        Invoked::Pending(approval) => (
            format!(
                "{tool} {args}: waits for approval {} ({}: {})",
                approval.id, approval.rule, approval.justification
            ),
            RepairStep::AwaitingApproval(approval.id.clone()),
        ),
        Invoked::Refused(_, message) => (format!("{tool} {args}: {message}"), RepairStep::Refused),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepairStep {
    Done,
    Failed,
    /// The guard holds the call for a human: the approval's id.
    AwaitingApproval(String),
    /// The policy forbids it: retrying cannot help, a human has to act.
    Refused,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_counts_repairs_and_backs_off_between_them() {
        let budget = Budget {
            repairs: 3,
            window: Duration::from_secs(1800),
            backoff: Duration::from_secs(30),
        };
        assert_eq!(allowance(&budget, 0, None, 1000), Allowance::Repair);
        assert_eq!(
            allowance(&budget, 1, Some(1000), 1010),
            Allowance::Wait(1030)
        );
        assert_eq!(allowance(&budget, 1, Some(1000), 1030), Allowance::Repair);
        assert_eq!(
            allowance(&budget, 2, Some(1030), 1060),
            Allowance::Wait(1090)
        );
        assert_eq!(
            allowance(&budget, 3, Some(1090), 9999),
            Allowance::Exhausted
        );
    }
}
