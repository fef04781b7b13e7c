//! `warden policy explain TOOL 'JSON-ARGS' [--json]` and `warden policy check FILE`.

use std::path::PathBuf;

use clap::Subcommand;
use warden_core::guard::HostContainment;
use warden_policy::{DEFAULT_POLICY, DEFAULT_POLICY_NAME, Policy, Source};
use warden_protocol::Scope;
use warden_tool_api::ToolContext;

use crate::config::Config;
use crate::guard::{containment_status, load_policy, sandbox_status};
use crate::routes::policy::explanation;
use crate::server::open_store_for_reading;

use super::{CliError, output};

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Show the risk, route, rule and justification for a call, without running anything.
    Explain {
        /// The tool's name, e.g. run_command.
        tool: String,
        /// The arguments as a JSON object, e.g. '{"command":"df -h"}'.
        args: String,
        #[arg(long)]
        json: bool,
    },
    /// Check a policy file (with the shipped policy): syntax, levels, and every rule's
    /// match/not_match examples.
    Check { file: PathBuf },
}

pub async fn run(config: Config, command: PolicyCommand) -> Result<(), CliError> {
    match command {
        PolicyCommand::Check { file } => check(&file),
        PolicyCommand::Explain { tool, args, json } => explain(&config, &tool, &args, json).await,
    }
}

fn check(file: &std::path::Path) -> Result<(), CliError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| CliError::Failed(format!("{}: cannot read: {e}", file.display())))?;
    let mut sources = vec![Source {
        name: file.display().to_string(),
        text,
    }];
    // An operator's file is checked together with the shipped one (rule ids must not clash);
    // the shipped file itself is checked alone.
    let is_default = std::fs::read_to_string(file).is_ok_and(|t| t == DEFAULT_POLICY);
    if !is_default {
        sources.insert(
            0,
            Source {
                name: DEFAULT_POLICY_NAME.to_owned(),
                text: DEFAULT_POLICY.to_owned(),
            },
        );
    }
    let policy = Policy::from_sources(&sources).map_err(|e| CliError::Failed(e.to_string()))?;
    output::line(&format!(
        "{}: ok ({} rules in effect with the shipped policy, every example holds)",
        file.display(),
        policy.rules().len()
    ));
    Ok(())
}

async fn explain(config: &Config, tool: &str, args: &str, json: bool) -> Result<(), CliError> {
    let args: serde_json::Value = serde_json::from_str(args)
        .map_err(|e| CliError::Usage(format!("the arguments are not JSON: {e}")))?;
    if !args.is_object() {
        return Err(CliError::Usage(
            "the arguments must be a JSON object, e.g. '{\"command\":\"df -h\"}'".to_owned(),
        ));
    }
    let policy = load_policy(config).map_err(|e| CliError::Failed(e.to_string()))?;
    // The database is only read (the tool registry looks at it).
    let store = open_store_for_reading(config).await?;
    let registry = crate::tools::build_registry(config, &store)
        .map_err(|e| CliError::Failed(e.to_string()))?;
    if registry.get(tool).is_none() {
        store.close().await;
        return Err(unknown_tool(config, &registry, tool));
    }
    let (sandbox, _) = sandbox_status(config).await;
    let (containment, _) = containment_status(config).await;
    // The operator at the terminal: every scope, so the answer is the policy's alone.
    let context = ToolContext::user("cli", [Scope::Admin]);
    let assessment = warden_core::guard::assess(
        &registry,
        &policy,
        sandbox.is_some(),
        match &containment {
            Ok(_) => HostContainment::Available,
            Err(why) => HostContainment::Unavailable(why),
        },
        tool,
        &args,
        &context,
    );
    store.close().await;
    let explained = explanation(tool, assessment);
    if json {
        output::json(&explained);
    } else {
        output::line(&format!("risk:          {}", explained.risk));
        output::line(&format!("route:         {}", explained.route));
        output::line(&format!("rule:          {}", explained.rule));
        output::line(&format!("justification: {}", explained.justification));
        if let Some(alternative) = &explained.alternative {
            output::line(&format!("instead:       {alternative}"));
        }
        for note in &explained.notes {
            output::line(&format!("note:          {note}"));
        }
    }
    Ok(())
}

/// Why `tool` cannot be explained: no such tool here, with a few known ones whose names share
/// its first word (or the first few), and a word on MCP tools, which the CLI does not load.
fn unknown_tool(config: &Config, registry: &warden_tool_api::Registry, tool: &str) -> CliError {
    let word = tool.split('_').next().unwrap_or(tool);
    let names: Vec<&str> = registry.all().map(|t| t.spec().name).collect();
    let alike: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| !word.is_empty() && name.starts_with(word))
        .take(8)
        .collect();
    let shown = if alike.is_empty() {
        names.iter().copied().take(8).collect::<Vec<_>>()
    } else {
        alike
    };
    let mut message = format!(
        "there is no tool named '{tool}'; known tools include: {} ({} in all; GET /api/v1/tools lists them)",
        shown.join(", "),
        names.len()
    );
    if let Some(server) = config
        .mcp
        .servers
        .iter()
        .find(|s| tool.starts_with(&format!("{}_", s.prefix)))
    {
        message.push_str(&format!(
            "; '{tool}' looks like a tool of the MCP server '{}', which the command line does not connect to: ask the running server (POST /api/v1/policy/explain)",
            server.name
        ));
    }
    CliError::Failed(message)
}
