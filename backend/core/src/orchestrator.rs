//! The orchestrator: the only code that runs tools. The chat engine, the monitor's runbooks and
//! the REST invoke route all call it; the guard (policy, sandbox, approvals, audit) lives here.
//!
//! Until the guard is built, [`ReadOnlyOrchestrator`] fails closed: it offers and runs only tools
//! whose declared effect is read-only, and refuses every other call with the reason, so no
//! change to a system can happen without the guard's decision.

use std::time::Instant;

use futures_util::future::BoxFuture;
use serde_json::Value;
use warden_llm::{ToolCall, ToolDefinition};
use warden_tool_api::{Effect, Registry, ToolContext};

/// What running (or refusing) one call produced, for the model and for events.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolOutcome {
    pub call_id: String,
    pub name: String,
    pub ok: bool,
    /// The text the model reads.
    pub output: String,
    pub data: Value,
    pub truncated: bool,
    /// Set when the call did not run or failed: `unknown_tool`, `invalid_arguments`, `refused`...
    pub error_code: Option<String>,
    pub duration_ms: u64,
}

impl ToolOutcome {
    pub fn error(call: &ToolCall, code: &str, message: String) -> Self {
        Self {
            call_id: call.id.clone(),
            name: call.name.clone(),
            ok: false,
            output: message,
            data: Value::Null,
            truncated: false,
            error_code: Some(code.to_owned()),
            duration_ms: 0,
        }
    }
}

/// The orchestrator's decision for a call, shown with the call before anything runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    /// `low`, `medium`, `high`, `forbidden`, or `unknown` for a tool that does not exist.
    pub risk: String,
    /// `run`, `sandbox`, `approval` or `refused`.
    pub route: String,
}

/// The seam between deciding to act and acting.
pub trait Orchestrator: Send + Sync {
    /// The tools offered to the model for this caller.
    fn offered(&self, context: &ToolContext) -> Vec<ToolDefinition>;

    /// How a call would be handled, without running it.
    fn classify(&self, call: &ToolCall, context: &ToolContext) -> Classification;

    /// Decides on and, if allowed, runs one call.
    fn execute<'a>(
        &'a self,
        call: &'a ToolCall,
        context: &'a ToolContext,
    ) -> BoxFuture<'a, ToolOutcome>;
}

/// Runs read-only tools the caller's scopes allow; refuses everything else.
pub struct ReadOnlyOrchestrator {
    registry: Registry,
}

impl ReadOnlyOrchestrator {
    pub fn new(registry: Registry) -> Self {
        Self { registry }
    }
}

impl Orchestrator for ReadOnlyOrchestrator {
    fn offered(&self, context: &ToolContext) -> Vec<ToolDefinition> {
        self.registry
            .visible_to(&context.scopes)
            .filter(|tool| tool.spec().effect == Effect::ReadOnly)
            .map(|tool| {
                let spec = tool.spec();
                ToolDefinition {
                    name: spec.name.to_owned(),
                    description: spec.description.to_owned(),
                    parameters: spec.parameters.clone(),
                }
            })
            .collect()
    }

    fn classify(&self, call: &ToolCall, context: &ToolContext) -> Classification {
        let (risk, route) = match self.registry.get(&call.name) {
            None => ("unknown", "refused"),
            Some(tool) if !context.allows(tool.spec().scope) => ("high", "refused"),
            Some(tool) => match tool.spec().effect {
                Effect::ReadOnly => ("low", "run"),
                // Without the guard there is no sandbox and no approval: fail closed.
                Effect::Mutating | Effect::Destructive => ("high", "refused"),
            },
        };
        Classification {
            risk: risk.to_owned(),
            route: route.to_owned(),
        }
    }

    fn execute<'a>(
        &'a self,
        call: &'a ToolCall,
        context: &'a ToolContext,
    ) -> BoxFuture<'a, ToolOutcome> {
        Box::pin(async move {
            let Some(tool) = self.registry.get(&call.name) else {
                let names: Vec<String> =
                    self.offered(context).into_iter().map(|t| t.name).collect();
                return ToolOutcome::error(
                    call,
                    "unknown_tool",
                    format!(
                        "there is no tool named '{}'; the tools are: {}",
                        call.name,
                        names.join(", ")
                    ),
                );
            };
            let spec = tool.spec();
            if !context.allows(spec.scope) {
                return ToolOutcome::error(
                    call,
                    "forbidden",
                    format!(
                        "'{}' needs the '{}' scope, which this caller does not hold",
                        call.name, spec.scope
                    ),
                );
            }
            if spec.effect != Effect::ReadOnly {
                return ToolOutcome::error(
                    call,
                    "refused",
                    format!(
                        "'{}' changes the system ({}); such actions wait for the guard (policy, sandbox, approval), which is not active in this build, so only read-only tools run",
                        call.name,
                        spec.effect.as_str()
                    ),
                );
            }
            let started = Instant::now();
            let result = tool.call(call.arguments.clone(), context).await;
            let duration_ms = started.elapsed().as_millis() as u64;
            match result {
                Ok(output) => ToolOutcome {
                    call_id: call.id.clone(),
                    name: call.name.clone(),
                    ok: output.ok,
                    output: output.output,
                    data: output.data,
                    truncated: output.truncated,
                    error_code: None,
                    duration_ms,
                },
                Err(error) => ToolOutcome {
                    duration_ms,
                    ..ToolOutcome::error(call, error.code(), error.to_string())
                },
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use warden_protocol::Scope;
    use warden_tool_api::{RegistryBuilder, ToolContext};

    use super::*;

    fn orchestrator() -> ReadOnlyOrchestrator {
        let mut builder = RegistryBuilder::default();
        warden_tool_system::register(&mut builder);
        ReadOnlyOrchestrator::new(builder.build().unwrap_or_default())
    }

    #[test]
    fn offers_only_read_only_tools_the_scopes_allow() {
        let orchestrator = orchestrator();
        let nobody = ToolContext::user("u", []);
        assert!(
            orchestrator.offered(&nobody).is_empty(),
            "no scope, no tool"
        );
        let reader = ToolContext::user("u", [Scope::Read]);
        let names: Vec<String> = orchestrator
            .offered(&reader)
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert!(names.contains(&"system_info".to_owned()));
        assert!(
            !names.contains(&"run_command".to_owned())
                && !names.contains(&"process_kill".to_owned())
        );
        let admin = ToolContext::user("u", [Scope::Admin]);
        assert_eq!(
            orchestrator.offered(&admin).len(),
            names.len(),
            "more scopes do not unlock changes without the guard"
        );
    }

    #[tokio::test]
    async fn refuses_changes_and_unknown_tools_before_running_anything() {
        let orchestrator = orchestrator();
        let admin = ToolContext::user("u", [Scope::Admin]);
        let call = |name: &str, args| ToolCall {
            id: "c1".to_owned(),
            name: name.to_owned(),
            arguments: args,
        };
        let kill = call("process_kill", json!({"pid": 1234567}));
        assert_eq!(
            orchestrator.classify(&kill, &admin),
            Classification {
                risk: "high".to_owned(),
                route: "refused".to_owned()
            }
        );
        let refused = orchestrator.execute(&kill, &admin).await;
        assert_eq!(refused.error_code.as_deref(), Some("refused"));
        let unknown = orchestrator
            .execute(&call("format_disk", json!({})), &admin)
            .await;
        assert_eq!(unknown.error_code.as_deref(), Some("unknown_tool"));
        let reader_only = ToolContext::user("u", [Scope::Read]);
        let info = call("system_info", json!({}));
        assert_eq!(orchestrator.classify(&info, &reader_only).route, "run");
        let no_scope = orchestrator
            .execute(&info, &ToolContext::user("u", []))
            .await;
        assert_eq!(no_scope.error_code.as_deref(), Some("forbidden"));
    }
}
