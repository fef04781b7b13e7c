//! docker (and podman, nerdctl): global options, then the command (`ps`, or `container ls`),
//! with its own options. Listing, logs, statistics and events are low. `inspect` prints a
//! container's environment, where its secrets live: it is low only with a `--format` template
//! that provably stays away from it (see [`safe_template`]). `compose config` prints the
//! interpolated project, secrets included. Every other command changes containers, images or the
//! daemon, or reaches into a container, and is high.

use super::{Ctx, Judgement, Operands, apply};
use crate::level::RiskLevel;
use crate::options::{
    Opt, Parsed, Spec, Takes, changes, endless, flag, optional, parse, reads, unproven, value,
};

const GLOBAL: &[Opt] = &[
    // A daemon or client configuration of the line's choosing: another machine, reached over
    // the network, or other credentials.
    unproven("config", Takes::Value, "loads another client configuration"),
    unproven(
        "c|context",
        Takes::Value,
        "talks to a daemon the line chooses",
    ),
    flag("D|debug"),
    unproven("H|host", Takes::Value, "talks to a daemon the line chooses"),
    value("l|log-level"),
    flag("tls"),
    reads("tlscacert"),
    reads("tlscert"),
    reads("tlskey"),
    flag("tlsverify"),
    flag("v|version"),
    flag("help"),
];
const PS: &[Opt] = &[
    flag("a|all"),
    value("f|filter"),
    value("format"),
    value("n|last"),
    flag("l|latest"),
    flag("no-trunc"),
    flag("q|quiet"),
    flag("s|size"),
    flag("help"),
];
const IMAGES: &[Opt] = &[
    flag("a|all"),
    flag("digests"),
    value("f|filter"),
    value("format"),
    flag("no-trunc"),
    flag("q|quiet"),
    flag("tree"),
    flag("help"),
];
const LOGS: &[Opt] = &[
    flag("details"),
    endless("f|follow", Takes::No, "follows the log output"),
    value("since"),
    value("n|tail"),
    flag("t|timestamps"),
    value("until"),
    flag("help"),
];
const INSPECT: &[Opt] = &[
    value("f|format"),
    flag("s|size"),
    value("type"),
    flag("pretty"),
    flag("help"),
];
const STATS: &[Opt] = &[
    flag("a|all"),
    value("format"),
    flag("no-stream"),
    flag("no-trunc"),
    flag("help"),
];
const FORMAT: &[Opt] = &[value("f|format"), flag("help")];
const EVENTS: &[Opt] = &[
    value("f|filter"),
    value("format"),
    value("since"),
    value("until"),
    flag("help"),
];
const HISTORY: &[Opt] = &[
    flag("H|human"),
    changes(
        "no-trunc",
        Takes::No,
        "prints the image's build commands whole: ENV and ARG values (secrets) included",
    ),
    flag("q|quiet"),
    value("format"),
    value("platform"),
    flag("help"),
];
const LIST: &[Opt] = &[
    value("f|filter"),
    value("format"),
    flag("q|quiet"),
    flag("no-trunc"),
    flag("v|verbose"),
    flag("help"),
];
const COMPOSE: &[Opt] = &[
    reads("f|file"),
    value("p|project-name"),
    value("profile"),
    reads("env-file"),
    reads("project-directory"),
    value("ansi"),
    value("parallel"),
    value("progress"),
    flag("compatibility"),
    flag("dry-run"),
    flag("all-resources"),
    flag("help"),
];
const COMPOSE_READ: &[Opt] = &[
    flag("a|all"),
    flag("q|quiet"),
    flag("services"),
    value("filter"),
    value("format"),
    value("status"),
    flag("no-trunc"),
    flag("orphans"),
    endless("f|follow", Takes::No, "follows the log output"),
    value("since"),
    value("until"),
    value("n|tail"),
    flag("t|timestamps"),
    flag("no-color"),
    flag("no-log-prefix"),
    value("index"),
    flag("short"),
    flag("volumes"),
    flag("profiles"),
    flag("images"),
    flag("networks"),
    optional("hash"),
    flag("json"),
    flag("help"),
];

/// Field names a safe `--format` template may never reach: the environment and everything
/// that holds it (the whole `.Config` except the fields listed below, swarm specs, a plugin's
/// settings, config and secret data), command lines, which carry secrets too (a health check's
/// `Test` is one: `curl -u user:pass`), labels and annotations (a reverse proxy's basic-auth
/// users, a backup sidecar's credentials), a logging driver's options (`splunk-token`) and a
/// volume's or network endpoint's driver options (a CIFS volume's `password=`).
const SECRET_FIELDS: &[&str] = &[
    "Env",
    "Labels",
    "Label",
    "Annotations",
    "Healthcheck",
    "Test",
    "ContainerConfig",
    "LogConfig",
    "DriverOpts",
    "Attributes",
    "Spec",
    "Args",
    "Cmd",
    "Entrypoint",
    "Data",
    "Settings",
    "ContainerSpec",
    "TaskTemplate",
    "Secrets",
    "Options",
    "Shell",
    "OnBuild",
];
/// Fields of `.Config` that hold no secret.
const CONFIG_FIELDS: &[&str] = &[
    "Image",
    "Hostname",
    "Domainname",
    "User",
    "ExposedPorts",
    "WorkingDir",
    "StopSignal",
    "StopTimeout",
    "Tty",
    "OpenStdin",
    "Volumes",
];
/// Template words that compute nothing dangerous (Docker's template functions and Go's
/// control words that keep the dot where it is).
const TEMPLATE_WORDS: &[&str] = &[
    "json", "upper", "lower", "title", "split", "join", "pad", "truncate", "println", "range",
    "end", "if", "else", "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not", "len",
];

/// Whether a Go template for `docker inspect` provably prints no environment or command line:
/// every action is made of allowed words, strings, numbers and field chains (`.State.Status`)
/// that avoid [`SECRET_FIELDS`]; the whole document (`.`, `json .`) only inside `range`; no
/// variables (`$`), no `index`, `with`, `printf`, `template` or parentheses.
pub fn safe_template(template: &str) -> bool {
    let mut rest = template;
    // The blocks open around the text: `true` for a range whose body is being read (where
    // the dot is an element), `false` for an `if` or a range's `else` branch (where the dot is
    // what it was outside: `{{range .Mounts}}{{else}}{{json .}}{{end}}` prints the document).
    let mut blocks: Vec<bool> = Vec::new();
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            return false;
        };
        let action = after[..close]
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim();
        rest = &after[close + 2..];
        if action.starts_with("/*") && action.ends_with("*/") {
            continue;
        }
        // The dot stands for an element only inside a range opened by an earlier action:
        // `{{range .}}` ranges over the whole document (docker falls back to the raw JSON map
        // when a template fails on the typed one, and its values include `Config` with `Env`).
        let in_range = blocks.iter().any(|ranging| *ranging);
        let mut previous = "";
        for word in action.split_whitespace() {
            let this = previous;
            previous = word;
            if word == "|" || word.parse::<f64>().is_ok() {
                continue;
            }
            if word.starts_with('"') && word.ends_with('"') && word.len() >= 2 {
                continue;
            }
            match word {
                "range" => {
                    blocks.push(true);
                    continue;
                }
                // `{{else if X}}` continues the block it is in.
                "if" if this != "else" => {
                    blocks.push(false);
                    continue;
                }
                "else" => {
                    if let Some(top) = blocks.last_mut() {
                        *top = false;
                    }
                    continue;
                }
                "end" => {
                    blocks.pop();
                    continue;
                }
                _ => {}
            }
            if TEMPLATE_WORDS.contains(&word) {
                continue;
            }
            if word == "." {
                if !in_range {
                    return false;
                }
                continue;
            }
            let Some(chain) = word.strip_prefix('.') else {
                return false;
            };
            let fields: Vec<&str> = chain.split('.').collect();
            if fields.iter().any(|f| {
                f.is_empty()
                    || !f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    || SECRET_FIELDS.contains(f)
            }) {
                return false;
            }
            if fields.first() == Some(&"Config")
                && !fields.get(1).is_some_and(|f| CONFIG_FIELDS.contains(f))
            {
                return false;
            }
            // Printed whole, the host configuration holds the logging driver's options and an
            // event's actor its attributes (the container's labels).
            if fields
                .last()
                .is_some_and(|f| matches!(*f, "HostConfig" | "Actor"))
            {
                return false;
            }
        }
    }
    !rest.contains("}}")
}

/// How a docker command is judged.
enum Kind {
    Reads(&'static [Opt]),
    /// `inspect`: low only with a safe format.
    Inspect,
    /// Inspect of objects without secrets (contexts: endpoints and the names of their TLS
    /// files).
    InspectAny,
    Compose,
    Changes(&'static str),
}

fn kind(object: Option<&str>, action: &str) -> Kind {
    match (object, action) {
        (None | Some("container"), "ps" | "ls" | "list") => Kind::Reads(PS),
        (None, "images") | (Some("image"), "ls" | "list") => Kind::Reads(IMAGES),
        (None | Some("container"), "logs") | (Some("service"), "logs") => Kind::Reads(LOGS),
        (
            None
            | Some(
                "container" | "image" | "service" | "plugin" | "config" | "secret" | "network"
                | "volume" | "node",
            ),
            "inspect",
        ) => Kind::Inspect,
        (Some("context"), "inspect") => Kind::InspectAny,
        (None | Some("container"), "stats") => Kind::Reads(STATS),
        (None | Some("system"), "info") | (None, "version") => Kind::Reads(FORMAT),
        (None | Some("container"), "top" | "port" | "diff") => Kind::Reads(FORMAT),
        (None | Some("system"), "events") => Kind::Reads(EVENTS),
        (None, "history") | (Some("image"), "history") => Kind::Reads(HISTORY),
        (Some("system"), "df") => Kind::Reads(LIST),
        (
            Some(
                "volume" | "network" | "context" | "secret" | "config" | "node" | "service"
                | "stack" | "plugin" | "builder" | "buildx",
            ),
            "ls" | "list" | "ps" | "show" | "services",
        ) => Kind::Reads(LIST),
        (None, "compose") => Kind::Compose,
        (_, "exec" | "attach" | "cp" | "export" | "save" | "commit" | "debug") => {
            Kind::Changes("reaches into a container or copies its files")
        }
        (_, "run" | "create" | "start" | "restart" | "stop" | "kill" | "pause" | "unpause") => {
            Kind::Changes("starts or stops containers")
        }
        (_, "rm" | "rmi" | "prune" | "remove" | "delete") => Kind::Changes("deletes"),
        (_, "login" | "logout") => Kind::Changes("changes registry credentials"),
        _ => Kind::Changes("is not known to be read-only"),
    }
}

const OBJECTS: &[&str] = &[
    "container",
    "image",
    "volume",
    "network",
    "system",
    "context",
    "secret",
    "config",
    "node",
    "service",
    "stack",
    "plugin",
    "builder",
    "buildx",
    "manifest",
    "swarm",
    "trust",
];

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    let global = parse(args, &Spec::posix(GLOBAL));
    let mut j = Judgement::low("reads containers");
    apply(ctx, name, &global, Operands::Inert, &mut j);
    let Some((first, rest)) = global.operands.split_first() else {
        return Some(j);
    };
    let (object, action, rest) = if OBJECTS.contains(first) {
        match rest.split_first() {
            Some((action, rest)) => (Some(*first), *action, rest),
            None => return Some(j.with(RiskLevel::Medium, format!("{name} {first} alone"))),
        }
    } else {
        (None, *first, rest)
    };
    let shown = match object {
        Some(object) => format!("{name} {object} {action}"),
        None => format!("{name} {action}"),
    };
    match kind(object, action) {
        Kind::Reads(opts) => {
            let parsed = parse(rest, &Spec::gnu(opts));
            apply(ctx, &shown, &parsed, Operands::Inert, &mut j);
            // Containers, volumes, networks, nodes and services, events' actors, the daemon
            // (`info`) and podman's images (`{{.Labels}}`) carry labels; statistics, history
            // and versions do not.
            if [PS, LIST, EVENTS, IMAGES].contains(&opts) || action == "info" {
                listing_format(&parsed, &shown, &mut j);
            }
            // An event's default line ends with its actor's attributes: a container's labels.
            if action == "events" && parsed.values("format").next().is_none() {
                j.raise(
                    RiskLevel::High,
                    format!("{shown} prints each event's attributes, the containers' labels (credentials are kept there) included; --format with the fields needed does not"),
                );
            }
            // `--details` prints what the logging options attach to each line: the labels and
            // environment variables they name.
            if action == "logs" && parsed.has("details") {
                j.raise(
                    RiskLevel::High,
                    format!("{shown} --details prints the labels and environment variables the logging options attach"),
                );
            }
            command_lines(
                ctx,
                &shown,
                opts == PS && parsed.has("no-trunc"),
                action,
                &mut j,
            );
            // `stats` streams until stopped unless `--no-stream`; `events` waits for the next
            // event unless `--until` ends the stream (`ending.rs`).
            if action == "stats" {
                super::ending::require(ctx, &mut j, parsed.has("no-stream"), || {
                    format!("{shown} without --no-stream streams until it is stopped")
                });
            }
            if action == "events" {
                super::ending::require(ctx, &mut j, parsed.has("until"), || {
                    format!("{shown} without --until waits for events until it is stopped")
                });
            }
            // `docker top C [ps OPTIONS]` runs ps in the container's namespace: its BSD `e`
            // prints the processes' environments.
            // Without options it runs `ps -ef`, which prints command lines.
            if action == "top"
                && let Some((_, options)) = rest.split_first()
            {
                let mut options: Vec<String> = options.iter().map(|o| (*o).to_owned()).collect();
                if options.is_empty() {
                    options.push("-ef".to_owned());
                }
                let ps = super::system::ps(ctx, &options);
                j.raise(ps.level, format!("{shown}: {}", ps.reason));
            }
        }
        Kind::InspectAny => {
            let parsed = parse(rest, &Spec::gnu(INSPECT));
            apply(ctx, &shown, &parsed, Operands::Inert, &mut j);
        }
        Kind::Inspect => {
            let parsed = parse(rest, &Spec::gnu(INSPECT));
            apply(ctx, &shown, &parsed, Operands::Inert, &mut j);
            inspect(&parsed, &shown, &mut j);
        }
        Kind::Compose => compose(ctx, name, rest, &mut j),
        Kind::Changes(why) => j.raise(RiskLevel::High, format!("{shown} {why}")),
    }
    Some(j)
}

/// Containers' full command lines: a container listing shows each one's command cut short
/// unless `--no-trunc`, and the event stream names every command run in a container
/// (`exec_start: sh -c mysql -pPASS`). Listing them is low where Warden contains the reader and
/// redacts the answer, high on `ssh_exec` (`cmdlines.rs`).
fn command_lines(ctx: &Ctx, shown: &str, whole: bool, action: &str, j: &mut Judgement) {
    if whole {
        super::cmdlines::raise(ctx, j, &format!("{shown} --no-trunc"));
    }
    if action == "events" {
        super::cmdlines::raise(
            ctx,
            j,
            &format!("{shown} (exec events name the command run)"),
        );
    }
}

/// A listing's rows (`ps`, `volume ls`, `network ls`, `events`) carry each object's labels: a
/// `--format` that prints them (`{{.Labels}}`, `{{.Label "k"}}`, the whole row with `{{json .}}`
/// or `--format json`) prints whatever credentials they hold. `table` and templates that
/// stay away from them are low.
fn listing_format(parsed: &Parsed, shown: &str, j: &mut Judgement) {
    for format in parsed.values("format") {
        let format = format.trim_start_matches('=');
        let plain = format == "table" || (format != "json" && safe_template(format));
        if !plain {
            j.raise(
                RiskLevel::High,
                format!("{shown} --format {format} may print labels (credentials are kept there)"),
            );
        }
    }
}

fn inspect(parsed: &Parsed, shown: &str, j: &mut Judgement) {
    match parsed.values("format").last() {
        Some(template) if safe_template(template) => {}
        Some(_) => j.raise(
            RiskLevel::High,
            format!("{shown} with a format that may print the environment, labels or other secrets"),
        ),
        None => j.raise(
            RiskLevel::High,
            format!("{shown} prints the whole document (environment, labels, driver options: secrets included); use --format with the fields needed"),
        ),
    }
}

fn compose(ctx: &Ctx, name: &str, args: &[&str], j: &mut Judgement) {
    let global = parse(args, &Spec::posix(COMPOSE));
    apply(ctx, &format!("{name} compose"), &global, Operands::Inert, j);
    let Some((action, rest)) = global.operands.split_first() else {
        j.raise(RiskLevel::Medium, format!("{name} compose alone"));
        return;
    };
    let parsed = parse(rest, &Spec::gnu(COMPOSE_READ));
    let shown = format!("{name} compose {action}");
    match *action {
        "ps" | "logs" | "top" | "images" | "ls" | "version" | "port" | "events" => {
            apply(ctx, &shown, &parsed, Operands::Inert, j);
            // Compose before 2.21 printed JSON (`--format json`, `{{json .}}`) from its own
            // summaries, each command whole, whatever `--no-trunc` said; `top` asks the daemon
            // for each container's `ps -ef`, whose CMD column is every command line whole.
            let whole_json = parsed
                .values("format")
                .any(|f| f.to_ascii_lowercase().contains("json"));
            // Containers' and events' rows carry labels; an event's default line prints them.
            if matches!(*action, "ps" | "events") {
                listing_format(&parsed, &shown, j);
            }
            if *action == "events" && parsed.values("format").next().is_none() {
                j.raise(
                    RiskLevel::High,
                    format!("{shown} prints each event's attributes, the containers' labels (credentials are kept there) included"),
                );
            }
            command_lines(
                ctx,
                &shown,
                (*action == "ps" && (parsed.has("no-trunc") || whole_json)) || *action == "top",
                action,
                j,
            );
        }
        "config" => {
            apply(ctx, &shown, &parsed, Operands::Inert, j);
            let names_only = [
                "services", "volumes", "profiles", "images", "networks", "hash", "quiet",
            ]
            .iter()
            .any(|o| parsed.has(o));
            if !names_only {
                j.raise(
                    RiskLevel::High,
                    format!("{shown} prints the project with its variables interpolated (secrets)"),
                );
            }
        }
        _ => j.raise(
            RiskLevel::High,
            format!("{shown} changes the project's containers"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_template;

    #[test]
    fn templates_that_stay_away_from_the_environment() {
        for safe in [
            "{{.State.Status}}",
            "{{.State.Health.Status}}",
            "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
            "{{json .State}}",
            "{{.Name}} {{.Config.Image}} {{.RestartCount}}",
            "{{- .HostConfig.RestartPolicy.Name -}}",
            "{{range .Mounts}}{{.Source}} -> {{.Destination}}{{println}}{{end}}",
            "table {{.Names}}\t{{.Status}}",
            "{{if .State.Running}}up{{else}}down{{end}}",
            "{{range .Mounts}}{{if .RW}}{{.Source}}{{else if .Name}}{{.Name}}{{end}}{{end}}",
            "{{range .Mounts}}{{.Source}}{{else}}none{{end}}",
            "{{.HostConfig.RestartPolicy.Name}}",
            "{{.Config.Image}}",
            "{{.Actor.ID}} {{.Action}}",
        ] {
            assert!(safe_template(safe), "{safe}");
        }
        for unsafe_ in [
            "{{json .Config.Env}}",
            "{{.Config.Env}}",
            "{{json .Config}}",
            "{{json .}}",
            "{{.}}",
            "{{range .Config.Env}}{{.}}{{end}}",
            "{{index .Config \"Env\"}}",
            "{{with .Config}}{{.Env}}{{end}}",
            "{{$c := .Config}}{{$c.Env}}",
            "{{range .Mounts}}{{$.Config.Env}}{{end}}",
            "{{printf \"%v\" .}}",
            "{{(.Config).Env}}",
            "{{.Args}}",
            "{{.Spec.TaskTemplate.ContainerSpec.Env}}",
            "{{.State.Status",
            "{{range .}}{{.}}{{end}}",
            "{{range .}}{{range .}}{{.}}{{end}}{{end}}",
            "{{range .Mounts}}{{else}}{{json .}}{{end}}",
            "{{range .Mounts}}{{end}}{{.}}",
            "{{if .State.Running}}{{range .Mounts}}{{end}}{{json .}}{{end}}",
            "{{json .Config.Labels}}",
            "{{.Config.Labels}}",
            "{{index .Config.Labels \"traefik.http.middlewares.auth.basicauth.users\"}}",
            "{{.Label \"com.example.password\"}}",
            "{{.Labels}}",
            "{{json .Config.Healthcheck}}",
            "{{json .ContainerConfig}}",
            "{{json .HostConfig}}",
            "{{json .HostConfig.LogConfig}}",
            "{{.Options}}",
            "{{range .NetworkSettings.Networks}}{{.DriverOpts}}{{end}}",
            "{{json .Actor}}",
            "{{json .Actor.Attributes}}",
        ] {
            assert!(!safe_template(unsafe_), "{unsafe_}");
        }
    }
}
