//! A tool's own judgement of one call's arguments, made before anything runs. Some risks live
//! in what an argument means rather than in how it is spelled (an address written in hex is
//! still the cloud metadata service), and only the tool's parser knows the meaning. The guard
//! takes the strictest of this judgement and the policy's decision: a judgement can raise a
//! call's level, never lower it.

/// What the tool says about a call's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgumentJudgement {
    /// The call waits for a human (the guard treats it as `high`).
    Approval {
        /// Names the judgement in decisions and the audit log (`net-internal-address`).
        rule: &'static str,
        /// Why, in words an operator reads on the approval.
        reason: String,
    },
    /// The call never runs (the guard treats it as `forbidden`).
    Refused {
        rule: &'static str,
        reason: String,
        /// What to do instead.
        alternative: String,
    },
}
