//! `[[allow]]`: an operator vouches for specific command lines (their own health scripts), so
//! the command classifier's verdict on them may be lowered to `low` or `medium`.
//!
//! An allow is narrow by construction: it covers a line only when the line is one program or a
//! plain pipeline (no lists, redirections or substitutions) and every command of it, normalised
//! like `[[rule]] command` patterns see it, matches one of its patterns. It never lowers a
//! `forbidden` verdict, and the policy's tool levels and every `[[rule]]` still apply on top of
//! it: an allow never overrides a deny. What it lowers to `low` still runs contained.

use super::Decision;
use crate::{RiskLevel, command_parts, glob, host_pipeline};

/// One `[[allow]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    pub id: String,
    /// Command tools (those named in `[commands]`) it applies to.
    pub tools: Vec<String>,
    /// Patterns over each normalised command of a line; every command must match one.
    pub command: Vec<String>,
    /// `low` or `medium`: the most it lowers a verdict to.
    pub level: RiskLevel,
    pub justification: String,
    /// The actors it applies to, as for rules: kinds (`user`, `api_key`, `monitor`,
    /// `monitor_model`) or one user or key by name (`user:NAME`, `api_key:NAME`); empty: all.
    pub actors: Vec<String>,
}

impl Allow {
    pub(super) fn applies_to(&self, tool: &str, actor: &str, identity: Option<&str>) -> bool {
        self.tools.iter().any(|t| t == tool)
            && (self.actors.is_empty()
                || self
                    .actors
                    .iter()
                    .any(|a| super::actors::actor_matches(a, actor, identity)))
    }

    /// Whether `line` is one program or a plain pipeline whose every command matches a pattern.
    pub fn covers(&self, line: &str) -> bool {
        if host_pipeline(line).is_none() {
            return false;
        }
        let parts = command_parts(line);
        !parts.is_empty()
            && parts
                .iter()
                .all(|part| self.command.iter().any(|p| glob::matches(p, part)))
    }
}

/// The classifier's decision, lowered by the strictest allow that covers the line and would
/// lower it; a `forbidden` verdict stays.
pub(super) fn lower(
    allows: &[Allow],
    tool: &str,
    (actor, identity): (&str, Option<&str>),
    line: &str,
    judged: Decision,
) -> Decision {
    if judged.level == RiskLevel::Forbidden {
        return judged;
    }
    let allow = allows
        .iter()
        .filter(|a| a.level < judged.level && a.applies_to(tool, actor, identity) && a.covers(line))
        .max_by_key(|a| a.level);
    match allow {
        Some(allow) => Decision {
            level: allow.level,
            rule: allow.id.clone(),
            justification: format!(
                "{} (allowed by the policy; the command classifier alone says {}: {})",
                allow.justification.trim_end_matches('.'),
                judged.level.as_str(),
                judged.justification
            ),
            alternative: None,
        },
        None => judged,
    }
}

/// An allow's own checks at load: levels, tools, patterns; the examples are checked by the
/// caller, which knows the classifier's verdicts.
pub(super) fn check(
    allow: &Allow,
    commands: &std::collections::BTreeMap<String, String>,
) -> Result<(), String> {
    let named = |reason: String| format!("allow '{}': {reason}", allow.id);
    if allow.id.is_empty() {
        return Err("an allow needs an id".to_owned());
    }
    if !matches!(allow.level, RiskLevel::Low | RiskLevel::Medium) {
        return Err(named(format!(
            "level '{}': an allow lowers to low or medium only",
            allow.level.as_str()
        )));
    }
    if allow.tools.is_empty() {
        return Err(named("'tools' must name at least one tool".to_owned()));
    }
    if let Some(tool) = allow.tools.iter().find(|t| !commands.contains_key(*t)) {
        return Err(named(format!(
            "'{tool}' carries no command line (an allow applies to the tools in [commands]: {})",
            commands.keys().cloned().collect::<Vec<_>>().join(", ")
        )));
    }
    if allow.command.iter().all(|p| p.trim().is_empty()) {
        return Err(named("'command' must list at least one pattern".to_owned()));
    }
    if allow.justification.trim().is_empty() {
        return Err(named("an allow needs a justification".to_owned()));
    }
    if let Some(why) = allow
        .actors
        .iter()
        .find_map(|a| super::actors::check_actor(a).err())
    {
        return Err(named(why));
    }
    Ok(())
}
