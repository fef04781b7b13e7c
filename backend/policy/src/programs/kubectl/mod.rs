//! kubectl: global flags, then the command. `get`, `describe`, `logs`, `top`, `explain`,
//! `version`, `api-resources`, `cluster-info`, `auth can-i`, `events`, `rollout status|history`
//! and `config view|get-contexts|current-context` read. Secrets are not printed: `get secret`
//! with an output format, `get --raw` and `config view --raw` (which prints the credentials) are
//! high. Everything else changes the cluster or reaches into it. Verbosity above 6 logs what
//! goes over the wire (response bodies: a Secret's values), `--profile` writes a profile file,
//! and objects named by a file (`-f`, `-k`) are of types the line does not show.

mod resources;

use std::sync::LazyLock;

use super::{Ctx, Judgement, Operands, apply};
use crate::level::RiskLevel;
use crate::options::{Opt, Spec, Takes, endless, flag, parse, reads, value, writes};

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
    // The discovery and HTTP caches are written there.
    writes("cache-dir"),
    flag("disable-compression"),
    flag("warnings-as-errors"),
    value("log-flush-frequency"),
    // klog's file logging, which older kubectl releases still take: it writes there.
    writes("log-file|log_file"),
    writes("log-dir|log_dir"),
    value("profile"),
    writes("profile-output"),
    flag("h|help"),
];
const READ: &[Opt] = &[
    flag("A|all-namespaces"),
    // `wait --all`: every object of the kinds named.
    flag("all"),
    value("o|output"),
    value("l|selector"),
    value("field-selector"),
    endless("w|watch", Takes::No, "watches for changes"),
    endless("watch-only", Takes::No, "watches for changes"),
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
    // `--follow` for `logs` (bounded in `judge`), `--filename` elsewhere.
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
    // `logs -f` follows the log, `rollout status` waits for the rollout to finish: only a
    // timeout bounds them (`ending.rs`).
    if command == "logs" && parsed.has("follow") {
        super::ending::require(ctx, &mut j, false, || {
            format!("{name} logs -f follows the log output")
        });
    }
    // `-f DIR` reads every manifest (`.yaml`, `.yml`, `.json`) in the directory, `-R` every
    // one below it, and a file kubectl cannot decode is quoted in its error (`Object 'Kind' is
    // missing in '{…}'`): judged as reading the tree, as `grep -r` is. A name that is not a
    // manifest's may be a directory.
    if command != "logs" {
        let files = parse(args, &Spec::gnu(&GLOBAL_AND_FILES));
        let recursive = parsed.has("recursive");
        for file in files.values("filename") {
            let file = file.strip_prefix('=').unwrap_or(file);
            if file == "-" || file.contains("://") {
                continue;
            }
            let lower = file.to_ascii_lowercase();
            let manifest = [".yaml", ".yml", ".json"]
                .iter()
                .any(|ext| lower.ends_with(ext));
            if recursive || !manifest {
                j.raise_path(ctx.paths.read_tree(file));
            }
        }
    }
    if command == "rollout" && action == Some("status") {
        let bounded = parsed.values("timeout").any(|t| {
            super::ending::seconds(t).is_some_and(|s| s > 0.0 && s <= super::ending::LONGEST_RUN_S)
        });
        super::ending::require(ctx, &mut j, bounded, || {
            format!("{name} rollout status waits for the rollout without a --timeout")
        });
    }
    // `wait` waits 30 seconds unless told: a timeout of a week, or `-1s` (for ever), for a
    // condition that never comes does not end.
    if command == "wait" {
        let bounded = parsed
            .values("timeout")
            .all(|t| super::ending::seconds(t).is_some_and(|s| s <= super::ending::LONGEST_RUN_S));
        super::ending::require(ctx, &mut j, bounded, || {
            format!("{name} wait waits for its condition longer than a run lasts")
        });
    }
    // `--for=jsonpath='{.data.password}'=GUESS` answers, by its exit status, whether a value
    // equals a guess: one guess at a time, what an output format would print. Only paths an
    // output format may print at the low level for these kinds stay low.
    if command == "wait"
        && let Some(path) = parsed
            .values("for")
            .filter_map(|condition| condition.trim_start_matches('=').strip_prefix("jsonpath="))
            .find(|condition| {
                let path = condition
                    .split_once('}')
                    .map_or(*condition, |(path, _)| path)
                    .trim_start_matches(['\'', '"']);
                let reach = resources::format_reach(&format!("jsonpath={path}}}"));
                names_secret_in(rest) || {
                    let mut probe = Judgement::low("");
                    resources::raise("", rest, reach, false, false, &mut probe);
                    probe.level > RiskLevel::Low
                }
            })
    {
        j.raise(
            RiskLevel::Medium,
            format!("{name} wait --for=jsonpath={path} tells whether a value the object holds equals a guess"),
        );
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
    // `--flatten` skips the redaction `--raw` skips (every token and key printed), and even
    // the redacted view prints what kubectl does not redact: an OIDC auth-provider's id-token,
    // refresh-token and client-secret, an exec plugin's environment, a basic-auth password.
    // Contained, the kubeconfig is hidden; where nothing contains kubectl it is the user's own.
    if command == "config" && action == Some("view") {
        if parsed.has("flatten") {
            j.raise(
                RiskLevel::High,
                format!("{name} config view --flatten prints the cluster credentials unredacted"),
            );
        } else if ctx.paths.uncontained {
            j.raise(
                RiskLevel::High,
                format!("{name} config view prints credentials kubectl does not redact (OIDC refresh tokens and client secrets, exec plugin environments, passwords); `config get-contexts` or `current-context` do not"),
            );
        }
    }
    let names_secrets = rest.iter().any(|word| word.split(',').any(names_secret));
    let prints_values = parsed
        .values("output")
        .any(|format| !matches!(format.trim_start_matches('='), "wide" | "name"))
        || parsed.values("template").next().is_some();
    // `wait` prints each object it waited for in the output format, as `get` does.
    let prints_objects = matches!(command, "get" | "wait");
    if prints_objects && names_secrets && prints_values {
        j.raise(
            RiskLevel::High,
            format!("{name} {command} of secrets with an output format prints their values"),
        );
    }
    // An object's whole document (`get -o yaml`, `-o jsonpath=…`, a template) and `describe`
    // print what it holds: a pod template's `env: value:` literals, a ConfigMap's data. Only
    // kinds known to hold neither stay low (`resources.rs`).
    let reach = parsed
        .values("output")
        .map(resources::format_reach)
        .chain(parsed.values("template").map(|_| resources::Reach::Whole))
        .max()
        .unwrap_or(resources::Reach::Metadata);
    if command == "describe" {
        let shown = format!("{name} describe");
        resources::raise(
            &shown,
            rest,
            resources::Reach::Whole,
            true,
            ctx.paths.uncontained,
            &mut j,
        );
    } else if command == "events" && prints_values {
        // `kubectl events -o yaml` prints Event objects whole, as `get events -o yaml` does.
        let shown = format!("{name} events with an output format");
        resources::raise(
            &shown,
            &["events"],
            reach,
            false,
            ctx.paths.uncontained,
            &mut j,
        );
    } else if prints_objects && prints_values {
        let shown = format!("{name} {command} with an output format");
        resources::raise(&shown, rest, reach, false, ctx.paths.uncontained, &mut j);
    }
    // A node's status holds its machine ID (`nodeInfo.machineID`, the node's /etc/machine-id)
    // and firmware UUID (`systemUUID`): `describe` prints both, and so does any output format
    // that reaches them (`machine_id.rs`).
    if matches!(command, "get" | "describe" | "wait") && resources::names_nodes(rest) {
        let shown = if command == "describe" {
            Some(format!("{name} describe of nodes"))
        } else {
            parsed
                .values("output")
                .map(|format| format.trim_start_matches('='))
                .chain(parsed.values("template").map(|_| "go-template"))
                .find(|format| resources::prints_node_identity(format))
                .map(|format| format!("{name} {command} of nodes -o {format}"))
        };
        if let Some(shown) = shown {
            super::machine_id::raise(&mut j, &shown);
        }
    }
    // `rollout history --revision=N` prints that revision's pod template, environment included,
    // and so does an output format (every revision's object).
    if command == "rollout"
        && action == Some("history")
        && (parsed.has("revision") || prints_values)
    {
        j.raise(
            RiskLevel::High,
            format!("{name} rollout history --revision prints the pod template, with its containers' environment values"),
        );
    }
    output_templates(ctx, name, &parsed, &mut j);
    // Sorted by a value, the order tells how the values compare: a Secret's data, a pod
    // template's environment (`--sort-by=.spec.containers[0].env[0].value`).
    if prints_objects
        && (names_secrets || resources::may_hold_secrets(rest))
        && let Some(key) = parsed
            .values("sort-by")
            .find(|key| !sorts_by_metadata(key) && (names_secrets || !sorts_by_status(key)))
    {
        j.raise(
            RiskLevel::High,
            format!("{name} get sorted by {key}: the order of objects that hold secrets tells how their values compare"),
        );
    }
    // `-f FILE`/`-k DIR`: the objects (and their types) are in the file, not on the line; any
    // of them may be a Secret. (`-f` is `--follow` for `logs` and `--filename` elsewhere.)
    let from_files = parsed.has("filename")
        || parsed.has("kustomize")
        || (command != "logs" && parsed.has("follow"));
    if prints_objects && from_files && prints_values {
        j.raise(
            RiskLevel::High,
            format!("{name} {command} -f/-k with an output format prints the values of whatever the file names, Secrets included"),
        );
    }
    // A file named by URL is fetched: the URL carries whatever the line puts in it.
    if let Some(url) = args.iter().find(|a| a.contains("://")) {
        j.raise(
            RiskLevel::Medium,
            format!("{name} {url}: fetches a URL, which can carry data out"),
        );
    }
    // A kustomization may name remote bases (fetched with git) and generators: the line does
    // not show what `-k` reads or runs.
    if parsed.has("kustomize") {
        j.raise(
            RiskLevel::Medium,
            format!("{name} -k builds a kustomization, which may fetch remote bases with git"),
        );
    }
    raise_global(name, args, &parsed, &mut j);
    Some(j)
}

/// Output formats whose argument is a template or a column list on the line, or none at all.
const INLINE_FORMATS: &[&str] = &[
    "wide",
    "name",
    "json",
    "yaml",
    "kyaml",
    "jsonpath",
    "jsonpath-as-json",
    "go-template",
    "template",
    "custom-columns",
];

/// Judges the output formats: a `*-file` format (`jsonpath-file=F`, `go-template-file=F`,
/// `custom-columns-file=F`, `templatefile=F`, or the file given by `--template`) reads its file
/// and prints the template's literal text as it is, so the file's contents are printed; a format
/// kubectl may know but this table does not is not proven to read nothing.
fn output_templates(ctx: &Ctx, name: &str, parsed: &crate::options::Parsed, j: &mut Judgement) {
    let mut reads_template = false;
    for format in parsed.values("output") {
        // pflag reads `-o=json` as `-o json`.
        let format = format.strip_prefix('=').unwrap_or(format);
        let (kind, argument) = format.split_once('=').unwrap_or((format, ""));
        if kind.ends_with("-file") || kind == "templatefile" {
            reads_template = true;
            if !argument.is_empty() {
                j.raise_path(ctx.read(argument));
            }
        } else if !INLINE_FORMATS.contains(&kind) {
            j.raise(
                RiskLevel::Medium,
                format!("{name} -o {kind}: not an output format known to read no file"),
            );
        }
    }
    if reads_template {
        for file in parsed.values("template") {
            j.raise_path(ctx.read(file));
        }
    }
}

/// Whether a `--sort-by` key (`.metadata.name`, `{.metadata.creationTimestamp}`) is an
/// object's metadata, not its contents.
fn sorts_by_metadata(key: &str) -> bool {
    let path = key.trim_start_matches('{').trim_end_matches('}');
    path.starts_with(".metadata.") && !path.contains("annotations")
}

/// Whether a `--sort-by` key is an object's state (`.status.startTime`), which holds no
/// environment value.
fn sorts_by_status(key: &str) -> bool {
    let path = key.trim_start_matches('{').trim_end_matches('}');
    path.starts_with(".status.")
}

/// The most verbose level that logs no message contents: 7 adds request headers, 8 and 9 the
/// bodies of requests and responses (every value of a Secret that is read).
const QUIET_ENOUGH: u8 = 6;

/// What the global options make kubectl do besides reading: log the wire, write a profile.
fn raise_global(name: &str, args: &[String], parsed: &crate::options::Parsed, j: &mut Judgement) {
    // `--v` is kubectl's long spelling of `-v` (the table would read it as a prefix of
    // `--verbs`): taken from the words as they are.
    let long = args.iter().enumerate().filter_map(|(at, word)| {
        if word == "--v" {
            Some(args.get(at + 1).map_or("", String::as_str))
        } else {
            word.strip_prefix("--v=")
        }
    });
    for level in parsed.values("v").chain(long) {
        let level = level.trim_start_matches('=');
        if !level.parse::<u8>().is_ok_and(|l| l <= QUIET_ENOUGH) {
            j.raise(
                RiskLevel::High,
                format!("{name} -v {level}: above {QUIET_ENOUGH} kubectl logs request and response bodies (Secrets' values, tokens)"),
            );
        }
    }
    if let Some(profile) = parsed.values("profile").find(|p| *p != "none") {
        j.raise(
            RiskLevel::High,
            format!("{name} --profile {profile} writes a profile file (profile.pprof by default)"),
        );
    }
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

/// Whether any resource word of `operands` names secrets.
fn names_secret_in(operands: &[&str]) -> bool {
    operands
        .iter()
        .any(|word| word.split(',').any(names_secret))
}

/// Whether one resource word (`TYPE[.VERSION[.GROUP]][/NAME]`, any case) names secrets:
/// `secret`, `secrets`, `Secret.v1.`, `secret.v1./x`, `secrets..`.
fn names_secret(resource: &str) -> bool {
    let kind = resource.split('/').next().unwrap_or("");
    let kind = kind.split('.').next().unwrap_or("").to_ascii_lowercase();
    matches!(kind.as_str(), "secret" | "secrets")
}

/// kubectl takes global flags anywhere on the line: one table for both.
/// [`GLOBAL_AND_READ`] as every command but `logs` reads it: `-f` is `--filename`.
static GLOBAL_AND_FILES: LazyLock<Vec<Opt>> = LazyLock::new(|| {
    GLOBAL_AND_READ
        .iter()
        .filter(|opt| !opt.is("follow") && !opt.is("filename"))
        .copied()
        .chain([reads("f|filename")])
        .collect()
});

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
