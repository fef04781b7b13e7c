//! Reading policy files. Unknown keys, unknown levels, patterns that do not parse and examples
//! that contradict their rule are errors naming the file and line: a policy that does not say
//! what its author meant must stop start-up, never be read as something weaker.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Allow, Policy, Rule};
use crate::{RiskLevel, classify_command};

/// A policy file that cannot be used, with where and why. `line` is 1-based; 0 when the fault
/// is the file or directory as a whole (then no line is shown: `FILE: REASON`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {reason}", if *.line == 0 { String::new() } else { format!(":{}", .line) })]
pub struct PolicyError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

/// One policy file's text and the name errors use for it.
pub struct Source {
    pub name: String,
    pub text: String,
}

/// The policy Warden ships, built into the binary.
pub const DEFAULT_POLICY: &str = include_str!("../../../../policies/default.toml");
pub const DEFAULT_POLICY_NAME: &str = "policies/default.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    version: Spanned<u32>,
    #[serde(default)]
    effects: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    tools: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    commands: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    rule: Vec<Spanned<RuleShape>>,
    #[serde(default)]
    grant: Vec<Spanned<RuleShape>>,
    #[serde(default)]
    allow: Vec<Spanned<AllowShape>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowShape {
    id: String,
    tools: Vec<String>,
    command: Vec<String>,
    level: String,
    justification: String,
    #[serde(default)]
    actors: Vec<String>,
    #[serde(rename = "match", default)]
    must_match: Vec<String>,
    #[serde(default)]
    not_match: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleShape {
    id: String,
    tools: Vec<String>,
    level: String,
    justification: String,
    alternative: Option<String>,
    #[serde(default)]
    arguments: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    command: Vec<String>,
    #[serde(default)]
    actors: Vec<String>,
    #[serde(rename = "match", default)]
    must_match: Vec<Example>,
    #[serde(default)]
    not_match: Vec<Example>,
}

/// An example call: a table of arguments, or for command rules just the command line.
#[derive(Deserialize)]
#[serde(untagged)]
enum Example {
    Line(String),
    Arguments(toml::Table),
}

const EFFECTS: &[&str] = &["read_only", "mutating", "destructive"];

fn parse_level(text: &str) -> Result<RiskLevel, String> {
    text.parse()
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

impl Policy {
    /// The shipped policy and every `*.toml` file of `dir` (in name order), when given.
    pub fn load(dir: Option<&Path>) -> Result<Policy, PolicyError> {
        let mut sources = vec![Source {
            name: DEFAULT_POLICY_NAME.to_owned(),
            text: DEFAULT_POLICY.to_owned(),
        }];
        if let Some(dir) = dir {
            sources.extend(read_dir(dir)?);
        }
        Policy::from_sources(&sources)
    }

    /// Combines files: effects, tool levels and command arguments of later files replace earlier
    /// ones; rules add up, and the strictest matching rule decides.
    pub fn from_sources(sources: &[Source]) -> Result<Policy, PolicyError> {
        let mut policy = Policy::default();
        for source in sources {
            policy.add(source)?;
        }
        for effect in EFFECTS {
            if !policy.effects.contains_key(*effect) {
                return Err(PolicyError {
                    file: sources
                        .first()
                        .map_or_else(|| "(no policy)".to_owned(), |s| s.name.clone()),
                    line: 1,
                    reason: format!("no level for the effect '{effect}' in [effects]"),
                });
            }
        }
        Ok(policy)
    }

    fn add(&mut self, source: &Source) -> Result<(), PolicyError> {
        let error = |offset: usize, reason: String| PolicyError {
            file: source.name.clone(),
            line: line_of(&source.text, offset),
            reason,
        };
        let shape: FileShape = toml::from_str(&source.text).map_err(|e| {
            error(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_owned(),
            )
        })?;
        if *shape.version.get_ref() != 1 {
            return Err(error(
                shape.version.span().start,
                format!(
                    "version {} is not supported (this Warden reads version 1)",
                    shape.version.get_ref()
                ),
            ));
        }
        for (effect, level) in shape.effects {
            if !EFFECTS.contains(&effect.as_str()) {
                return Err(error(
                    level.span().start,
                    format!("'{effect}' is not an effect (read_only, mutating or destructive)"),
                ));
            }
            let parsed = parse_level(level.get_ref()).map_err(|r| error(level.span().start, r))?;
            self.effects.insert(effect, parsed);
        }
        for (tool, level) in shape.tools {
            let parsed = parse_level(level.get_ref()).map_err(|r| error(level.span().start, r))?;
            self.tools.insert(tool, parsed);
        }
        for (tool, argument) in shape.commands {
            self.commands.insert(tool, argument.into_inner());
        }
        for (kind, spanned) in shape
            .rule
            .into_iter()
            .map(|r| (Kind::Rule, r))
            .chain(shape.grant.into_iter().map(|g| (Kind::Grant, g)))
        {
            let at = spanned.span().start;
            let rule = build_rule(spanned.into_inner(), kind, &self.commands)
                .map_err(|reason| error(at, reason))?;
            if self
                .rules
                .iter()
                .chain(&self.grants)
                .any(|r| r.id == rule.id)
                || self.allows.iter().any(|a| a.id == rule.id)
            {
                return Err(error(
                    at,
                    format!("a rule named '{}' exists already", rule.id),
                ));
            }
            match kind {
                Kind::Rule => self.rules.push(rule),
                Kind::Grant => self.grants.push(rule),
            }
        }
        for spanned in shape.allow {
            let at = spanned.span().start;
            let allow = build_allow(spanned.into_inner(), &self.commands)
                .map_err(|reason| error(at, reason))?;
            if self.rules.iter().any(|r| r.id == allow.id)
                || self.grants.iter().any(|r| r.id == allow.id)
                || self.allows.iter().any(|a| a.id == allow.id)
            {
                return Err(error(
                    at,
                    format!("a rule named '{}' exists already", allow.id),
                ));
            }
            self.allows.push(allow);
        }
        Ok(())
    }
}

/// An `[[allow]]`, checked: its fields, then its examples (each `match` line is covered and not
/// forbidden by the classifier, which no allow lowers; no `not_match` line is covered).
fn build_allow(shape: AllowShape, commands: &BTreeMap<String, String>) -> Result<Allow, String> {
    let allow = Allow {
        id: shape.id.trim().to_owned(),
        tools: shape.tools,
        command: shape.command,
        level: parse_level(&shape.level).map_err(|r| format!("allow '{}': {r}", shape.id))?,
        justification: shape.justification,
        actors: shape.actors,
    };
    super::allow::check(&allow, commands)?;
    let named = |reason: String| format!("allow '{}': {reason}", allow.id);
    if shape.must_match.is_empty() {
        return Err(named(
            "an allow needs at least one 'match' example".to_owned(),
        ));
    }
    for line in &shape.must_match {
        if !allow.covers(line) {
            return Err(named(format!(
                "the match example '{line}' is not covered (every command must match a pattern, and only one program or a plain pipeline can be)"
            )));
        }
        let verdict = classify_command(line);
        if verdict.level == RiskLevel::Forbidden {
            return Err(named(format!(
                "the match example '{line}' is forbidden ({}), and an allow never lowers a forbidden verdict",
                verdict.reason
            )));
        }
    }
    for line in &shape.not_match {
        if allow.covers(line) {
            return Err(named(format!("the not_match example '{line}' is covered")));
        }
    }
    Ok(allow)
}

fn read_dir(dir: &Path) -> Result<Vec<Source>, PolicyError> {
    let unreadable = |reason: String| PolicyError {
        file: dir.display().to_string(),
        line: 0,
        reason,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| {
        unreadable(if e.kind() == std::io::ErrorKind::NotFound {
            "the policy directory does not exist: create it, or point guard.policy_dir at the directory that holds the policy files".to_owned()
        } else if e.kind() == std::io::ErrorKind::NotADirectory {
            "is not a directory: guard.policy_dir names a directory of *.toml files".to_owned()
        } else {
            format!("cannot read the policy directory: {e}")
        })
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|e| PolicyError {
                file: path.display().to_string(),
                line: 0,
                reason: format!("cannot read: {e}"),
            })?;
            Ok(Source {
                name: path.display().to_string(),
                text,
            })
        })
        .collect()
}

/// A `[[rule]]` raises a call's level; a `[[grant]]` sets the base level for named actors.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rule,
    Grant,
}

fn build_rule(
    shape: RuleShape,
    kind: Kind,
    commands: &BTreeMap<String, String>,
) -> Result<Rule, String> {
    let id = shape.id.trim().to_owned();
    if id.is_empty() {
        return Err("a rule needs an id".to_owned());
    }
    let noun = match kind {
        Kind::Rule => "rule",
        Kind::Grant => "grant",
    };
    let named = |reason: String| format!("{noun} '{id}': {reason}");
    if let Some(reason) = shape
        .actors
        .iter()
        .find_map(|a| super::actors::check_actor(a).err())
    {
        return Err(named(reason));
    }
    if shape.tools.is_empty() {
        return Err(named("'tools' must name at least one tool".to_owned()));
    }
    if shape.justification.trim().is_empty() {
        return Err(named("a rule needs a justification".to_owned()));
    }
    let level = parse_level(&shape.level).map_err(named)?;
    if level == RiskLevel::Forbidden && shape.alternative.is_none() {
        return Err(named(
            "a forbidding rule needs an 'alternative' to suggest".to_owned(),
        ));
    }
    match kind {
        Kind::Rule if shape.arguments.is_empty() && shape.command.is_empty() => {
            return Err(named(
                "a rule needs 'arguments' or 'command' patterns to match".to_owned(),
            ));
        }
        // A grant that anyone could use would lower the shipped levels for every caller.
        Kind::Grant if shape.actors.is_empty() => {
            return Err(named(
                "a grant must name its 'actors' (user, api_key, monitor, user:NAME or api_key:NAME)"
                    .to_owned(),
            ));
        }
        Kind::Grant if level == RiskLevel::Forbidden => {
            return Err(named("a grant cannot forbid; write a rule".to_owned()));
        }
        Kind::Rule | Kind::Grant => {}
    }
    if shape.must_match.is_empty() {
        return Err(named(
            "a rule needs at least one 'match' example".to_owned(),
        ));
    }
    let rule = Rule {
        id: id.clone(),
        tools: shape.tools,
        level,
        justification: shape.justification,
        alternative: shape.alternative,
        arguments: shape.arguments,
        command: shape.command,
        actors: shape.actors,
    };
    // A command example is a command line for every command tool the rule names.
    let command_argument = rule
        .tools
        .iter()
        .find_map(|t| commands.get(t))
        .cloned()
        .unwrap_or_else(|| "command".to_owned());
    let to_arguments = |example: &Example| -> serde_json::Value {
        match example {
            Example::Line(line) => serde_json::json!({ command_argument.as_str(): line }),
            Example::Arguments(table) => {
                serde_json::to_value(table).unwrap_or(serde_json::Value::Null)
            }
        }
    };
    for example in &shape.must_match {
        let args = to_arguments(example);
        if !rule.matches_arguments(&args, Some(&command_argument)) {
            return Err(named(format!(
                "the match example {args} does not match the rule"
            )));
        }
    }
    for example in &shape.not_match {
        let args = to_arguments(example);
        if rule.matches_arguments(&args, Some(&command_argument)) {
            return Err(named(format!(
                "the not_match example {args} matches the rule"
            )));
        }
    }
    Ok(rule)
}
