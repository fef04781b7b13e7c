//! Warden's core: the ReAct engine and the orchestrator, the one seam every tool call passes.

pub mod automation;
pub mod engine;
pub mod guard;
pub mod monitor;
pub mod orchestrator;

pub use engine::{
    Engine, EngineEvent, Limits, ModelTotals, RecalledMemories, RecalledMemory, RunInput,
    RunOutcome,
};
pub use guard::{Guard, GuardSettings, Invoked};
pub use orchestrator::{GuardNotice, Notices, Orchestrator, ToolOutcome};
