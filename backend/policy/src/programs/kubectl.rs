//! kubectl: global flags, then the command. `get`, `describe`, `logs`, `top`, `explain`,
//! `version`, `api-resources`, `cluster-info`, `auth can-i`, `events`, `rollout status|history`
//! and `config view|get-contexts|current-context` read. Secrets are not printed: `get secret`
//! with an output format, `get --raw` and `config view --raw` (which prints the credentials) are
//! high. Everything else changes the cluster or reaches into it.

use super::{Ctx, Judgement, Operands, apply};
use crate::level::RiskLevel;
use crate::options::{Opt, Spec, flag, parse, reads, value, writes};

const GLOBAL: &[Opt] = &[
    value("n|namespace"),
    value("context"),
    value("cluster"),
    value("user"),
    reads("kubeconfig"),
    value("s|server"),
    value("token"),
    value("as"),
    value("as-group"),
    value("as-uid"),
    reads("certificate-authority"),
    reads("client-certificate"),
    reads("client-key"),
    flag("insecure-skip-tls-verify"),
    value("request-timeout"),
    value("v"),
    flag("match-server-version"),
    value("tls-server-name"),
    value("username"),
    value("password"),
    value("cache-dir"),
    flag("disable-compression"),
    flag("warnings-as-errors"),
    value("log-flush-frequency"),
    value("profile"),
    writes("profile-output"),
    flag("h|help"),
];
const READ: &[Opt] = &[
    flag("A|all-namespaces"),
    value("o|output"),
    value("l|selector"),
    value("field-selector"),
    flag("w|watch"),
    flag("watch-only"),
    flag("show-labels"),
    value("L|label-columns"),
    value("sort-by"),
    flag("no-headers"),
    flag("show-kind"),
    value("chunk-size"),
    flag("ignore-not-found"),
    value("raw"),
    reads("filename"),
    reads("k|kustomize"),
    flag("R|recursive"),
    value("template"),
    flag("output-watch-events"),
    flag("server-print"),
    value("subresource"),
    flag("allow-missing-template-keys"),
    flag("show-managed-fields"),
    flag("show-events"),
    flag("f|follow"),
    value("c|container"),
    flag("p|previous"),
    value("tail"),
    value("since"),
    value("since-time"),
    flag("timestamps"),
    flag("all-containers"),
    value("max-log-requests"),
    flag("prefix"),
    flag("ignore-errors"),
    value("limit-bytes"),
    value("pod-running-timeout"),
    flag("containers"),
    flag("use-protocol-buffers"),
    flag("sum"),
    flag("minify"),
    flag("flatten"),
    flag("client"),
    flag("short"),
    value("api-group"),
    flag("namespaced"),
    value("verbs"),
    flag("cached"),
    flag("list"),
    value("revision"),
    value("for"),
    value("timeout"),
    value("types"),
    flag("h|help"),
];

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    let parsed = parse(args, &Spec::gnu(GLOBAL_AND_READ));
    let mut j = Judgement::low("reads the cluster");
    apply(ctx, name, &parsed, Operands::Inert, &mut j);
    let words: Vec<&str> = parsed.operands.clone();
    for option in ELSEWHERE {
        if parsed.has(option) {
            j.raise(
                RiskLevel::High,
                format!(
                    "{name} --{option} sends the cluster's credentials, or other ones, to a \
                     server or identity the line chooses"
                ),
            );
        }
    }
    let Some((&command, rest)) = words.split_first() else {
        return Some(j);
    };
    let action = rest.first().copied();
    let reads = match command {
        "get" | "describe" | "logs" | "top" | "explain" | "version" | "api-resources"
        | "api-versions" | "events" | "wait" => true,
        "cluster-info" => action != Some("dump"),
        "auth" => matches!(action, Some("can-i" | "whoami")),
        "rollout" => matches!(action, Some("status" | "history")),
        "config" => matches!(
            action,
            Some("view" | "get-contexts" | "current-context" | "get-clusters" | "get-users")
        ),
        _ => false,
    };
    if !reads {
        j.raise(
            RiskLevel::High,
            format!("{name} {command} changes the cluster or reaches into it"),
        );
        return Some(j);
    }
    if parsed.values("raw").next().is_some() {
        j.raise(
            RiskLevel::High,
            format!("{name} --raw reads any API path, secrets included"),
        );
    }
    if command == "config" && action == Some("view") && args.iter().any(|a| a == "--raw") {
        j.raise(
            RiskLevel::High,
            format!("{name} config view --raw prints the cluster credentials"),
        );
    }
    let names_secrets = rest.iter().any(|word| word.split(',').any(names_secret));
    let prints_values = parsed
        .values("output")
        .any(|format| !matches!(format, "wide" | "name"))
        || parsed.values("template").next().is_some();
    if command == "get" && names_secrets && prints_values {
        j.raise(
            RiskLevel::High,
            format!("{name} get of secrets with an output format prints their values"),
        );
    }
    Some(j)
}

/// Global options that choose the server, the credentials or the identity: with them a line can
/// send the configured token to any server, or act as someone else.
const ELSEWHERE: &[&str] = &[
    "server",
    "kubeconfig",
    "context",
    "cluster",
    "user",
    "token",
    "as",
    "as-group",
    "as-uid",
    "username",
    "password",
    "certificate-authority",
    "client-certificate",
    "client-key",
    "insecure-skip-tls-verify",
    "tls-server-name",
];

/// Whether one resource word (`TYPE[.VERSION[.GROUP]][/NAME]`, any case) names secrets:
/// `secret`, `secrets`, `Secret.v1.`, `secret.v1./x`, `secrets..`.
fn names_secret(resource: &str) -> bool {
    let kind = resource.split('/').next().unwrap_or("");
    let kind = kind.split('.').next().unwrap_or("").to_ascii_lowercase();
    matches!(kind.as_str(), "secret" | "secrets")
}

/// kubectl takes global flags anywhere on the line: one table for both.
const GLOBAL_AND_READ: &[Opt] = &{
    let mut all = [flag("h|help"); GLOBAL.len() + READ.len()];
    let mut i = 0;
    while i < GLOBAL.len() {
        all[i] = GLOBAL[i];
        i += 1;
    }
    let mut k = 0;
    while k < READ.len() {
        all[GLOBAL.len() + k] = READ[k];
        k += 1;
    }
    all
};
