//! What can go wrong starting, following or deciding for a run. Each variant names what is wrong;
//! the messages are the ones clients read (the HTTP and WebSocket layers send them as they are).

use warden_protocol::ApprovalStatus;
use warden_store::StoreError;

use super::MAX_MESSAGE_CHARS;
use super::decide::MAX_REASON_CHARS;

/// The error of the run service and of approval decisions.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The message is empty (after trimming) or longer than [`MAX_MESSAGE_CHARS`].
    #[error("message must be 1 to {MAX_MESSAGE_CHARS} characters")]
    MessageLength,
    /// The request names a model the catalogue does not hold (`known`: the catalogue's names).
    #[error("{}", unknown_model(model, known))]
    UnknownModel { model: String, known: Vec<String> },
    /// A message or reason holds a character it may not (a control or an invisible one).
    #[error(transparent)]
    Text(#[from] warden_protocol::text::TextRefusal),
    /// No conversation of this id belongs to the caller.
    #[error("conversation not found")]
    ConversationNotFound,
    /// No run of this id belongs to the caller.
    #[error("run not found")]
    RunNotFound,
    /// A daily token budget is spent; it renews at the next UTC midnight, `renew_in_secs` away.
    #[error(
        "{what} is spent ({used} of {budget} tokens today); it renews at midnight UTC, in {renew_in_secs} s"
    )]
    BudgetSpent {
        /// Which budget, as a phrase ("your daily token budget").
        what: &'static str,
        used: u64,
        budget: u64,
        renew_in_secs: u64,
    },
    /// A decision's reason is longer than [`MAX_REASON_CHARS`].
    #[error("reason must be at most {MAX_REASON_CHARS} characters")]
    ReasonTooLong,
    /// No approval of this id that the caller may see.
    #[error("approval not found")]
    ApprovalNotFound,
    /// The run that asked ended, so the approval was withdrawn.
    #[error(
        "the approval was withdrawn: the run that asked for it has ended, so it can no longer run; ask again in a new run"
    )]
    ApprovalWithdrawn,
    /// The approval was decided (or expired) before.
    #[error("the approval is {0} already; a decision is made once")]
    ApprovalSettled(ApprovalStatus),
    /// The decider saw other arguments than the approval holds.
    #[error(
        "arguments_hash does not match the approval: it covers other arguments than the ones you saw"
    )]
    ArgumentsHashMismatch,
    /// The decider asked for the call themselves (or started the task it runs in for another
    /// user) and `guard.require_second_person` is on.
    #[error(
        "you asked for this call yourself or started the task it runs in; guard.require_second_person needs someone else to approve it (you may deny it)"
    )]
    OwnRequest,
    /// The requester's credential ended or lost the tool's scope: the approval was withdrawn.
    #[error("the approval was {0}; it did not run")]
    RequesterEnded(String),
    /// The database failed or cannot serve.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn unknown_model(model: &str, known: &[String]) -> String {
    if known.is_empty() {
        format!("unknown model '{model}': no model is configured")
    } else {
        format!("unknown model '{model}'; known: auto, {}", known.join(", "))
    }
}
