//! The guard: the orchestrator every tool call passes, whoever asks. The policy decides the
//! level, the level decides the route (run, sandbox, approval, refused), and every decision and
//! every execution is appended to the audit log before its answer goes back. A decision that
//! cannot be audited is not carried out (fail closed).

mod approvals;
mod assess;
mod audit;
mod claims;
mod execute;
mod hosts;
mod notify;
mod standing;

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use serde_json::Value;
use warden_llm::{ToolCall, ToolDefinition};
use warden_policy::Policy;
use warden_protocol::clock::Clock;
use warden_protocol::{ApprovalStatus, ToolErrorCode};
use warden_sandbox::{Containment, SandboxConfig};
use warden_store::{ApprovalRecord, Store};
use warden_tool_api::{HostAccess, Registry, ToolContext};

pub use approvals::{DecideError, arguments_hash};
pub use assess::{Assessment, HostContainment, REQUESTED_RISK_ARGUMENT, Route, assess};
pub use audit::{REDACTED, actor_label, redact, redact_text};
pub use hosts::{HOST_ARGUMENT, RemoteHosts, split_host};
pub use standing::Standing;

use crate::orchestrator::{Classification, Notices, Orchestrator, ToolOutcome};

/// How the guard is set up.
pub struct GuardSettings {
    pub policy: Arc<Policy>,
    /// None when runsc is missing: medium calls then wait for approval.
    pub sandbox: Option<SandboxConfig>,
    /// Containment of host programs, or why this machine cannot contain them: low calls of
    /// tools that start host programs then wait for approval.
    pub containment: Result<Arc<Containment>, String>,
    pub approval_ttl: Duration,
    /// A plain JSON webhook told of approvals waiting and decided (the first notification
    /// setting, kept so existing callers work). The server folds `guard.approval_webhook` into
    /// its notifier instead and passes None; set channels with [`Guard::with_notifier`].
    pub webhook_url: Option<String>,
}

pub struct Guard {
    registry: Registry,
    policy: Arc<Policy>,
    sandbox: Option<Arc<SandboxConfig>>,
    containment: Result<Arc<Containment>, String>,
    broker: Arc<approvals::Broker>,
    audit: audit::AuditLog,
    approval_ttl: Duration,
    notifier: warden_notify::Notifier,
    metrics: Option<warden_metrics::Metrics>,
    /// The four-eyes rule: nobody approves their own request.
    require_second_person: bool,
    /// The fleet's agents, when the hub has a fleet: calls with a `host` go there.
    remote: Option<Arc<dyn RemoteHosts>>,
    /// What approval lifetimes, expiry, claims and audit stamps are judged by.
    clock: Clock,
    /// The definitions offered to each set of scopes, made once: the registry does not change
    /// after start-up, and making them (each schema copied and extended) was a run's share of
    /// CPU for nothing.
    offered: std::sync::Mutex<
        std::collections::HashMap<warden_protocol::ScopeSet, Arc<[ToolDefinition]>>,
    >,
    /// When each approved execution was claimed, to the nanosecond (see [`claims`]).
    claims: claims::Claims,
}

/// Sets of scopes whose offered tools are kept at most (callers hold a handful).
const OFFERED_SETS: usize = 64;

/// What a direct invocation (REST) came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Invoked {
    /// Ran (or failed before running), with the assessment it was decided on.
    Done(ToolOutcome, Box<Assessment>),
    /// Waiting for a human; executed by the guard once approved.
    Pending(Box<ApprovalRecord>),
    Refused(Box<Assessment>, String),
}

impl Guard {
    pub fn new(registry: Registry, store: Store, settings: GuardSettings) -> Self {
        Self {
            registry,
            policy: settings.policy,
            sandbox: settings.sandbox.map(Arc::new),
            containment: settings.containment,
            broker: approvals::Broker::new(store.clone()),
            audit: audit::AuditLog::new(store),
            approval_ttl: settings.approval_ttl,
            notifier: notify::legacy_webhook(settings.webhook_url.as_deref()),
            metrics: None,
            require_second_person: false,
            remote: None,
            clock: Clock::system(),
            offered: Default::default(),
            claims: Default::default(),
        }
    }

    /// When this guard claimed approval `id`'s execution, in Unix nanoseconds on the wall clock
    /// (the Docker daemon's), if it did and still remembers it: the store keeps that moment in
    /// whole seconds only.
    pub fn claimed_at_nanos(&self, id: &str) -> Option<i64> {
        self.claims.at(id)
    }

    /// Judges approval lifetimes and stamps audit rows by `clock` (the system's by default; a
    /// test's to move time forward).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The clock this guard judges time by (the monitor and the server share it).
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Sends calls that name a fleet agent in `host` to `remote`, after deciding on them here.
    pub fn with_remote_hosts(mut self, remote: Arc<dyn RemoteHosts>) -> Self {
        self.remote = Some(remote);
        // Offered schemas gain a `host` argument with a fleet.
        self.offered = Default::default();
        self
    }

    /// Sends approval notifications through `notifier` (replacing any legacy webhook).
    pub fn with_notifier(mut self, notifier: warden_notify::Notifier) -> Self {
        self.notifier = notifier;
        self
    }

    /// Counts decisions and tool runs in `metrics`.
    pub fn with_metrics(mut self, metrics: warden_metrics::Metrics) -> Self {
        self.metrics = Some(metrics);
        self
    }

    /// The metrics this guard counts in, if any (the monitor shares them).
    pub fn metrics(&self) -> Option<&warden_metrics::Metrics> {
        self.metrics.as_ref()
    }

    /// The notifier approvals are announced through (the monitor shares it).
    pub fn notifier(&self) -> &warden_notify::Notifier {
        &self.notifier
    }

    /// Turns the four-eyes rule on or off (`guard.require_second_person`): when on, an approval
    /// must come from someone other than the user who asked (themselves or through one of their
    /// API keys); they may still deny it.
    pub fn with_second_person_rule(mut self, required: bool) -> Self {
        self.require_second_person = required;
        self
    }

    /// Whether `viewer` may see `approval`: its requester (the user, through a session or one
    /// of their API keys) and holders of the `approve` scope; nobody else.
    pub fn may_see(approval: &ApprovalRecord, viewer: &ToolContext) -> bool {
        viewer.allows(warden_protocol::Scope::Approve)
            || viewer.user_id().is_some_and(|user| {
                warden_store::requester_of(&approval.actor).as_deref() == Some(user)
            })
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Whether medium calls can run sandboxed (runsc present).
    pub fn sandbox_available(&self) -> bool {
        self.sandbox.is_some()
    }

    /// Whether low calls' host programs can run contained.
    pub fn containment_available(&self) -> bool {
        self.containment.is_ok()
    }

    fn host_containment(&self) -> HostContainment<'_> {
        match &self.containment {
            Ok(_) => HostContainment::Available,
            Err(why) => HostContainment::Unavailable(why),
        }
    }

    /// How a call that was not approved by a human may start host programs.
    pub(super) fn unapproved_host_access(&self) -> HostAccess {
        match &self.containment {
            Ok(containment) => HostAccess::Contained(containment.clone()),
            Err(why) => {
                HostAccess::Refused(format!("this machine cannot contain host programs ({why})"))
            }
        }
    }

    /// The decision for a call, without running or recording anything.
    pub fn assess(&self, tool: &str, arguments: &Value, context: &ToolContext) -> Assessment {
        let assessment = assess(
            &self.registry,
            &self.policy,
            self.sandbox.is_some(),
            self.host_containment(),
            tool,
            arguments,
            context,
        );
        self.refuse_unreachable_host(tool, assessment)
    }

    /// A call for a fleet host this hub cannot reach (no fleet, or no agent of that name) is
    /// refused before anything else happens: it never falls back to running here.
    fn refuse_unreachable_host(&self, tool: &str, assessment: Assessment) -> Assessment {
        let Some(spec) = self.registry.get(tool).map(|t| t.spec()) else {
            return assessment;
        };
        let Ok((_, Some(host))) = split_host(&spec.parameters, &assessment.arguments) else {
            return assessment;
        };
        let why = match &self.remote {
            None => format!(
                "'{tool}' was asked to run on host '{host}', but this server has no fleet (fleet.nats_url)"
            ),
            Some(remote) if !remote.knows(&host) => {
                format!("there is no fleet agent named '{host}'")
            }
            Some(_) => return assessment,
        };
        Assessment {
            risk: assessment.risk,
            route: Route::Refused,
            rule: "fleet-host".to_owned(),
            justification: why,
            alternative: Some(
                "name a host listed by GET /api/v1/hosts, or leave `host` out to run here"
                    .to_owned(),
            ),
            notes: assessment.notes,
            arguments: assessment.arguments,
            refusal_code: Some(ToolErrorCode::Refused),
            granted: false,
        }
    }

    /// Appends an event that is not a tool call (a task run, a webhook delivery) to the audit
    /// log: `actor` as the log shows it (`user:NAME`, `schedule`, `hook:NAME`), `subject` where
    /// the tool goes (`task:NAME`, `hook:NAME`).
    pub async fn audit_event(
        &self,
        actor: &str,
        event: warden_protocol::AuditEvent,
        subject: &str,
        arguments: &Value,
        outcome: warden_protocol::AuditOutcome,
        detail: &str,
    ) -> Result<(), warden_store::StoreError> {
        self.audit
            .append_event(
                actor,
                event,
                subject,
                arguments,
                outcome,
                detail,
                self.clock.now(),
            )
            .await
    }

    /// Withdraws approval `id` if its call has not run (pending, or approved and not yet claimed
    /// for execution): what it was asked for is no longer wanted (the incident whose repair it is
    /// closed). Audited and announced like any settlement, `reason` kept as the approval's reason.
    /// `None` when it had already run, was running or was settled otherwise; errors are the
    /// store's.
    pub async fn withdraw_unrun(
        &self,
        id: &str,
        reason: &str,
        by: &ToolContext,
    ) -> Result<Option<ApprovalRecord>, warden_store::StoreError> {
        let withdrawn = self
            .broker
            .store()
            .withdraw_unrun_approval_because(id, reason, self.clock.now())
            .await?;
        if let Some(record) = &withdrawn {
            self.record_settled(record, by).await;
        }
        Ok(withdrawn)
    }

    /// Approves or denies a pending approval once, records the decision and notifies. An
    /// approval nobody in this process waits on is executed by the sweeper.
    #[tracing::instrument(name = "approval_decide", skip_all, fields(approval_id = id, approve))]
    pub async fn decide(
        &self,
        id: &str,
        approve: bool,
        decider: &ToolContext,
        reason: Option<&str>,
        expected_hash: Option<&str>,
    ) -> Result<Result<ApprovalRecord, DecideError>, warden_store::StoreError> {
        let not_requested_by = self
            .require_second_person
            .then(|| decider.user_id())
            .flatten();
        // An approval runs with its requester's rights as they are now: one whose key was
        // revoked, whose user was disabled or whose scope was removed is withdrawn, not run.
        if approve
            && let Some(current) = self.broker.store().get_approval(id).await?
            && current.status == ApprovalStatus::Pending
            && let Some(requester) = execute::requester_context(&current)
            && let Some((_, reason)) = self
                .withdraw_if_requester_ended(&current, &requester)
                .await?
        {
            return Ok(Err(DecideError::RequesterEnded(reason)));
        }
        let decided = self
            .broker
            .decide(
                id,
                approve,
                &actor_label(decider),
                reason,
                expected_hash,
                not_requested_by,
                self.clock.now(),
            )
            .await?;
        match &decided {
            Ok(record) => self.record_settled(record, decider).await,
            // Refused because its time is up: expired (audited, announced) through the one
            // expiry path, which also takes any other approval whose time is up.
            Err(DecideError::Settled(ApprovalStatus::Expired)) => {
                self.sweep_expired().await;
            }
            Err(_) => {}
        }
        Ok(decided)
    }
}

/// A tool's schema as the model sees it: the tool's own arguments, plus, for tools that change
/// something, the optional [`REQUESTED_RISK_ARGUMENT`] with the values that can raise a call's
/// level (the guard strips it before the tool runs, and a value below the policy's level changes
/// nothing). Read-only tools do not offer it: small models fill in every optional argument, and a
/// read-only call asked to be treated as medium (it cannot run in the sandbox) would wait for a
/// human for nothing. The guard still honours the argument on any call.
pub fn schema_for_model(parameters: &Value, effect: warden_tool_api::Effect) -> Value {
    let mut schema = parameters.clone();
    if effect == warden_tool_api::Effect::ReadOnly {
        return schema;
    }
    if let Some(object) = schema.as_object_mut() {
        let properties = object
            .entry("properties")
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        if let Some(properties) = properties.as_object_mut() {
            properties.insert(
                REQUESTED_RISK_ARGUMENT.to_owned(),
                serde_json::json!({"type": "string", "enum": ["medium", "high"]}),
            );
        }
    }
    schema
}

impl Guard {
    /// The definitions offered to `scopes`: each tool's schema as the model sees it.
    fn make_offered(&self, scopes: &warden_protocol::ScopeSet) -> Arc<[ToolDefinition]> {
        self.registry
            .visible_to(scopes)
            .map(|tool| {
                let spec = tool.spec();
                let mut parameters = schema_for_model(&spec.parameters, spec.effect);
                // With a fleet, every tool can be sent to an agent.
                if self.remote.is_some() {
                    parameters = hosts::with_host_argument(parameters, &spec.parameters);
                }
                ToolDefinition {
                    name: spec.name.to_owned(),
                    description: spec.description.to_owned(),
                    parameters: Arc::new(parameters),
                }
            })
            .collect()
    }
}

impl Orchestrator for Guard {
    fn offered(&self, context: &ToolContext) -> Arc<[ToolDefinition]> {
        let mut made = self.offered.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(offered) = made.get(&context.scopes) {
            return offered.clone();
        }
        let offered = self.make_offered(&context.scopes);
        if made.len() >= OFFERED_SETS {
            made.clear();
        }
        made.insert(context.scopes.clone(), offered.clone());
        offered
    }

    fn run_ended<'a>(
        &'a self,
        context: &'a ToolContext,
        reason: &'a str,
    ) -> BoxFuture<'a, Vec<warden_protocol::chat::ApprovalResolved>> {
        Box::pin(self.withdraw_run(context, reason))
    }

    fn caller_ended<'a>(
        &'a self,
        context: &'a ToolContext,
    ) -> BoxFuture<'a, Option<(warden_protocol::RunErrorCode, String)>> {
        Box::pin(async move {
            match self.credential_ended(context).await {
                Ok(why) => why.map(|why| {
                    (
                        warden_protocol::RunErrorCode::SessionEnded,
                        format!("the run was stopped: {why}"),
                    )
                }),
                // Fail closed: a run whose caller cannot be checked does not go on.
                Err(error) => Some((
                    warden_protocol::RunErrorCode::StorageUnavailable,
                    format!(
                        "the run was stopped: its caller's credential could not be checked ({error})"
                    ),
                )),
            }
        })
    }

    #[tracing::instrument(name = "guard_classify", level = "debug", skip_all, fields(run_id = context.run_id.as_deref(), call_id = %call.id, tool = %call.name))]
    fn classify(&self, call: &ToolCall, context: &ToolContext) -> Classification {
        let assessment = self.assess(&call.name, &call.arguments, context);
        Classification {
            risk: assessment.risk,
            route: assessment.route,
            assessment: Box::new(assessment),
        }
    }

    fn execute<'a>(
        &'a self,
        call: &'a ToolCall,
        context: &'a ToolContext,
        classification: &'a Classification,
        notices: &'a Notices,
    ) -> BoxFuture<'a, ToolOutcome> {
        Box::pin(self.execute_call(call, context, &classification.assessment, notices))
    }
}
