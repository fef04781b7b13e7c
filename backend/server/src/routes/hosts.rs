//! `/api/v1/hosts`: the fleet's edge agents, with their state, facts and last readings, and the
//! calls the hub sent them (recorded before they were queued, with their results once stored).

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use serde::Deserialize;
use warden_fleet::{AgentName, CallId};
use warden_protocol::fleet::{FleetCall, FleetCallList, HostList};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::fleet::calls::CallRecordError;
use crate::http::{ApiError, ApiJson, ApiQuery};
use crate::state::AppState;

/// The most calls one listing returns.
const MAX_CALLS_LISTED: i64 = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/hosts", get(list))
        .route("/hosts/{name}/calls", get(calls))
        .route("/hosts/{name}/calls/{id}", get(call))
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

/// `?limit=` of the calls listing.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CallsQuery {
    /// At most this many calls, newest first (1 to 200, default 50).
    pub limit: Option<i64>,
}

fn agent_name(name: &str) -> Result<AgentName, ApiError> {
    AgentName::parse(name).map_err(|e| ApiError::validation(e.to_string()))
}

fn record_error(error: CallRecordError) -> ApiError {
    match error {
        CallRecordError::Store(e) => e.into(),
        CallRecordError::Fleet(e) => ApiError::internal(e),
    }
}

#[utoipa::path(get, path = "/api/v1/hosts/{name}/calls", tag = "fleet",
    params(("name" = String, Path, description = "The agent's name"), CallsQuery),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = FleetCallList),
        (status = 422, body = warden_protocol::ErrorBody, description = "The name or the limit is invalid")))]
pub async fn calls(
    State(state): State<AppState>,
    Require(..): Require<scopes::Read>,
    Path(name): Path<String>,
    ApiQuery(query): ApiQuery<CallsQuery>,
) -> Result<ApiJson<FleetCallList>, ApiError> {
    let name = agent_name(&name)?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=MAX_CALLS_LISTED).contains(&limit) {
        return Err(ApiError::validation(format!(
            "limit must be between 1 and {MAX_CALLS_LISTED}, not {limit}"
        )));
    }
    match &state.fleet {
        Some(fleet) => fleet
            .calls(name.as_str(), limit)
            .await
            .map(ApiJson)
            .map_err(record_error),
        None => Ok(ApiJson(FleetCallList { calls: Vec::new() })),
    }
}

#[utoipa::path(get, path = "/api/v1/hosts/{name}/calls/{id}", tag = "fleet",
    params(("name" = String, Path, description = "The agent's name"),
        ("id" = String, Path, description = "The call's id")),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = FleetCall),
        (status = 422, body = warden_protocol::ErrorBody, description = "The name or the id is invalid"),
        (status = 404, body = warden_protocol::ErrorBody, description = "No such call was sent to this agent")))]
pub async fn call(
    State(state): State<AppState>,
    Require(..): Require<scopes::Read>,
    Path((name, id)): Path<(String, String)>,
) -> Result<ApiJson<FleetCall>, ApiError> {
    let name = agent_name(&name)?;
    let id = CallId::parse(&id).map_err(|e| ApiError::validation(e.to_string()))?;
    let found = match &state.fleet {
        Some(fleet) => fleet
            .call(name.as_str(), id.as_str())
            .await
            .map_err(record_error)?,
        None => None,
    };
    found
        .map(ApiJson)
        .ok_or_else(|| ApiError::not_found("fleet call"))
}
