//! The few-valued fields of the wire. Each spelling is written once, by the derives: serde and
//! strum both spell every variant in `snake_case`, and the test below holds them to each other,
//! so `as_str`, `Display`, `FromStr` and JSON never disagree. The generated TypeScript carries
//! each of these as a union of string literals.

use serde::{Deserialize, Serialize};

/// Derives what every wire value has: serde and strum in `snake_case`, the TypeScript union, the
/// OpenAPI schema, and `as_str` for logs, metrics labels and stored columns.
macro_rules! wire_value {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident,)+ }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS,
            strum::IntoStaticStr, strum::EnumString, strum::EnumIter, strum::Display,
        )]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            /// The wire spelling, as serialised.
            pub fn as_str(self) -> &'static str {
                self.into()
            }

            /// Every value, in declaration order.
            pub fn all() -> impl Iterator<Item = Self> {
                <Self as strum::IntoEnumIterator>::iter()
            }
        }
    };
}

wire_value! {
    /// How dangerous a call is, as the guard decided: `unknown` for a tool that does not exist.
    pub enum Risk {
        /// Read-only, runs at once.
        Low,
        /// Unknown or contained; runs in the sandbox.
        Medium,
        /// Changes the system; waits for a human.
        High,
        /// Never runs.
        Forbidden,
        /// No such tool: refused before any level applies.
        Unknown,
    }
}

wire_value! {
    /// Where a call goes. Ordered from least to most restrictive, so the stricter of two is `max`.
    #[derive(PartialOrd, Ord)]
    pub enum Route {
        /// At once, on the host.
        Run,
        /// In the gVisor sandbox.
        Sandbox,
        /// After a human approves it.
        Approval,
        /// Never.
        Refused,
    }
}

wire_value! {
    /// Where a chat run stands.
    pub enum RunStatus {
        /// Still working.
        Running,
        /// Waiting for a human to decide an approval (reported, never stored).
        AwaitingApproval,
        /// Ended with an answer.
        Complete,
        /// Ended without an answer.
        Error,
        /// Cancelled by its owner.
        Cancelled,
        /// The server stopped mid-run.
        Interrupted,
    }
}

impl RunStatus {
    /// Whether the run has ended.
    pub fn is_finished(self) -> bool {
        match self {
            RunStatus::Running | RunStatus::AwaitingApproval => false,
            RunStatus::Complete
            | RunStatus::Error
            | RunStatus::Cancelled
            | RunStatus::Interrupted => true,
        }
    }
}

wire_value! {
    /// Where an approval stands; every status but `pending` settles it.
    pub enum ApprovalStatus {
        Pending,
        /// A human approved: the call runs next.
        Approved,
        /// A human denied it.
        Denied,
        /// Nobody decided in time; counts as denied.
        Expired,
        /// The request that asked for it went away before anyone decided.
        Withdrawn,
    }
}

wire_value! {
    /// How far an approved call has got.
    pub enum Execution {
        Running,
        Done,
        /// The server stopped while it ran.
        Interrupted,
    }
}

wire_value! {
    /// Who wrote a conversation message.
    pub enum Role {
        User,
        Assistant,
        /// A tool's result.
        Tool,
    }
}

wire_value! {
    /// How bad a finding or an incident is. Ordered, so the worse of several is their `max`.
    #[derive(PartialOrd, Ord)]
    pub enum Severity {
        Warning,
        Critical,
    }
}

wire_value! {
    /// What a sweep found overall: its worst finding's severity, or `ok`; `unknown` before the
    /// first sweep.
    pub enum SweepStatus {
        Ok,
        Warning,
        Critical,
        Unknown,
    }
}

wire_value! {
    /// Why a run ended without an answer: the `code` of its `error` event and its `error_code`.
    pub enum RunErrorCode {
        /// No model backend answered (connection refused, DNS, TLS).
        LlmUnreachable,
        /// A model call took longer than its limits (first byte, idle, whole call).
        LlmTimeout,
        /// The backend answered with an error status.
        LlmErrorStatus,
        /// The backend's answer broke its wire format.
        LlmProtocol,
        /// The prompt does not fit the model's context window.
        LlmContextOverflow,
        /// The model ended its turn with neither an answer nor a usable tool call.
        LlmEmptyAnswer,
        /// No model is configured.
        LlmNotConfigured,
        /// Every model's circuit breaker is open after repeated failures.
        LlmCircuitOpen,
        /// The run asked for a model the catalogue does not hold.
        UnknownModel,
        /// The model repeated the same calls without progress.
        Stuck,
        /// No answer within `llm.max_iterations` model calls.
        MaxIterations,
        /// The run outlasted `llm.run_deadline_secs`.
        RunDeadline,
        /// The caller's daily token budget was spent during the run.
        TokenBudgetExceeded,
        /// The server stopped during the run.
        Interrupted,
        /// The run's events or result could not be stored.
        StorageUnavailable,
        /// The run ended without an outcome (a fault inside Warden).
        Internal,
        /// The credential the run was started with stopped being valid during it: its API key
        /// revoked or expired, or its user disabled.
        SessionEnded,
    }
}

wire_value! {
    /// What a scheduled or triggered task does.
    pub enum TaskKind {
        /// One tool call.
        Tool,
        /// Tool calls in order.
        Steps,
        /// A prompt the agent works through.
        Prompt,
    }
}

wire_value! {
    /// How a task's run stands or ended.
    pub enum TaskOutcome {
        /// Still running.
        Running,
        /// Every step ran, or the prompt was answered.
        Done,
        /// A step or the prompt failed.
        Failed,
        /// The policy or the owner's scopes said no.
        Refused,
        /// An approval was denied or expired.
        Denied,
        /// A run of the same task was in flight.
        Skipped,
        /// The server stopped during the run.
        Interrupted,
    }
}

wire_value! {
    /// Why a tool call failed or did not run: the `error_code` of its result. The tool's own
    /// failures, the guard's refusals, and the run's end for calls it cut short.
    pub enum ToolErrorCode {
        /// The arguments do not fit the tool's schema or rules; nothing ran.
        InvalidArguments,
        /// What the call names (file, container, process, host) does not exist.
        NotFound,
        /// Refused: by the policy (forbidden), or by the tool's own rules.
        Refused,
        /// What the tool needs is not there (no Docker daemon, no NVIDIA driver, no agent).
        Unavailable,
        /// The tool ran out of time.
        Timeout,
        /// Anything else that went wrong while it ran.
        Failed,
        /// No tool of that name.
        UnknownTool,
        /// The caller's scopes do not allow the tool.
        Forbidden,
        /// A human denied the approval it waited for.
        Denied,
        /// Its approval expired undecided.
        Expired,
        /// Its approval could not be recorded, so it did not wait and did not run.
        ApprovalsUnavailable,
        /// Its audit row could not be written, so it did not run.
        AuditUnavailable,
        /// The run was cancelled before the call finished.
        Cancelled,
        /// The run ended (with the run's code) before the call finished.
        LlmUnreachable,
        LlmTimeout,
        LlmErrorStatus,
        LlmProtocol,
        LlmContextOverflow,
        LlmEmptyAnswer,
        LlmNotConfigured,
        LlmCircuitOpen,
        UnknownModel,
        Stuck,
        MaxIterations,
        RunDeadline,
        TokenBudgetExceeded,
        Interrupted,
        StorageUnavailable,
        Internal,
        SessionEnded,
    }
}

impl From<RunErrorCode> for ToolErrorCode {
    /// The code of a call's result when its run ended with `code` before the call finished.
    fn from(code: RunErrorCode) -> Self {
        match code {
            RunErrorCode::LlmUnreachable => ToolErrorCode::LlmUnreachable,
            RunErrorCode::LlmTimeout => ToolErrorCode::LlmTimeout,
            RunErrorCode::LlmErrorStatus => ToolErrorCode::LlmErrorStatus,
            RunErrorCode::LlmProtocol => ToolErrorCode::LlmProtocol,
            RunErrorCode::LlmContextOverflow => ToolErrorCode::LlmContextOverflow,
            RunErrorCode::LlmEmptyAnswer => ToolErrorCode::LlmEmptyAnswer,
            RunErrorCode::LlmNotConfigured => ToolErrorCode::LlmNotConfigured,
            RunErrorCode::LlmCircuitOpen => ToolErrorCode::LlmCircuitOpen,
            RunErrorCode::UnknownModel => ToolErrorCode::UnknownModel,
            RunErrorCode::Stuck => ToolErrorCode::Stuck,
            RunErrorCode::MaxIterations => ToolErrorCode::MaxIterations,
            RunErrorCode::RunDeadline => ToolErrorCode::RunDeadline,
            RunErrorCode::TokenBudgetExceeded => ToolErrorCode::TokenBudgetExceeded,
            RunErrorCode::Interrupted => ToolErrorCode::Interrupted,
            RunErrorCode::StorageUnavailable => ToolErrorCode::StorageUnavailable,
            RunErrorCode::Internal => ToolErrorCode::Internal,
            RunErrorCode::SessionEnded => ToolErrorCode::SessionEnded,
        }
    }
}

impl RunErrorCode {
    /// The status a run that ended with this code has: `interrupted` or `error`.
    pub fn run_status(self) -> RunStatus {
        match self {
            RunErrorCode::Interrupted => RunStatus::Interrupted,
            RunErrorCode::LlmUnreachable
            | RunErrorCode::LlmTimeout
            | RunErrorCode::LlmErrorStatus
            | RunErrorCode::LlmProtocol
            | RunErrorCode::LlmContextOverflow
            | RunErrorCode::LlmEmptyAnswer
            | RunErrorCode::LlmNotConfigured
            | RunErrorCode::LlmCircuitOpen
            | RunErrorCode::UnknownModel
            | RunErrorCode::Stuck
            | RunErrorCode::MaxIterations
            | RunErrorCode::RunDeadline
            | RunErrorCode::TokenBudgetExceeded
            | RunErrorCode::StorageUnavailable
            | RunErrorCode::Internal
            | RunErrorCode::SessionEnded => RunStatus::Error,
        }
    }
}

wire_value! {
    /// What a webhook delivery came to.
    pub enum HookOutcome {
        /// The task's run started.
        Accepted,
        /// The body does not meet the hook's `when` conditions.
        Ignored,
        /// GitHub's ping.
        Pong,
    }
}

wire_value! {
    /// Where a runbook proposed from fixes that held stands.
    pub enum RunbookState {
        /// Waiting for an operator.
        Proposed,
        /// The monitor runs it (through the guard, within budgets).
        Accepted,
        /// Not to be run.
        Rejected,
    }
}

wire_value! {
    /// Where an incident stands. `resolved` and `failed` close it; the others are live.
    pub enum IncidentState {
        /// Detected; no repair under way (or one failed and is retried on the backoff).
        Open,
        /// A repair ran and is being verified.
        Repairing,
        /// A repair waits for a human's approval.
        AwaitingApproval,
        /// The fault cleared (closed).
        Resolved,
        /// The target is gone, not repaired (closed).
        Failed,
        /// Handed to a human (budget spent, repair forbidden or denied, flapping).
        Escalated,
    }
}

impl IncidentState {
    /// Whether the incident is closed: `resolved` or `failed`.
    pub fn is_closed(self) -> bool {
        match self {
            IncidentState::Resolved | IncidentState::Failed => true,
            IncidentState::Open
            | IncidentState::Repairing
            | IncidentState::AwaitingApproval
            | IncidentState::Escalated => false,
        }
    }
}

wire_value! {
    /// What one entry of an incident's timeline records.
    pub enum IncidentEventKind {
        /// The fault was first seen (or Alertmanager reported it).
        Detected,
        /// A repair step ran (or was refused).
        Action,
        /// A repair waits for (or got) a human's decision.
        Approval,
        /// What the repair's verification saw.
        Verification,
        /// How the incident ended.
        Outcome,
        /// Handed to a human.
        Escalated,
        /// An operator acknowledged it; the detail is who (`user:NAME`).
        Acknowledged,
        /// Anything else worth keeping (a retry, the repair model's words, a proposed runbook).
        Note,
    }
}

wire_value! {
    /// What a memory says.
    pub enum MemoryKind {
        /// Something true about the infrastructure ("backups run at 02:00").
        Fact,
        /// A free note.
        Note,
        /// How to do something.
        Procedure,
        /// How a user likes things done ("I prefer short answers").
        Preference,
        /// A summary of a conversation.
        Summary,
        /// What fixed (or did not fix) an incident.
        Repair,
    }
}

impl MemoryKind {
    /// The kinds a caller may create through the API or a tool (the others are Warden's own).
    pub const CREATABLE: [MemoryKind; 4] = [
        MemoryKind::Fact,
        MemoryKind::Note,
        MemoryKind::Procedure,
        MemoryKind::Preference,
    ];
}

wire_value! {
    /// Where a memory came from.
    pub enum MemorySourceKind {
        /// The `memory_store` tool.
        Tool,
        /// Learned from a chat message ("remember that ...", "je préfère ...").
        Chat,
        /// A conversation's summary.
        Summary,
        /// The monitor, after a repair.
        Repair,
        /// The REST API or the web app.
        Api,
        /// `warden memory import`.
        Import,
    }
}

impl MemorySourceKind {
    /// Memories made without anyone asking: they expire under `memory.retention_days` and give
    /// way to newer ones when an owner is at the limit.
    pub const AUTOMATIC: [MemorySourceKind; 3] = [
        MemorySourceKind::Chat,
        MemorySourceKind::Summary,
        MemorySourceKind::Repair,
    ];

    /// Whether it was made without anyone asking (see [`Self::AUTOMATIC`]).
    pub fn is_automatic(self) -> bool {
        Self::AUTOMATIC.contains(&self)
    }
}

wire_value! {
    /// How a memory search ranked.
    pub enum RecallMethod {
        /// By embeddings: paraphrases are found.
        Semantic,
        /// By the query's words.
        Lexical,
        /// Nothing could be read (the backend is down); see the note.
        Unavailable,
    }
}

wire_value! {
    /// What an audit row records.
    pub enum AuditEvent {
        /// The guard judged a call (its risk and route); the outcome is the route.
        Decision,
        /// A call ran (or failed); the outcome is `ok`, `failed` or the result's error code.
        Execution,
        /// A call waits for a human; the outcome is `pending`.
        ApprovalRequested,
        /// A human approved or denied it.
        ApprovalDecided,
        /// Nobody decided in time.
        ApprovalExpired,
        /// The run that asked for it went away first.
        ApprovalWithdrawn,
        /// A task's run started or ended (`started`, or the run's outcome).
        TaskRun,
        /// A webhook delivery was taken, ignored or refused.
        HookDelivery,
        /// An operator acknowledged an incident.
        IncidentAcknowledged,
        /// An operator asked for an incident's repair to be tried again.
        IncidentRetry,
    }
}

wire_value! {
    /// What an audit row's event came to: the spellings each event writes (a decision's route,
    /// an approval's status, a call's result code, a task run's or a webhook delivery's outcome).
    pub enum AuditOutcome {
        // A decision: its route.
        Run,
        Sandbox,
        Approval,
        Refused,
        // An approval: requested, then its status.
        Pending,
        Approved,
        Denied,
        Expired,
        Withdrawn,
        // An execution: `ok`, `failed` or the result's error code (an incident action: `ok`).
        Ok,
        Failed,
        InvalidArguments,
        NotFound,
        Unavailable,
        Timeout,
        UnknownTool,
        Forbidden,
        ApprovalsUnavailable,
        AuditUnavailable,
        Cancelled,
        LlmUnreachable,
        LlmTimeout,
        LlmErrorStatus,
        LlmProtocol,
        LlmContextOverflow,
        LlmEmptyAnswer,
        LlmNotConfigured,
        LlmCircuitOpen,
        UnknownModel,
        Stuck,
        MaxIterations,
        RunDeadline,
        TokenBudgetExceeded,
        Interrupted,
        StorageUnavailable,
        Internal,
        SessionEnded,
        // A task run: `started`, then its outcome.
        Started,
        Running,
        Done,
        Skipped,
        // A webhook delivery: its outcome, or `replayed`.
        Accepted,
        Ignored,
        Pong,
        Replayed,
    }
}

impl From<Route> for AuditOutcome {
    fn from(route: Route) -> Self {
        match route {
            Route::Run => AuditOutcome::Run,
            Route::Sandbox => AuditOutcome::Sandbox,
            Route::Approval => AuditOutcome::Approval,
            Route::Refused => AuditOutcome::Refused,
        }
    }
}

impl From<ApprovalStatus> for AuditOutcome {
    fn from(status: ApprovalStatus) -> Self {
        match status {
            ApprovalStatus::Pending => AuditOutcome::Pending,
            ApprovalStatus::Approved => AuditOutcome::Approved,
            ApprovalStatus::Denied => AuditOutcome::Denied,
            ApprovalStatus::Expired => AuditOutcome::Expired,
            ApprovalStatus::Withdrawn => AuditOutcome::Withdrawn,
        }
    }
}

impl From<ToolErrorCode> for AuditOutcome {
    fn from(code: ToolErrorCode) -> Self {
        match code {
            ToolErrorCode::InvalidArguments => AuditOutcome::InvalidArguments,
            ToolErrorCode::NotFound => AuditOutcome::NotFound,
            ToolErrorCode::Refused => AuditOutcome::Refused,
            ToolErrorCode::Unavailable => AuditOutcome::Unavailable,
            ToolErrorCode::Timeout => AuditOutcome::Timeout,
            ToolErrorCode::Failed => AuditOutcome::Failed,
            ToolErrorCode::UnknownTool => AuditOutcome::UnknownTool,
            ToolErrorCode::Forbidden => AuditOutcome::Forbidden,
            ToolErrorCode::Denied => AuditOutcome::Denied,
            ToolErrorCode::Expired => AuditOutcome::Expired,
            ToolErrorCode::ApprovalsUnavailable => AuditOutcome::ApprovalsUnavailable,
            ToolErrorCode::AuditUnavailable => AuditOutcome::AuditUnavailable,
            ToolErrorCode::Cancelled => AuditOutcome::Cancelled,
            ToolErrorCode::LlmUnreachable => AuditOutcome::LlmUnreachable,
            ToolErrorCode::LlmTimeout => AuditOutcome::LlmTimeout,
            ToolErrorCode::LlmErrorStatus => AuditOutcome::LlmErrorStatus,
            ToolErrorCode::LlmProtocol => AuditOutcome::LlmProtocol,
            ToolErrorCode::LlmContextOverflow => AuditOutcome::LlmContextOverflow,
            ToolErrorCode::LlmEmptyAnswer => AuditOutcome::LlmEmptyAnswer,
            ToolErrorCode::LlmNotConfigured => AuditOutcome::LlmNotConfigured,
            ToolErrorCode::LlmCircuitOpen => AuditOutcome::LlmCircuitOpen,
            ToolErrorCode::UnknownModel => AuditOutcome::UnknownModel,
            ToolErrorCode::Stuck => AuditOutcome::Stuck,
            ToolErrorCode::MaxIterations => AuditOutcome::MaxIterations,
            ToolErrorCode::RunDeadline => AuditOutcome::RunDeadline,
            ToolErrorCode::TokenBudgetExceeded => AuditOutcome::TokenBudgetExceeded,
            ToolErrorCode::Interrupted => AuditOutcome::Interrupted,
            ToolErrorCode::StorageUnavailable => AuditOutcome::StorageUnavailable,
            ToolErrorCode::Internal => AuditOutcome::Internal,
            ToolErrorCode::SessionEnded => AuditOutcome::SessionEnded,
        }
    }
}

impl From<TaskOutcome> for AuditOutcome {
    fn from(outcome: TaskOutcome) -> Self {
        match outcome {
            TaskOutcome::Running => AuditOutcome::Running,
            TaskOutcome::Done => AuditOutcome::Done,
            TaskOutcome::Failed => AuditOutcome::Failed,
            TaskOutcome::Refused => AuditOutcome::Refused,
            TaskOutcome::Denied => AuditOutcome::Denied,
            TaskOutcome::Skipped => AuditOutcome::Skipped,
            TaskOutcome::Interrupted => AuditOutcome::Interrupted,
        }
    }
}

impl From<HookOutcome> for AuditOutcome {
    fn from(outcome: HookOutcome) -> Self {
        match outcome {
            HookOutcome::Accepted => AuditOutcome::Accepted,
            HookOutcome::Ignored => AuditOutcome::Ignored,
            HookOutcome::Pong => AuditOutcome::Pong,
        }
    }
}

wire_value! {
    /// What kind of fault a finding or an incident is. A closed set: the sweep's own kinds, and
    /// `alert` for every incident Alertmanager opened (the alert's name is in its summary and
    /// its kept labels, never in its kind).
    pub enum FindingKind {
        /// A fleet host stopped answering.
        HostUnreachable,
        DiskFull,
        LoadHigh,
        MemoryLow,
        GpuHot,
        GpuMemoryFull,
        GpuEcc,
        GpuThrottled,
        /// A GPU NVML cannot read (lost, fallen off the bus) or no longer counts.
        GpuLost,
        /// A GPU whose driver reported critical XID errors, or whose memory pages wait for a
        /// reset to be retired.
        GpuFault,
        DockerUnreachable,
        ContainerExited,
        ContainerUnhealthy,
        ContainerRestarting,
        /// A process over a CPU or memory threshold for several sweeps in a row.
        ProcessRunaway,
        /// An Ollama model still loaded after it should have been unloaded.
        OllamaStuck,
        /// Opened by an Alertmanager delivery; closes when Alertmanager resolves it.
        Alert,
    }
}

impl FindingKind {
    /// Whether a sweep can see it clear (every kind but `alert`, which closes by its source).
    pub fn is_swept(self) -> bool {
        match self {
            FindingKind::Alert => false,
            FindingKind::HostUnreachable
            | FindingKind::DiskFull
            | FindingKind::LoadHigh
            | FindingKind::MemoryLow
            | FindingKind::GpuHot
            | FindingKind::GpuMemoryFull
            | FindingKind::GpuEcc
            | FindingKind::GpuThrottled
            | FindingKind::GpuLost
            | FindingKind::GpuFault
            | FindingKind::DockerUnreachable
            | FindingKind::ContainerExited
            | FindingKind::ContainerUnhealthy
            | FindingKind::ContainerRestarting
            | FindingKind::ProcessRunaway
            | FindingKind::OllamaStuck => true,
        }
    }

    /// Whether its target is a container (a container's state is what verifies its repair).
    pub fn is_container(self) -> bool {
        match self {
            FindingKind::ContainerExited
            | FindingKind::ContainerUnhealthy
            | FindingKind::ContainerRestarting => true,
            FindingKind::HostUnreachable
            | FindingKind::DiskFull
            | FindingKind::LoadHigh
            | FindingKind::MemoryLow
            | FindingKind::GpuHot
            | FindingKind::GpuMemoryFull
            | FindingKind::GpuEcc
            | FindingKind::GpuThrottled
            | FindingKind::GpuLost
            | FindingKind::GpuFault
            | FindingKind::DockerUnreachable
            | FindingKind::ProcessRunaway
            | FindingKind::OllamaStuck
            | FindingKind::Alert => false,
        }
    }
}

wire_value! {
    /// An Alertmanager alert's status.
    pub enum AlertStatus {
        Firing,
        Resolved,
    }
}

wire_value! {
    /// `GET /healthz`'s status: the process answers.
    pub enum HealthStatus {
        Ok,
    }
}

impl From<Option<Severity>> for SweepStatus {
    /// The status of a sweep whose worst finding is `worst` (none: `ok`).
    fn from(worst: Option<Severity>) -> Self {
        match worst {
            None => SweepStatus::Ok,
            Some(Severity::Warning) => SweepStatus::Warning,
            Some(Severity::Critical) => SweepStatus::Critical,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;
    use std::str::FromStr;

    use serde::Serialize;
    use serde::de::DeserializeOwned;

    use super::{
        AlertStatus, ApprovalStatus, AuditEvent, AuditOutcome, Execution, FindingKind,
        HealthStatus, HookOutcome, IncidentEventKind, IncidentState, MemoryKind, MemorySourceKind,
        RecallMethod, Risk, Role, Route, RunErrorCode, RunStatus, RunbookState, Severity,
        SweepStatus, TaskKind, TaskOutcome, ToolErrorCode,
    };

    /// JSON, `as_str`, `Display` and `FromStr` spell every value alike, and read it back.
    fn spelled_alike<T>(values: impl Iterator<Item = T>, spelling: fn(T) -> &'static str) -> usize
    where
        T: Copy + Debug + PartialEq + Serialize + DeserializeOwned + FromStr + ToString,
        <T as FromStr>::Err: Debug,
    {
        let mut count = 0;
        for value in values {
            let text = spelling(value);
            assert_eq!(
                serde_json::to_value(value).ok(),
                Some(serde_json::json!(text))
            );
            assert_eq!(value.to_string(), text);
            assert_eq!(T::from_str(text).ok(), Some(value));
            assert_eq!(
                serde_json::from_value::<T>(serde_json::json!(text)).ok(),
                Some(value)
            );
            count += 1;
        }
        count
    }

    #[test]
    fn every_value_is_spelled_alike_on_every_path() {
        assert_eq!(spelled_alike(Risk::all(), Risk::as_str), 5);
        assert_eq!(spelled_alike(Route::all(), Route::as_str), 4);
        assert_eq!(spelled_alike(RunStatus::all(), RunStatus::as_str), 6);
        assert_eq!(
            spelled_alike(ApprovalStatus::all(), ApprovalStatus::as_str),
            5
        );
        assert_eq!(spelled_alike(Execution::all(), Execution::as_str), 3);
        assert_eq!(spelled_alike(Role::all(), Role::as_str), 3);
        assert_eq!(spelled_alike(Severity::all(), Severity::as_str), 2);
        assert_eq!(spelled_alike(SweepStatus::all(), SweepStatus::as_str), 4);
        assert_eq!(spelled_alike(RunErrorCode::all(), RunErrorCode::as_str), 17);
        assert_eq!(spelled_alike(TaskKind::all(), TaskKind::as_str), 3);
        assert_eq!(spelled_alike(RunbookState::all(), RunbookState::as_str), 3);
        assert_eq!(spelled_alike(TaskOutcome::all(), TaskOutcome::as_str), 7);
        assert_eq!(spelled_alike(HookOutcome::all(), HookOutcome::as_str), 3);
        assert_eq!(
            spelled_alike(IncidentState::all(), IncidentState::as_str),
            6
        );
        assert_eq!(
            spelled_alike(IncidentEventKind::all(), IncidentEventKind::as_str),
            8
        );
        assert_eq!(spelled_alike(MemoryKind::all(), MemoryKind::as_str), 6);
        assert_eq!(
            spelled_alike(MemorySourceKind::all(), MemorySourceKind::as_str),
            6
        );
        assert_eq!(spelled_alike(RecallMethod::all(), RecallMethod::as_str), 3);
        assert_eq!(spelled_alike(AuditEvent::all(), AuditEvent::as_str), 10);
        assert_eq!(spelled_alike(AuditOutcome::all(), AuditOutcome::as_str), 45);
        assert_eq!(spelled_alike(AlertStatus::all(), AlertStatus::as_str), 2);
        assert_eq!(spelled_alike(HealthStatus::all(), HealthStatus::as_str), 1);
        assert_eq!(spelled_alike(FindingKind::all(), FindingKind::as_str), 17);
    }

    #[test]
    fn an_audit_outcome_keeps_the_spelling_of_what_it_came_from() {
        for route in Route::all() {
            assert_eq!(AuditOutcome::from(route).as_str(), route.as_str());
        }
        for status in ApprovalStatus::all() {
            assert_eq!(AuditOutcome::from(status).as_str(), status.as_str());
        }
        for code in ToolErrorCode::all() {
            assert_eq!(AuditOutcome::from(code).as_str(), code.as_str());
        }
        for outcome in TaskOutcome::all() {
            assert_eq!(AuditOutcome::from(outcome).as_str(), outcome.as_str());
        }
        for outcome in HookOutcome::all() {
            assert_eq!(AuditOutcome::from(outcome).as_str(), outcome.as_str());
        }
        assert_eq!(
            IncidentState::all()
                .filter(|s| s.is_closed())
                .map(IncidentState::as_str)
                .collect::<Vec<_>>(),
            ["resolved", "failed"]
        );
        assert_eq!(
            MemoryKind::CREATABLE.map(MemoryKind::as_str).join(","),
            "fact,note,procedure,preference"
        );
        assert!("firing ".parse::<AlertStatus>().is_err());
    }

    #[test]
    fn the_wire_spellings_are_the_documented_ones() {
        let spell = |values: Vec<&'static str>| values.join(",");
        assert_eq!(
            spell(Risk::all().map(Risk::as_str).collect()),
            "low,medium,high,forbidden,unknown"
        );
        assert_eq!(
            spell(Route::all().map(Route::as_str).collect()),
            "run,sandbox,approval,refused"
        );
        assert_eq!(
            spell(RunStatus::all().map(RunStatus::as_str).collect()),
            "running,awaiting_approval,complete,error,cancelled,interrupted"
        );
        assert_eq!(
            spell(ApprovalStatus::all().map(ApprovalStatus::as_str).collect()),
            "pending,approved,denied,expired,withdrawn"
        );
        assert_eq!(
            spell(Execution::all().map(Execution::as_str).collect()),
            "running,done,interrupted"
        );
        assert_eq!(
            spell(Role::all().map(Role::as_str).collect()),
            "user,assistant,tool"
        );
        assert_eq!(
            spell(SweepStatus::all().map(SweepStatus::as_str).collect()),
            "ok,warning,critical,unknown"
        );
        assert_eq!(SweepStatus::from(None), SweepStatus::Ok);
        assert_eq!(
            SweepStatus::from([Severity::Warning, Severity::Critical].into_iter().max()),
            SweepStatus::Critical
        );
        assert_eq!(
            spell(RunErrorCode::all().map(RunErrorCode::as_str).collect()),
            "llm_unreachable,llm_timeout,llm_error_status,llm_protocol,llm_context_overflow,\
             llm_empty_answer,llm_not_configured,llm_circuit_open,unknown_model,stuck,\
             max_iterations,run_deadline,token_budget_exceeded,interrupted,storage_unavailable,\
             internal,session_ended"
        );
        assert_eq!(
            RunErrorCode::Interrupted.run_status(),
            RunStatus::Interrupted
        );
        assert_eq!(RunErrorCode::RunDeadline.run_status(), RunStatus::Error);
        assert!(Route::Refused > Route::Approval && Route::Approval > Route::Sandbox);
        assert!("approved ".parse::<ApprovalStatus>().is_err());
        assert!("Low".parse::<Risk>().is_err());
    }

    /// The run error codes `docs/api.md` lists for the `error` event, in its order.
    fn documented_run_error_codes() -> Vec<String> {
        let api = include_str!("../../../docs/api.md");
        let row = api
            .lines()
            .find(|l| l.starts_with("| `error` | `code`, `message` |"))
            .unwrap_or_default();
        let listed = row.split(" | ").nth(2).unwrap_or_default();
        listed
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    /// The tool result codes `docs/api.md` lists for the `tool_result` event.
    fn documented_tool_error_codes() -> Vec<String> {
        let api = include_str!("../../../docs/api.md");
        let row = api
            .lines()
            .find(|l| l.starts_with("| `tool_result` |"))
            .unwrap_or_default();
        let listed = row.split(" | ").nth(2).unwrap_or_default();
        listed
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn a_tool_result_code_is_a_tool_s_own_or_its_run_s() {
        // Every code a result can carry is either listed for `tool_result` or a run's code
        // (a call its run's end cut short), and each run code keeps its spelling.
        let mut expected = documented_tool_error_codes();
        expected.extend(RunErrorCode::all().map(|c| c.as_str().to_owned()));
        expected.sort();
        let mut known: Vec<String> = ToolErrorCode::all()
            .map(|c| c.as_str().to_owned())
            .collect();
        known.sort();
        assert_eq!(known, expected);
        for code in RunErrorCode::all() {
            assert_eq!(ToolErrorCode::from(code).as_str(), code.as_str());
        }
        for code in ToolErrorCode::all() {
            let wire = serde_json::to_value(code).unwrap();
            assert_eq!(wire, serde_json::json!(code.as_str()));
            assert_eq!(serde_json::from_value::<ToolErrorCode>(wire).unwrap(), code);
        }
        assert!("Refused".parse::<ToolErrorCode>().is_err());
    }

    #[test]
    fn the_documented_run_error_codes_are_every_code() {
        let mut documented = documented_run_error_codes();
        documented.sort();
        let mut known: Vec<String> = RunErrorCode::all().map(|c| c.as_str().to_owned()).collect();
        known.sort();
        assert_eq!(documented, known);
    }
}
