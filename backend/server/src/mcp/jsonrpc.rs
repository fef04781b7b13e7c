//! Checks an incoming MCP message against JSON-RPC 2.0 before the MCP library sees it, so each
//! kind of bad message gets the error JSON-RPC names for it. Left to itself the library answers
//! HTTP 415 to anything it cannot read, drops such lines on stdio without a word, and takes a
//! known method with unreadable params for an unknown custom method (-32601).
//!
//! The model is positive: a message passes only when it is a JSON object with `"jsonrpc":
//! "2.0"` and is a request or notification (`method` a string, `id` a string or an integer) or a
//! response (`id` with `result` or `error`), and, for the methods Warden serves, params that
//! read as that method's.

use rmcp::model::{
    CallToolRequest, ClientJsonRpcMessage, ErrorCode, InitializeRequest, ListToolsRequest,
    PingRequest,
};
use serde_json::{Map, Value, json};

/// Why a message was refused: the JSON-RPC error code and message, and the id it answers (null
/// when the message has none that can be read).
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: String,
    pub id: Value,
}

impl Refusal {
    fn new(code: ErrorCode, message: impl Into<String>, id: Value) -> Self {
        Self {
            code,
            message: message.into(),
            id,
        }
    }

    /// A message longer than the transport reads: invalid, and its id unknown.
    pub fn too_long(length: usize, max: usize) -> Self {
        Self::new(
            ErrorCode::INVALID_REQUEST,
            format!(
                "invalid request: the message is {length} bytes long, more than the {max} bytes a message may be"
            ),
            Value::Null,
        )
    }

    /// The JSON-RPC error response.
    pub fn body(&self) -> Value {
        json!({
            "jsonrpc": "2.0",
            "id": self.id,
            "error": {"code": self.code.0, "message": self.message},
        })
    }

    /// Whether the message as a whole was unusable (unparseable, or not a request object), as
    /// opposed to a well-formed request whose params or method were wrong.
    pub fn is_malformed(&self) -> bool {
        self.code == ErrorCode::PARSE_ERROR || self.code == ErrorCode::INVALID_REQUEST
    }
}

/// Passes a well-formed message; refuses any other with the error JSON-RPC 2.0 gives it.
pub fn check(bytes: &[u8]) -> Result<(), Refusal> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        Refusal::new(
            ErrorCode::PARSE_ERROR,
            format!("parse error: the message is not valid JSON ({e})"),
            Value::Null,
        )
    })?;
    let object = match value {
        Value::Object(object) => object,
        Value::Array(_) => {
            return Err(invalid(
                "batches are not supported: send one JSON-RPC message per request",
            ));
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {
            return Err(invalid("a JSON-RPC message is a JSON object"));
        }
    };
    if object.get("jsonrpc") != Some(&json!("2.0")) {
        return Err(invalid(r#"the message must carry "jsonrpc": "2.0""#));
    }
    let id = match object.get("id") {
        None => None,
        Some(id @ Value::String(_)) => Some(id.clone()),
        Some(id @ Value::Number(n)) if n.is_i64() || n.is_u64() => Some(id.clone()),
        Some(_) => return Err(invalid("`id` must be a string or an integer")),
    };
    // A repeated key (two `method`s, two `path`s in a tool's arguments) is read as the last one
    // by the parser, while a proxy or a log reader may take the first: refused, never guessed.
    if let Some(why) = crate::http::json_keys::repeated_key(bytes) {
        return Err(Refusal::new(
            ErrorCode::INVALID_REQUEST,
            format!("invalid request: {why}"),
            id.unwrap_or(Value::Null),
        ));
    }
    let Some(method) = object.get("method") else {
        return match id {
            Some(_) if object.contains_key("result") || object.contains_key("error") => Ok(()),
            _ => Err(invalid(
                "the message is neither a request (`method`) nor a response (`id` with `result` or `error`)",
            )),
        };
    };
    let Some(method) = method.as_str() else {
        return Err(invalid("`method` must be a string"));
    };
    if let Some(params) = object.get("params")
        && !(params.is_object() || params.is_array())
    {
        return Err(Refusal::new(
            ErrorCode::INVALID_PARAMS,
            format!("invalid params for '{method}': `params` must be an object"),
            id.unwrap_or(Value::Null),
        ));
    }
    let Some(id) = id else {
        // A notification: nothing is answered, whatever its params.
        return Ok(());
    };
    if let Some(why) = params_error(method, &object) {
        return Err(Refusal::new(
            ErrorCode::INVALID_PARAMS,
            format!("invalid params for '{method}': {why}"),
            id,
        ));
    }
    // What the library reads as a custom method goes on to be answered -32601 by the handler;
    // anything it cannot read at all is refused here rather than answered with HTTP 415.
    match serde_json::from_value::<ClientJsonRpcMessage>(Value::Object(object)) {
        Ok(_) => Ok(()),
        Err(e) => Err(Refusal::new(
            ErrorCode::INVALID_REQUEST,
            format!("invalid request: {e}"),
            id,
        )),
    }
}

fn invalid(why: &str) -> Refusal {
    Refusal::new(
        ErrorCode::INVALID_REQUEST,
        format!("invalid request: {why}"),
        Value::Null,
    )
}

/// Why the params of a method Warden serves do not read as that method's; None when they do,
/// and for every other method (the handler answers those, -32601 for one it does not serve).
fn params_error(method: &str, object: &Map<String, Value>) -> Option<String> {
    let mut request = Map::new();
    request.insert("method".to_owned(), json!(method));
    if let Some(params) = object.get("params") {
        request.insert("params".to_owned(), params.clone());
    }
    let request = Value::Object(request);
    fn reads_as<T: serde::de::DeserializeOwned>(request: Value) -> Option<String> {
        serde_json::from_value::<T>(request)
            .err()
            .map(|e| e.to_string())
    }
    match method {
        "initialize" => reads_as::<InitializeRequest>(request),
        "ping" => reads_as::<PingRequest>(request),
        "tools/list" => reads_as::<ListToolsRequest>(request),
        "tools/call" => reads_as::<CallToolRequest>(request),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use rmcp::model::ErrorCode;

    use super::check;

    fn code(message: &str) -> Option<(i32, serde_json::Value)> {
        check(message.as_bytes()).err().map(|r| (r.code.0, r.id))
    }

    #[test]
    fn each_kind_of_bad_message_gets_its_json_rpc_code() {
        use serde_json::json;
        for (message, expected) in [
            (r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#, None),
            (
                r#"{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"system_info"}}"#,
                None,
            ),
            (
                r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
                None,
            ),
            (r#"{"jsonrpc":"2.0","id":3,"result":{}}"#, None),
            // An unknown method passes on, to be answered -32601.
            (r#"{"jsonrpc":"2.0","id":1,"method":"no/such"}"#, None),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"#,
                Some((-32700, json!(null))),
            ),
            ("not json", Some((-32700, json!(null)))),
            ("[]", Some((-32600, json!(null)))),
            ("42", Some((-32600, json!(null)))),
            (
                r#"{"id":1,"method":"tools/list"}"#,
                Some((-32600, json!(null))),
            ),
            (
                r#"{"jsonrpc":"1.0","id":1,"method":"tools/list"}"#,
                Some((-32600, json!(null))),
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":7}"#,
                Some((-32600, json!(null))),
            ),
            (
                r#"{"jsonrpc":"2.0","id":{},"method":"ping"}"#,
                Some((-32600, json!(null))),
            ),
            (r#"{"jsonrpc":"2.0","id":1}"#, Some((-32600, json!(null)))),
            (
                r#"{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"file_read","arguments":{"path":"/srv/a","path":"/etc/shadow"}}}"#,
                Some((-32600, json!(8))),
            ),
            (
                r#"{"jsonrpc":"2.0","id":9,"method":"ping","method":"tools/list"}"#,
                Some((-32600, json!(9))),
            ),
            (
                r#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"arguments":{}}}"#,
                Some((-32602, json!(5))),
            ),
            (
                r#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":"x"}"#,
                Some((-32602, json!(5))),
            ),
            (
                r#"{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":3}}"#,
                Some((-32602, json!(6))),
            ),
            (
                r#"{"jsonrpc":"2.0","id":7,"method":"initialize","params":{}}"#,
                Some((-32602, json!(7))),
            ),
        ] {
            assert_eq!(code(message), expected, "{message}");
        }
        let refusal = check(br#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{}}"#)
            .err()
            .map(|r| (r.code, r.message));
        assert!(
            refusal
                .as_ref()
                .is_some_and(|(code, message)| *code == ErrorCode::INVALID_PARAMS
                    && message.contains("name")),
            "{refusal:?}"
        );
    }
}
