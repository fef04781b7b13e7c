//! Warden's core: the ReAct engine, the orchestrator (the one seam every tool call passes) and
//! the run service that drives chat runs and decides approvals.

pub mod automation;
pub mod engine;
pub mod guard;
pub mod monitor;
pub mod orchestrator;
pub mod runs;

pub use engine::{
    Engine, EngineEvent, Limits, ModelTotals, RecalledMemories, RecalledMemory, RunInput,
    RunOutcome,
};
pub use guard::{Guard, GuardSettings, Invoked};
pub use orchestrator::{GuardNotice, Notices, Orchestrator, ToolOutcome};
