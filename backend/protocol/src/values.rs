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
        ApprovalStatus, Execution, HookOutcome, Risk, Role, Route, RunStatus, RunbookState,
        Severity, SweepStatus, TaskKind, TaskOutcome,
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
        assert_eq!(spelled_alike(TaskKind::all(), TaskKind::as_str), 3);
        assert_eq!(spelled_alike(RunbookState::all(), RunbookState::as_str), 3);
        assert_eq!(spelled_alike(TaskOutcome::all(), TaskOutcome::as_str), 7);
        assert_eq!(spelled_alike(HookOutcome::all(), HookOutcome::as_str), 3);
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
        assert!(Route::Refused > Route::Approval && Route::Approval > Route::Sandbox);
        assert!("approved ".parse::<ApprovalStatus>().is_err());
        assert!("Low".parse::<Risk>().is_err());
    }
}
