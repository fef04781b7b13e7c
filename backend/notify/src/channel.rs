//! A channel: where notifications go, in which format, and which of them it wants.

use std::collections::BTreeSet;

use crate::event::{EventKind, Notification, Severity};

/// How an SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain SMTP (a relay on loopback or a trusted network).
    None,
    /// STARTTLS after connecting (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// Email over SMTP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailConfig {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<String>,
    /// `Warden <warden@example.com>` or a bare address.
    pub from: String,
    pub to: Vec<String>,
}

/// The format a channel speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelKind {
    /// ntfy: a POST of the text to the topic URL with `Title`, `Priority`, `Tags` (and `Click`)
    /// headers; `token` is sent as a bearer token.
    Ntfy { url: String, token: Option<String> },
    /// A Slack incoming webhook: `{"text": ...}` in Slack's mrkdwn.
    Slack { url: String },
    /// A Mattermost incoming webhook: `{"text": ..., "username": "Warden"}` in Markdown.
    Mattermost { url: String },
    /// A Discord webhook: `{"content": ..., "username": "Warden"}` (2000 characters at most).
    Discord { url: String },
    /// Email over SMTP.
    Email(EmailConfig),
    /// The notification as JSON, signed with HMAC-SHA256 over the exact body when `secret` is
    /// set: `X-Warden-Signature: sha256=HEX`.
    Json { url: String, secret: Option<String> },
}

impl ChannelKind {
    /// The kind as written in configuration (`ntfy`, `slack`...).
    pub fn name(&self) -> &'static str {
        match self {
            ChannelKind::Ntfy { .. } => "ntfy",
            ChannelKind::Slack { .. } => "slack",
            ChannelKind::Mattermost { .. } => "mattermost",
            ChannelKind::Discord { .. } => "discord",
            ChannelKind::Email(_) => "email",
            ChannelKind::Json { .. } => "json",
        }
    }
}

/// One configured channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelConfig {
    /// Unique; names the channel in logs and metrics.
    pub name: String,
    pub kind: ChannelKind,
    /// The events it wants; empty means all of them.
    pub events: BTreeSet<EventKind>,
    /// The least severity it wants (default info: everything).
    pub min_severity: Severity,
}

impl ChannelConfig {
    /// Whether this channel wants `notification`.
    pub fn wants(&self, notification: &Notification) -> bool {
        (self.events.is_empty() || self.events.contains(&notification.event))
            && notification.level >= self.min_severity
    }
}
