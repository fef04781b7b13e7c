//! Policy files: every file shipped in `policies/` loads (which checks each rule's `match` and
//! `not_match` examples), decisions combine base levels, the classifier and rules with the
//! strictest winning, and a malformed file is refused with its file, line and reason.

use std::path::Path;

use pretty_assertions::assert_eq;
use serde_json::json;
use warden_policy::{DEFAULT_POLICY_NAME, Policy, RiskLevel, Source};

fn shipped() -> Policy {
    match Policy::load(None) {
        Ok(policy) => policy,
        Err(e) => panic!("the shipped policy does not load: {e}"),
    }
}

fn with(extra: &str) -> Result<Policy, warden_policy::PolicyError> {
    Policy::from_sources(&[
        Source {
            name: DEFAULT_POLICY_NAME.to_owned(),
            text: warden_policy::DEFAULT_POLICY.to_owned(),
        },
        Source {
            name: "ops.toml".to_owned(),
            text: extra.to_owned(),
        },
    ])
}

#[test]
fn every_file_in_policies_loads_and_its_examples_hold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.map(|e| e.path()).unwrap_or_default();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let loaded = Policy::from_sources(&[Source {
            name: path.display().to_string(),
            text,
        }]);
        assert!(loaded.is_ok(), "{}: {:?}", path.display(), loaded.err());
    }
    assert!(files >= 1, "no policy files found in {}", dir.display());
    assert!(shipped().rules().len() >= 5);
}

#[test]
fn base_levels_come_from_effects_and_tool_entries() {
    let policy = shipped();
    let d = policy.decide("user", "docker_ps", "read_only", &json!({}));
    assert_eq!(
        (d.level, d.rule.as_str()),
        (RiskLevel::Low, "effects.read_only")
    );
    let d = policy.decide(
        "user",
        "docker_restart",
        "mutating",
        &json!({"container": "web"}),
    );
    assert_eq!(
        (d.level, d.rule.as_str()),
        (RiskLevel::High, "effects.mutating")
    );
    let d = policy.decide("user", "memory_store", "mutating", &json!({"content": "x"}));
    assert_eq!(
        (d.level, d.rule.as_str()),
        (RiskLevel::Low, "tools.memory_store")
    );
    let d = policy.decide("user", "new_tool", "teleports", &json!({}));
    assert_eq!(d.level, RiskLevel::High, "an unknown effect is never low");
}

#[test]
fn commands_are_classified_and_command_rules_see_through_wrappers() {
    let policy = shipped();
    let d = policy.decide(
        "user",
        "run_command",
        "mutating",
        &json!({"command": "df -h"}),
    );
    assert_eq!(
        (d.level, d.rule.as_str()),
        (RiskLevel::Low, "command-classifier")
    );
    let d = policy.decide(
        "user",
        "run_command",
        "mutating",
        &json!({"command": "my-script --x"}),
    );
    assert_eq!(d.level, RiskLevel::Medium);
    let d = policy.decide(
        "user",
        "ssh_exec",
        "mutating",
        &json!({"host": "h", "command": "sudo rm -rf /"}),
    );
    assert_eq!(d.level, RiskLevel::Forbidden);
    assert!(
        d.alternative.is_some(),
        "a refusal always suggests something"
    );
    // iptables -F alone is high for the classifier; the rule makes it forbidden, in any disguise.
    for line in [
        "iptables -F",
        "env X=1 /sbin/iptables -F",
        "bash -c 'uptime; ufw disable'",
    ] {
        let d = policy.decide(
            "user",
            "run_command",
            "mutating",
            &json!({ "command": line }),
        );
        assert_eq!(
            (d.level, d.rule.as_str()),
            (RiskLevel::Forbidden, "firewall-off"),
            "{line}"
        );
        assert!(
            d.alternative
                .as_deref()
                .is_some_and(|a| a.contains("one rule"))
        );
    }
    let d = policy.decide("user", "run_command", "mutating", &json!({}));
    assert_eq!(d.level, RiskLevel::High, "no command to judge is never low");
}

#[test]
fn argument_rules_match_names_paths_and_flags() {
    let policy = shipped();
    let d = policy.decide(
        "user",
        "docker_stop",
        "mutating",
        &json!({"container": "warden-server-1"}),
    );
    assert_eq!(
        (d.level, d.rule.as_str()),
        (RiskLevel::Forbidden, "protect-warden")
    );
    let keep = json!({"container": "db", "volumes": false});
    assert_eq!(
        policy
            .decide("user", "docker_remove", "destructive", &keep)
            .level,
        RiskLevel::High
    );
    let drop = json!({"container": "db", "volumes": true});
    assert_eq!(
        policy
            .decide("user", "docker_remove", "destructive", &drop)
            .level,
        RiskLevel::Forbidden
    );
    let d = policy.decide(
        "user",
        "file_write",
        "mutating",
        &json!({"path": "/etc/shadow", "content": ""}),
    );
    assert_eq!(d.rule, "account-files");
    assert_eq!(
        policy
            .decide("user", "process_kill", "destructive", &json!({"pid": 1}))
            .level,
        RiskLevel::Forbidden
    );
}

#[test]
fn operators_files_add_rules_and_cannot_weaken_a_forbid() {
    let policy = with(
        r#"
version = 1
[tools]
docker_restart = "medium"

[[rule]]
id = "let-warden-restart"
tools = ["docker_restart"]
arguments = { container = ["warden*"] }
level = "low"
justification = "an attempt to allow what another rule forbids"
match = [{ container = "warden" }]
"#,
    );
    let policy = policy.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        policy
            .decide(
                "user",
                "docker_restart",
                "mutating",
                &json!({"container": "web"})
            )
            .level,
        RiskLevel::Medium,
        "a tool entry sets the base level"
    );
    assert_eq!(
        policy
            .decide(
                "user",
                "docker_restart",
                "mutating",
                &json!({"container": "warden"})
            )
            .level,
        RiskLevel::Forbidden,
        "the strictest rule wins"
    );
}

fn error_of(text: &str) -> String {
    match with(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn malformed_files_name_file_line_and_reason() {
    assert_eq!(
        error_of("version = 1\n[tools]\nx = \"lowish\"\n"),
        "ops.toml:3: 'lowish' is not a risk level (low, medium, high or forbidden)"
    );
    assert!(error_of("version = 1\n\n[tools\n").starts_with("ops.toml:3: "));
    assert!(error_of("version = 2\n").contains("version 2 is not supported"));
    assert!(error_of("version = 1\ncolour = 'red'\n").contains("unknown field `colour`"));
    let no_example = "version = 1\n\n[[rule]]\nid = \"r\"\ntools = [\"x\"]\narguments = { a = [\"b\"] }\nlevel = \"high\"\njustification = \"j\"\n";
    assert_eq!(
        error_of(no_example),
        "ops.toml:3: rule 'r': a rule needs at least one 'match' example"
    );
    let wrong_example = format!("{no_example}match = [{{ a = \"c\" }}]\n");
    assert!(
        error_of(&wrong_example)
            .contains("the match example {\"a\":\"c\"} does not match the rule")
    );
    let bad_not_match =
        format!("{no_example}match = [{{ a = \"b\" }}]\nnot_match = [{{ a = \"b\" }}]\n");
    assert!(
        error_of(&bad_not_match).contains("the not_match example {\"a\":\"b\"} matches the rule")
    );
    let forbid_without_alternative = "version = 1\n[[rule]]\nid = \"r\"\ntools = [\"x\"]\narguments = { a = [\"b\"] }\nlevel = \"forbidden\"\njustification = \"j\"\nmatch = [{ a = \"b\" }]\n";
    assert!(error_of(forbid_without_alternative).contains("needs an 'alternative'"));
    let duplicate = "version = 1\n[[rule]]\nid = \"protect-warden\"\ntools = [\"x\"]\narguments = { a = [\"b\"] }\nlevel = \"high\"\njustification = \"j\"\nmatch = [{ a = \"b\" }]\n";
    assert!(error_of(duplicate).contains("a rule named 'protect-warden' exists already"));
}

#[test]
fn a_directory_of_files_loads_in_name_order_and_a_bad_one_stops_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("10-ops.toml"),
        "version = 1\n[tools]\ngit_pull = \"medium\"\n",
    )
    .unwrap_or_default();
    std::fs::write(dir.path().join("README.md"), "not a policy").unwrap_or_default();
    let policy = Policy::load(Some(dir.path())).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        policy
            .decide("user", "git_pull", "mutating", &json!({}))
            .level,
        RiskLevel::Medium
    );
    std::fs::write(
        dir.path().join("20-bad.toml"),
        "version = 1\n[effects]\nmutating = \"fine\"\n",
    )
    .unwrap_or_default();
    let error = Policy::load(Some(dir.path()))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        error.ends_with(
            "20-bad.toml:3: 'fine' is not a risk level (low, medium, high or forbidden)"
        ),
        "{error}"
    );
}

#[test]
fn grants_lower_the_base_for_their_actors_only_and_never_past_a_rule() {
    let policy = shipped();
    let restart = json!({"container": "web"});
    let d = policy.decide("monitor", "docker_restart", "mutating", &restart);
    assert_eq!(
        (d.level, d.rule.as_str()),
        (RiskLevel::Low, "monitor-restarts-containers")
    );
    assert_eq!(
        policy
            .decide("user", "docker_restart", "mutating", &restart)
            .level,
        RiskLevel::High
    );
    assert_eq!(
        policy
            .decide("api_key", "docker_restart", "mutating", &restart)
            .level,
        RiskLevel::High
    );
    let d = policy.decide(
        "monitor",
        "docker_restart",
        "mutating",
        &json!({"container": "warden"}),
    );
    assert_eq!(
        (d.level, d.rule.as_str()),
        (RiskLevel::Forbidden, "protect-warden")
    );
    let cache = json!({"what": "build_cache"});
    assert_eq!(
        policy
            .decide("monitor", "docker_prune", "destructive", &cache)
            .level,
        RiskLevel::Low
    );
    let containers = json!({"what": "containers"});
    assert_eq!(
        policy
            .decide("monitor", "docker_prune", "destructive", &containers)
            .level,
        RiskLevel::High
    );

    let anyone = "version = 1\n[[grant]]\nid = \"g\"\ntools = [\"docker_stop\"]\nlevel = \"low\"\njustification = \"j\"\nmatch = [{ container = \"x\" }]\n";
    assert!(error_of(anyone).contains("grant 'g': a grant must name its 'actors'"));
    let stranger = anyone.replace("tools =", "actors = [\"robot\"]\ntools =");
    assert!(error_of(&stranger).contains("'robot' is not an actor"));
}

/// An operator's health scripts, allowed to run at once; `grep` may follow them in a pipeline.
const HEALTH_ALLOW: &str = r#"
version = 1

[[allow]]
id = "health-scripts"
tools = ["run_command"]
command = ["healthcheck *", "grep *"]
level = "low"
justification = "Our own read-only health checks."
match = ["/usr/local/bin/healthcheck --all", "healthcheck --all | grep ok"]
not_match = ["healthcheck --all; rm -rf /srv", "healthcheck -q > /etc/passwd", "healthcheck -q | sh"]
"#;

fn decide_line(policy: &Policy, actor: &str, line: &str) -> (RiskLevel, String) {
    let d = policy.decide(
        actor,
        "run_command",
        "mutating",
        &json!({ "command": line }),
    );
    (d.level, d.rule)
}

#[test]
fn an_allow_lowers_the_classifiers_verdict_on_lines_it_covers_whole() {
    let policy = with(HEALTH_ALLOW).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(policy.allows().len(), 1);
    let without = shipped();
    for line in [
        "healthcheck --all",
        "/usr/local/bin/healthcheck --all",
        "healthcheck --all | grep -c ok",
    ] {
        assert_eq!(
            decide_line(&without, "user", line).0,
            RiskLevel::Medium,
            "{line} is unknown to the classifier"
        );
        assert_eq!(
            decide_line(&policy, "user", line),
            (RiskLevel::Low, "health-scripts".to_owned()),
            "{line}"
        );
    }
    // `warden policy explain` shows the allow and what the classifier alone would say.
    let line = json!({"command": "healthcheck --all"});
    let classifier = without.decide("user", "run_command", "mutating", &line);
    let allowed = policy.decide("user", "run_command", "mutating", &line);
    assert_eq!(
        allowed.justification,
        format!(
            "Our own read-only health checks (allowed by the policy; the command classifier alone says medium: {})",
            classifier.justification
        )
    );
    // A command it does not name, or any other shell syntax, and the line is not covered.
    for line in [
        "healthcheck --all | sh",
        "healthcheck --all; touch /tmp/x",
        "healthcheck --all && reboot",
        "healthcheck --all > /etc/passwd",
        "healthcheck $(id)",
        "healthcheck `id`",
        "healthcheck --all &",
        "(healthcheck --all)",
    ] {
        let (level, rule) = decide_line(&policy, "user", line);
        assert_ne!(rule, "health-scripts", "{line}");
        assert!(level >= RiskLevel::Medium, "{line}: {level:?}");
    }
}

#[test]
fn an_allow_never_overrides_a_deny_a_rule_or_a_tool_level_and_never_raises() {
    // Everything allowed: still, forbidden stays forbidden.
    let everything = r#"
version = 1
[[allow]]
id = "everything"
tools = ["run_command"]
command = ["*"]
level = "low"
justification = "too broad"
match = ["uptime"]

[[rule]]
id = "careful-repairs"
tools = ["run_command"]
command = ["healthcheck --repair*"]
level = "high"
justification = "repairs change things"
match = ["healthcheck --repair"]
"#;
    let policy = with(everything).unwrap_or_else(|e| panic!("{e}"));
    for line in [
        "rm -rf /",
        "dd of=/dev/sda if=/dev/zero",
        "mkfs.ext4 /dev/sda1",
    ] {
        assert_eq!(
            decide_line(&policy, "user", line).0,
            RiskLevel::Forbidden,
            "{line}"
        );
    }
    assert_eq!(
        decide_line(&policy, "user", "iptables -F"),
        (RiskLevel::Forbidden, "firewall-off".to_owned())
    );
    assert_eq!(
        decide_line(&policy, "user", "healthcheck --repair now"),
        (RiskLevel::High, "careful-repairs".to_owned())
    );
    assert_eq!(
        decide_line(&policy, "user", "my-script"),
        (RiskLevel::Low, "everything".to_owned())
    );
    // A tool level set by the policy is a floor.
    let floored = with(&format!(
        "{HEALTH_ALLOW}\n[tools]\nrun_command = \"medium\"\n"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        decide_line(&floored, "user", "healthcheck --all").0,
        RiskLevel::Medium
    );
    // An allow only lowers: a low line stays the classifier's.
    let medium = r#"
version = 1
[[allow]]
id = "uptime-medium"
tools = ["run_command"]
command = ["uptime*"]
level = "medium"
justification = "j"
match = ["uptime"]
"#;
    let policy = with(medium).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        decide_line(&policy, "user", "uptime"),
        (RiskLevel::Low, "command-classifier".to_owned())
    );
    // Actors: an allow for the monitor does nothing for users.
    let monitor_only =
        HEALTH_ALLOW.replace("level = \"low\"", "level = \"low\"\nactors = [\"monitor\"]");
    let policy = with(&monitor_only).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        decide_line(&policy, "user", "healthcheck --all").0,
        RiskLevel::Medium
    );
    assert_eq!(
        decide_line(&policy, "monitor", "healthcheck --all").0,
        RiskLevel::Low
    );
}

#[test]
fn malformed_allows_are_refused_with_file_line_and_reason() {
    for (change, expected) in [
        (
            ("level = \"low\"", "level = \"high\""),
            "ops.toml:4: allow 'health-scripts': level 'high': an allow lowers to low or medium only",
        ),
        (
            ("tools = [\"run_command\"]", "tools = [\"docker_ps\"]"),
            "ops.toml:4: allow 'health-scripts': 'docker_ps' carries no command line (an allow applies to the tools in [commands]: run_command, ssh_exec)",
        ),
        (
            ("\"healthcheck -q | sh\"]", "\"healthcheck -q | grep x\"]"),
            "ops.toml:4: allow 'health-scripts': the not_match example 'healthcheck -q | grep x' is covered",
        ),
        (
            (
                "match = [\"/usr/local/bin/healthcheck --all\"",
                "match = [\"healthcheck --all; true\"",
            ),
            "ops.toml:4: allow 'health-scripts': the match example 'healthcheck --all; true' is not covered (every command must match a pattern, and only one program or a plain pipeline can be)",
        ),
        (
            (
                "justification = \"Our own read-only health checks.\"",
                "justification = \" \"",
            ),
            "ops.toml:4: allow 'health-scripts': an allow needs a justification",
        ),
        (
            ("id = \"health-scripts\"", "id = \"firewall-off\""),
            "ops.toml:4: a rule named 'firewall-off' exists already",
        ),
        (
            ("level = \"low\"", "level = \"low\"\nwhatever = 1"),
            "ops.toml:",
        ),
    ] {
        let text = HEALTH_ALLOW.replace(change.0, change.1);
        assert_ne!(text, HEALTH_ALLOW, "{change:?} changed nothing");
        let error = error_of(&text);
        assert!(error.starts_with(expected), "{error}");
    }
    let forbidden = r#"
version = 1
[[allow]]
id = "wipe"
tools = ["run_command"]
command = ["rm *"]
level = "medium"
justification = "j"
match = ["rm -rf /"]
"#;
    assert!(
        error_of(forbidden).contains("the match example 'rm -rf /' is forbidden"),
        "{}",
        error_of(forbidden)
    );
}

/// `authorized_keys` holds public keys: reading it is no secret's read, but writing it lets
/// a key in, so every `AuthorizedKeysFile` spelling stays forbidden to the file tool and high
/// to the command classifier.
#[test]
fn authorized_keys_are_readable_and_never_written() {
    let policy = shipped();
    for path in [
        "/root/.ssh/authorized_keys",
        "/home/bob/.ssh/authorized_keys2",
        "/etc/ssh/authorized_keys/alice",
        "/home/bob/.ssh/authorized_keys.d/laptop",
        "/srv/git/authorized_keys",
    ] {
        let d = policy.decide(
            "user",
            "file_write",
            "mutating",
            &json!({"path": path, "content": "ssh-ed25519 AAAA x"}),
        );
        assert_eq!(
            (path, d.level, d.rule.as_str()),
            (path, RiskLevel::Forbidden, "account-files")
        );
    }
    for line in [
        "echo ssh-ed25519 AAAA x >> /root/.ssh/authorized_keys",
        "tee -a /home/bob/.ssh/authorized_keys2",
        "cp /tmp/k /etc/ssh/authorized_keys/alice",
        "sed -i 's/a/b/' /root/.ssh/authorized_keys",
        "ssh-copy-id bob@host",
        "ssh-copy-id -i ~/.ssh/id_ed25519.pub bob@host",
        "ssh-import-id gh:alice",
    ] {
        let level = warden_policy::classify_command(line).level;
        assert!(level >= RiskLevel::High, "{line} is {level:?}");
    }
    for line in [
        "cat /home/alice/.ssh/authorized_keys",
        "cat /root/.ssh/authorized_keys2",
        "cat /etc/ssh/authorized_keys/alice",
    ] {
        assert_eq!(
            (line, warden_policy::classify_command(line).level),
            (line, RiskLevel::Low)
        );
    }
}
