//! Deciding an approval, for every way a human decides (REST and the WebSocket alike): the
//! reason bounded, then the guard's once-only decision, its refusals as [`RunError`]s.

use warden_protocol::ApprovalStatus;
use warden_protocol::text::fields;
use warden_store::ApprovalRecord;
use warden_tool_api::ToolContext;

use super::RunError;
use crate::Guard;
use crate::guard::DecideError;

/// Longest reason a decision may carry, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

/// Whether a decision's reason may be stored: bounded, and text that shows as itself (it is read
/// again in the approvals list, the audit log and notifications). Every way to decide checks it.
pub fn check_reason(reason: Option<&str>) -> Result<(), RunError> {
    let Some(reason) = reason else {
        return Ok(());
    };
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(RunError::ReasonTooLong);
    }
    fields::DECISION_REASON.check(reason)?;
    Ok(())
}

/// Approves (or denies) the pending approval `id` as `decider`; `arguments_hash`, when given,
/// must be the hash of the arguments the approval holds. The caller checks the `approve` scope
/// first. Returns the approval as decided.
pub async fn decide_approval(
    guard: &Guard,
    decider: &ToolContext,
    id: &str,
    approve: bool,
    reason: Option<&str>,
    arguments_hash: Option<&str>,
) -> Result<ApprovalRecord, RunError> {
    check_reason(reason)?;
    match guard
        .decide(id, approve, decider, reason, arguments_hash)
        .await?
    {
        Ok(record) => Ok(record),
        Err(DecideError::NotFound) => Err(RunError::ApprovalNotFound),
        Err(DecideError::Settled(ApprovalStatus::Withdrawn)) => Err(RunError::ApprovalWithdrawn),
        Err(DecideError::Settled(status)) => Err(RunError::ApprovalSettled(status)),
        Err(DecideError::HashMismatch) => Err(RunError::ArgumentsHashMismatch),
        Err(DecideError::OwnRequest) => Err(RunError::OwnRequest),
        Err(DecideError::RequesterEnded(reason)) => Err(RunError::RequesterEnded(reason)),
    }
}
