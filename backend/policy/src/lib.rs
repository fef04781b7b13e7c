//! Risk decisions from rules, not from the model.
//!
//! Command lines (for `run_command` and `ssh_exec`) are classified: the line is split into every
//! command it would run (pipelines, lists, substitutions, interpreter payloads), each is
//! normalised (wrappers such as `sudo`, `env` or `timeout` read with their own options, paths and
//! spellings normalised), judged against a positive model of read-only programs and options, and
//! the strictest verdict wins. A line that cannot be parsed is judged `high`: in doubt, a human
//! decides.
//!
//! Policies (TOML files in `policies/`) set each tool's base level and add rules over arguments
//! and commands; [`Policy::decide`] combines all of it into one [`Decision`].

mod assigned;
mod carried;
mod classify;
mod fed_args;
mod glob;
mod inline_code;
mod inline_modes;
mod level;
mod lex;
mod listed_files;
mod loops;
mod made_files;
mod mounted;
mod network_shells;
mod normalize;
mod options;
mod parallel;
mod parse;
mod parts;
mod paths;
mod positional;
mod programs;
mod rules;
mod run_later;
mod shown_values;
mod workdirs;
mod wrappers;

pub use classify::{Verdict, classify_command, classify_with};
pub use level::RiskLevel;
pub use parse::host_pipeline;
pub use parts::command_parts;
pub use paths::{HostFileSystem, Lexical, PathJudge, PathResolver};
pub use rules::{
    Allow, DEFAULT_POLICY, DEFAULT_POLICY_NAME, Decision, Policy, PolicyError, Rule, Source,
    UNCONTAINED_TOOLS,
};
