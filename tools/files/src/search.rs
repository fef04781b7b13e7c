//! `file_search`: a regular expression over the text files below a directory. The walk never
//! follows symlinks, skips protected entries, binary files and files over 2 MiB, and stops at the
//! match limit or after 100,000 files.

use std::io::{BufRead, BufReader};
use std::sync::Arc;

use regex::RegexBuilder;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::blocking;
use crate::confine::{Confinement, open_no_follow};

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
    const SANDBOXABLE: bool = true;

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
        let regex = RegexBuilder::new(&args.query)
            .case_insensitive(args.ignore_case)
            .size_limit(1 << 20)
            .build()
            .map_err(|e| {
                ToolError::InvalidArguments(format!("query is not a valid regular expression: {e}"))
            })?;
        let confinement = self.0.clone();
        blocking(move || {
            let dir = confinement.existing(&args.path)?;
            let mut matches = Vec::new();
            let (mut files, mut skipped) = (0usize, 0usize);
            let mut stopped_early = false;
            let walker = walkdir::WalkDir::new(&dir).follow_links(false).sort_by_file_name().into_iter();
            let walker = walker.filter_entry(|e| e.file_name() != ".git" && confinement.admits_walked(e.path()));
            'walk: for entry in walker.flatten() {
                if !entry.file_type().is_file() {
                    continue;
                }
                files += 1;
                if files > MAX_FILES {
                    stopped_early = true;
                    break;
                }
                if entry.metadata().map_or(true, |m| m.len() > MAX_FILE_BYTES) {
                    skipped += 1;
                    continue;
                }
                let Ok(file) = open_no_follow(entry.path()) else {
                    skipped += 1;
                    continue;
                };
                for (number, line) in BufReader::new(file).split(b'\n').enumerate() {
                    let Ok(line) = line else { break };
                    if line.contains(&0) {
                        skipped += 1;
                        continue 'walk;
                    }
                    let text = String::from_utf8_lossy(&line);
                    if regex.is_match(&text) {
                        let shown: String = text.chars().take(MAX_LINE_CHARS).collect();
                        let relative = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                        matches.push(json!({"path": relative.display().to_string(), "line": number + 1, "text": shown}));
                        if matches.len() >= limit {
                            stopped_early = true;
                            break 'walk;
                        }
                    }
                }
            }
            let mut text: String = matches
                .iter()
                .map(|m| format!("{}:{}: {}\n", m["path"].as_str().unwrap_or(""), m["line"], m["text"].as_str().unwrap_or("")))
                .collect();
            if matches.is_empty() {
                text = format!("no line matches /{}/ in {files} files\n", args.query);
            }
            if stopped_early {
                text.push_str("[search stopped at the limit; narrow the path or the query]\n");
            }
            let data = json!({
                "path": dir.display().to_string(),
                "matches": matches,
                "files_scanned": files,
                "files_skipped": skipped,
            });
            Ok(ToolOutput::new(text, data).cut(stopped_early))
        })
        .await
    }
}
