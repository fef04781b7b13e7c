//! Risk decisions from rules, not from the model.
//!
//! This part classifies command lines (for `run_command` and `ssh_exec`): the line is split into
//! every command it would run (pipelines, lists, substitutions, interpreter payloads), each is
//! normalised (absolute paths, wrappers such as `sudo` or `env`, combined flags), judged on its
//! own, and the strictest verdict wins. A line that cannot be parsed is judged `high`: in doubt,
//! a human decides.

mod classify;
mod level;
mod normalize;
mod parse;

pub use classify::{Verdict, classify_command};
pub use level::RiskLevel;
