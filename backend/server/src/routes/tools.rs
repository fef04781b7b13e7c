//! `/api/v1/tools`: the catalogue of tools the caller may use.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use warden_protocol::tools::{ToolInfo, ToolList};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::http::ApiJson;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/tools", get(list))
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
