//! Facts about a tool definition that do not change between model steps (its estimated tokens,
//! the words of its description, its JSON as a model request offers it), computed once per
//! definition instead of at every step: every
//! step weighs every tool the caller may use, and recomputing them (serialising each schema,
//! splitting each description into words) was a tenth of a chat's CPU.
//!
//! A definition is recognised by its name and checked against its description and schema, so a
//! tool that changes (an MCP server's, a new build's) is computed again, never served stale.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::ToolDefinition;

/// Tools remembered at most; past this the memo starts over (a registry has a few dozen).
const MOST_TOOLS: usize = 1024;
/// Shared copies of one schema recognised by address, per tool: each scope set's offered
/// definitions hold their own copy, and comparing a copy map by map costs as much as the fact.
const MOST_COPIES: usize = 4;

struct Entry<T> {
    description: String,
    /// The schema the fact was computed from, and equal copies of it seen since (at most
    /// [`MOST_COPIES`]); empty when the fact does not depend on it. Held shared, so a copy is
    /// recognised by its address without comparing its maps (the entry keeps it alive, so the
    /// address cannot be reused by another schema).
    parameters: Vec<Arc<serde_json::Value>>,
    value: T,
}

/// What a fact is computed from, so what must match for it to be served again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The description alone: the schema is not compared (comparing it costs as much as a
    /// cheap fact).
    Description,
    /// The description and the schema.
    DescriptionAndSchema,
}

/// One fact per tool definition.
pub struct ToolMemo<T> {
    source: Source,
    entries: Mutex<Option<HashMap<String, Entry<T>>>>,
}

impl<T: Clone> ToolMemo<T> {
    pub const fn new(source: Source) -> Self {
        Self {
            source,
            entries: Mutex::new(None),
        }
    }

    /// The fact for `tool`, computed by `compute` the first time this definition is seen.
    pub fn get(&self, tool: &ToolDefinition, compute: impl FnOnce(&ToolDefinition) -> T) -> T {
        let mut guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let entries = guard.get_or_insert_with(HashMap::new);
        if let Some(entry) = entries.get_mut(&tool.name)
            && entry.description == tool.description
        {
            let Some(first) = entry.parameters.first() else {
                return entry.value.clone();
            };
            if entry
                .parameters
                .iter()
                .any(|copy| Arc::ptr_eq(copy, &tool.parameters))
            {
                return entry.value.clone();
            }
            if **first == *tool.parameters {
                // Known next time by its address; the newest copies are the likeliest to return.
                if entry.parameters.len() >= MOST_COPIES {
                    entry.parameters.remove(1);
                }
                entry.parameters.push(tool.parameters.clone());
                return entry.value.clone();
            }
        }
        let value = compute(tool);
        if entries.len() >= MOST_TOOLS {
            entries.clear();
        }
        entries.insert(
            tool.name.clone(),
            Entry {
                description: tool.description.clone(),
                parameters: if self.source == Source::DescriptionAndSchema {
                    vec![tool.parameters.clone()]
                } else {
                    Vec::new()
                },
                value: value.clone(),
            },
        );
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tool(description: &str, parameters: serde_json::Value) -> ToolDefinition {
        ToolDefinition {
            name: "probe".to_owned(),
            description: description.to_owned(),
            parameters: Arc::new(parameters),
        }
    }

    #[test]
    fn a_definition_is_computed_once_and_again_when_it_changes() {
        let memo: ToolMemo<usize> = ToolMemo::new(Source::DescriptionAndSchema);
        let computed = std::cell::Cell::new(0);
        let count = |t: &ToolDefinition| {
            computed.set(computed.get() + 1);
            t.description.len()
        };
        let first = tool("reads a file", serde_json::json!({"type": "object"}));
        let copied = tool("reads a file", serde_json::json!({"type": "object"}));
        assert_eq!(memo.get(&first, count), 12);
        assert_eq!(memo.get(&first, count), 12);
        assert_eq!(memo.get(&copied, count), 12);
        assert_eq!(
            computed.get(),
            1,
            "the same definition is remembered, shared or copied"
        );
        let held = |memo: &ToolMemo<usize>| {
            let entries = memo.entries.lock().unwrap_or_else(|p| p.into_inner());
            entries
                .as_ref()
                .map_or(Vec::new(), |entries| entries["probe"].parameters.clone())
        };
        assert!(
            held(&memo)
                .iter()
                .any(|p| Arc::ptr_eq(p, &copied.parameters)),
            "a copy found equal is known by its address from then on"
        );
        for _ in 0..10 {
            let another = tool("reads a file", serde_json::json!({"type": "object"}));
            assert_eq!(memo.get(&another, count), 12);
        }
        assert_eq!(held(&memo).len(), MOST_COPIES, "copies kept are bounded");
        assert!(Arc::ptr_eq(&held(&memo)[0], &first.parameters));
        assert_eq!(computed.get(), 1);
        let described = tool("reads a whole file", serde_json::json!({"type": "object"}));
        assert_eq!(memo.get(&described, count), 18);
        let reshaped = tool("reads a whole file", serde_json::json!({"type": "string"}));
        assert_eq!(memo.get(&reshaped, count), 18);
        assert_eq!(
            computed.get(),
            3,
            "a changed description or schema is computed again"
        );
    }
}
