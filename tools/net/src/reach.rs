//! Judging a target twice with one rule: before the call runs (the guard asks the tool for its
//! judgement of the arguments: [`judge`]) and when it connects ([`resolve_checked`]), on the
//! addresses themselves and never on their spelling.
//!
//! - Link-local and metadata addresses are refused, whoever asks.
//! - Internal addresses (loopback, private, shared, reserved) need the `execute` scope and a
//!   human's approval, unless the operator's allowlist names them.
//! - A name is resolved once, every address it resolves to is judged, and the connection goes
//!   to those addresses (no second lookup an attacker's DNS could answer differently). A name
//!   that resolves to an internal address cannot get an approval for that address (its next
//!   answer could differ), so it is refused with the advice to ask with the address itself.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use warden_protocol::Scope;
use warden_tool_api::{ArgumentJudgement, ToolContext, ToolError};

use crate::address::{Class, Host, classify, classify_name};
use crate::allow::AllowList;

const FORBIDDEN_RULE: &str = "net-forbidden-address";
const INTERNAL_RULE: &str = "net-internal-address";
const SCOPE_RULE: &str = "net-internal-scope";

/// How a target is judged before it runs.
fn class_of(host: &Host, allow: &AllowList) -> Class {
    match host {
        Host::Ip(ip) if allow.allows(*ip) && !matches!(classify(*ip), Class::Forbidden(_)) => {
            Class::Public
        }
        Host::Ip(ip) => classify(*ip),
        Host::Name(name) => classify_name(name).unwrap_or(Class::Public),
    }
}

fn shown(host: &Host) -> String {
    match host {
        Host::Ip(ip) => ip.to_string(),
        Host::Name(name) => name.clone(),
    }
}

/// The judgement of a call that would connect to `host`, for the guard: refused for link-local
/// and metadata targets, refused for internal targets without `execute`, approval for internal
/// targets otherwise; nothing to add for public targets and names (judged when resolved).
pub fn judge(host: &Host, allow: &AllowList, context: &ToolContext) -> Option<ArgumentJudgement> {
    match class_of(host, allow) {
        Class::Public => None,
        Class::Forbidden(why) => Some(ArgumentJudgement::Refused {
            rule: FORBIDDEN_RULE,
            reason: format!("{} is {why}; it is never reached", shown(host)),
            alternative: "Check the service the operator cares about by its own address."
                .to_owned(),
        }),
        Class::Internal(why) if !context.allows(Scope::Execute) => {
            Some(ArgumentJudgement::Refused {
                rule: SCOPE_RULE,
                reason: format!(
                    "{} is {why}; checking internal addresses needs the execute scope",
                    shown(host)
                ),
                alternative: "Ask an operator with the execute scope, or to add the range to tools.net_allow."
                    .to_owned(),
            })
        }
        Class::Internal(why) => Some(ArgumentJudgement::Approval {
            rule: INTERNAL_RULE,
            reason: format!(
                "{} is {why}; internal addresses are checked only with a human's approval unless tools.net_allow names them",
                shown(host)
            ),
        }),
    }
}

/// The addresses to connect to for `host`, each judged: a literal address as it is (no lookup),
/// a name resolved once. Refuses forbidden addresses always, internal addresses without
/// `execute` (unless allowed), and names that resolve to internal addresses the guard did not
/// judge (unless allowed).
pub async fn resolve_checked(
    host: &Host,
    port: u16,
    allow: &AllowList,
    context: &ToolContext,
) -> Result<Vec<SocketAddr>, ToolError> {
    if let Some(refusal) = refusal(judge(host, allow, context)) {
        return Err(refusal);
    }
    let addresses: Vec<IpAddr> = match host {
        Host::Ip(ip) => vec![*ip],
        Host::Name(name) => {
            let lookup = tokio::time::timeout(
                Duration::from_secs(10),
                tokio::net::lookup_host((name.as_str(), port)),
            )
            .await
            .map_err(|_| ToolError::Timeout(10))?
            .map_err(|e| ToolError::NotFound(format!("cannot resolve '{name}': {e}")))?;
            let mut ips: Vec<IpAddr> = lookup.map(|a| a.ip()).collect();
            ips.dedup();
            ips
        }
    };
    if addresses.is_empty() {
        return Err(ToolError::NotFound(format!(
            "'{}' has no addresses",
            shown(host)
        )));
    }
    check_answers(host, &addresses, allow)?;
    Ok(addresses
        .into_iter()
        .map(|ip| SocketAddr::new(ip, port))
        .collect())
}

/// Judges the addresses a target resolved to, each on its own: forbidden ones refuse the
/// target; internal ones only when the guard judged the target itself internal (a literal
/// address, or a name for this machine that must then resolve to loopback) or the allowlist
/// names them.
pub fn check_answers(
    host: &Host,
    addresses: &[IpAddr],
    allow: &AllowList,
) -> Result<(), ToolError> {
    let judged = class_of(host, allow);
    for ip in addresses {
        let class = if allow.allows(*ip) && !matches!(classify(*ip), Class::Forbidden(_)) {
            Class::Public
        } else {
            classify(*ip)
        };
        match class {
            Class::Public => {}
            Class::Forbidden(why) => {
                return Err(ToolError::Refused(format!(
                    "'{}' resolves to {ip}, which is {why}; it is never reached",
                    shown(host)
                )));
            }
            Class::Internal(_)
                if matches!(judged, Class::Internal(_))
                    && (matches!(host, Host::Ip(_)) || ip.to_canonical().is_loopback()) => {}
            Class::Internal(why) => {
                return Err(ToolError::Refused(format!(
                    "'{}' resolves to {ip}, which is {why}; a name is not approved for an internal address (its next answer could differ). Ask again with the address itself ({ip}), which waits for a human's approval",
                    shown(host)
                )));
            }
        }
    }
    Ok(())
}

/// The refusal a tool returns itself for a judgement that refuses (the guard refuses first;
/// this holds when a tool is reached some other way).
fn refusal(judgement: Option<ArgumentJudgement>) -> Option<ToolError> {
    match judgement? {
        ArgumentJudgement::Refused { reason, .. } => Some(ToolError::Refused(reason)),
        ArgumentJudgement::Approval { .. } => None,
    }
}

/// Why an address is not public, for display (`dns_lookup` marks answers).
pub fn internal_reason(ip: IpAddr, allow: &AllowList) -> Option<&'static str> {
    match classify(ip) {
        Class::Public => None,
        Class::Internal(_) if allow.allows(ip) => None,
        Class::Internal(why) | Class::Forbidden(why) => Some(why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addresses(list: &[&str]) -> Vec<IpAddr> {
        list.iter().filter_map(|a| a.parse().ok()).collect()
    }

    #[test]
    fn answers_are_judged_by_address_whatever_the_name() {
        let none = AllowList::default();
        let name = Host::Name("api.example.com".to_owned());
        assert_eq!(
            check_answers(&name, &addresses(&["93.184.216.34"]), &none),
            Ok(())
        );
        // Rebinding: a public name whose answer is internal, or metadata, or mixed.
        for answer in [
            &["127.0.0.1"][..],
            &["10.0.0.5"],
            &["93.184.216.34", "169.254.169.254"],
            &["::ffff:169.254.169.254"],
            &["fd00:ec2::254"],
            &["64:ff9b::a9fe:a9fe"],
        ] {
            let refused = check_answers(&name, &addresses(answer), &none);
            assert!(matches!(refused, Err(ToolError::Refused(_))), "{answer:?}");
        }
        let hint = check_answers(&name, &addresses(&["10.0.0.5"]), &none);
        assert!(
            matches!(&hint, Err(ToolError::Refused(m)) if m.contains("Ask again with the address itself (10.0.0.5)")),
            "{hint:?}"
        );
        // The allowlist opens internal answers, never forbidden ones.
        let allowed = AllowList::parse(&["10.0.0.0/8"]).unwrap_or_default();
        assert_eq!(
            check_answers(&name, &addresses(&["10.0.0.5"]), &allowed),
            Ok(())
        );
        assert!(check_answers(&name, &addresses(&["169.254.169.254"]), &allowed).is_err());
        // A name for this machine must resolve to loopback only.
        let local = Host::Name("localhost".to_owned());
        assert_eq!(
            check_answers(&local, &addresses(&["127.0.0.1", "::1"]), &none),
            Ok(())
        );
        assert!(check_answers(&local, &addresses(&["10.0.0.5"]), &none).is_err());
        // A literal internal address was judged by the guard (approval) and is connected to.
        let literal = Host::Ip("10.0.0.5".parse().unwrap_or(IpAddr::from([0, 0, 0, 0])));
        assert_eq!(
            check_answers(&literal, &addresses(&["10.0.0.5"]), &none),
            Ok(())
        );
    }
}
