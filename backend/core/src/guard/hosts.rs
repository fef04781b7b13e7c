//! Calls for another host of the fleet. A tool call may name a fleet agent in its `host`
//! argument (unless the tool has a `host` argument of its own, like `ssh_exec`): the guard decides
//! on the rest of the arguments exactly as for a local call (policy, approvals, audit), and only
//! then is the call sent to that agent, which judges it again by its own policy.

use futures_util::future::BoxFuture;
use serde_json::Value;
use warden_tool_api::{ToolContext, ToolError, ToolOutput};

/// The argument that names the fleet agent a call runs on (absent: this host).
pub const HOST_ARGUMENT: &str = "host";

/// The fleet's agents as the guard sees them. Implemented by the server over NATS.
pub trait RemoteHosts: Send + Sync {
    /// Whether `host` names an agent of the fleet (online or not: a call for an offline agent
    /// waits in its queue until it expires).
    fn knows(&self, host: &str) -> bool;

    /// Sends an allowed call to `host` and waits (bounded) for the agent's result. `arguments`
    /// no longer carry the host.
    fn run<'a>(
        &'a self,
        host: &'a str,
        tool: &'a str,
        arguments: &'a Value,
        context: &'a ToolContext,
    ) -> BoxFuture<'a, Result<ToolOutput, ToolError>>;
}

/// Whether a tool's schema has a `host` argument of its own (then the fleet's is not offered).
fn has_own_host(parameters: &Value) -> bool {
    parameters
        .get("properties")
        .and_then(|p| p.get(HOST_ARGUMENT))
        .is_some()
}

/// `schema` (a tool's schema for the model) with the optional fleet `host` argument added, unless
/// the tool's own `parameters` have a `host` already.
pub fn with_host_argument(mut schema: Value, parameters: &Value) -> Value {
    if has_own_host(parameters) {
        return schema;
    }
    if let Some(properties) = schema
        .as_object_mut()
        .and_then(|o| o.get_mut("properties"))
        .and_then(Value::as_object_mut)
    {
        properties.insert(
            HOST_ARGUMENT.to_owned(),
            serde_json::json!({
                "type": "string",
                "description": "The fleet host (agent name) to run this on; leave it out to run on the server's own host."
            }),
        );
    }
    schema
}

/// Splits the fleet host off `arguments` for a tool whose schema (`parameters`) has no `host`
/// property of its own; the arguments are left whole for a tool that has one. A `host` that is
/// not a non-empty string is an error.
pub fn split_host(
    parameters: &Value,
    arguments: &Value,
) -> Result<(Value, Option<String>), String> {
    if has_own_host(parameters) {
        return Ok((arguments.clone(), None));
    }
    let mut rest = arguments.clone();
    let Some(value) = rest.as_object_mut().and_then(|o| o.remove(HOST_ARGUMENT)) else {
        return Ok((rest, None));
    };
    match value {
        Value::String(host) if !host.trim().is_empty() => Ok((rest, Some(host))),
        Value::Null => Ok((rest, None)),
        other @ (Value::Bool(_)
        | Value::Number(_)
        | Value::String(_)
        | Value::Array(_)
        | Value::Object(_)) => Err(format!(
            "'{HOST_ARGUMENT}' must name a host of the fleet as a non-empty string, not {other}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_model_is_offered_host_unless_the_tool_has_its_own() {
        let plain = json!({"type": "object", "properties": {"path": {"type": "string"}}});
        let offered = with_host_argument(plain.clone(), &plain);
        assert_eq!(offered["properties"]["host"]["type"], json!("string"));
        assert_eq!(offered["properties"]["path"], json!({"type": "string"}));
        let own = json!({"type": "object", "properties": {"host": {"type": "string", "description": "DNS name"}}});
        assert_eq!(with_host_argument(own.clone(), &own), own);
    }

    #[test]
    fn the_host_is_split_off_unless_the_tool_has_its_own() {
        let plain = json!({"properties": {"path": {"type": "string"}}});
        assert_eq!(
            split_host(&plain, &json!({"path": "/", "host": "lab"})),
            Ok((json!({"path": "/"}), Some("lab".to_owned())))
        );
        assert_eq!(
            split_host(&plain, &json!({"path": "/"})),
            Ok((json!({"path": "/"}), None))
        );
        assert_eq!(
            split_host(&plain, &json!({"host": null})),
            Ok((json!({}), None))
        );
        assert!(split_host(&plain, &json!({"host": 7})).is_err());
        assert!(split_host(&plain, &json!({"host": " "})).is_err());
        let own = json!({"properties": {"host": {"type": "string"}}});
        assert_eq!(
            split_host(&own, &json!({"host": "example.com"})),
            Ok((json!({"host": "example.com"}), None))
        );
    }
}
