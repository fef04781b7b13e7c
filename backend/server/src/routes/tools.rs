//! `/api/v1/tools`: the catalogue of tools the caller may use, and invoking one through the guard.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use warden_core::Invoked;
use warden_protocol::guard::{Approval, InvokeRequest, InvokeResult};
use warden_protocol::tools::{ToolInfo, ToolList};
use warden_protocol::{ErrorCode, ToolErrorCode};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::chat::tool_context;
use crate::http::{ApiError, ApiJson};
use crate::routes::approvals::approval_view;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/tools", get(list))
}

/// Invocations run as long as the tool's own time limit allows, not the request timeout.
pub fn invoke_router() -> Router<AppState> {
    Router::new().route("/tools/{name}/invoke", post(invoke))
}

/// The tools the caller's scopes allow, with their argument schemas, scope, effect and limits.
#[utoipa::path(get, path = "/api/v1/tools", tag = "tools", security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = ToolList), (status = 401, body = warden_protocol::ErrorBody), (status = 403, body = warden_protocol::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
) -> ApiJson<ToolList> {
    let tools = state
        .tools
        .visible_to(&caller.scopes)
        .map(|tool| {
            let spec = tool.spec();
            ToolInfo {
                name: spec.name.to_owned(),
                description: spec.description.to_owned(),
                parameters: spec.parameters.clone(),
                scope: spec.scope,
                effect: spec.effect.as_str().to_owned(),
                sandboxable: spec.sandboxable,
                timeout_secs: spec.timeout.as_secs(),
            }
        })
        .collect();
    ApiJson(ToolList { tools })
}

/// Runs one tool through the guard: 200 with the result (low risk on the host, medium in the
/// sandbox), 202 with the approval a human must decide (high), 403 when the policy forbids it.
#[utoipa::path(post, path = "/api/v1/tools/{name}/invoke", tag = "tools", params(("name" = String, Path)),
    request_body = InvokeRequest, security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses(
        (status = 200, body = InvokeResult),
        (status = 202, body = Approval, description = "Waiting for approval; executed once approved"),
        (status = 403, body = warden_protocol::ErrorBody, description = "Forbidden by policy (code refused) or by scope (code forbidden)"),
        (status = 404, body = warden_protocol::ErrorBody),
        (status = 422, body = warden_protocol::ErrorBody),
    ))]
pub async fn invoke(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    Path(name): Path<String>,
    ApiJson(request): ApiJson<InvokeRequest>,
) -> Result<Response, ApiError> {
    if !request.args.is_object() {
        return Err(ApiError::validation("args must be a JSON object"));
    }
    let context = tool_context(&caller);
    match state.guard.invoke(&name, &request.args, &context).await {
        Invoked::Done(outcome, assessment) => {
            if outcome.error_code == Some(ToolErrorCode::AuditUnavailable) {
                return Err(ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Unavailable,
                    outcome.output,
                ));
            }
            Ok(ApiJson(InvokeResult {
                tool: name,
                risk: assessment.risk,
                route: assessment.route,
                ok: outcome.ok,
                output: outcome.output,
                data: outcome.data,
                truncated: outcome.truncated,
                error_code: outcome.error_code,
                duration_ms: outcome.duration_ms,
            })
            .into_response())
        }
        Invoked::Pending(approval) => {
            Ok((StatusCode::ACCEPTED, ApiJson(approval_view(*approval))).into_response())
        }
        Invoked::Refused(assessment, message) => Err(match assessment.refusal_code {
            Some(ToolErrorCode::UnknownTool) => ApiError::not_found("tool"),
            Some(ToolErrorCode::Forbidden) => ApiError::forbidden(message),
            None | Some(_) => ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Refused, message),
        }),
    }
}
