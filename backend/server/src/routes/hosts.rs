//! `/api/v1/hosts`: the fleet's edge agents, with their state, facts and last readings.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use warden_protocol::fleet::HostList;

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::http::{ApiError, ApiJson};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/hosts", get(list))
}

#[utoipa::path(get, path = "/api/v1/hosts", tag = "fleet",
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = HostList)))]
pub async fn list(
    State(state): State<AppState>,
    Require(..): Require<scopes::Read>,
) -> Result<ApiJson<HostList>, ApiError> {
    Ok(ApiJson(match &state.fleet {
        Some(fleet) => fleet.host_list(),
        None => HostList { hosts: Vec::new() },
    }))
}
