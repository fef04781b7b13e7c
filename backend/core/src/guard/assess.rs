//! From a call to a decision: the policy's level, raised by the model's own request if that is
//! stricter, then the route. A medium call runs in the sandbox only when the tool can run there
//! and runsc is present; a low call of a tool that starts host programs runs only where they can
//! be contained. Otherwise the call waits for a human (fail closed).

use serde_json::Value;
use warden_policy::{Policy, RiskLevel};
use warden_protocol::{Risk, ToolErrorCode};
use warden_tool_api::{ArgumentJudgement, Registry, ToolContext};

use super::audit::redact_text;

/// Where a call goes (ordered from least to most restrictive, so the stricter of two is `max`).
pub use warden_protocol::Route;

/// Whether this machine contains host programs, and when it cannot, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostContainment<'a> {
    Available,
    Unavailable(&'a str),
}

/// The argument a model may add to any call to ask for a stricter level (never a laxer one).
/// The guard removes it before the tool sees the arguments.
pub const REQUESTED_RISK_ARGUMENT: &str = "_warden_risk";

/// The guard's full answer for one call, before anything runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// `low`, `medium`, `high`, `forbidden`, or `unknown` for a tool that does not exist.
    pub risk: Risk,
    pub route: Route,
    /// What decided: a policy rule's id, `tools.NAME`, `effects.EFFECT`, `command-classifier`,
    /// a tool's judgement of its arguments (`net-forbidden-address`...), `model-request`,
    /// `scope` or `unknown-tool`.
    pub rule: String,
    pub justification: String,
    /// For refusals: what to do instead.
    pub alternative: Option<String>,
    /// Why the route differs from the level's usual one (no sandbox, tool not sandboxable).
    pub notes: Vec<String>,
    /// The arguments the tool will get (the model's risk request removed).
    pub arguments: Value,
    /// Error code for a refusal: `unknown_tool`, `forbidden` (scope) or `refused` (policy).
    pub refusal_code: Option<ToolErrorCode>,
    /// Decided by a policy `[[grant]]` (nothing stricter applied): the operator's approval given
    /// in advance for this actor and call, so the call runs with Warden's own rights like one a
    /// human approved. A grant never decides a command line (the classifier judges those) and
    /// never survives a stricter rule, a tool's judgement or the model's request.
    pub granted: bool,
}

/// Splits the model's risk request off the arguments.
fn take_requested(arguments: &Value) -> (Value, Option<Result<RiskLevel, String>>) {
    let mut arguments = arguments.clone();
    let requested = arguments
        .as_object_mut()
        .and_then(|object| object.remove(REQUESTED_RISK_ARGUMENT))
        .map(|value| match value.as_str() {
            Some(text) => text.parse::<RiskLevel>(),
            None => Err(format!("{REQUESTED_RISK_ARGUMENT} must be a string")),
        });
    (arguments, requested)
}

pub fn assess(
    registry: &Registry,
    policy: &Policy,
    sandbox_available: bool,
    containment: HostContainment<'_>,
    tool_name: &str,
    arguments: &Value,
    context: &ToolContext,
) -> Assessment {
    let (arguments, requested) = take_requested(arguments);
    let refused = |risk: Risk, rule: &str, code: ToolErrorCode, justification: String| Assessment {
        risk,
        route: Route::Refused,
        rule: rule.to_owned(),
        justification,
        alternative: None,
        notes: Vec::new(),
        arguments: arguments.clone(),
        refusal_code: Some(code),
        granted: false,
    };
    let Some(tool) = registry.get(tool_name) else {
        return refused(
            Risk::Unknown,
            "unknown-tool",
            ToolErrorCode::UnknownTool,
            format!("there is no tool named '{tool_name}'"),
        );
    };
    let spec = tool.spec();
    // The fleet host a call is for is not the tool's argument: policy and tool judge the rest
    // (the assessment keeps it, so an approval is bound to the host it was given for).
    let judged_arguments = match super::hosts::split_host(&spec.parameters, &arguments) {
        Ok((rest, _)) => rest,
        Err(why) => return refused(Risk::High, "fleet-host", ToolErrorCode::Refused, why),
    };
    if !context.allows(spec.scope) {
        return refused(
            Risk::High,
            "scope",
            ToolErrorCode::Forbidden,
            format!(
                "'{tool_name}' needs the '{}' scope, which this caller does not hold",
                spec.scope
            ),
        );
    }
    // The kind, and for users and keys the name, so grants per identity apply.
    let (actor, identity) = context.policy_identity();
    let decision = policy.decide_for(
        actor,
        identity,
        tool_name,
        spec.effect.as_str(),
        &judged_arguments,
    );
    let (mut level, mut rule, mut justification) =
        (decision.level, decision.rule, decision.justification);
    let mut alternative = decision.alternative;
    let mut notes = Vec::new();
    // The tool's own reading of its arguments (an address in any notation is still the
    // address): it can raise the level, never lower it.
    if let Some(judgement) = tool.judge(&judged_arguments, context) {
        let (judged, judged_rule, reason, instead) = match judgement {
            ArgumentJudgement::Approval { rule, reason } => (RiskLevel::High, rule, reason, None),
            ArgumentJudgement::Refused {
                rule,
                reason,
                alternative,
            } => (RiskLevel::Forbidden, rule, reason, Some(alternative)),
        };
        if judged > level {
            level = judged;
            rule = judged_rule.to_owned();
            justification = reason;
            alternative = instead.or(alternative);
        }
    }
    match requested {
        Some(Ok(asked)) if asked > level => {
            notes.push(format!(
                "the model asked for {} instead of {}",
                asked.as_str(),
                level.as_str()
            ));
            level = asked;
            rule = "model-request".to_owned();
            justification = format!("the model asked to treat this call as {}", asked.as_str());
        }
        Some(Ok(_)) | None => {}
        // A request that cannot be read is taken as a request for care.
        Some(Err(why)) if level < RiskLevel::High => {
            notes.push(format!("unreadable risk request ({why}) taken as high"));
            level = RiskLevel::High;
            rule = "model-request".to_owned();
            justification = format!("the model's risk request could not be read: {why}");
        }
        Some(Err(_)) => {}
    }
    if level == RiskLevel::Medium && !spec.sandboxable {
        notes.push(format!(
            "medium raised to high: {tool_name} cannot run in the sandbox"
        ));
        level = RiskLevel::High;
    } else if level == RiskLevel::Medium && !sandbox_available {
        notes.push("medium raised to high: the gVisor sandbox (runsc) is not available".to_owned());
        level = RiskLevel::High;
    }
    let granted = policy.is_grant(&rule);
    if let (RiskLevel::Low, true, false, HostContainment::Unavailable(why)) =
        (level, spec.host_programs, granted, containment)
    {
        notes.push(format!(
            "low raised to high: {tool_name} starts programs on the host, and this machine cannot contain them ({why})"
        ));
        level = RiskLevel::High;
    }
    let route = match level {
        RiskLevel::Low => Route::Run,
        RiskLevel::Medium => Route::Sandbox,
        RiskLevel::High => Route::Approval,
        RiskLevel::Forbidden => Route::Refused,
    };
    Assessment {
        risk: level.into(),
        route,
        rule,
        // A classifier's reason quotes the command, which may carry a credential: the
        // justification is stored with approvals and sent to webhooks.
        justification: redact_text(&justification),
        alternative: (route == Route::Refused).then(|| {
            alternative.unwrap_or_else(|| {
                "the model itself asked for this call to be refused; an operator can do it by hand"
                    .to_owned()
            })
        }),
        notes,
        arguments,
        refusal_code: (route == Route::Refused).then_some(ToolErrorCode::Refused),
        granted: granted && route == Route::Run,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use warden_policy::{DEFAULT_POLICY, DEFAULT_POLICY_NAME, Source};
    use warden_protocol::Scope;
    use warden_tool_api::RegistryBuilder;

    use super::*;

    const AVAILABLE: HostContainment<'static> = HostContainment::Available;

    fn policy_with(extra: &str) -> Policy {
        Policy::from_sources(&[
            Source {
                name: DEFAULT_POLICY_NAME.to_owned(),
                text: DEFAULT_POLICY.to_owned(),
            },
            Source {
                name: "ops.toml".to_owned(),
                text: extra.to_owned(),
            },
        ])
        .unwrap_or_default()
    }

    fn registry() -> Registry {
        let mut builder = RegistryBuilder::default();
        warden_tool_system::register(&mut builder);
        builder.build().unwrap_or_default()
    }

    #[test]
    fn medium_goes_to_the_sandbox_only_when_the_tool_and_the_host_can() {
        let policy = policy_with("version = 1\n[tools]\nprocess_kill = \"medium\"\n");
        let registry = registry();
        let admin = ToolContext::user("u", [Scope::Admin]);
        let unknown = json!({"command": "my-script"});
        let sandboxed = assess(
            &registry,
            &policy,
            true,
            AVAILABLE,
            "run_command",
            &unknown,
            &admin,
        );
        assert_eq!(
            (sandboxed.risk.as_str(), sandboxed.route),
            ("medium", Route::Sandbox)
        );
        let no_runsc = assess(
            &registry,
            &policy,
            false,
            AVAILABLE,
            "run_command",
            &unknown,
            &admin,
        );
        assert_eq!(
            (no_runsc.risk.as_str(), no_runsc.route),
            ("high", Route::Approval)
        );
        assert!(no_runsc.notes[0].contains("runsc"));
        let kill = assess(
            &registry,
            &policy,
            true,
            AVAILABLE,
            "process_kill",
            &json!({"pid": 4242}),
            &admin,
        );
        assert_eq!((kill.risk.as_str(), kill.route), ("high", Route::Approval));
        assert!(
            kill.notes[0].contains("cannot run in the sandbox"),
            "{:?}",
            kill.notes
        );
    }

    #[test]
    fn without_containment_low_host_programs_wait_for_a_human_and_nothing_else_changes() {
        let policy = policy_with("version = 1\n");
        let registry = registry();
        let admin = ToolContext::user("u", [Scope::Admin]);
        let missing = HostContainment::Unavailable("setpriv is missing");
        let uptime = json!({"command": "uptime"});
        let contained = assess(
            &registry,
            &policy,
            true,
            AVAILABLE,
            "run_command",
            &uptime,
            &admin,
        );
        assert_eq!(
            (contained.risk.as_str(), contained.route),
            ("low", Route::Run)
        );
        let waiting = assess(
            &registry,
            &policy,
            true,
            missing,
            "run_command",
            &uptime,
            &admin,
        );
        assert_eq!(
            (waiting.risk.as_str(), waiting.route, waiting.notes.clone()),
            (
                "high",
                Route::Approval,
                vec!["low raised to high: run_command starts programs on the host, and this machine cannot contain them (setpriv is missing)".to_owned()]
            )
        );
        let status = json!({"service": "nginx"});
        let service = assess(
            &registry,
            &policy,
            true,
            missing,
            "service_status",
            &status,
            &admin,
        );
        assert_eq!(service.route, Route::Approval);
        // In-process tools start nothing on the host.
        let info = assess(
            &registry,
            &policy,
            true,
            missing,
            "system_info",
            &json!({}),
            &admin,
        );
        assert_eq!((info.risk.as_str(), info.route), ("low", Route::Run));
        // Medium still goes to the sandbox, which needs no host containment.
        let unknown = json!({"command": "my-script"});
        let sandboxed = assess(
            &registry,
            &policy,
            true,
            missing,
            "run_command",
            &unknown,
            &admin,
        );
        assert_eq!(sandboxed.route, Route::Sandbox);
    }

    #[test]
    fn the_model_may_raise_never_lower_and_its_request_never_reaches_the_tool() {
        let policy = policy_with("version = 1\n");
        let registry = registry();
        let admin = ToolContext::user("u", [Scope::Admin]);
        let raised = assess(
            &registry,
            &policy,
            true,
            AVAILABLE,
            "system_info",
            &json!({"_warden_risk": "forbidden"}),
            &admin,
        );
        assert_eq!(
            (raised.route, raised.rule.as_str()),
            (Route::Refused, "model-request")
        );
        assert_eq!(raised.arguments, json!({}));
        let lowered = assess(
            &registry,
            &policy,
            true,
            AVAILABLE,
            "run_command",
            &json!({"command": "reboot", "_warden_risk": "low"}),
            &admin,
        );
        assert_eq!(lowered.route, Route::Approval);
        let garbled = assess(
            &registry,
            &policy,
            true,
            AVAILABLE,
            "system_info",
            &json!({"_warden_risk": 3}),
            &admin,
        );
        assert_eq!(
            garbled.route,
            Route::Approval,
            "an unreadable request means care"
        );
        let reader = ToolContext::user("u", [Scope::Read]);
        let denied = assess(
            &registry,
            &policy,
            true,
            AVAILABLE,
            "run_command",
            &json!({"command": "ls"}),
            &reader,
        );
        assert_eq!(
            (denied.route, denied.refusal_code),
            (Route::Refused, Some(ToolErrorCode::Forbidden))
        );
    }
    #[test]
    fn a_grant_is_an_approval_given_in_advance_but_never_for_a_command_line() {
        // `service_control` starts systemctl on the host: granted, it runs with Warden's rights
        // (contained, a restart could not happen), even where the machine cannot contain.
        let policy = policy_with(
            "version = 1\n[[grant]]\nid = \"ops-restart-web\"\nactors = [\"user:ops\"]\ntools = [\"service_control\", \"run_command\"]\nlevel = \"low\"\njustification = \"ops restarts web\"\nmatch = [{ service = \"web\" }]\n",
        );
        let registry = registry();
        let ops = ToolContext::user("ops", [Scope::Admin]);
        let restart = json!({"service": "web", "action": "restart"});
        let missing = HostContainment::Unavailable("setpriv is missing");
        for containment in [AVAILABLE, missing] {
            let granted = assess(
                &registry,
                &policy,
                true,
                containment,
                "service_control",
                &restart,
                &ops,
            );
            assert_eq!(
                (granted.route, granted.rule.as_str(), granted.granted),
                (Route::Run, "ops-restart-web", true)
            );
        }
        // Another user gets no grant; a command line is the classifier's to judge.
        let other = ToolContext::user("eve", [Scope::Admin]);
        let ungranted = assess(
            &registry,
            &policy,
            true,
            AVAILABLE,
            "service_control",
            &restart,
            &other,
        );
        assert_eq!(
            (ungranted.route, ungranted.granted),
            (Route::Approval, false)
        );
        let command = assess(
            &registry,
            &policy,
            true,
            AVAILABLE,
            "run_command",
            &json!({"command": "touch /etc/x"}),
            &ops,
        );
        assert_eq!((command.route, command.granted), (Route::Approval, false));
        // The model may still raise it: then no grant applies.
        let raised = assess(
            &registry,
            &policy,
            true,
            AVAILABLE,
            "service_control",
            &json!({"service": "web", "action": "restart", "_warden_risk": "high"}),
            &ops,
        );
        assert_eq!((raised.route, raised.granted), (Route::Approval, false));
    }
}
