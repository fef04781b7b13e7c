//! docker (and podman, nerdctl): global options, then the command (`ps`, or `container ls`),
//! with its own options. Listing, logs, statistics and events are low. `inspect` prints a
//! container's environment, where its secrets live: it is low only with a `--format` template
//! that provably stays away from it (see [`safe_template`]); `history` prints each layer's build
//! command (`ENV` and build-argument values) unless its format leaves it out. `compose config` prints the
//! interpolated project, secrets included. Every other command changes containers, images or the
//! daemon, or reaches into a container, and is high.

use super::{Ctx, Judgement, Operands, apply};
use crate::level::RiskLevel;
use crate::options::{
    Opt, Parsed, Spec, Takes, endless, flag, optional, parse, reads, unproven, value, writes,
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
// `--no-trunc` prints the build commands whole; the format decides whether any is printed
// (`history_format`).
const HISTORY: &[Opt] = &[
    flag("H|human"),
    flag("no-trunc"),
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
    // `config -o FILE` saves the model to FILE.
    writes("o|output"),
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

/// What an inspected document's template may print, a positive model: each entry is a part
/// of the document (`*` any key of a map or element of a list) that holds no secret at any
/// depth, so it may be printed whole (`{{json .State}}`). A template may walk through the
/// parts above them (`.NetworkSettings.Networks`, `.HostConfig`) but prints none of those
/// whole: `.NetworkSettings` holds each endpoint's driver options, `.HostConfig` the logging
/// driver's options (`splunk-token`) and mounts' driver options (a CIFS password), `.Config`
/// the environment, labels, command and health check. Containers, images, volumes, networks,
/// nodes and services share the table (their fields do not collide).
const INSPECT_FIELDS: &[&str] = &[
    "Id",
    "ID",
    "Created",
    "CreatedAt",
    "UpdatedAt",
    "Version",
    "Name",
    // Not `.Path`: the entrypoint's executable, but a command written as one string
    // (`["sh -c 'app -P SECRET …'"]`) is its executable whole, as `.State.Error` quotes it.
    "RestartCount",
    "Driver",
    "Platform",
    "MountLabel",
    "ProcessLabel",
    "AppArmorProfile",
    "ExecIDs",
    "SizeRw",
    "SizeRootFs",
    "Image",
    "ResolvConfPath",
    "HostnamePath",
    "HostsPath",
    "LogPath",
    // Not `.State` whole: its `Health.Log` keeps each health check's output, whatever the
    // operator's command printed (`curl -v -u user:pass …` prints its Authorization header),
    // so no part of it is known to hold no secret; the check's command is `.Config.Healthcheck`.
    "State.Status",
    "State.Running",
    "State.Paused",
    "State.Restarting",
    "State.OOMKilled",
    "State.Dead",
    "State.Pid",
    "State.ExitCode",
    // Not `.State.Error`: a start that failed quotes the command it could not run (`.Path`).
    "State.StartedAt",
    "State.FinishedAt",
    "State.Health.Status",
    "State.Health.FailingStreak",
    "State.Health.Log.*.Start",
    "State.Health.Log.*.End",
    "State.Health.Log.*.ExitCode",
    "Mounts",
    "GraphDriver.Name",
    "Config.Image",
    "Config.Hostname",
    "Config.Domainname",
    "Config.User",
    "Config.ExposedPorts",
    "Config.WorkingDir",
    "Config.StopSignal",
    "Config.StopTimeout",
    "Config.Tty",
    "Config.OpenStdin",
    "Config.StdinOnce",
    "Config.AttachStdin",
    "Config.AttachStdout",
    "Config.AttachStderr",
    "Config.Volumes",
    "NetworkSettings.Bridge",
    "NetworkSettings.SandboxID",
    "NetworkSettings.SandboxKey",
    "NetworkSettings.Ports",
    "NetworkSettings.HairpinMode",
    "NetworkSettings.LinkLocalIPv6Address",
    "NetworkSettings.LinkLocalIPv6PrefixLen",
    "NetworkSettings.IPAddress",
    "NetworkSettings.IPPrefixLen",
    "NetworkSettings.Gateway",
    "NetworkSettings.MacAddress",
    "NetworkSettings.GlobalIPv6Address",
    "NetworkSettings.GlobalIPv6PrefixLen",
    "NetworkSettings.IPv6Gateway",
    "NetworkSettings.EndpointID",
    "NetworkSettings.SecondaryIPAddresses",
    "NetworkSettings.SecondaryIPv6Addresses",
    "NetworkSettings.Networks.*.IPAddress",
    "NetworkSettings.Networks.*.IPPrefixLen",
    "NetworkSettings.Networks.*.Gateway",
    "NetworkSettings.Networks.*.MacAddress",
    "NetworkSettings.Networks.*.NetworkID",
    "NetworkSettings.Networks.*.EndpointID",
    "NetworkSettings.Networks.*.Aliases",
    "NetworkSettings.Networks.*.DNSNames",
    "NetworkSettings.Networks.*.Links",
    "NetworkSettings.Networks.*.IPv6Gateway",
    "NetworkSettings.Networks.*.GlobalIPv6Address",
    "NetworkSettings.Networks.*.GlobalIPv6PrefixLen",
    "NetworkSettings.Networks.*.IPAMConfig",
    "HostConfig.RestartPolicy",
    "HostConfig.NetworkMode",
    "HostConfig.PortBindings",
    "HostConfig.PublishAllPorts",
    "HostConfig.Binds",
    "HostConfig.Privileged",
    "HostConfig.ReadonlyRootfs",
    "HostConfig.CapAdd",
    "HostConfig.CapDrop",
    "HostConfig.SecurityOpt",
    "HostConfig.AutoRemove",
    "HostConfig.Runtime",
    "HostConfig.Init",
    "HostConfig.Isolation",
    "HostConfig.Memory",
    "HostConfig.MemoryReservation",
    "HostConfig.MemorySwap",
    "HostConfig.NanoCpus",
    "HostConfig.CpuShares",
    "HostConfig.CpuQuota",
    "HostConfig.CpuPeriod",
    "HostConfig.CpusetCpus",
    "HostConfig.PidsLimit",
    "HostConfig.OomKillDisable",
    "HostConfig.ShmSize",
    "HostConfig.Ulimits",
    "HostConfig.PidMode",
    "HostConfig.IpcMode",
    "HostConfig.UTSMode",
    "HostConfig.UsernsMode",
    "HostConfig.CgroupnsMode",
    "HostConfig.Dns",
    "HostConfig.DnsSearch",
    "HostConfig.DnsOptions",
    "HostConfig.ExtraHosts",
    "HostConfig.Links",
    "HostConfig.GroupAdd",
    "HostConfig.Devices",
    "HostConfig.VolumeDriver",
    "HostConfig.VolumesFrom",
    "HostConfig.LogConfig.Type",
    "HostConfig.Mounts.*.Type",
    "HostConfig.Mounts.*.Source",
    "HostConfig.Mounts.*.Target",
    "HostConfig.Mounts.*.ReadOnly",
    // Images.
    "RepoTags",
    "RepoDigests",
    "Parent",
    "DockerVersion",
    "Author",
    "Comment",
    "Architecture",
    "Variant",
    "Os",
    "OsVersion",
    "Size",
    "VirtualSize",
    "RootFS",
    "Metadata",
    // Volumes and networks.
    "Mountpoint",
    "Scope",
    "EnableIPv4",
    "EnableIPv6",
    "Internal",
    "Attachable",
    "Ingress",
    "ConfigOnly",
    "ConfigFrom",
    "IPAM.Driver",
    "IPAM.Config",
    "Containers",
    // Nodes and services.
    "Status.State",
    "Status.Addr",
    "Status.Message",
    "ManagerStatus",
    "Description.Hostname",
    "Description.Platform",
    "Description.Resources",
    "Description.Engine.EngineVersion",
    "Endpoint.Ports",
    "Endpoint.VirtualIPs",
    "UpdateStatus",
    "ServiceStatus",
];

/// What a listing's row may print (`docker ps`, `images`, `volume ls`, `events`, `info`,
/// `compose ps`...): the columns that hold no label, attribute or option.
const ROW_FIELDS: &[&str] = &[
    "ID",
    "Image",
    "Command",
    "CreatedAt",
    "CreatedSince",
    "RunningFor",
    "Ports",
    "State",
    "Status",
    "Health",
    "ExitCode",
    "Size",
    "Names",
    "Name",
    "Mounts",
    "Networks",
    "LocalVolumes",
    "Repository",
    "Tag",
    "Digest",
    "Containers",
    "SharedSize",
    "UniqueSize",
    "VirtualSize",
    "Driver",
    "Scope",
    "Mountpoint",
    "Availability",
    "Hostname",
    "ManagerStatus",
    "EngineVersion",
    "Self",
    "TLSStatus",
    "Mode",
    "Replicas",
    "Internal",
    "IPv6",
    "Type",
    "Action",
    "Actor.ID",
    "Time",
    "TimeNano",
    "From",
    "Platform",
    "Service",
    "Project",
    "Publishers",
    "Description",
    "Enabled",
    "PluginReference",
    "UpdatedAt",
    "DockerEndpoint",
    "Current",
    "Error",
    "Group",
    "Links",
    "IPv4",
    // `docker info`.
    "ServerVersion",
    "ContainersRunning",
    "ContainersPaused",
    "ContainersStopped",
    "Images",
    "NCPU",
    "MemTotal",
    "OperatingSystem",
    "OSType",
    "OSVersion",
    "KernelVersion",
    "Architecture",
    "DockerRootDir",
    "Swarm.LocalNodeState",
    "Swarm.NodeID",
    "Swarm.NodeAddr",
    "Swarm.ControlAvailable",
    "CgroupDriver",
    "CgroupVersion",
    "LoggingDriver",
    "DefaultRuntime",
    "SecurityOptions",
    "LiveRestoreEnabled",
    "Warnings",
];

/// What `history` may print of each layer: not `CreatedBy` (the layer's `ENV`, `ARG` and `RUN`
/// line, build arguments' values in it, `RUN |1 TOKEN=…`: its default column shows the first 45
/// characters, `--no-trunc` all), nor `Comment` (free text given when the layer was committed).
const HISTORY_FIELDS: &[&str] = &["ID", "CreatedAt", "CreatedSince", "Size", "Tags"];

/// Template words that compute nothing dangerous (Docker's template functions and Go's
/// control words that keep the dot where it is).
const TEMPLATE_WORDS: &[&str] = &[
    "json", "upper", "lower", "title", "split", "join", "pad", "truncate", "println", "range",
    "end", "if", "else", "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not", "len",
];

/// What a template's dot stands for: a part of the document (from its root; `*` any key or
/// element), or a value inside a part known safe whole.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Dot {
    At(Vec<String>),
    Safe,
}

/// Whether `path` lies inside a part `fields` lists as safe whole. A `*` in the path (any
/// element a `range` visits) matches only a `*` of the table.
fn printable(fields: &[&str], path: &[String]) -> bool {
    fields.iter().any(|entry| {
        let entry: Vec<&str> = entry.split('.').collect();
        entry.len() <= path.len()
            && entry
                .iter()
                .zip(path)
                .all(|(want, have)| *want == "*" || want == have)
    })
}

/// Whether `path` is safe whole or leads to a part that is (a template may walk it).
fn walkable(fields: &[&str], path: &[String]) -> bool {
    printable(fields, path)
        || fields.iter().any(|entry| {
            let entry: Vec<&str> = entry.split('.').collect();
            entry.len() > path.len()
                && entry
                    .iter()
                    .zip(path)
                    .all(|(want, have)| *want == "*" || want == have)
        })
}

/// Whether a Go template for `docker inspect` provably prints no secret (see
/// [`INSPECT_FIELDS`]).
pub fn safe_template(template: &str) -> bool {
    safe_with(template, INSPECT_FIELDS)
}

/// Whether a listing's `--format` template provably prints no label or option (see
/// [`ROW_FIELDS`]).
pub fn safe_row_template(template: &str) -> bool {
    safe_with(template, ROW_FIELDS)
}

/// Every action is made of allowed words, strings, numbers and field chains (`.State.Status`);
/// what a chain prints must lie in a part `fields` holds safe whole, and a `range` may walk
/// through a part that is not, its dot then standing for the elements. No variables (`$`), no
/// `index`, `with`, `printf`, `template` or parentheses.
fn safe_with(template: &str, fields: &[&str]) -> bool {
    let mut rest = template;
    // The dot of each open block: a range's body (its elements), an `if` (the dot outside),
    // a range's `else` (the dot outside: `{{range .Mounts}}{{else}}{{json .}}{{end}}`).
    let mut blocks: Vec<(Dot, Dot)> = Vec::new();
    let root = Dot::At(Vec::new());
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
        let words: Vec<&str> = action.split_whitespace().collect();
        let (opens, words) = match words.as_slice() {
            ["end"] => {
                if blocks.pop().is_none() {
                    return false;
                }
                continue;
            }
            // `{{else}}` and `{{else if X}}`: the rest of the block sees the dot outside it.
            ["else", rest @ ..] if rest.is_empty() || rest.first() == Some(&"if") => {
                match blocks.last_mut() {
                    Some((inner, outer)) => *inner = outer.clone(),
                    None => return false,
                }
                if rest.is_empty() {
                    continue;
                }
                (None, &rest[1..])
            }
            ["range", rest @ ..] => (Some(true), rest),
            ["if", rest @ ..] => (Some(false), rest),
            _ => (None, &words[..]),
        };
        let dot = blocks.last().map_or(&root, |(inner, _)| inner).clone();
        // A range over one chain walks it; its elements are the chain's, element by element.
        if opens == Some(true)
            && let [word] = words
            && let Some(path) = chain_path(&dot, word)
        {
            let inner = match path {
                None => Dot::Safe,
                Some(path) if printable(fields, &path) => Dot::Safe,
                Some(mut path) if walkable(fields, &path) => {
                    path.push("*".to_owned());
                    Dot::At(path)
                }
                Some(_) => return false,
            };
            blocks.push((inner, dot));
            continue;
        }
        for word in words {
            if *word == "|" || word.parse::<f64>().is_ok() || TEMPLATE_WORDS.contains(word) {
                continue;
            }
            if word.starts_with('"') && word.ends_with('"') && word.len() >= 2 {
                continue;
            }
            match chain_path(&dot, word) {
                Some(None) => {}
                Some(Some(path)) if printable(fields, &path) => {}
                _ => return false,
            }
        }
        match opens {
            // A range over what a function made of printable parts: its elements are too.
            Some(true) => blocks.push((Dot::Safe, dot)),
            Some(false) => blocks.push((dot.clone(), dot)),
            None => {}
        }
    }
    blocks.is_empty() && !rest.contains("}}")
}

/// The part of the document a word names from `dot`: `None` for a word that is no field
/// chain (a variable, parentheses, a function), `Some(None)` inside a part safe whole,
/// `Some(Some(path))` otherwise.
fn chain_path(dot: &Dot, word: &str) -> Option<Option<Vec<String>>> {
    let chain = word.strip_prefix('.')?;
    let fields: Vec<&str> = if chain.is_empty() {
        Vec::new()
    } else {
        chain.split('.').collect()
    };
    if fields
        .iter()
        .any(|f| f.is_empty() || !f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    {
        return None;
    }
    match dot {
        Dot::Safe => Some(None),
        Dot::At(base) => Some(Some(
            base.iter()
                .cloned()
                .chain(fields.iter().map(|f| (*f).to_owned()))
                .collect(),
        )),
    }
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
        // podman's pods: names, states, infra and container counts (labels only through a
        // format, which `listing_format` judges).
        (Some("pod"), "ps" | "ls" | "list") => Kind::Reads(LIST),
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
    "pod",
];

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    let global = parse(args, &Spec::posix(GLOBAL));
    let mut j = Judgement::low("reads containers");
    apply(ctx, name, &global, Operands::Inert, &mut j);
    // The user's own configuration and current context (an `ssh://` endpoint, credential
    // helpers) are the host's administrator's choice, as a kubeconfig's is; one the line
    // names is not: `-H ssh://HOST` starts ssh to a host of its choosing, another
    // configuration names other helpers. Where nothing contains the command, high.
    if ctx.paths.uncontained
        && let Some(option) = ["config", "c", "H"].iter().find(|o| global.has(o))
    {
        j.raise(
            RiskLevel::High,
            format!("{name} -{option}: talks to a daemon, or with a configuration, the line chooses (an ssh:// endpoint starts ssh to that host); nothing contains it here"),
        );
    }
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
    // Only podman has pods; `docker pod` would run a CLI plugin of that name.
    if object == Some("pod") && name != "podman" {
        return Some(j.with(
            RiskLevel::High,
            format!("{name} pod is not a command of {name} (a CLI plugin of that name would run)"),
        ));
    }
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
                listing_format(&parsed, &shown, opts == PS, &mut j);
            }
            if opts == HISTORY {
                history_format(&parsed, &shown, &mut j);
            }
            // The daemon's default report lists its labels (as `--format '{{.Labels}}'`
            // does) and the proxies it uses; a template with the fields needed does not.
            if action == "info" && last_format(&parsed).is_none() {
                j.raise(
                    RiskLevel::High,
                    format!("{shown} prints the daemon's labels (credentials are kept there); --format with the fields needed does not"),
                );
            }
            // An event's default line ends with its actor's attributes: a container's labels.
            if action == "events" && last_format(&parsed).is_none() {
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
            // A swarm task's error (`service ps`, `stack ps`, `node ps`) is cut short unless
            // `--no-trunc`; whole, it quotes the command a task could not start, a command
            // written as one string whole, as `.State.Error` does.
            if opts == LIST && action == "ps" && object != Some("pod") && parsed.has("no-trunc") {
                j.raise(
                    RiskLevel::High,
                    format!("{shown} --no-trunc prints each task's error whole, which quotes a command that could not start (its secrets included)"),
                );
            }
            if opts == PS {
                command_column(ctx, &parsed, &shown, parsed.has("quiet"), &mut j);
            }
            if name == "docker" && [PS, IMAGES, LIST, STATS].contains(&opts) {
                user_layout(ctx, &parsed, &shown, object, action, &mut j);
            }
            // `system df -v` lists every container with its COMMAND column, in a layout of its
            // own whatever the template.
            if action == "df" && parsed.has("verbose") {
                super::cmdlines::raise(
                    ctx,
                    &mut j,
                    &format!(
                        "{shown} -v (its containers' COMMAND column, a short password whole even where cut short; `{shown}` without -v leaves it out)"
                    ),
                );
            }
            command_lines(ctx, &shown, false, action, &mut j);
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

/// Containers' full command lines: compose's JSON and `top` print each one's whole (a
/// listing's COMMAND column is [`command_column`]'s), and the event stream names every command
/// run in a container (`exec_start: sh -c mysql -pPASS`). Listing them is low where Warden contains the reader and
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

/// A container listing's COMMAND column is each container's command line: cut to about twenty
/// characters unless `--no-trunc`, and `app -P SECRET` fits in twenty. It is printed by the
/// default table (docker's, podman's, compose's), by `table` and `raw` (docker's names for its
/// default layouts) and by any template naming `.Command`; `-q` alone prints ids (compose's
/// `--services` names). Without `--format` docker lays its table out as the `psFormat` of the
/// user's `config.json` says, a file only containment keeps from it. Low where Warden contains
/// the reader and redacts the answer, as `ps aux` is; high on `ssh_exec` (`cmdlines.rs`),
/// truncated or not.
fn command_column(ctx: &Ctx, parsed: &Parsed, shown: &str, quiet: bool, j: &mut Judgement) {
    let column = match last_format(parsed) {
        None | Some("table" | "raw") => !quiet,
        Some(template) => template.contains("Command"),
    };
    if column {
        super::cmdlines::raise(
            ctx,
            j,
            &format!(
                "{shown} (its COMMAND column, a short password whole even where cut short; `--format 'table {{{{.Names}}}}\\t{{{{.Status}}}}'` leaves it out)"
            ),
        );
    }
}

/// Without `--format` (or with an empty one) docker lays out most listings as the user's
/// `~/.docker/config.json` says (`psFormat`, `imagesFormat`, `volumesFormat`, `networksFormat`,
/// `servicesFormat`, `tasksFormat`, `nodesFormat`, `secretFormat`, `configFormat`,
/// `pluginsFormat`, `statsFormat`): a template of the file's choosing, `{{.Labels}}` or
/// `{{json .}}` included. Containment keeps that file from the reader; where nothing contains
/// the command (`ssh_exec`) the layout is unknown, so such a listing is high there. `-q` (ids
/// only; docker then ignores the file), `--format table` (docker's own table) and an explicit
/// template judged by [`listing_format`] stay low. Listings known to lay out only their own
/// table (docker's CLI reads no template of the file for them: `system df`, `stack ls`,
/// `context ls`/`show`, `builder ls`, `buildx ls`) are exempt: a positive list, so a listing
/// not known to ignore the file is judged as one that reads it (`stack ps` and `stack
/// services` read `tasksFormat` and `servicesFormat`).
fn user_layout(
    ctx: &Ctx,
    parsed: &Parsed,
    shown: &str,
    object: Option<&str>,
    action: &str,
    j: &mut Judgement,
) {
    let own_table_only = matches!(
        (object, action),
        (Some("system"), "df")
            | (Some("stack"), "ls" | "list")
            | (Some("context"), "ls" | "list" | "show")
            | (Some("builder" | "buildx"), _)
    );
    if !ctx.paths.uncontained
        || own_table_only
        || parsed.has("quiet")
        || last_format(parsed).is_some()
    {
        return;
    }
    j.raise(
        RiskLevel::High,
        format!(
            "{shown} without --format lays its rows out as the user's ~/.docker/config.json says, which may print labels (credentials are kept there) or command lines; -q or `--format 'table {{{{.Name}}}}'` with the fields needed do not"
        ),
    );
}

/// The template `--format` gives, the last one winning; none when it is empty, for which docker
/// prints its default output (the whole document for `inspect`, labels for `info` and
/// `events`).
fn last_format<'p>(parsed: &Parsed<'p>) -> Option<&'p str> {
    parsed
        .values("format")
        .last()
        .map(|format| format.trim_start_matches('='))
        .filter(|format| !format.trim().is_empty())
}

/// A listing's rows (`ps`, `volume ls`, `network ls`, `events`) carry each object's labels: a
/// `--format` that prints them (`{{.Labels}}`, `{{.Label "k"}}`, the whole row with `{{json .}}`
/// or `--format json`) prints whatever credentials they hold, and so does docker ps's `raw`
/// layout (`labels:` is one of its lines; `raw_labels`). `table` and templates that stay away
/// from them are low.
fn listing_format(parsed: &Parsed, shown: &str, raw_labels: bool, j: &mut Judgement) {
    for format in parsed.values("format") {
        let format = format.trim_start_matches('=');
        let plain = format == "table"
            || (format != "json" && !(raw_labels && format == "raw") && safe_row_template(format));
        if !plain {
            j.raise(
                RiskLevel::High,
                format!("{shown} --format {format} may print labels (credentials are kept there)"),
            );
        }
    }
}

/// An image's history prints each layer's build command (`ENV DB_PASSWORD=…`, `RUN |1
/// TOKEN=…`) in its default table, as `image inspect` prints the environment: low only with
/// `-q` (layer IDs; docker heeds it with the table format alone) or a template of the fields
/// in [`HISTORY_FIELDS`].
fn history_format(parsed: &Parsed, shown: &str, j: &mut Judgement) {
    let safe = match last_format(parsed) {
        None | Some("table") => parsed.has("quiet"),
        Some(template) => template != "json" && safe_with(template, HISTORY_FIELDS),
    };
    if !safe {
        j.raise(
            RiskLevel::High,
            format!("{shown} prints each layer's build command (ENV and build-argument values: secrets included); -q or --format with {{{{.ID}}}}, {{{{.CreatedSince}}}}, {{{{.Size}}}} does not"),
        );
    }
}

fn inspect(parsed: &Parsed, shown: &str, j: &mut Judgement) {
    match last_format(parsed) {
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
                listing_format(&parsed, &shown, false, j);
            }
            if *action == "ps" {
                let names_only = parsed.has("quiet") || parsed.has("services");
                command_column(ctx, &parsed, &shown, names_only, j);
            }
            if *action == "events" && last_format(&parsed).is_none() {
                j.raise(
                    RiskLevel::High,
                    format!("{shown} prints each event's attributes, the containers' labels (credentials are kept there) included"),
                );
            }
            command_lines(
                ctx,
                &shown,
                (*action == "ps" && whole_json) || *action == "top",
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
    use super::{safe_row_template, safe_template};

    #[test]
    fn templates_that_stay_away_from_the_environment() {
        for safe in [
            "{{.State.Status}}",
            "{{.State.Health.Status}}",
            "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
            "{{.State.Status}} {{.State.ExitCode}} {{.State.StartedAt}}",
            "{{json .State.Health.Status}}",
            "{{range .State.Health.Log}}{{.ExitCode}} {{.End}}{{end}}",
            "{{.Name}} {{.Config.Image}} {{.RestartCount}}",
            "{{- .HostConfig.RestartPolicy.Name -}}",
            "{{range .Mounts}}{{.Source}} -> {{.Destination}}{{println}}{{end}}",
            "{{if .State.Running}}up{{else}}down{{end}}",
            "{{range .Mounts}}{{if .RW}}{{.Source}}{{else if .Name}}{{.Name}}{{end}}{{end}}",
            "{{range .Mounts}}{{.Source}}{{else}}none{{end}}",
            "{{.HostConfig.RestartPolicy.Name}}",
            "{{.Config.Image}}",
            "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{else}}none{{end}}",
            "{{.NetworkSettings.Networks.bridge.IPAddress}}",
            "{{json .NetworkSettings.Ports}}",
            "{{range .IPAM.Config}}{{.Subnet}}{{end}}",
            "{{range .HostConfig.Mounts}}{{.Source}}{{end}}",
            "{{range split .Name \"/\"}}{{.}}{{end}}",
        ] {
            assert!(safe_template(safe), "{safe}");
        }
        for row in [
            "table {{.Names}}\t{{.Status}}",
            "{{.Actor.ID}} {{.Action}}",
            "{{.Repository}}:{{.Tag}}",
        ] {
            assert!(safe_row_template(row), "{row}");
            assert!(
                !safe_row_template(&format!("{row}{{{{.Labels}}}}")),
                "{row}"
            );
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
            // A health check's log keeps what each check printed.
            "{{json .State}}",
            "{{.State}}",
            "{{.State.Health}}",
            "{{json .State.Health.Log}}",
            "{{range .State.Health.Log}}{{.Output}}{{end}}",
            "{{range .State.Health.Log}}{{.}}{{end}}",
            "{{json .ContainerConfig}}",
            "{{json .HostConfig}}",
            "{{json .HostConfig.LogConfig}}",
            "{{.Options}}",
            "{{range .NetworkSettings.Networks}}{{.DriverOpts}}{{end}}",
            "{{json .Actor}}",
            "{{json .Actor.Attributes}}",
            // Whole sections print what lies below them, and only known fields are printed.
            "{{json .NetworkSettings}}",
            "{{range .NetworkSettings.Networks}}{{json .}}{{end}}",
            "{{range .NetworkSettings.Networks}}{{.}}{{end}}",
            "{{json .HostConfig.Mounts}}",
            "{{range .HostConfig}}{{.Config}}{{end}}",
            "{{.NewField}}",
            "{{if .State.Running}}up{{else if .State.Paused}}{{json .}}{{end}}",
            "{{range .Mounts}}",
            "{{end}}",
        ] {
            assert!(!safe_template(unsafe_), "{unsafe_}");
        }
    }
}
