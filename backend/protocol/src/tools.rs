//! The tool catalogue (`GET /api/v1/tools`).

use serde::{Deserialize, Serialize};

use crate::Scope;

/// A tool as offered to a caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ToolInfo {
    pub name: String,
    pub description: String,
    /// JSON Schema of the arguments.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub parameters: serde_json::Value,
    /// The scope needed to run it.
    pub scope: Scope,
    /// `read_only`, `mutating` or `destructive`: the base of its risk.
    pub effect: String,
    /// Whether it can run inside the gVisor sandbox.
    pub sandboxable: bool,
    pub timeout_secs: u64,
}

/// `GET /api/v1/tools`: the tools the caller's scopes allow, by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ToolList {
    pub tools: Vec<ToolInfo>,
}
