//! What the monitor learns from repairs. Each repair the model made is recorded by the incident's
//! fingerprint with what it did (its steps, the target written as `{target}`) and whether the
//! finding cleared; a fix that held is also remembered as shared knowledge (a `repair` memory)
//! that chat and the next repair recall. When the same fix has held for the same kind of incident
//! `propose_after` times, it is proposed to an operator as a runbook; once accepted, the monitor
//! runs it like a shipped runbook (through the guard, within the target's budget) instead of
//! asking the model.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use warden_memory::{Kind, MemoryService, NewMemory, SourceKind};
use warden_protocol::IncidentEventKind;
use warden_store::{RepairOutcome, RunbookProposal, StoreError};

use super::Monitor;
use super::evaluate::Finding;

/// Where the target of an incident stands in a learned step.
pub const TARGET: &str = "{target}";
/// How many past fixes a repair prompt carries.
const PAST_FIXES: usize = 3;

/// One tool call of a learned fix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub tool: String,
    pub arguments: Value,
}

/// How the monitor learns: where fixes are remembered and after how many holds one is proposed.
#[derive(Debug, Clone)]
pub struct Learning {
    pub memory: Option<MemoryService>,
    /// Holds of the same fix for the same kind of incident before it is proposed (0: never).
    pub propose_after: u32,
}

/// The target replaced by [`TARGET`] in every string, so the same fix on another container has
/// the same steps.
fn generalise(value: &Value, target: &str) -> Value {
    match value {
        Value::String(s) if s == target => Value::String(TARGET.to_owned()),
        // Inside longer strings only a target long enough not to match by accident.
        Value::String(s) if target.chars().count() >= 4 => Value::String(s.replace(target, TARGET)),
        Value::Array(items) => Value::Array(items.iter().map(|v| generalise(v, target)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), generalise(v, target)))
                .collect(),
        ),
        Value::String(_) | Value::Null | Value::Bool(_) | Value::Number(_) => value.clone(),
    }
}

/// [`generalise`] undone for a new target.
pub fn specialise(value: &Value, target: &str) -> Value {
    match value {
        Value::String(s) => Value::String(s.replace(TARGET, target)),
        Value::Array(items) => Value::Array(items.iter().map(|v| specialise(v, target)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), specialise(v, target)))
                .collect(),
        ),
        Value::Null | Value::Bool(_) | Value::Number(_) => value.clone(),
    }
}

/// The steps as stored and their key (the same fix, the same key).
pub fn fix_of(calls: &[(String, Value)], target: &str) -> (String, String) {
    let steps: Vec<Step> = calls
        .iter()
        .map(|(tool, arguments)| Step {
            tool: tool.clone(),
            arguments: generalise(arguments, target),
        })
        .collect();
    let json = serde_json::to_string(&steps).unwrap_or_else(|_| "[]".to_owned());
    let key = hex::encode(Sha256::digest(json.as_bytes()));
    (json, key)
}

/// A learned runbook's steps for `target`.
pub fn steps_for(steps_json: &str, target: &str) -> Option<Vec<(String, Value)>> {
    let steps: Vec<Step> = serde_json::from_str(steps_json).ok()?;
    (!steps.is_empty()).then(|| {
        steps
            .into_iter()
            .map(|s| (s.tool, specialise(&s.arguments, target)))
            .collect()
    })
}

impl Monitor {
    /// Fixes that held before: for this very fingerprint first, then for its kind.
    pub(super) async fn past_fixes(&self, finding: &Finding) -> Result<Vec<String>, StoreError> {
        let mut fixes: Vec<RepairOutcome> = self
            .store
            .repair_outcomes_for(&finding.fingerprint, 20)
            .await?
            .into_iter()
            .filter(|o| o.held)
            .collect();
        fixes.extend(self.store.held_repairs_of_kind(finding.kind, 20).await?);
        let mut seen = std::collections::HashSet::new();
        Ok(fixes
            .into_iter()
            .filter(|o| seen.insert(o.fix_key.clone()))
            .take(PAST_FIXES)
            .map(|o| o.summary)
            .collect())
    }

    /// Records what the model did for an incident and whether it held; remembers a fix that
    /// held and proposes it as a runbook once it has held often enough.
    pub(super) async fn learn_from_repair(
        &self,
        finding: &Finding,
        incident_id: &str,
        calls: &[(String, Value)],
        held: bool,
    ) -> Result<(), StoreError> {
        if calls.is_empty() {
            return Ok(());
        }
        let (steps, fix_key) = fix_of(calls, &finding.target);
        let described: Vec<String> = calls
            .iter()
            .map(|(tool, args)| format!("{tool} {}", crate::guard::redact(args)))
            .collect();
        let summary = format!("{}: fixed by {}", finding.summary, described.join("; "));
        let at = self.now();
        self.store
            .record_repair_outcome(&RepairOutcome {
                id: String::new(),
                fingerprint: finding.fingerprint.clone(),
                kind: finding.kind,
                target: finding.target.clone(),
                incident_id: incident_id.to_owned(),
                fix_key: fix_key.clone(),
                steps: steps.clone(),
                summary: summary.clone(),
                held,
                at,
            })
            .await?;
        if !held {
            return Ok(());
        }
        if let Some(memory) = &self.learning.memory {
            let remembered = memory
                .store(NewMemory {
                    id: None,
                    owner_id: None,
                    kind: Kind::Repair,
                    content: summary.clone(),
                    tags: vec![
                        format!("incident:{}", finding.kind),
                        format!(
                            "fingerprint:{}",
                            finding.fingerprint.replace(char::is_whitespace, "_")
                        ),
                    ]
                    .into_iter()
                    .filter(|t| t.chars().count() <= 40)
                    .collect(),
                    created_by: "monitor".to_owned(),
                    source_kind: SourceKind::Repair,
                    source_ref: Some(incident_id.to_owned()),
                    created_at: None,
                })
                .await;
            if let Err(e) = remembered {
                tracing::warn!(error = %e, incident = %incident_id, "a fix that held could not be remembered");
            }
        }
        let (held_count, _failed) = self.store.fix_record(finding.kind, &fix_key).await?;
        let threshold = i64::from(self.learning.propose_after);
        if threshold == 0 || held_count < threshold {
            return Ok(());
        }
        let (proposal, new) = self
            .store
            .propose_runbook(&RunbookProposal {
                id: String::new(),
                kind: finding.kind,
                fix_key,
                steps,
                summary: format!(
                    "for {} incidents: {}",
                    finding.kind,
                    calls
                        .iter()
                        .map(|(tool, args)| format!(
                            "{tool} {}",
                            generalise(&crate::guard::redact(args), &finding.target)
                        ))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                held_count,
                state: warden_protocol::RunbookState::Proposed,
                proposed_at: at,
                decided_by: None,
                decided_at: None,
                reason: None,
            })
            .await?;
        if new {
            self.store
                .add_incident_event(
                    incident_id,
                    IncidentEventKind::Note,
                    &format!(
                        "this fix has held {held_count} times for {} incidents: proposed as runbook {} for an operator to accept or reject",
                        finding.kind, proposal.id
                    ),
                    self.now(),
                )
                .await?;
        }
        Ok(())
    }

    /// The accepted runbook for this kind of incident, for its target, when there is one.
    pub(super) async fn learned_plan(
        &self,
        finding: &Finding,
    ) -> Result<Option<Vec<(String, Value)>>, StoreError> {
        Ok(self
            .store
            .accepted_runbooks(finding.kind)
            .await?
            .iter()
            .find_map(|r| steps_for(&r.steps, &finding.target)))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_same_fix_on_another_target_has_the_same_key() {
        let (steps, key) = fix_of(
            &[("docker_start".to_owned(), json!({"container": "web-1"}))],
            "web-1",
        );
        assert_eq!(
            steps,
            r#"[{"tool":"docker_start","arguments":{"container":"{target}"}}]"#
        );
        let (_, other) = fix_of(
            &[("docker_start".to_owned(), json!({"container": "db-2"}))],
            "db-2",
        );
        assert_eq!(key, other);
        assert_eq!(
            steps_for(&steps, "cache"),
            Some(vec![(
                "docker_start".to_owned(),
                json!({"container": "cache"})
            )])
        );
        assert_eq!(steps_for("[]", "x"), None);
        assert_eq!(steps_for("not json", "x"), None);
    }
}
