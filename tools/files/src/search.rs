//! `file_search`: a regular expression over the text files below a directory. The walk goes by
//! handle and never follows symlinks; it skips protected entries, hard-linked, binary and key
//! files and files over 2 MiB, and stops at the match limit or after 100,000 files. Secrets in
//! matching lines are redacted, and a line matches only if it still matches once redacted.
//!
//! Each file is read once; the regex scans the whole buffer for candidates and only the line a
//! candidate starts in is checked on its own, so the result is exactly "lines that match" at a
//! fraction of the cost of running the regex line by line.

use std::ffi::OsStr;
use std::fs::File;
use std::io::Read;
use std::ops::ControlFlow;
use std::os::fd::AsFd;
use std::path::PathBuf;
use std::sync::Arc;

use rustix::fs::FileType;
use warden_secrets::{redact_text, sensitive_content};

use regex::bytes::{Regex, RegexBuilder};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::blocking;
use crate::confine::{Confinement, display_name};
use crate::handle::{Access, file_type, open_child};
use crate::walk::{Skipped, Walked, walk};

const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 500;
const MAX_QUERY_CHARS: usize = 1000;
const MAX_FILES: usize = 100_000;
const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
const MAX_LINE_CHARS: usize = 300;

pub struct FileSearch(pub Arc<Confinement>);

/// Arguments of `file_search`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// The directory to search below.
    pub path: String,
    /// A regular expression (Rust syntax), matched against each line.
    pub query: String,
    /// Most matching lines to return (default 50, at most 500).
    pub limit: Option<usize>,
    /// Match case-insensitively (default false).
    #[serde(default)]
    pub ignore_case: bool,
}

impl TypedTool for FileSearch {
    type Args = Args;
    const NAME: &'static str = "file_search";
    const DESCRIPTION: &'static str = "Search text files below a directory inside the allowed roots for lines matching a regular expression. Returns path:line: text for each match.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    // Runs in Warden's own process, which the sandbox cannot hold: a medium call waits for a
    // human rather than claim a sandbox it does not use.
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: Args, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let limit = args.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ToolError::InvalidArguments(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        if args.query.is_empty() || args.query.chars().count() > MAX_QUERY_CHARS {
            return Err(ToolError::InvalidArguments(format!(
                "query must be 1 to {MAX_QUERY_CHARS} characters"
            )));
        }
        // Multi-line: `^` and `$` match at line boundaries, as they would on a single line.
        let regex = RegexBuilder::new(&args.query)
            .case_insensitive(args.ignore_case)
            .multi_line(true)
            .size_limit(1 << 20)
            .build()
            .map_err(|e| {
                ToolError::InvalidArguments(format!("query is not a valid regular expression: {e}"))
            })?;
        let confinement = self.0.clone();
        blocking(move || {
            let opened = confinement.open(&args.path, Access::Metadata)?;
            let dir_path = opened.path.clone();
            let mut matches = Vec::new();
            let (mut files, mut skipped) = (0usize, Skipped::default());
            let mut unreadable = 0usize;
            let mut stopped_early = false;
            let mut visit = |walked: Walked| {
                files += 1;
                if files > MAX_FILES {
                    stopped_early = true;
                    return ControlFlow::Break(());
                }
                if u64::try_from(walked.stat.st_size).map_or(true, |s| s > MAX_FILE_BYTES) {
                    unreadable += 1;
                    return ControlFlow::Continue(());
                }
                let mut buffer = Vec::new();
                if (&walked.file)
                    .take(MAX_FILE_BYTES)
                    .read_to_end(&mut buffer)
                    .is_err()
                    || buffer.iter().take(8192).any(|b| *b == 0)
                    || sensitive_content(&String::from_utf8_lossy(&buffer)).is_some()
                {
                    unreadable += 1;
                    return ControlFlow::Continue(());
                }
                let relative = walked.relative.display().to_string();
                for (number, line) in matching_lines(&regex, &buffer) {
                    let text = String::from_utf8_lossy(line);
                    let shown = redact_text(&text);
                    // A line with a secret in it counts only if it still matches once the
                    // secret is hidden: a query cannot test guesses against the secret.
                    if shown != text && !regex.is_match(shown.as_bytes()) {
                        continue;
                    }
                    let shown: String = shown.chars().take(MAX_LINE_CHARS).collect();
                    matches.push(json!({"path": relative, "line": number, "text": shown}));
                    if matches.len() >= limit {
                        stopped_early = true;
                        return ControlFlow::Break(());
                    }
                }
                ControlFlow::Continue(())
            };
            match file_type(&opened.stat) {
                FileType::Directory => {
                    let dir = open_child(opened.fd.as_fd(), OsStr::new("."), Access::Directory)
                        .map_err(|e| {
                            ToolError::Failed(format!("cannot search '{}': {e}", args.path))
                        })?;
                    let _stopped = walk(&confinement, &dir, &dir_path, &mut skipped, &mut visit)?;
                }
                FileType::RegularFile => {
                    let file = confinement.open(&args.path, Access::Read)?;
                    let _ = visit(Walked {
                        relative: PathBuf::from(display_name(&file.path)),
                        file: File::from(file.fd),
                        stat: file.stat,
                    });
                }
                FileType::Symlink
                | FileType::Fifo
                | FileType::Socket
                | FileType::CharacterDevice
                | FileType::BlockDevice
                | FileType::Unknown => {
                    return Err(ToolError::InvalidArguments(format!(
                        "'{}' is neither a directory nor a regular file",
                        args.path
                    )));
                }
            }
            let skipped = skipped.unreadable + unreadable;
            let mut text: String = matches
                .iter()
                .map(|m| {
                    format!(
                        "{}:{}: {}\n",
                        m["path"].as_str().unwrap_or(""),
                        m["line"],
                        m["text"].as_str().unwrap_or("")
                    )
                })
                .collect();
            if matches.is_empty() {
                text = format!("no line matches /{}/ in {files} files\n", args.query);
            }
            if stopped_early {
                text.push_str("[search stopped at the limit; narrow the path or the query]\n");
            }
            let data = json!({
                "path": dir_path.display().to_string(),
                "matches": matches,
                "files_scanned": files,
                "files_skipped": skipped,
            });
            Ok(ToolOutput::new(text, data).cut(stopped_early))
        })
        .await
    }
}

/// The lines of `buffer` that `regex` matches, with their 1-based numbers.
fn matching_lines<'a>(regex: &Regex, buffer: &'a [u8]) -> Vec<(usize, &'a [u8])> {
    let mut found = Vec::new();
    let (mut from, mut line_number, mut counted_to) = (0usize, 1usize, 0usize);
    while from < buffer.len() {
        let Some(candidate) = regex.find_at(buffer, from) else {
            break;
        };
        let start = buffer[..candidate.start()]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let end = buffer[candidate.start()..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(buffer.len(), |i| candidate.start() + i);
        line_number += buffer[counted_to..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted_to = start;
        let line = &buffer[start..end];
        // A candidate may span lines; the line must match on its own.
        if regex.is_match(line) {
            found.push((line_number, line));
        }
        from = end + 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(pattern: &str, text: &str) -> Vec<(usize, String)> {
        let regex = RegexBuilder::new(pattern)
            .multi_line(true)
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        matching_lines(&regex, text.as_bytes())
            .into_iter()
            .map(|(n, l)| (n, String::from_utf8_lossy(l).into_owned()))
            .collect()
    }

    #[test]
    fn finds_exactly_the_matching_lines() {
        let text = "alpha\nbeta error\ngamma\nerror at start\n\nlast error";
        assert_eq!(
            lines("error", text),
            vec![
                (2, "beta error".to_owned()),
                (4, "error at start".to_owned()),
                (6, "last error".to_owned())
            ]
        );
        assert_eq!(
            lines("^error", text),
            vec![(4, "error at start".to_owned())]
        );
        assert_eq!(
            lines("a$", text),
            vec![(1, "alpha".to_owned()), (3, "gamma".to_owned())]
        );
        // A match across a line break is not a matching line.
        assert_eq!(lines(r"gamma\s+error", text), Vec::<(usize, String)>::new());
        // Several matches on one line count once.
        assert_eq!(
            lines("a", "banana\nxyz\na"),
            vec![(1, "banana".to_owned()), (3, "a".to_owned())]
        );
        assert_eq!(lines("x", ""), Vec::<(usize, String)>::new());
    }
}
