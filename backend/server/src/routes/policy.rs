//! `/api/v1/policy/explain`: the guard's decision for a call, without running it.

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use warden_core::guard::Assessment;
use warden_protocol::guard::{ExplainRequest, Explanation};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::chat::tool_context;
use crate::http::{ApiError, ApiJson};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/policy/explain", post(explain))
}

pub fn explanation(tool: &str, assessment: Assessment) -> Explanation {
    Explanation {
        tool: tool.to_owned(),
        risk: assessment.risk,
        route: assessment.route,
        rule: assessment.rule,
        justification: assessment.justification,
        alternative: assessment.alternative,
        notes: assessment.notes,
    }
}

/// The risk, route, rule and justification the guard would give this call from this caller.
#[utoipa::path(post, path = "/api/v1/policy/explain", tag = "policy", request_body = ExplainRequest,
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = Explanation), (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn explain(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    ApiJson(request): ApiJson<ExplainRequest>,
) -> Result<ApiJson<Explanation>, ApiError> {
    if !request.args.is_object() {
        return Err(ApiError::validation("args must be a JSON object"));
    }
    let assessment = state
        .guard
        .assess(&request.tool, &request.args, &tool_context(&caller));
    Ok(ApiJson(explanation(&request.tool, assessment)))
}
