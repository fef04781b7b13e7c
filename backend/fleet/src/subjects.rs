//! The fleet's names on NATS: agent names, the subjects each agent speaks on, the JetStream
//! streams and consumers, and the permissions that confine an agent's credentials to its own
//! subjects. Everything an agent may touch is derived from its validated name here, so the
//! server configuration and the code agree by construction.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::FleetError;

/// Every fleet subject starts with this.
pub const PREFIX: &str = "warden.fleet";
/// The stream that holds calls until their agent takes them (work queue: one consumer per agent).
pub const CALLS_STREAM: &str = "WARDEN_CALLS";
/// The stream that holds results, one subject per call, so the hub finds a result after a restart.
pub const RESULTS_STREAM: &str = "WARDEN_RESULTS";
/// The stream that keeps each agent's last registration, heartbeat and readings.
pub const HOSTS_STREAM: &str = "WARDEN_HOSTS";

/// The longest agent name (a subject token and a consumer name; kept short and plain).
pub const MAX_NAME_LEN: usize = 63;

/// An agent's name: 1 to 63 of `a-z`, `0-9`, `-` and `_`, starting with a letter or digit. Dots,
/// wildcards and upper case are refused so a name is always exactly one subject token and one
/// consumer name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgentName(String);

impl AgentName {
    /// Validates `name`; the error names the rule it breaks.
    pub fn parse(name: &str) -> Result<Self, FleetError> {
        let bad = |why: &str| FleetError::InvalidName(format!("agent name {name:?}: {why}"));
        if name.is_empty() || name.len() > MAX_NAME_LEN {
            return Err(bad("must be 1 to 63 characters"));
        }
        if !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        {
            return Err(bad("only a-z, 0-9, '-' and '_' are allowed"));
        }
        if !name.as_bytes()[0].is_ascii_alphanumeric() {
            return Err(bad("must start with a letter or a digit"));
        }
        Ok(Self(name.to_owned()))
    }

    /// A host name made into an agent name: lower-cased, the first label only, other characters
    /// replaced by `-`. Fails when nothing usable is left.
    pub fn from_hostname(host: &str) -> Result<Self, FleetError> {
        let first = host.trim().split('.').next().unwrap_or_default();
        let cleaned: String = first
            .chars()
            .map(|c| {
                let c = c.to_ascii_lowercase();
                if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .take(MAX_NAME_LEN)
            .collect();
        Self::parse(cleaned.trim_start_matches(['-', '_']))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where the agent announces itself and its facts.
    pub fn register_subject(&self) -> String {
        format!("{PREFIX}.host.{}.register", self.0)
    }

    /// Where the agent says it is alive.
    pub fn heartbeat_subject(&self) -> String {
        format!("{PREFIX}.host.{}.heartbeat", self.0)
    }

    /// Where the agent sends its monitor readings.
    pub fn readings_subject(&self) -> String {
        format!("{PREFIX}.host.{}.readings", self.0)
    }

    /// Where the hub queues calls for this agent.
    pub fn calls_subject(&self) -> String {
        format!("{PREFIX}.calls.{}", self.0)
    }

    /// Where the agent puts the result of call `call_id` (one subject per call).
    pub fn result_subject(&self, call_id: &CallId) -> String {
        format!("{PREFIX}.results.{}.{}", self.0, call_id.as_str())
    }

    /// The durable consumer on [`CALLS_STREAM`] this agent pulls from.
    pub fn consumer_name(&self) -> String {
        format!("agent-{}", self.0)
    }

    /// The inbox prefix the agent's replies come to (JetStream API answers, publish acks).
    pub fn inbox_prefix(&self) -> String {
        format!("_INBOX.agent.{}", self.0)
    }

    /// What this agent's credentials may publish and subscribe to: its three announcement
    /// subjects exactly, one result subject per call (`results.NAME.ID`: one token, as call ids
    /// are), its own consumer's API and acks, and its own inbox. Nothing with a wildcard over
    /// agent names, and no `>` on what it stores: an agent cannot invent subjects that each keep
    /// a message of their own in the hosts stream. What it may store on its result subjects is
    /// bounded by the results stream's limits ([`crate::streams::results_config`]).
    pub fn permissions(&self) -> Permissions {
        let consumer = self.consumer_name();
        Permissions {
            publish: vec![
                self.register_subject(),
                self.heartbeat_subject(),
                self.readings_subject(),
                format!("{PREFIX}.results.{}.*", self.0),
                "$JS.API.INFO".to_owned(),
                format!("$JS.API.STREAM.INFO.{CALLS_STREAM}"),
                format!("$JS.API.CONSUMER.INFO.{CALLS_STREAM}.{consumer}"),
                format!(
                    "$JS.API.CONSUMER.CREATE.{CALLS_STREAM}.{consumer}.{}",
                    self.calls_subject()
                ),
                format!("$JS.API.CONSUMER.MSG.NEXT.{CALLS_STREAM}.{consumer}"),
                format!("$JS.ACK.{CALLS_STREAM}.{consumer}.>"),
            ],
            subscribe: vec![format!("{}.>", self.inbox_prefix())],
        }
    }
}

impl fmt::Display for AgentName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for AgentName {
    type Error = FleetError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<AgentName> for String {
    fn from(value: AgentName) -> Self {
        value.0
    }
}

/// The subjects a NATS user may publish and subscribe to (the `permissions` block of a user in
/// `nats-server`'s configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permissions {
    pub publish: Vec<String>,
    pub subscribe: Vec<String>,
}

impl Permissions {
    /// The block as `nats-server` configuration text:
    /// `{ publish: { allow: [...] }, subscribe: { allow: [...] } }`.
    pub fn to_server_config(&self) -> String {
        let list = |items: &[String]| {
            items
                .iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "{{ publish: {{ allow: [{}] }}, subscribe: {{ allow: [{}] }} }}",
            list(&self.publish),
            list(&self.subscribe)
        )
    }
}

/// The longest call id.
pub const MAX_CALL_ID_LEN: usize = 64;

/// A call's id: 1 to 64 of `A-Z`, `a-z`, `0-9`, `-` and `_` (one subject token, one file name).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CallId(String);

impl CallId {
    /// Validates `id`.
    pub fn parse(id: &str) -> Result<Self, FleetError> {
        let ok = !id.is_empty()
            && id.len() <= MAX_CALL_ID_LEN
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(Self(id.to_owned()))
        } else {
            Err(FleetError::InvalidMessage(format!(
                "call id {id:?}: must be 1 to 64 of A-Z, a-z, 0-9, '-' and '_'"
            )))
        }
    }

    /// A fresh id (UUID v7: ordered by time).
    pub fn generate() -> Self {
        Self(uuid::Uuid::now_v7().simple().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CallId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CallId {
    type Error = FleetError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CallId> for String {
    fn from(value: CallId) -> Self {
        value.0
    }
}

/// What kind of agent message a subject carries, and from which agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentSubjectKind {
    Register,
    Heartbeat,
    Readings,
}

/// The subjects agents announce themselves on (`warden.fleet.host.NAME.KIND`).
pub const HOST_SUBJECTS: &str = "warden.fleet.host.*.*";

/// Splits `warden.fleet.host.NAME.{register,heartbeat,readings}`; None for anything else.
pub fn parse_agent_subject(subject: &str) -> Option<(AgentSubjectKind, AgentName)> {
    let rest = subject.strip_prefix(PREFIX)?.strip_prefix(".host.")?;
    let (name, kind) = rest.split_once('.')?;
    let kind = match kind {
        "register" => AgentSubjectKind::Register,
        "heartbeat" => AgentSubjectKind::Heartbeat,
        "readings" => AgentSubjectKind::Readings,
        _ => return None,
    };
    AgentName::parse(name).ok().map(|name| (kind, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_plain_token() {
        for good in ["gpu-box", "a", "node_7", "0lab"] {
            assert_eq!(
                AgentName::parse(good).map(String::from).ok(),
                Some(good.to_owned())
            );
        }
        for bad in ["", "a.b", "a*", ">", "A", "-a", "a b", &"x".repeat(64)] {
            assert!(AgentName::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            AgentName::from_hostname("GPU.Box.lan")
                .map(String::from)
                .ok(),
            Some("gpu".to_owned())
        );
        assert_eq!(
            AgentName::from_hostname("my host").map(String::from).ok(),
            Some("my-host".to_owned())
        );
    }

    #[test]
    fn subjects_parse_back() {
        let name = AgentName::parse("lab").unwrap();
        assert_eq!(
            parse_agent_subject(&name.heartbeat_subject()),
            Some((AgentSubjectKind::Heartbeat, name.clone()))
        );
        assert_eq!(parse_agent_subject("warden.fleet.calls.lab"), None);
        assert_eq!(parse_agent_subject("warden.fleet.host.a.b.heartbeat"), None);
        assert_eq!(parse_agent_subject("warden.fleet.host.a.other"), None);
    }

    #[test]
    fn permissions_name_only_the_agents_own_subjects() {
        let name = AgentName::parse("lab").unwrap();
        let perms = name.permissions();
        let stored: Vec<&String> = perms
            .publish
            .iter()
            .filter(|s| s.starts_with(PREFIX))
            .collect();
        assert_eq!(
            stored,
            [
                "warden.fleet.host.lab.register",
                "warden.fleet.host.lab.heartbeat",
                "warden.fleet.host.lab.readings",
                "warden.fleet.results.lab.*",
            ]
        );
        for subject in perms.publish.iter().chain(&perms.subscribe) {
            assert!(
                subject.contains("lab")
                    || subject == "$JS.API.INFO"
                    || subject.ends_with(CALLS_STREAM),
                "{subject} is not confined to the agent"
            );
        }
    }
}
