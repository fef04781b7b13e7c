//! Tools with a typed argument struct: the schema the model sees and the parser are one type.

use std::sync::Arc;
use std::time::Duration;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use warden_protocol::Scope;

use crate::{
    ArgumentJudgement, BoxFuture, Effect, Tool, ToolContext, ToolError, ToolOutput, ToolSpec,
};

/// Implement this; [`typed`] turns it into a [`Tool`].
pub trait TypedTool: Send + Sync + 'static {
    /// `#[derive(Deserialize, JsonSchema)]` with `#[serde(deny_unknown_fields)]`.
    type Args: DeserializeOwned + JsonSchema + Send;

    const NAME: &'static str;
    const DESCRIPTION: &'static str;
    const SCOPE: Scope;
    const EFFECT: Effect;
    const SANDBOXABLE: bool;
    /// Whether the tool starts programs on the host (through `warden_tool_system`'s runners,
    /// which start them only as [`crate::HostAccess`] allows).
    const HOST_PROGRAMS: bool = false;
    const TIMEOUT: Duration = Duration::from_secs(30);

    fn run(
        &self,
        args: Self::Args,
        context: &ToolContext,
    ) -> impl Future<Output = Result<ToolOutput, ToolError>> + Send;

    /// See [`Tool::judge`]; called with the parsed arguments.
    fn judge(&self, _args: &Self::Args, _context: &ToolContext) -> Option<ArgumentJudgement> {
        None
    }
}

struct Adapter<T: TypedTool> {
    tool: T,
    spec: ToolSpec,
}

/// Wraps a typed tool with its generated spec.
pub fn typed<T: TypedTool>(tool: T) -> Arc<dyn Tool> {
    let mut schema = serde_json::to_value(schemars::schema_for!(T::Args)).unwrap_or_default();
    // The model needs the shape, not schemars' bookkeeping.
    if let Some(object) = schema.as_object_mut() {
        object.remove("$schema");
        object.remove("title");
    }
    Arc::new(Adapter {
        spec: ToolSpec {
            name: T::NAME,
            description: T::DESCRIPTION,
            parameters: schema,
            scope: T::SCOPE,
            effect: T::EFFECT,
            sandboxable: T::SANDBOXABLE,
            host_programs: T::HOST_PROGRAMS,
            timeout: T::TIMEOUT,
        },
        tool,
    })
}

impl<T: TypedTool> Tool for Adapter<T> {
    fn spec(&self) -> &ToolSpec {
        &self.spec
    }

    fn judge(&self, args: &serde_json::Value, context: &ToolContext) -> Option<ArgumentJudgement> {
        let parsed: T::Args = serde_json::from_value(args.clone()).ok()?;
        self.tool.judge(&parsed, context)
    }

    fn call<'a>(
        &'a self,
        args: serde_json::Value,
        context: &'a ToolContext,
    ) -> BoxFuture<'a, Result<ToolOutput, ToolError>> {
        Box::pin(async move {
            // A model that sends no arguments for a tool that takes none sends null.
            let args = if args.is_null() {
                serde_json::json!({})
            } else {
                args
            };
            let parsed: T::Args = serde_json::from_value(args).map_err(|e| {
                ToolError::InvalidArguments(format!(
                    "{e}; the arguments must match this schema: {}",
                    self.spec.parameters
                ))
            })?;
            let timeout = self.spec.timeout;
            match tokio::time::timeout(timeout, self.tool.run(parsed, context)).await {
                Ok(result) => result,
                Err(_) => Err(ToolError::Timeout(timeout.as_secs())),
            }
        })
    }
}
