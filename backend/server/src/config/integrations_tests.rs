#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;

use pretty_assertions::assert_eq;
use warden_notify::{ChannelConfig, ChannelKind, EmailConfig, EventKind, Severity, SmtpTls};

use super::super::{Config, McpServerConfig, McpTransport, Secret};

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn load(text: &str, vars: &[(&str, &str)]) -> Result<Config, String> {
    Config::from_sources(Some((Path::new("warden.toml"), text)), &env(vars))
        .map_err(|e| e.to_string())
}

const FULL: &str = r#"
[notify]
queue_size = 64
retries = 5
base_url = "https://warden.example.com"

[[notify.channel]]
name = "phone"
kind = "ntfy"
url = "https://ntfy.sh/warden-ops"
token_env = "WARDEN_NOTIFY_NTFY_TOKEN"
events = ["approval_required", "incident_escalated"]
min_severity = "warning"

[[notify.channel]]
name = "slack"
kind = "slack"
url_env = "WARDEN_NOTIFY_SLACK_URL"

[[notify.channel]]
name = "mail"
kind = "email"
smtp_host = "smtp.example.com"
smtp_username = "warden"
smtp_password_env = "WARDEN_NOTIFY_SMTP_PASSWORD"
from = "Warden <warden@example.com>"
to = ["ops@example.com"]

[[notify.channel]]
name = "hook"
kind = "json"
url = "https://hooks.example.com/warden"
secret_env = "WARDEN_NOTIFY_HOOK_SECRET"

[[mcp.server]]
name = "github"
prefix = "gh"
command = "github-mcp-server"
args = ["stdio"]
env = { GITHUB_TOOLSETS = "issues" }

[[mcp.server]]
name = "grafana"
url = "http://127.0.0.1:8000/mcp"
bearer_env = "WARDEN_MCP_GRAFANA_TOKEN"
timeout_secs = 20
max_output_bytes = 8192
"#;

fn full_env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("WARDEN_NOTIFY_NTFY_TOKEN", "tk_1"),
        (
            "WARDEN_NOTIFY_SLACK_URL",
            "https://hooks.slack.com/services/T/B/X",
        ),
        ("WARDEN_NOTIFY_SMTP_PASSWORD", "smtp-pass"),
        ("WARDEN_NOTIFY_HOOK_SECRET", "hook-secret"),
        ("WARDEN_MCP_GRAFANA_TOKEN", "glsa_token"),
    ]
}

#[test]
fn every_channel_kind_and_both_mcp_transports_parse_with_secrets_from_the_environment() {
    let config = load(FULL, &full_env()).unwrap();
    assert_eq!(
        (
            config.notify.queue_size,
            config.notify.retries,
            config.notify.base_url.as_deref()
        ),
        (64, 5, Some("https://warden.example.com"))
    );
    assert_eq!(
        config.notify.channels,
        vec![
            ChannelConfig {
                name: "phone".to_owned(),
                kind: ChannelKind::Ntfy {
                    url: "https://ntfy.sh/warden-ops".to_owned(),
                    token: Some("tk_1".to_owned()),
                },
                events: [EventKind::ApprovalRequired, EventKind::IncidentEscalated].into(),
                min_severity: Severity::Warning,
            },
            ChannelConfig {
                name: "slack".to_owned(),
                kind: ChannelKind::Slack {
                    url: "https://hooks.slack.com/services/T/B/X".to_owned()
                },
                events: Default::default(),
                min_severity: Severity::Info,
            },
            ChannelConfig {
                name: "mail".to_owned(),
                kind: ChannelKind::Email(EmailConfig {
                    host: "smtp.example.com".to_owned(),
                    port: 587,
                    tls: SmtpTls::StartTls,
                    username: Some("warden".to_owned()),
                    password: Some("smtp-pass".to_owned()),
                    from: "Warden <warden@example.com>".to_owned(),
                    to: vec!["ops@example.com".to_owned()],
                }),
                events: Default::default(),
                min_severity: Severity::Info,
            },
            ChannelConfig {
                name: "hook".to_owned(),
                kind: ChannelKind::Json {
                    url: "https://hooks.example.com/warden".to_owned(),
                    secret: Some("hook-secret".to_owned()),
                },
                events: Default::default(),
                min_severity: Severity::Info,
            },
        ]
    );
    assert_eq!(
        config.mcp.servers,
        vec![
            McpServerConfig {
                name: "github".to_owned(),
                prefix: "gh".to_owned(),
                transport: McpTransport::Stdio {
                    command: "github-mcp-server".to_owned(),
                    args: vec!["stdio".to_owned()],
                    env: [("GITHUB_TOOLSETS".to_owned(), "issues".to_owned())].into(),
                },
                timeout_secs: 60,
                max_output_bytes: 65536,
            },
            McpServerConfig {
                name: "grafana".to_owned(),
                prefix: "grafana".to_owned(),
                transport: McpTransport::Http {
                    url: "http://127.0.0.1:8000/mcp".to_owned(),
                    bearer: Some(Secret::new("glsa_token")),
                },
                timeout_secs: 20,
                max_output_bytes: 8192,
            },
        ]
    );
}

#[test]
fn mistakes_are_named_by_their_key() {
    let channel = |body: &str| format!("[[notify.channel]]\nname = \"c\"\n{body}\n");
    for (text, vars, expected) in [
        (
            channel("kind = \"pager\"\nurl = \"https://x\""),
            vec![],
            "notify.channel.c.kind: 'pager' is not one of: ntfy, slack, mattermost, discord, email, json",
        ),
        (
            channel("kind = \"slack\""),
            vec![],
            "notify.channel.c.url: is required for this kind",
        ),
        (
            channel("kind = \"slack\"\nurl = \"hooks.slack.com/x\""),
            vec![],
            "notify.channel.c.url: must be an http:// or https:// URL",
        ),
        (
            channel("kind = \"ntfy\"\nurl = \"https://ntfy.sh/x\"\ntoken_env = \"NTFY_TOKEN\""),
            vec![],
            "notify.channel.c.token_env: 'NTFY_TOKEN' must name a variable starting with WARDEN_NOTIFY_",
        ),
        (
            channel("kind = \"json\"\nurl = \"https://x\"\nsecret_env = \"WARDEN_NOTIFY_GONE\""),
            vec![],
            "notify.channel.c.secret_env: the variable WARDEN_NOTIFY_GONE is not set (or empty)",
        ),
        (
            channel("kind = \"slack\"\nurl = \"https://x\"\nevents = [\"incident_closed\"]"),
            vec![],
            "notify.channel.c.events: 'incident_closed' is not one of: approval_required, approval_decided, incident_opened, incident_escalated, incident_resolved",
        ),
        (
            channel("kind = \"slack\"\nurl = \"https://x\"\nmin_severity = \"loud\""),
            vec![],
            "notify.channel.c.min_severity: 'loud' is not one of: info, warning, critical",
        ),
        (
            channel("kind = \"email\"\nsmtp_host = \"h\"\nfrom = \"w@example.com\"\nto = [\"not an address\"]"),
            vec![],
            "notify.channel.c.to: 'not an address' is not an email address",
        ),
        (
            channel("kind = \"email\"\nsmtp_host = \"h\"\nfrom = \"w@example.com\""),
            vec![],
            "notify.channel.c.to: needs at least one address",
        ),
        (
            "[[mcp.server]]\nname = \"x\"\ncommand = \"a\"\nurl = \"http://b\"\n".to_owned(),
            vec![],
            "mcp.server.x.command: give either command (a stdio server) or url (an HTTP server)",
        ),
        (
            "[[mcp.server]]\nname = \"x\"\nprefix = \"bad prefix\"\ncommand = \"a\"\n".to_owned(),
            vec![],
            "mcp.server.x.prefix: 'bad prefix' must be 1 to 24 letters, digits, '_' or '-'",
        ),
        (
            "[[mcp.server]]\nname = \"a\"\nprefix = \"p\"\ncommand = \"a\"\n[[mcp.server]]\nname = \"b\"\nprefix = \"p\"\ncommand = \"b\"\n".to_owned(),
            vec![],
            "mcp.server.b.prefix: the prefix 'p' is used twice",
        ),
        (
            "[notify]\nqueue_size = 0\n".to_owned(),
            vec![],
            "notify.queue_size: must be between 1 and 100000",
        ),
    ] {
        let vars: Vec<(&str, &str)> = vars;
        assert_eq!(
            load(&text, &vars).unwrap_err(),
            format!("invalid configuration: {expected}"),
            "{text}"
        );
    }
    // An unknown key is caught with its line by the file's own parser.
    let error = load(
        "[[notify.channel]]\nname = \"c\"\nkind = \"slack\"\nhook = \"x\"\n",
        &[],
    )
    .unwrap_err();
    assert!(
        error.contains("unknown field `hook`") && error.contains("line 4"),
        "{error}"
    );
}

#[test]
fn the_first_webhook_settings_become_json_channels_for_their_events() {
    let config = load(
        "[guard]\napproval_webhook = \"https://a.example/hook\"\n[monitor]\nwebhook = \"https://m.example/hook\"\n",
        &[],
    )
    .unwrap();
    let channels = crate::notify::channels(&config);
    assert_eq!(
        channels,
        vec![
            warden_notify::legacy_channel(
                "guard.approval_webhook",
                "https://a.example/hook",
                &[EventKind::ApprovalRequired, EventKind::ApprovalDecided]
            ),
            warden_notify::legacy_channel(
                "monitor.webhook",
                "https://m.example/hook",
                &[
                    EventKind::IncidentOpened,
                    EventKind::IncidentEscalated,
                    EventKind::IncidentResolved
                ]
            ),
        ]
    );
    assert!(matches!(
        &channels[0].kind,
        ChannelKind::Json { secret: None, .. }
    ));
}
