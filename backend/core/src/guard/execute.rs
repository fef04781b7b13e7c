//! Carrying out decisions: run on the host, run in the sandbox, wait for approval, or refuse;
//! and the sweeper that expires approvals and executes approved ones nobody waits for.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;
use warden_llm::ToolCall;
use warden_protocol::chat::{ApprovalRequired, ApprovalResolved};
use warden_protocol::{ApprovalStatus, AuditEvent, AuditOutcome, ScopeSet, ToolErrorCode};
use warden_store::ApprovalRecord;
use warden_tool_api::{Actor, HostAccess, ToolContext, ToolError};

use super::assess::{Assessment, Route};
use super::audit::{Record, redact, redact_text};
use super::{Guard, Invoked, arguments_hash};
use crate::orchestrator::{GuardNotice, Notices, Orchestrator, ToolOutcome};

/// The refusal message the model (or the REST caller) reads.
fn refusal_text(assessment: &Assessment) -> String {
    let mut text = format!(
        "refused ({}): {}",
        assessment.rule,
        assessment.justification.trim_end_matches('.')
    );
    if let Some(alternative) = &assessment.alternative {
        text.push_str(&format!(". Instead: {alternative}"));
    }
    text
}

fn actor_json(context: &ToolContext) -> Value {
    match &context.actor {
        Actor::User { user_id, username } => {
            json!({"kind": "user", "user_id": user_id, "username": username})
        }
        Actor::ApiKey {
            key_id,
            user_id,
            key_name,
        } => {
            json!({"kind": "api_key", "key_id": key_id, "user_id": user_id, "key_name": key_name})
        }
        Actor::Monitor => json!({"kind": "monitor"}),
        Actor::MonitorModel => json!({"kind": "monitor_model"}),
    }
}

/// The requester's context, rebuilt from a stored approval; None when it cannot be read (then
/// the approval is not executed).
pub(super) fn requester_context(approval: &ApprovalRecord) -> Option<ToolContext> {
    context_of(approval)
}

fn context_of(approval: &ApprovalRecord) -> Option<ToolContext> {
    let actor: Value = serde_json::from_str(&approval.actor).ok()?;
    let text = |key: &str| actor.get(key).and_then(Value::as_str).map(str::to_owned);
    let actor = match actor.get("kind").and_then(Value::as_str)? {
        "user" => Actor::User {
            user_id: text("user_id")?,
            username: text("username")?,
        },
        "api_key" => Actor::ApiKey {
            key_id: text("key_id")?,
            user_id: text("user_id")?,
            // Approvals stored before keys carried their name: the decision is made already.
            key_name: text("key_name").unwrap_or_default(),
        },
        "monitor" => Actor::Monitor,
        "monitor_model" => Actor::MonitorModel,
        _ => return None,
    };
    Some(ToolContext {
        actor,
        scopes: ScopeSet::parse_list(&approval.scopes).ok()?,
        sandbox: None,
        host: HostAccess::default(),
        run_id: approval.run_id.clone(),
        started_by: approval.started_by.clone(),
    })
}

/// What [`Guard::act`] did with a decided call.
enum Acted {
    /// Ran, or failed before running (the decision could not be audited, the approval could
    /// not be opened).
    Done(ToolOutcome),
    /// Refused by the assessment.
    Refused,
    /// Waiting for a human; the mark that this process waits on it.
    Opened(Box<ApprovalRecord>, super::approvals::Waiting),
}

impl Guard {
    #[tracing::instrument(
        name = "guard_execute",
        skip_all,
        fields(run_id = context.run_id.as_deref(), call_id = %call.id, tool = %call.name, route = assessment.route.as_str())
    )]
    pub(super) async fn execute_call(
        &self,
        call: &ToolCall,
        context: &ToolContext,
        assessment: &Assessment,
        notices: &Notices,
    ) -> ToolOutcome {
        match self.act(call, context, assessment).await {
            Acted::Done(outcome) => outcome,
            Acted::Refused if assessment.refusal_code == Some(ToolErrorCode::UnknownTool) => {
                let names: Vec<String> = self
                    .offered(context)
                    .iter()
                    .map(|t| t.name.clone())
                    .collect();
                ToolOutcome::error(
                    call,
                    ToolErrorCode::UnknownTool,
                    format!(
                        "there is no tool named '{}'; the tools are: {}",
                        call.name,
                        names.join(", ")
                    ),
                )
            }
            Acted::Refused => refused(call, assessment),
            // `_waiting` is held until the approved call has run, so the sweeper does not run it
            // too.
            Acted::Opened(approval, _waiting) => {
                notices(GuardNotice::ApprovalRequired(ApprovalRequired {
                    approval_id: approval.id.clone(),
                    call_id: call.id.clone(),
                    tool: call.name.clone(),
                    // What the approver reads; the approval itself keeps the exact arguments
                    // (and its hash binds them).
                    arguments: redact(&assessment.arguments),
                    arguments_hash: approval.arguments_hash.clone(),
                    risk: assessment.risk,
                    rule: assessment.rule.clone(),
                    justification: assessment.justification.clone(),
                    expires_at: approval.expires_at,
                }))
                .await;
                let waited = self.broker.wait(&approval.id, || self.clock.now()).await;
                // Still pending after the wait: its time is up; it is expired (audited and
                // announced) through the one expiry path, then read back.
                let waited = match waited {
                    Ok(record) if record.status == ApprovalStatus::Pending => {
                        self.expire_due(&record.id).await
                    }
                    other => other,
                };
                let settled = match waited {
                    Ok(settled) => settled,
                    Err(error) => {
                        tracing::error!(error = %error, "approval store failed while waiting");
                        return ToolOutcome::error(
                            call,
                            ToolErrorCode::Denied,
                            "the approval could not be read back; the call did not run".to_owned(),
                        );
                    }
                };
                notices(GuardNotice::ApprovalResolved(ApprovalResolved {
                    approval_id: settled.id.clone(),
                    call_id: call.id.clone(),
                    decision: settled.status,
                    decided_by: settled.decided_by.clone(),
                    reason: settled.reason.clone(),
                }))
                .await;
                match self.execute_approved(&settled, Some(call)).await {
                    Some(outcome) => outcome,
                    None => ToolOutcome::error(
                        call,
                        if settled.status == ApprovalStatus::Expired {
                            ToolErrorCode::Expired
                        } else {
                            ToolErrorCode::Denied
                        },
                        match settled.status.as_str() {
                            "expired" => format!(
                                "nobody approved '{}' in time; the approval expired and the call did not run",
                                call.name
                            ),
                            // Approved, but its execution was claimed elsewhere (never twice).
                            "approved" => format!(
                                "'{}' was approved, but its execution had already been claimed; it is not run twice",
                                call.name
                            ),
                            status => format!(
                                "'{}' was not approved ({status}{}{}); it did not run",
                                call.name,
                                settled
                                    .decided_by
                                    .as_deref()
                                    .map(|by| format!(" by {by}"))
                                    .unwrap_or_default(),
                                settled
                                    .reason
                                    .as_deref()
                                    .map(|r| format!(": {r}"))
                                    .unwrap_or_default(),
                            ),
                        },
                    ),
                }
            }
        }
    }

    /// A direct invocation (REST, MCP, the monitor): runs, refuses, or opens an approval and
    /// returns at once.
    #[tracing::instrument(
        name = "guard_invoke",
        skip_all,
        fields(run_id = context.run_id.as_deref(), call_id = tracing::field::Empty, tool)
    )]
    pub async fn invoke(&self, tool: &str, arguments: &Value, context: &ToolContext) -> Invoked {
        let call = ToolCall {
            id: format!("invoke-{}", uuid::Uuid::new_v4()),
            name: tool.to_owned(),
            arguments: arguments.clone(),
        };
        tracing::Span::current().record("call_id", call.id.as_str());
        let assessment = self.assess(tool, arguments, context);
        match self.act(&call, context, &assessment).await {
            Acted::Done(outcome) => Invoked::Done(outcome, Box::new(assessment)),
            Acted::Refused => {
                let text = refusal_text(&assessment);
                Invoked::Refused(Box::new(assessment), text)
            }
            // Nobody waits on it (the waiting mark drops here): the sweeper executes it once
            // approved.
            Acted::Opened(approval, _) => Invoked::Pending(approval),
        }
    }

    /// The one route match for a decided call, shared by a run's calls and direct invocations:
    /// audits the decision, then runs the call (at once or in the sandbox), refuses it, or opens
    /// its approval.
    #[tracing::instrument(
        name = "guard_act",
        level = "debug",
        skip_all,
        fields(run_id = context.run_id.as_deref(), call_id = %call.id, tool = %call.name, route = assessment.route.as_str())
    )]
    async fn act(&self, call: &ToolCall, context: &ToolContext, assessment: &Assessment) -> Acted {
        if assessment.route != Route::Refused
            && let Some(outcome) = self.refuse_if_caller_ended(call, context, assessment).await
        {
            return Acted::Done(outcome);
        }
        if let Err(outcome) = self.audit_decision(call, context, assessment).await {
            return Acted::Done(outcome);
        }
        match assessment.route {
            Route::Refused => Acted::Refused,
            Route::Run | Route::Sandbox => Acted::Done(
                self.run_tool(call, &assessment.arguments, context, assessment, None)
                    .await,
            ),
            Route::Approval => match self.open_approval(call, context, assessment).await {
                Ok((approval, waiting)) => Acted::Opened(Box::new(approval), waiting),
                Err(outcome) => Acted::Done(outcome),
            },
        }
    }

    /// The refusal of a call whose caller no longer stands ([`super::Standing`]), audited as
    /// the decision; None when it stands. A store that cannot say refuses too (fail closed).
    async fn refuse_if_caller_ended(
        &self,
        call: &ToolCall,
        context: &ToolContext,
        assessment: &Assessment,
    ) -> Option<ToolOutcome> {
        let needed = self.registry.get(&call.name)?.spec().scope;
        let (code, why) = match self.standing(context, needed).await {
            Ok(standing) => standing.refusal()?,
            Err(error) => {
                tracing::error!(error = %error, "cannot check the caller's credential; refusing the call");
                (
                    ToolErrorCode::Unavailable,
                    format!("the caller's credential could not be checked ({error})"),
                )
            }
        };
        let refused = Assessment {
            route: Route::Refused,
            rule: "credential".to_owned(),
            justification: why.clone(),
            refusal_code: Some(code),
            ..assessment.clone()
        };
        if let Err(outcome) = self.audit_decision(call, context, &refused).await {
            return Some(outcome);
        }
        Some(ToolOutcome::error(
            call,
            code,
            format!("'{}' did not run: {why}", call.name),
        ))
    }

    /// Withdraws an approval whose requester no longer stands, instead of running it: records
    /// why and answers with the refusal. None when the requester stands.
    pub(super) async fn withdraw_if_requester_ended(
        &self,
        approval: &ApprovalRecord,
        context: &ToolContext,
    ) -> Result<Option<(ToolErrorCode, String)>, warden_store::StoreError> {
        let Some(tool) = self.registry.get(&approval.tool) else {
            return Ok(None);
        };
        let Some((code, why)) = self.standing(context, tool.spec().scope).await?.refusal() else {
            return Ok(None);
        };
        let reason = format!("withdrawn because {why}");
        if let Some(withdrawn) = self
            .broker
            .store()
            .withdraw_unrun_approval_because(&approval.id, &reason, self.clock.now())
            .await?
        {
            self.record_settled(&withdrawn, context).await;
        }
        Ok(Some((code, reason)))
    }

    async fn audit_decision(
        &self,
        call: &ToolCall,
        context: &ToolContext,
        assessment: &Assessment,
    ) -> Result<(), ToolOutcome> {
        let detail = if assessment.notes.is_empty() {
            format!("{}: {}", assessment.rule, assessment.justification)
        } else {
            format!(
                "{}: {} ({})",
                assessment.rule,
                assessment.justification,
                assessment.notes.join("; ")
            )
        };
        self.count_decision(
            &call.name,
            assessment.risk.as_str(),
            assessment.route.as_str(),
        );
        let record = Record {
            context,
            event: AuditEvent::Decision,
            tool: &call.name,
            arguments: &assessment.arguments,
            risk: assessment.risk,
            route: assessment.route,
            approval_id: None,
            outcome: assessment.route.into(),
            detail: &detail,
            duration_ms: 0,
        };
        self.audit.append(record, self.clock.now()).await.map_err(|error| {
            tracing::error!(error = %error, "the audit log cannot be written; refusing the call");
            ToolOutcome::error(
                call,
                ToolErrorCode::AuditUnavailable,
                "the audit log cannot be written, so nothing runs; try again later".to_owned(),
            )
        })
    }

    async fn open_approval(
        &self,
        call: &ToolCall,
        context: &ToolContext,
        assessment: &Assessment,
    ) -> Result<(ApprovalRecord, super::approvals::Waiting), ToolOutcome> {
        let created_at = self.clock.now();
        let ttl = i64::try_from(self.approval_ttl.as_secs()).unwrap_or(i64::MAX);
        let record = ApprovalRecord {
            id: uuid::Uuid::new_v4().to_string(),
            tool: call.name.clone(),
            arguments: assessment.arguments.to_string(),
            arguments_hash: arguments_hash(&call.name, &assessment.arguments),
            risk: assessment.risk,
            rule: assessment.rule.clone(),
            justification: assessment.justification.clone(),
            actor: actor_json(context).to_string(),
            scopes: context.scopes.to_joined(),
            run_id: context.run_id.clone(),
            call_id: Some(call.id.clone()),
            status: ApprovalStatus::Pending,
            created_at,
            expires_at: created_at.saturating_add(ttl),
            decided_by: None,
            decided_at: None,
            reason: None,
            execution: None,
            outcome: None,
            executed_at: None,
            started_by: context.started_by.clone(),
        };
        let waiting = match self.broker.open(&record).await {
            Ok(waiting) => waiting,
            Err(error) => {
                tracing::error!(error = %error, "cannot store an approval");
                return Err(ToolOutcome::error(
                    call,
                    ToolErrorCode::ApprovalsUnavailable,
                    "the approval could not be stored, so the call did not run".to_owned(),
                ));
            }
        };
        let audited = self
            .audit
            .append(
                Record {
                    context,
                    event: AuditEvent::ApprovalRequested,
                    tool: &call.name,
                    arguments: &assessment.arguments,
                    risk: assessment.risk,
                    route: Route::Approval,
                    approval_id: Some(&record.id),
                    outcome: AuditOutcome::Pending,
                    detail: &assessment.justification,
                    duration_ms: 0,
                },
                created_at,
            )
            .await;
        if let Err(error) = audited {
            tracing::error!(error = %error, "the audit log cannot be written");
        }
        self.announce(&record);
        Ok((record, waiting))
    }

    /// Records a decision, expiry or withdrawal in the audit log and announces it.
    pub(super) async fn record_settled(&self, record: &ApprovalRecord, by: &ToolContext) {
        let arguments: Value = serde_json::from_str(&record.arguments).unwrap_or_default();
        let event = match record.status {
            ApprovalStatus::Expired => AuditEvent::ApprovalExpired,
            ApprovalStatus::Withdrawn => AuditEvent::ApprovalWithdrawn,
            ApprovalStatus::Pending | ApprovalStatus::Approved | ApprovalStatus::Denied => {
                AuditEvent::ApprovalDecided
            }
        };
        let detail = record.reason.clone().unwrap_or_default();
        let audited = self
            .audit
            .append(
                Record {
                    context: by,
                    event,
                    tool: &record.tool,
                    arguments: &arguments,
                    risk: record.risk,
                    route: Route::Approval,
                    approval_id: Some(&record.id),
                    outcome: record.status.into(),
                    detail: &detail,
                    duration_ms: 0,
                },
                self.clock.now(),
            )
            .await;
        if let Err(error) = audited {
            tracing::error!(error = %error, "the audit log cannot be written");
        }
        self.announce(record);
    }

    /// Withdraws the approvals of the run `context.run_id` that have not run, audits and
    /// notifies each, and returns every approval of the run now withdrawn (also those the sweeper
    /// withdrew first), for the run's events.
    pub(super) async fn withdraw_run(
        &self,
        context: &ToolContext,
        reason: &str,
    ) -> Vec<ApprovalResolved> {
        let Some(run_id) = &context.run_id else {
            return Vec::new();
        };
        let store = self.broker.store();
        match store.withdraw_run_approvals(run_id, self.clock.now()).await {
            Ok(withdrawn) => {
                for mut record in withdrawn {
                    record.reason = Some(reason.to_owned());
                    self.record_settled(&record, context).await;
                }
            }
            Err(error) => {
                tracing::error!(error = %error, run = %run_id, "cannot withdraw a run's approvals; they cannot run without their run anyway");
            }
        }
        match store.approvals_of_run(run_id).await {
            Ok(records) => records
                .into_iter()
                .filter(|r| r.status == ApprovalStatus::Withdrawn)
                .map(|r| ApprovalResolved {
                    approval_id: r.id,
                    call_id: r.call_id.unwrap_or_default(),
                    decision: r.status,
                    decided_by: None,
                    reason: Some(reason.to_owned()),
                })
                .collect(),
            Err(error) => {
                tracing::error!(error = %error, run = %run_id, "cannot read a run's approvals");
                Vec::new()
            }
        }
    }

    /// Runs an approved approval's stored arguments, exactly once (claimed in the store), after
    /// checking they still hash to what was approved. None when it is not approved or someone
    /// else claimed it.
    async fn execute_approved(
        &self,
        approval: &ApprovalRecord,
        call: Option<&ToolCall>,
    ) -> Option<ToolOutcome> {
        if approval.status != ApprovalStatus::Approved {
            return None;
        }
        let context = context_of(approval)?;
        let arguments: Value = serde_json::from_str(&approval.arguments).ok()?;
        let call = ToolCall {
            id: call.map_or_else(
                || approval.call_id.clone().unwrap_or_default(),
                |c| c.id.clone(),
            ),
            name: approval.tool.clone(),
            arguments: arguments.clone(),
        };
        if arguments_hash(&approval.tool, &arguments) != approval.arguments_hash {
            tracing::error!(approval = %approval.id, "approved arguments do not match their hash; not run");
            return Some(ToolOutcome::error(
                &call,
                ToolErrorCode::Refused,
                "the stored arguments do not match what was approved; nothing ran".to_owned(),
            ));
        }
        // The requester's key, user and scopes as they are now, not as they were when it asked.
        match self.withdraw_if_requester_ended(approval, &context).await {
            Ok(None) => {}
            Ok(Some((code, reason))) => {
                return Some(ToolOutcome::error(
                    &call,
                    code,
                    format!("'{}' was approved but did not run: {reason}", approval.tool),
                ));
            }
            Err(error) => {
                tracing::error!(error = %error, "cannot check an approval's requester; not run");
                return None;
            }
        }
        match self
            .broker
            .store()
            .claim_approval_execution(&approval.id, self.clock.now())
            .await
        {
            Ok(true) => {
                if let Some(now) = chrono::Utc::now().timestamp_nanos_opt() {
                    self.claims.note(&approval.id, now);
                }
            }
            Ok(false) => return None,
            Err(error) => {
                tracing::error!(error = %error, "cannot claim an approved execution");
                return None;
            }
        }
        let assessment = Assessment {
            risk: approval.risk,
            route: Route::Run,
            rule: approval.rule.clone(),
            justification: approval.justification.clone(),
            alternative: None,
            notes: Vec::new(),
            arguments: arguments.clone(),
            refusal_code: None,
            // Approved by a human: that, not a grant, gives it Warden's rights.
            granted: false,
        };
        let outcome = self
            .run_tool(&call, &arguments, &context, &assessment, Some(&approval.id))
            .await;
        let stored = json!({
            "ok": outcome.ok,
            "output": outcome.output,
            "error_code": outcome.error_code,
            "duration_ms": outcome.duration_ms,
        });
        if let Err(error) = self
            .broker
            .store()
            .finish_approval_execution(&approval.id, &stored.to_string())
            .await
        {
            tracing::error!(error = %error, "cannot record an approved execution's outcome");
        }
        Some(outcome)
    }

    /// Runs the tool (in the sandbox when routed there) and audits the execution.
    #[tracing::instrument(
        name = "tool_execute",
        skip_all,
        fields(run_id = context.run_id.as_deref(), call_id = %call.id, tool = %call.name, approval_id)
    )]
    async fn run_tool(
        &self,
        call: &ToolCall,
        arguments: &Value,
        context: &ToolContext,
        assessment: &Assessment,
        approval_id: Option<&str>,
    ) -> ToolOutcome {
        let Some(tool) = self.registry.get(&call.name) else {
            return ToolOutcome::error(
                call,
                ToolErrorCode::UnknownTool,
                format!("there is no tool named '{}'", call.name),
            );
        };
        let mut context = context.clone();
        context.sandbox = match assessment.route {
            Route::Sandbox => self.sandbox.clone(),
            Route::Run | Route::Approval | Route::Refused => None,
        };
        // Only what a human approved, now or in advance by a policy grant, runs with Warden's
        // own rights; everything else that starts a host program starts it contained (or,
        // where the machine cannot contain, not at all: the assessment sent such calls to
        // approval already).
        context.host = if approval_id.is_some() || assessment.granted {
            HostAccess::Approved
        } else {
            self.unapproved_host_access()
        };
        let started = Instant::now();
        // A call for a fleet agent, decided here, runs there (judged again by its own policy).
        let result = match super::hosts::split_host(&tool.spec().parameters, arguments) {
            Ok((rest, Some(host))) => match &self.remote {
                Some(remote) => remote.run(&host, &call.name, &rest, &context).await,
                None => Err(ToolError::Refused(format!(
                    "no fleet is configured to reach host '{host}'"
                ))),
            },
            Ok((rest, None)) => tool.call(rest, &context).await,
            Err(why) => Err(ToolError::InvalidArguments(why)),
        };
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        // Secrets in what a tool shows (a process's command line, a container's environment,
        // a file) are hidden before the outcome is recorded, stored or read by the model.
        let outcome = match result {
            Ok(output) => ToolOutcome {
                call_id: call.id.clone(),
                name: call.name.clone(),
                ok: output.ok,
                output: redact_text(&output.output),
                data: redact(&output.data),
                truncated: output.truncated,
                error_code: None,
                duration_ms,
            },
            Err(error) => ToolOutcome {
                duration_ms,
                ..ToolOutcome::error(call, error.code(), redact_text(&error.to_string()))
            },
        };
        let result = match (outcome.error_code, outcome.ok) {
            (Some(code), _) => AuditOutcome::from(code),
            (None, true) => AuditOutcome::Ok,
            (None, false) => AuditOutcome::Failed,
        };
        tracing::debug!(outcome = result.as_str(), duration_ms, "tool ran");
        let route = if approval_id.is_some() {
            Route::Approval
        } else {
            assessment.route
        };
        self.count_run(
            &call.name,
            route.as_str(),
            result.as_str(),
            Duration::from_millis(duration_ms),
        );
        let audited = self
            .audit
            .append(
                Record {
                    context: &context,
                    event: AuditEvent::Execution,
                    tool: &call.name,
                    arguments,
                    risk: assessment.risk,
                    route,
                    approval_id,
                    outcome: result,
                    detail: "",
                    duration_ms,
                },
                self.clock.now(),
            )
            .await;
        if let Err(error) = audited {
            tracing::error!(error = %error, "the audit log cannot be written");
        }
        outcome
    }

    /// One pass: expire approvals whose time is up; execute approved ones nobody waits for; and
    /// withdraw those of a run that no longer waits for them (a run's approval runs only inside
    /// its run: a run that ended, or a server that restarted, takes its approvals with it).
    #[tracing::instrument(name = "approval_sweep", level = "debug", skip_all)]
    pub async fn sweep(&self) {
        self.sweep_expired().await;
        let store = self.broker.store();
        match store
            .list_approvals(Some(ApprovalStatus::Pending), 10_000)
            .await
        {
            Ok(pending) => {
                for record in pending {
                    if record.run_id.is_some() && !self.broker.is_waited_on(&record.id) {
                        self.withdraw_orphan(&record).await;
                    }
                }
            }
            Err(error) => tracing::warn!(error = %error, "cannot read pending approvals"),
        }
        match store.unclaimed_approved().await {
            Ok(approved) => {
                for record in approved {
                    if self.broker.is_waited_on(&record.id) {
                        continue;
                    }
                    if record.run_id.is_some() {
                        self.withdraw_orphan(&record).await;
                    } else {
                        let _ = self.execute_approved(&record, None).await;
                    }
                }
            }
            Err(error) => tracing::warn!(error = %error, "cannot read approved approvals"),
        }
    }

    /// Withdraws an approval whose run is gone, and records it.
    async fn withdraw_orphan(&self, record: &ApprovalRecord) {
        match self
            .broker
            .store()
            .withdraw_unrun_approval(&record.id, self.clock.now())
            .await
        {
            Ok(Some(mut withdrawn)) => {
                withdrawn.reason = Some("its run ended before it could run".to_owned());
                if let Some(context) = context_of(&withdrawn) {
                    self.record_settled(&withdrawn, &context).await;
                }
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(error = %error, "cannot withdraw an approval"),
        }
    }

    /// Expires the approvals whose time is up (through [`Self::sweep_expired`]) and reads
    /// approval `id` back: expired now, or settled otherwise in the meantime.
    async fn expire_due(&self, id: &str) -> Result<ApprovalRecord, warden_store::StoreError> {
        self.sweep_expired().await;
        self.broker
            .store()
            .get_approval(id)
            .await?
            .ok_or(warden_store::StoreError::NotFound("approval"))
    }

    /// Marks approvals whose time is up as expired (denied) and records each: the one path by
    /// which an approval expires (the waiting run, a late decision, `warden approvals list` and
    /// the sweeper all come here), so every expiry has its audit row and notification.
    pub async fn sweep_expired(&self) {
        match self.broker.store().expire_approvals(self.clock.now()).await {
            Ok(expired) => {
                for record in expired {
                    if let Some(context) = context_of(&record) {
                        self.record_settled(&record, &context).await;
                    }
                }
            }
            Err(error) => tracing::warn!(error = %error, "cannot expire approvals"),
        }
    }

    /// The sweeper actor: at start-up, executions cut short by a stop are marked interrupted
    /// (never run twice); then a sweep every `every` and whenever a decision is made here.
    pub async fn run_sweeper(self: Arc<Self>, every: Duration, cancel: CancellationToken) {
        match self.broker.store().interrupt_running_executions().await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                count = n,
                "approved executions were cut short by the last stop and are not run again"
            ),
            Err(error) => tracing::warn!(error = %error, "cannot mark interrupted executions"),
        }
        loop {
            self.sweep().await;
            tokio::select! {
                () = cancel.cancelled() => return,
                () = self.broker.woken() => {}
                () = tokio::time::sleep(every) => {}
            }
        }
    }
}

fn refused(call: &ToolCall, assessment: &Assessment) -> ToolOutcome {
    ToolOutcome::error(
        call,
        assessment.refusal_code.unwrap_or(ToolErrorCode::Refused),
        refusal_text(assessment),
    )
}
