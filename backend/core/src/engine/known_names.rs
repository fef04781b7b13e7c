//! The reader's view of the tools offered to a run ([`ToolNames`]), made once per offered list.
//!
//! A run reads its model's answers against the names and schemas of the tools it was offered.
//! Building that view copies every schema's properties (about 0.75 M instructions for the ~40
//! tools of an admin, a sixth of a tool chat's), yet the offered list is the same shared
//! `Arc<[ToolDefinition]>` for every run of the same scopes (the guard makes it once per scope
//! set). So the view is kept beside the list it was made from and found again by the list's
//! address; holding the list itself keeps that address from being reused by another.

use std::sync::{Arc, Mutex};

use warden_llm::{ToolDefinition, ToolNames};

/// Offered lists remembered at most: one per scope set in use (chat, read-only keys, the
/// monitor...). Beyond it the oldest is forgotten and made again when next needed.
const REMEMBERED: usize = 8;

/// An offered tool list and the [`ToolNames`] made from it.
type Made = (Arc<[ToolDefinition]>, Arc<ToolNames>);

/// Offered tool lists and the [`ToolNames`] made from each.
#[derive(Default)]
pub(crate) struct KnownNames {
    made: Mutex<Vec<Made>>,
}

impl KnownNames {
    /// The names of `tools`, made from their definitions the first time this list is seen.
    pub(crate) fn of(&self, tools: &Arc<[ToolDefinition]>) -> Arc<ToolNames> {
        let mut made = self.made.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, names)) = made.iter().find(|(list, _)| Arc::ptr_eq(list, tools)) {
            return names.clone();
        }
        let names = Arc::new(ToolNames::from_definitions(tools.iter()));
        if made.len() >= REMEMBERED {
            made.remove(0);
        }
        made.push((tools.clone(), names.clone()));
        names
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn list(names: &[&str]) -> Arc<[ToolDefinition]> {
        names
            .iter()
            .map(|name| ToolDefinition {
                name: (*name).to_owned(),
                description: String::new(),
                parameters: Arc::new(json!({
                    "type": "object",
                    "properties": {"path": {"type": "string"}},
                    "required": ["path"],
                })),
            })
            .collect()
    }

    #[test]
    fn the_same_list_is_read_once_and_another_list_gets_its_own_names() {
        let known = KnownNames::default();
        let first = list(&["file_info"]);
        let a = known.of(&first);
        let b = known.of(&first);
        assert!(Arc::ptr_eq(&a, &b), "made again for the same list");
        assert_eq!(a.sole_argument("file_info"), Some("path"));

        // An equal list at another address is another scope set's: its own names.
        let other = list(&["docker_ps"]);
        let c = known.of(&other);
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(c.sole_argument("docker_ps"), Some("path"));
        assert_eq!(c.sole_argument("file_info"), None);
    }

    #[test]
    fn the_memory_stays_bounded_and_forgets_the_oldest_list() {
        let known = KnownNames::default();
        let lists: Vec<_> = (0..REMEMBERED + 1)
            .map(|i| list(&[format!("tool_{i}").as_str()]))
            .collect();
        let first = known.of(&lists[0]);
        for tools in &lists[1..] {
            known.of(tools);
        }
        assert_eq!(known.made.lock().unwrap().len(), REMEMBERED);
        let again = known.of(&lists[0]);
        assert!(!Arc::ptr_eq(&first, &again), "the oldest was forgotten");
        assert_eq!(again.sole_argument("tool_0"), Some("path"));
    }
}
