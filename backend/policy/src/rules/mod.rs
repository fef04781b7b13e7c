//! Policies: TOML files that set each tool's base level and add rules over its arguments. A
//! call's decision is the strictest of its base level, the command classifier's verdict (for
//! tools that carry a command line) and every rule that matches; an allow never overrides a deny.
//! Grants set the base level for one kind of actor (the monitor's runbooks); rules still apply
//! on top of them, so a grant never unlocks what a rule forbids. Allows lower the command
//! classifier's verdict on lines an operator vouches for, never a `forbidden` one and never
//! below a tool level or a rule.

mod actors;
mod allow;
mod load;
mod protect;

use std::collections::BTreeMap;

use serde_json::Value;

pub use allow::Allow;
pub use load::{DEFAULT_POLICY, DEFAULT_POLICY_NAME, PolicyError, Source};

use crate::{RiskLevel, command_parts, glob};

/// Said when a forbidden command has no rule of its own to suggest something better.
/// Command tools whose `low` runs with nothing containing it: `ssh_exec` runs on the remote host
/// as the configured user. Their lines are judged without counting on containment
/// ([`Policy::classify_uncontained`]).
pub const UNCONTAINED_TOOLS: &[&str] = &["ssh_exec"];

const NO_TOOL_ALTERNATIVE: &str = "no tool call may do this; if it is really needed, an operator does it by hand on the host, outside Warden";

/// Every loaded policy file, combined.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    effects: BTreeMap<String, RiskLevel>,
    tools: BTreeMap<String, RiskLevel>,
    /// Tools whose calls carry a command line, with the argument that holds it.
    commands: BTreeMap<String, String>,
    rules: Vec<Rule>,
    grants: Vec<Rule>,
    allows: Vec<Allow>,
    paths: protect::PathSettings,
}

/// One `[[rule]]`: when a named tool is called with arguments matching every pattern, the call
/// is at least `level`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: String,
    /// Tool names, wildcards allowed.
    pub tools: Vec<String>,
    pub level: RiskLevel,
    pub justification: String,
    pub alternative: Option<String>,
    /// Argument name to patterns: the argument's value must match one of them.
    pub arguments: BTreeMap<String, Vec<String>>,
    /// Patterns over each normalised command of the command line: one must match one of them.
    pub command: Vec<String>,
    /// Who it applies to: kinds of actor (`user`, `api_key`, `monitor`, `monitor_model`) or
    /// named ones (`user:NAME`, `api_key:NAME`); empty: all.
    pub actors: Vec<String>,
}

/// A policy's answer for one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub level: RiskLevel,
    /// What decided: a rule's id, `tools.NAME`, `effects.EFFECT` or `command-classifier`.
    pub rule: String,
    pub justification: String,
    /// For forbidden calls: what to do instead.
    pub alternative: Option<String>,
}

impl Rule {
    fn applies_to(&self, tool: &str, actor: &str, identity: Option<&str>) -> bool {
        self.tools
            .iter()
            .any(|pattern| glob::matches(pattern, tool))
            && (self.actors.is_empty()
                || self
                    .actors
                    .iter()
                    .any(|a| actors::actor_matches(a, actor, identity)))
    }

    fn matches_arguments(&self, args: &Value, command_argument: Option<&str>) -> bool {
        let arguments_match = self.arguments.iter().all(|(name, patterns)| {
            scalar_text(args.get(name))
                .is_some_and(|value| patterns.iter().any(|p| glob::matches(p, &value)))
        });
        if !arguments_match {
            return false;
        }
        if self.command.is_empty() {
            return true;
        }
        let Some(line) = command_argument
            .and_then(|name| args.get(name))
            .and_then(Value::as_str)
        else {
            return false;
        };
        command_parts(line)
            .iter()
            .any(|part| self.command.iter().any(|p| glob::matches(p, part)))
    }
}

/// Strings as they are, numbers and booleans as written; objects, arrays and null match nothing.
fn scalar_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

impl Policy {
    /// The decision for `actor` (`user`, `api_key` or `monitor`) calling `tool` (whose declared
    /// effect is `effect`: `read_only`, `mutating` or `destructive`) with `args`. Pure: nothing
    /// runs.
    pub fn decide(&self, actor: &str, tool: &str, effect: &str, args: &Value) -> Decision {
        self.decide_for(actor, None, tool, effect, args)
    }

    /// [`Policy::decide`] for an actor known by name too (a user's name, an API key's name), so
    /// that grants and rules naming it (`user:NAME`, `api_key:NAME`) apply.
    /// Whether `id` names one of the policy's `[[grant]]`s (a decision's `rule`).
    pub fn is_grant(&self, id: &str) -> bool {
        self.grants.iter().any(|g| g.id == id)
    }

    pub fn decide_for(
        &self,
        actor: &str,
        identity: Option<&str>,
        tool: &str,
        effect: &str,
        args: &Value,
    ) -> Decision {
        let mut decision = self.base(tool, effect);
        let command_argument = self.commands.get(tool).map(String::as_str);
        // Grants replace the base level; when several match, the strictest of them counts.
        let granted = self
            .grants
            .iter()
            .filter(|g| {
                g.applies_to(tool, actor, identity) && g.matches_arguments(args, command_argument)
            })
            .max_by_key(|g| g.level);
        if let Some(grant) = granted {
            decision = Decision {
                level: grant.level,
                rule: grant.id.clone(),
                justification: grant.justification.clone(),
                alternative: None,
            };
        }
        if let Some(argument) = self.commands.get(tool) {
            let judged = match args.get(argument).and_then(Value::as_str) {
                Some(line) => {
                    let verdict = if UNCONTAINED_TOOLS.contains(&tool) {
                        self.classify_uncontained(line)
                    } else {
                        self.classify(line)
                    };
                    let judged = Decision {
                        level: verdict.level,
                        rule: "command-classifier".to_owned(),
                        justification: if verdict.command.is_empty() {
                            verdict.reason
                        } else {
                            format!("{}: {}", verdict.command, verdict.reason)
                        },
                        alternative: None,
                    };
                    allow::lower(&self.allows, tool, (actor, identity), line, judged)
                }
                None => Decision {
                    level: RiskLevel::High,
                    rule: "command-classifier".to_owned(),
                    justification: format!("no '{argument}' text to judge"),
                    alternative: None,
                },
            };
            // A tool level set by the policy is a floor for what the command needs.
            decision = if self.tools.contains_key(tool) {
                stricter(decision, judged)
            } else {
                judged
            };
        }
        for rule in &self.rules {
            if rule.applies_to(tool, actor, identity)
                && rule.matches_arguments(args, command_argument)
            {
                decision = stricter(
                    decision,
                    Decision {
                        level: rule.level,
                        rule: rule.id.clone(),
                        justification: rule.justification.clone(),
                        alternative: rule.alternative.clone(),
                    },
                );
            }
        }
        if let Some(refused) = self.protected_argument(args) {
            decision = stricter(decision, refused);
        }
        if decision.level == RiskLevel::Forbidden && decision.alternative.is_none() {
            decision.alternative = Some(NO_TOOL_ALTERNATIVE.to_owned());
        }
        decision
    }

    fn base(&self, tool: &str, effect: &str) -> Decision {
        if let Some(level) = self.tools.get(tool) {
            return Decision {
                level: *level,
                rule: format!("tools.{tool}"),
                justification: format!("the policy sets {tool} to {}", level.as_str()),
                alternative: None,
            };
        }
        match self.effects.get(effect) {
            Some(level) => Decision {
                level: *level,
                rule: format!("effects.{effect}"),
                justification: format!(
                    "{tool} is declared {effect}, which the policy sets to {}",
                    level.as_str()
                ),
                alternative: None,
            },
            // An effect the policy does not know: a human decides.
            None => Decision {
                level: RiskLevel::High,
                rule: "unknown-effect".to_owned(),
                justification: format!(
                    "{tool} declares an effect '{effect}' the policy does not know"
                ),
                alternative: None,
            },
        }
    }

    /// The rules, in the order they were loaded.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The grants, in the order they were loaded.
    pub fn grants(&self) -> &[Rule] {
        &self.grants
    }

    /// The allows, in the order they were loaded.
    pub fn allows(&self) -> &[Allow] {
        &self.allows
    }
}

/// The stricter of two decisions; on a tie the earlier one stays.
fn stricter(current: Decision, other: Decision) -> Decision {
    if other.level > current.level {
        other
    } else {
        current
    }
}
