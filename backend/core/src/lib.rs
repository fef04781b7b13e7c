//! Warden's core: the ReAct engine and the orchestrator, the one seam every tool call passes.

pub mod engine;
pub mod orchestrator;

pub use engine::{Engine, EngineEvent, Limits, RunInput, RunOutcome};
pub use orchestrator::{Orchestrator, ReadOnlyOrchestrator, ToolOutcome};
