//! `/api/v1/runbooks/proposals`: fixes that held for the same kind of incident often enough,
//! proposed as runbooks. An operator (`approve`) accepts one, and the monitor runs it like the
//! shipped runbooks (through the guard, within the target's budget), or rejects it.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use serde::Deserialize;
use warden_core::runs::check_reason;
use warden_protocol::RunbookState;
use warden_protocol::memory::{RunbookDecision, RunbookProposal, RunbookProposalList, RunbookStep};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::clock::now;
use crate::http::{ApiError, ApiJson, ApiQuery};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/runbooks/proposals", get(list))
        .route("/runbooks/proposals/{id}/accept", post(accept))
        .route("/runbooks/proposals/{id}/reject", post(reject))
}

pub fn proposal_view(record: warden_store::RunbookProposal) -> RunbookProposal {
    let steps = serde_json::from_str::<Vec<warden_core::monitor::learning::Step>>(&record.steps)
        .unwrap_or_default()
        .into_iter()
        // Shown with secrets redacted, like the audit log; the monitor runs the stored ones.
        .map(|s| RunbookStep {
            tool: s.tool,
            arguments: warden_core::guard::redact(&s.arguments),
        })
        .collect();
    RunbookProposal {
        id: record.id,
        kind: record.kind,
        steps,
        summary: record.summary,
        held_count: record.held_count,
        state: record.state,
        proposed_at: record.proposed_at,
        decided_by: record.decided_by,
        decided_at: record.decided_at,
        reason: record.reason,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProposalParams {
    /// `proposed`, `accepted` or `rejected`; all when absent.
    pub state: Option<String>,
}

/// Runbooks proposed from fixes that held, newest first.
#[utoipa::path(get, path = "/api/v1/runbooks/proposals", tag = "monitor", params(ProposalParams),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = RunbookProposalList), (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Require(..): Require<scopes::Read>,
    ApiQuery(params): ApiQuery<ProposalParams>,
) -> Result<ApiJson<RunbookProposalList>, ApiError> {
    let wanted = match params.state.as_deref().map(str::parse::<RunbookState>) {
        None => None,
        Some(Ok(wanted)) => Some(wanted),
        Some(Err(_)) => {
            return Err(ApiError::validation(format!(
                "state must be one of: {}",
                RunbookState::all()
                    .map(RunbookState::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    };
    let proposals = state
        .store
        .runbook_proposals(wanted)
        .await?
        .into_iter()
        .map(proposal_view)
        .collect();
    Ok(ApiJson(RunbookProposalList { proposals }))
}

/// Accepts a proposed runbook: the monitor runs it for its kind of incident from now on.
#[utoipa::path(post, path = "/api/v1/runbooks/proposals/{id}/accept", tag = "monitor", params(("id" = String, Path)),
    request_body = RunbookDecision, security(("bearer" = ["approve"]), ("api_key" = ["approve"])),
    responses((status = 200, body = RunbookProposal), (status = 404, body = warden_protocol::ErrorBody),
        (status = 409, body = warden_protocol::ErrorBody, description = "Decided already")))]
pub async fn accept(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Approve>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<RunbookDecision>,
) -> Result<ApiJson<RunbookProposal>, ApiError> {
    decide(
        &state,
        &caller.username,
        &id,
        RunbookState::Accepted,
        request,
    )
    .await
}

/// Rejects a proposed runbook: the monitor keeps asking the model for such incidents.
#[utoipa::path(post, path = "/api/v1/runbooks/proposals/{id}/reject", tag = "monitor", params(("id" = String, Path)),
    request_body = RunbookDecision, security(("bearer" = ["approve"]), ("api_key" = ["approve"])),
    responses((status = 200, body = RunbookProposal), (status = 404, body = warden_protocol::ErrorBody),
        (status = 409, body = warden_protocol::ErrorBody, description = "Decided already")))]
pub async fn reject(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Approve>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<RunbookDecision>,
) -> Result<ApiJson<RunbookProposal>, ApiError> {
    decide(
        &state,
        &caller.username,
        &id,
        RunbookState::Rejected,
        request,
    )
    .await
}

async fn decide(
    state: &AppState,
    by: &str,
    id: &str,
    decision: RunbookState,
    request: RunbookDecision,
) -> Result<ApiJson<RunbookProposal>, ApiError> {
    check_reason(request.reason.as_deref())?;
    let decided = state
        .store
        .decide_runbook(id, decision, by, request.reason.as_deref(), now())
        .await?;
    let record = state
        .store
        .runbook_proposal(id)
        .await?
        .ok_or_else(|| ApiError::not_found("runbook proposal"))?;
    if !decided {
        return Err(ApiError::conflict(format!(
            "the proposal is {} already; it is decided once",
            record.state
        )));
    }
    tracing::info!(proposal = %id, kind = %record.kind, decision = decision.as_str(), by, "runbook proposal decided");
    Ok(ApiJson(proposal_view(record)))
}
