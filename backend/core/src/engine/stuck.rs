//! Stuck detection. A model that calls the same tool with the same arguments over and over is
//! stuck; one that checks, acts, then checks again is not. So the rule is a count of identical
//! calls per run, not "the same call twice".

use std::collections::HashMap;

use warden_llm::ToolCall;

pub struct Repeats {
    limit: u32,
    seen: HashMap<String, u32>,
}

impl Repeats {
    pub fn new(limit: u32) -> Self {
        Self {
            limit: limit.max(1),
            seen: HashMap::new(),
        }
    }

    /// Records a call; returns why the run should stop when the call ran too often.
    pub fn record(&mut self, call: &ToolCall) -> Option<String> {
        // serde_json sorts object keys, so equal arguments give equal text.
        let key = format!("{}\u{1f}{}", call.name, call.arguments);
        let count = self.seen.entry(key).or_insert(0);
        *count += 1;
        (*count > self.limit).then(|| {
            format!(
                "'{}' was called with the same arguments {} times; the run was stopped as stuck",
                call.name, *count
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(name: &str, args: serde_json::Value) -> ToolCall {
        ToolCall {
            id: "c".to_owned(),
            name: name.to_owned(),
            arguments: args,
        }
    }

    #[test]
    fn check_act_check_is_fine_and_loops_are_not() {
        let mut repeats = Repeats::new(3);
        let check = call("docker_ps", json!({"all": true}));
        let act = call("docker_restart", json!({"container": "web"}));
        for c in [&check, &act, &check] {
            assert_eq!(repeats.record(c), None);
        }
        assert_eq!(
            repeats.record(&check),
            None,
            "a third identical check is still allowed"
        );
        assert!(repeats.record(&check).is_some(), "a fourth is a loop");
        assert_eq!(
            repeats.record(&call("docker_ps", json!({"all": false}))),
            None,
            "other arguments are another call"
        );
    }
}
