//! What a policy knows about paths: how to resolve them, and which no tool may touch (Warden's
//! data directory, given by the server when it loads the policy). Every path-valued argument of
//! every tool is checked against them, and so is every path in a command line.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use super::{Decision, Policy};
use crate::paths::{Lexical, PathJudge, PathResolver, lexical};
use crate::{RiskLevel, Verdict, classify_with};

/// How paths are judged: the resolver, and the paths no tool may touch.
#[derive(Debug, Clone)]
pub(super) struct PathSettings {
    resolver: Arc<dyn PathResolver>,
    /// As given by the server.
    given: Vec<PathBuf>,
    /// Absolute and lexically normal, with their resolved forms.
    protected: Vec<PathBuf>,
}

impl Default for PathSettings {
    fn default() -> Self {
        Self {
            resolver: Arc::new(Lexical),
            given: Vec::new(),
            protected: Vec::new(),
        }
    }
}

impl PathSettings {
    fn normalise(&mut self) {
        let base = self
            .resolver
            .working_dir()
            .unwrap_or_else(|| PathBuf::from("/"));
        self.protected = Vec::new();
        for path in &self.given {
            let absolute = lexical(&base.join(path));
            if let Some(real) = self.resolver.resolve(&absolute) {
                self.protected.push(real);
            }
            self.protected.push(absolute);
        }
        self.protected.sort();
        self.protected.dedup();
    }
}

/// Arguments of any tool that name a path: checked against the protected paths.
const PATH_ARGUMENTS: &[&str] = &[
    "path",
    "paths",
    "repo",
    "root",
    "dir",
    "directory",
    "file",
    "files",
    "cwd",
    "working_dir",
    "source",
    "destination",
    "target",
];

/// Said when a tool call names a protected path.
const PROTECTED_ALTERNATIVE: &str = "Warden's data directory and processes' environments and memory are never available to tools; an operator inspects them on the host, outside Warden";

impl Policy {
    /// Paths no tool may touch (Warden's data directory): every path-valued argument of every
    /// tool and every path in a command line is refused when it is inside one of them. Relative
    /// paths start from the resolver's working directory (so set the resolver first).
    pub fn with_protected_paths(mut self, paths: impl IntoIterator<Item = PathBuf>) -> Self {
        self.paths.given.extend(paths);
        self.paths.normalise();
        self
    }

    /// How paths are resolved before they are judged: the host's file system in the server
    /// ([`crate::HostFileSystem`]); lexical only by default, which keeps tests deterministic.
    pub fn with_resolver(mut self, resolver: Arc<dyn PathResolver>) -> Self {
        self.paths.resolver = resolver;
        self.paths.normalise();
        self
    }

    /// The protected paths, absolute and normalised (with their resolved forms).
    pub fn protected_paths(&self) -> &[PathBuf] {
        &self.paths.protected
    }

    fn path_judge(&self) -> PathJudge<'_> {
        PathJudge {
            resolver: self.paths.resolver.as_ref(),
            protected: &self.paths.protected,
            working_dir: None,
            unknown_dir: false,
            uncontained: false,
        }
    }

    /// The command classifier's verdict for `line`, with this policy's paths.
    pub fn classify(&self, line: &str) -> Verdict {
        classify_with(line, self.path_judge())
    }

    /// The command classifier's verdict for `line` run where nothing contains it (`ssh_exec`,
    /// on another host): paths are judged by their text alone (this host's file system and
    /// working directory say nothing about the other's), what containment would keep from the
    /// command is judged instead, and so are programs that were low only because containment
    /// backs them (see `PathJudge::uncontained`).
    pub fn classify_uncontained(&self, line: &str) -> Verdict {
        classify_with(
            line,
            PathJudge {
                resolver: &Lexical,
                protected: &self.paths.protected,
                working_dir: None,
                unknown_dir: false,
                uncontained: true,
            },
        )
    }

    /// A decision refusing the call when one of its path-valued arguments is protected.
    pub(super) fn protected_argument(&self, args: &Value) -> Option<Decision> {
        let judge = self.path_judge();
        let object = args.as_object()?;
        for name in PATH_ARGUMENTS {
            let values: Vec<&str> = match object.get(*name) {
                Some(Value::String(text)) => vec![text.as_str()],
                Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
                Some(_) | None => continue,
            };
            for value in values {
                if let Some(reason) = judge.protected(value) {
                    return Some(Decision {
                        level: RiskLevel::Forbidden,
                        rule: "protected-path".to_owned(),
                        justification: format!("{name}: {reason}"),
                        alternative: Some(PROTECTED_ALTERNATIVE.to_owned()),
                    });
                }
            }
        }
        None
    }
}
