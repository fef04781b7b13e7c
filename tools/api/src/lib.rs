//! The tool seam. A tool declares what it is (name, description, the JSON Schema of its
//! arguments, the scope it needs, its effect, whether it can run sandboxed, its timeout) and runs
//! with validated arguments, returning a structured result or an error the model can read.
//!
//! Nothing outside the orchestrator may call [`Tool::call`]: every side effect passes the guard.

mod context;
mod judge;
mod output;
mod registry;
mod spec;
mod typed;

pub use context::{Actor, HostAccess, ToolContext};
pub use judge::ArgumentJudgement;
pub use output::{MAX_OUTPUT_BYTES, ToolError, ToolOutput, truncate_text};
pub use registry::{Registry, RegistryBuilder, RegistryError};
pub use spec::{Effect, ToolSpec};
pub use typed::{TypedTool, typed};

use std::future::Future;
use std::pin::Pin;

/// A boxed future, so the trait stays object-safe.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One tool. Implement [`TypedTool`] instead: it derives the schema and parses arguments.
pub trait Tool: Send + Sync {
    fn spec(&self) -> &ToolSpec;

    /// Runs with raw JSON arguments on behalf of `context`; invalid arguments come back as
    /// [`ToolError::InvalidArguments`] before anything runs.
    fn call<'a>(
        &'a self,
        args: serde_json::Value,
        context: &'a ToolContext,
    ) -> BoxFuture<'a, Result<ToolOutput, ToolError>>;

    /// The tool's judgement of these arguments for this caller, before anything runs; `None`
    /// when it has nothing to add to the policy (and for arguments it cannot parse, which
    /// [`Tool::call`] refuses anyway).
    fn judge(
        &self,
        _args: &serde_json::Value,
        _context: &ToolContext,
    ) -> Option<ArgumentJudgement> {
        None
    }
}
