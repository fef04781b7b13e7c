//! The MCP server handler: lists the tools the caller's scopes allow and runs calls through the
//! guard, exactly as `POST /api/v1/tools/{name}/invoke` does.

use std::sync::Arc;

use rmcp::ErrorData;
use rmcp::ServerHandler;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{RequestContext, RoleServer};
use serde_json::{Value, json};
use warden_core::Invoked;
use warden_protocol::{Scope, ToolErrorCode};

use crate::auth::Principal;
use crate::chat::tool_context;
use crate::routes::approvals::approval_view;
use crate::state::AppState;

/// The one tool of Warden's own: how an approval stands and what the approved call produced.
pub const APPROVAL_TOOL: &str = "warden_approval";

const INSTRUCTIONS: &str = "Warden's operations tools. Every call passes Warden's guard: low-risk \
calls run at once, medium ones in a sandbox, high ones wait for a human's approval (the result \
says so with the approval id; nothing has run yet: call warden_approval with that id later to \
learn the decision and the outcome), forbidden ones are refused with the rule and an alternative.";

/// Who the calls are made for.
#[derive(Clone)]
enum Credential {
    /// HTTP: the principal the authentication layer put in each request's extensions.
    PerRequest,
    /// stdio: this API key, checked again on every request (a revoked key stops at once).
    ApiKey(Arc<String>),
}

#[derive(Clone)]
/// The MCP server handler, one per HTTP request or stdio session.
pub struct WardenMcp {
    state: AppState,
    credential: Credential,
}

impl WardenMcp {
    /// For `/mcp`: the caller is each request's authenticated principal.
    pub fn for_http(state: AppState) -> Self {
        Self {
            state,
            credential: Credential::PerRequest,
        }
    }

    /// For `warden mcp`: the caller is this API key, checked on every request.
    pub fn for_api_key(state: AppState, key: String) -> Self {
        Self {
            state,
            credential: Credential::ApiKey(Arc::new(key)),
        }
    }

    async fn principal(
        &self,
        context: &RequestContext<RoleServer>,
    ) -> Result<Principal, ErrorData> {
        let principal = match &self.credential {
            Credential::PerRequest => context
                .extensions
                .get::<axum::http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<Principal>())
                .cloned()
                .ok_or_else(|| ErrorData::invalid_request("not authenticated", None))?,
            Credential::ApiKey(key) => crate::auth::principal::from_api_key(&self.state, key)
                .await
                .map_err(|e| ErrorData::invalid_request(e.message().to_owned(), None))?,
        };
        if !principal.scopes.allows(Scope::Read) {
            return Err(ErrorData::invalid_request(
                "this credential lacks the 'read' scope",
                None,
            ));
        }
        Ok(principal)
    }
}

fn object(value: &Value) -> Arc<JsonObject> {
    Arc::new(value.as_object().cloned().unwrap_or_default())
}

fn approval_tool() -> Tool {
    Tool::new(
        APPROVAL_TOOL,
        "How a call that waited for approval stands: pending, approved, denied or expired, who \
         decided and why, and once it ran, what it produced. Only the approval's requester or a \
         holder of the approve scope may read it.",
        object(&json!({
            "type": "object",
            "properties": {"approval_id": {"type": "string", "description": "The id a held call answered with."}},
            "required": ["approval_id"],
            "additionalProperties": false
        })),
    )
}

fn result(text: String, structured: Value, is_error: bool) -> CallToolResponse {
    let mut result = if is_error {
        CallToolResult::error(vec![ContentBlock::text(text)])
    } else {
        CallToolResult::success(vec![ContentBlock::text(text)])
    };
    result.structured_content = Some(structured);
    result.into()
}

impl ServerHandler for WardenMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("warden", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let principal = self.principal(&context).await?;
        let mut tools: Vec<Tool> = self
            .state
            .guard
            .registry()
            .visible_to(&principal.scopes)
            .map(|tool| {
                let spec = tool.spec();
                Tool::new(spec.name, spec.description, object(&spec.parameters))
            })
            .collect();
        tools.push(approval_tool());
        Ok(ListToolsResult::with_all_items(tools))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let principal = self.principal(&context).await?;
        let arguments = Value::Object(request.arguments.unwrap_or_default());
        if request.name == APPROVAL_TOOL {
            return self.approval(&principal, &arguments).await;
        }
        let name = request.name.to_string();
        let context = tool_context(&principal);
        let guard = &self.state.guard;
        match guard.invoke(&name, &arguments, &context).await {
            Invoked::Done(outcome, assessment) => {
                let text = outcome.output.clone();
                Ok(result(
                    text,
                    json!({
                        "status": "done",
                        "tool": name,
                        "risk": assessment.risk,
                        "route": assessment.route.as_str(),
                        "ok": outcome.ok,
                        "output": outcome.output,
                        "data": outcome.data,
                        "truncated": outcome.truncated,
                        "error_code": outcome.error_code,
                        "duration_ms": outcome.duration_ms,
                    }),
                    !outcome.ok,
                ))
            }
            Invoked::Pending(approval) => {
                let view = approval_view(*approval);
                let text = format!(
                    "NOT RUN YET: '{}' waits for a human's approval (risk {}, rule {}: {}). \
                     Approval id: {}. It runs once approved and expires unapproved at {} (Unix \
                     time). Call {APPROVAL_TOOL} with this id to learn the decision and the outcome.",
                    view.tool, view.risk, view.rule, view.justification, view.id, view.expires_at
                );
                Ok(result(
                    text,
                    json!({
                        "status": "pending_approval",
                        "approval_id": view.id,
                        "tool": view.tool,
                        "risk": view.risk,
                        "rule": view.rule,
                        "justification": view.justification,
                        "expires_at": view.expires_at,
                    }),
                    false,
                ))
            }
            Invoked::Refused(assessment, message) => {
                if assessment.refusal_code == Some(ToolErrorCode::UnknownTool) {
                    return Err(ErrorData::invalid_params(
                        format!("there is no tool named '{name}'"),
                        None,
                    ));
                }
                Ok(result(
                    message.clone(),
                    json!({
                        "status": "refused",
                        "tool": name,
                        "code": assessment.refusal_code.unwrap_or(ToolErrorCode::Refused),
                        "risk": assessment.risk,
                        "rule": assessment.rule,
                        "message": message,
                    }),
                    true,
                ))
            }
        }
    }
}

impl WardenMcp {
    async fn approval(
        &self,
        principal: &Principal,
        arguments: &Value,
    ) -> Result<CallToolResponse, ErrorData> {
        let Some(id) = arguments.get("approval_id").and_then(Value::as_str) else {
            return Err(ErrorData::invalid_params(
                "approval_id (a string) is required",
                None,
            ));
        };
        self.state.guard.sweep_expired().await;
        let record = self
            .state
            .store
            .get_approval(id)
            .await
            .map_err(|_| ErrorData::internal_error("the approvals cannot be read now", None))?;
        let visible = record.filter(|record| {
            let requester = serde_json::from_str::<Value>(&record.actor)
                .ok()
                .and_then(|actor| {
                    actor
                        .get("user_id")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                });
            principal.scopes.allows(Scope::Approve)
                || requester.as_deref() == Some(principal.user_id.as_str())
        });
        let Some(record) = visible else {
            return Err(ErrorData::invalid_params(
                format!("no approval {id} of yours"),
                None,
            ));
        };
        let view = approval_view(record);
        let mut text = format!(
            "Approval {} for '{}' is {}",
            view.id, view.tool, view.status
        );
        if let Some(by) = &view.decided_by {
            text.push_str(&format!(" (by {by}"));
            if let Some(reason) = &view.reason {
                text.push_str(&format!(": {reason}"));
            }
            text.push(')');
        }
        text.push('.');
        if let Some(outcome) = &view.outcome {
            text.push_str(&format!(
                " It ran: {}",
                outcome.get("output").and_then(Value::as_str).unwrap_or("")
            ));
        }
        let structured = serde_json::to_value(&view).unwrap_or(Value::Null);
        Ok(result(text, structured, false))
    }
}
