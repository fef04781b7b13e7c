//! Grants per identity: a grant naming one API key (`api_key:NAME`) or one user (`user:NAME`)
//! lowers that actor's calls it matches, and nobody else's.

use pretty_assertions::assert_eq;
use serde_json::json;
use warden_policy::{DEFAULT_POLICY_NAME, Policy, RiskLevel, Source};

fn with(extra: &str) -> Result<Policy, warden_policy::PolicyError> {
    Policy::from_sources(&[
        Source {
            name: DEFAULT_POLICY_NAME.to_owned(),
            text: warden_policy::DEFAULT_POLICY.to_owned(),
        },
        Source {
            name: "ci.toml".to_owned(),
            text: extra.to_owned(),
        },
    ])
}

const CI_GRANT: &str = r#"version = 1

[[grant]]
id = "ci-restarts-web"
actors = ["api_key:ci-deploy", "user:release-bot"]
tools = ["docker_restart"]
arguments = { container = ["web"] }
level = "low"
justification = "The deploy job restarts the web container after a release."
match = [{ container = "web" }]
not_match = [{ container = "db" }]
"#;

#[test]
fn a_grant_for_one_key_lowers_that_keys_matching_call_only() {
    let policy = with(CI_GRANT).unwrap_or_else(|e| panic!("{e}"));
    let level = |kind: &str, name: Option<&str>, container: &str| {
        let d = policy.decide_for(
            kind,
            name,
            "docker_restart",
            "mutating",
            &json!({ "container": container }),
        );
        (d.level, d.rule)
    };
    let granted = (RiskLevel::Low, "ci-restarts-web".to_owned());
    assert_eq!(level("api_key", Some("ci-deploy"), "web"), granted);
    assert_eq!(level("user", Some("release-bot"), "web"), granted);
    // Another container, another key, a user of the same name as the key, the kind alone: the
    // shipped level (a human approves).
    let shipped = level("api_key", Some("other-key"), "web");
    assert_eq!(shipped.0, RiskLevel::High, "{shipped:?}");
    for (kind, name, container) in [
        ("api_key", Some("ci-deploy"), "db"),
        ("api_key", Some("ci-deploy-2"), "web"),
        ("user", Some("ci-deploy"), "web"),
        ("api_key", None, "web"),
        ("user", Some("alice"), "web"),
    ] {
        assert_eq!(
            level(kind, name, container),
            shipped,
            "{kind} {name:?} {container}"
        );
    }
    // `decide` (kind only) never matches a named grant.
    assert_eq!(
        policy
            .decide(
                "api_key",
                "docker_restart",
                "mutating",
                &json!({"container": "web"})
            )
            .level,
        RiskLevel::High
    );
}

#[test]
fn a_rule_for_one_user_raises_only_that_users_calls() {
    let policy = with(
        "version = 1\n\n[[rule]]\nid = \"intern-no-restarts\"\nactors = [\"user:intern\"]\ntools = [\"docker_*\"]\narguments = { container = [\"*\"] }\nlevel = \"forbidden\"\njustification = \"Interns do not touch containers.\"\nalternative = \"ask an operator\"\nmatch = [{ container = \"web\" }]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let args = json!({"container": "web"});
    assert_eq!(
        policy
            .decide_for("user", Some("intern"), "docker_logs", "read_only", &args)
            .level,
        RiskLevel::Forbidden
    );
    assert_eq!(
        policy
            .decide_for("user", Some("admin"), "docker_logs", "read_only", &args)
            .level,
        RiskLevel::Low
    );
}

#[test]
fn named_actors_are_checked_when_the_policy_loads() {
    let bad = |actors: &str| {
        with(&CI_GRANT.replace(
            r#"actors = ["api_key:ci-deploy", "user:release-bot"]"#,
            &format!("actors = {actors}"),
        ))
        .err()
        .map(|e| e.to_string())
    };
    assert_eq!(
        bad(r#"["monitor:x"]"#).as_deref(),
        Some(
            "ci.toml:3: grant 'ci-restarts-web': 'monitor:x' is not an actor (user, api_key, monitor or monitor_model; or user:NAME, api_key:NAME)"
        )
    );
    assert!(
        bad(r#"["api_key:"]"#).is_some_and(|e| e.contains("must be 1 to 128 characters")),
        "{:?}",
        bad(r#"["api_key:"]"#)
    );
    assert_eq!(bad(r#"["api_key:ci-deploy"]"#), None);
}
