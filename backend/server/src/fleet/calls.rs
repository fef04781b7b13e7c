//! The calls the hub sends to agents, kept in the hub's store: recorded before they are queued,
//! completed once with the agent's result. A hub that restarts while a call waits in an
//! agent's queue still lists it, and stores its result when the agent answers (the results
//! stream keeps it 24 hours), by a pass over pending calls every few seconds or when the call is
//! read, whichever comes first.

use std::time::Duration;

use warden_fleet::{AgentName, CallErrorCode, CallId, CallRequest, CallResult, FleetError, Hub};
use warden_protocol::fleet::{FleetCall, FleetCallError, FleetCallResult, FleetCallState};
use warden_store::{FleetCallRecord, NewFleetCall, Store, StoreError};

/// How often pending calls are looked up in the results stream.
pub const RECONCILE_EVERY: Duration = Duration::from_secs(3);
/// The most pending calls looked up in one pass.
const RECONCILE_BATCH: i64 = 200;
/// How long the results stream keeps a result: a call sent longer ago than its expiry plus this
/// cannot be answered any more.
const RESULTS_KEPT_SECS: i64 = 24 * 60 * 60;

/// What can go wrong reading or completing a call.
#[derive(Debug, thiserror::Error)]
pub enum CallRecordError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Fleet(#[from] FleetError),
}

/// The row recorded before `call` is queued.
pub fn new_record(call: &CallRequest) -> NewFleetCall {
    NewFleetCall {
        id: call.call_id.to_string(),
        host: call.host.to_string(),
        tool: call.tool.clone(),
        requested_by: call.requested_by.clone(),
        sent_at: call.sent_at,
        expires_at: call.expires_at,
    }
}

/// The agent's result as the REST surface shows it, with secrets hidden like any tool output.
pub fn result_view(result: &CallResult) -> FleetCallResult {
    FleetCallResult {
        ok: result.ok,
        output: warden_secrets::redact_text(&result.output),
        truncated: result.truncated,
        data: warden_secrets::redact(&result.data),
        error_code: result.error_code.map(|code| match code {
            CallErrorCode::Refused => FleetCallError::Refused,
            CallErrorCode::Expired => FleetCallError::Expired,
            CallErrorCode::Duplicate => FleetCallError::Duplicate,
            CallErrorCode::WrongHost => FleetCallError::WrongHost,
            CallErrorCode::Failed => FleetCallError::Failed,
        }),
        duration_ms: result.duration_ms,
        finished_at: result.finished_at,
    }
}

/// A stored row as the REST surface shows it. A stored result that no longer parses (written by
/// another version) is shown as queued rather than guessed at, and logged.
pub fn view(record: FleetCallRecord) -> FleetCall {
    let result = record.result_json.as_deref().and_then(|json| {
        serde_json::from_str::<FleetCallResult>(json)
            .map_err(|e| tracing::warn!(call_id = %record.id, error = %e, "a stored fleet result does not parse"))
            .ok()
    });
    FleetCall {
        state: if result.is_some() {
            FleetCallState::Done
        } else {
            FleetCallState::Queued
        },
        id: record.id,
        host: record.host,
        tool: record.tool,
        requested_by: record.requested_by,
        sent_at: record.sent_at,
        expires_at: record.expires_at,
        result,
    }
}

/// Stores `result` for its call unless a result is stored already; true when this stored it.
pub async fn complete(store: &Store, result: &CallResult) -> Result<bool, StoreError> {
    let json = serde_json::to_string(&result_view(result)).unwrap_or_default();
    store
        .finish_fleet_call(result.call_id.as_str(), &json, warden_fleet::ledger::now())
        .await
}

/// Completes the record of a call the hub could not queue (NATS refused or was unreachable),
/// as failed with the reason; logged when even that cannot be stored.
pub async fn not_queued(store: &Store, call: &CallRequest, error: &FleetError) {
    let now = warden_fleet::ledger::now();
    let result = FleetCallResult {
        ok: false,
        output: format!("the hub could not queue the call: {error}"),
        truncated: false,
        data: serde_json::Value::Null,
        error_code: Some(FleetCallError::Failed),
        duration_ms: 0,
        finished_at: now,
    };
    let json = serde_json::to_string(&result).unwrap_or_default();
    if let Err(e) = store
        .finish_fleet_call(call.call_id.as_str(), &json, now)
        .await
    {
        tracing::error!(call_id = %call.call_id, error = %e, "cannot record that a fleet call was not queued");
    }
}

/// Looks a pending call's result up in the results stream and stores it when there; the row as
/// it stands afterwards.
pub async fn resolve(
    store: &Store,
    hub: &Hub,
    record: FleetCallRecord,
) -> Result<FleetCallRecord, CallRecordError> {
    // Answered already, or past the time any answer would still be in the stream.
    if record.result_json.is_some()
        || warden_fleet::ledger::now() > record.expires_at.saturating_add(RESULTS_KEPT_SECS)
    {
        return Ok(record);
    }
    let (Ok(host), Ok(id)) = (AgentName::parse(&record.host), CallId::parse(&record.id)) else {
        return Ok(record);
    };
    let Some(result) = hub.result(&host, &id).await? else {
        return Ok(record);
    };
    if complete(store, &result).await? {
        tracing::info!(host = %host, call_id = %id, ok = result.ok, "stored a fleet call's result");
    }
    Ok(store
        .fleet_call(&record.host, &record.id)
        .await?
        .unwrap_or(record))
}

/// One pass over pending calls that can still be answered.
pub async fn reconcile(store: &Store, hub: &Hub, max_expiry: Duration) {
    let oldest = warden_fleet::ledger::now()
        .saturating_sub(RESULTS_KEPT_SECS)
        .saturating_sub(i64::try_from(max_expiry.as_secs()).unwrap_or(i64::MAX));
    let pending = match store.pending_fleet_calls(oldest, RECONCILE_BATCH).await {
        Ok(pending) => pending,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the pending fleet calls");
            return;
        }
    };
    for record in pending {
        if let Err(e) = resolve(store, hub, record).await {
            tracing::warn!(error = %e, "cannot store a fleet call's result");
        }
    }
}
