//! The clients of a host's container runtime, hypervisor and overlay network, each with a
//! positive table of its listings; every other subcommand changes what it manages (high).
//!
//! - `ctr` (containerd): `containers|c ls`, `images|i ls`, `tasks|t ls`, `namespaces|ns ls`,
//!   `plugins ls` and `version` list names, images, states and digests; `-n NAMESPACE` chooses
//!   among them. `--address` talks to a containerd the line names (medium); `--debug` is not in
//!   the table; `info` prints a container's spec with its environment, and `run`, `rm`, `pull`,
//!   `import`, `snapshots`, `content` change or fetch things (high). Go's flag package reads
//!   `-namespace` as `--namespace`.
//! - `k3s kubectl|crictl|ctr ARGS` are those programs built into k3s: judged as they are, on
//!   both paths (`programs/mod.rs`); any other k3s word stays unknown.
//! - `virsh [-c LOCAL_URI] [-r] COMMAND` with one listing command: `list`, `dominfo`,
//!   `domstate`, `domid`, `domname`, `domuuid`, `domblklist`, `domiflist`, `net-list`,
//!   `pool-list`, `vol-list`, `nodeinfo`, `version` and their listing options. Without a
//!   command virsh reads commands from its input (`interactive.rs`); one word holding several
//!   (`'list; destroy vm'`) is no listing. `-c` must name the local hypervisor
//!   (`qemu:///system`); another URI reaches a remote one, through ssh for `+ssh` (medium).
//!   Where nothing contains it, virsh without such a `-c` takes its URI from the home's
//!   libvirt.conf (`uri_default`, aliases), which may name a remote host (medium).
//!   `dumpxml` prints graphics passwords; every other command changes domains (high).
//! - Proxmox's `qm list [--full]`, `qm status VMID [--verbose]`, `pct list`, `pct status VMID
//!   [--verbose]` list guests and their states. `qm config`/`pending` print the guest's
//!   configuration with its cloud-init password hash (`cipassword`): high; `pct config` the
//!   container's, with its description and mount points: medium. Every other subcommand starts,
//!   stops, changes or enters guests (high).
//! - `tailscale status [--active] [--json] [--peers] [--self]`, `ip [-4|-6|-1] [PEER]` (an
//!   ordinary host name: one not in the tailnet's map is looked up through DNS),
//!   `netcheck [--format F] [--verbose]` and `version [--daemon] [--json]` read the node's
//!   state; `--socket` talks to another daemon (medium); `up`, `set`, `down`, `login`,
//!   `logout`, `file`, `serve`, `funnel`, `ssh`, `cert`, `debug`, `nc`, `web` and every other
//!   subcommand change the node, send files, open a shell or serve (high), as do options out
//!   of the tables (`status --web`, `netcheck --every`).

use super::{Ctx, Judgement, Operands, apply};
use crate::level::RiskLevel;
use crate::options::{Opt, Spec, Takes, flag, parse, unproven, value, writes};

const CTR_GLOBAL: &[Opt] = &[
    unproven(
        "a|address",
        Takes::Value,
        "talks to a containerd the line names",
    ),
    value("n|namespace"),
    value("timeout"),
    value("connect-timeout"),
    flag("h|help"),
    flag("v|version"),
];
const CTR_LIST: &[Opt] = &[flag("q|quiet"), flag("h|help")];
const CTR_PLUGINS: &[Opt] = &[flag("q|quiet"), flag("d|detailed"), flag("h|help")];

fn ctr(ctx: &Ctx, args: &[String]) -> Judgement {
    let args = super::diagnostics::go_long_names(args, CTR_GLOBAL);
    let global = parse(&args, &Spec::posix(CTR_GLOBAL));
    let mut j = Judgement::low("lists containerd's containers");
    apply(ctx, "ctr", &global, Operands::Inert, &mut j);
    // How long it waits for containerd: a hung daemon and a long timeout never end.
    for option in ["timeout", "connect-timeout"] {
        for timeout in global.values(option) {
            let within =
                super::ending::seconds(timeout).is_some_and(|s| s <= super::ending::LONGEST_RUN_S);
            super::ending::require(ctx, &mut j, within, || {
                format!("ctr --{option} {timeout} waits for containerd longer than a run")
            });
        }
    }
    let Some((group, rest)) = global.operands.split_first() else {
        return j;
    };
    let listing = match (*group, rest.first().copied()) {
        ("version", None) => return j,
        (
            "containers" | "container" | "c" | "images" | "image" | "i" | "tasks" | "task" | "t"
            | "namespaces" | "namespace" | "ns",
            Some("ls" | "list"),
        ) => CTR_LIST,
        ("plugins" | "plugin", Some("ls" | "list")) => CTR_PLUGINS,
        _ => {
            j.raise(
                RiskLevel::High,
                format!(
                    "ctr {} is not a listing known to change nothing (info prints a container's environment; run, rm, pull, import change things)",
                    global.operands.join(" ")
                ),
            );
            return j;
        }
    };
    let shown = format!("ctr {group} ls");
    let rest = super::diagnostics::go_long_names(&rest[1..], listing);
    let parsed = parse(&rest, &Spec::gnu(listing));
    // The operands are filters (`labels.app==web`).
    apply(ctx, &shown, &parsed, Operands::Inert, &mut j);
    j
}

/// The words after `k3s` when they name a program built into it, judged as that program.
pub fn k3s_builtin(args: &[String]) -> Option<(&'static str, &[String])> {
    let (first, rest) = args.split_first()?;
    let name = match first.as_str() {
        "kubectl" => "kubectl",
        "crictl" => "crictl",
        "ctr" => "ctr",
        _ => return None,
    };
    Some((name, rest))
}

const VIRSH_GLOBAL: &[Opt] = &[
    value("c|connect"),
    flag("r|readonly"),
    flag("q|quiet"),
    flag("t|timing"),
    value("k|keepalive-interval"),
    value("K|keepalive-count"),
    writes("l|log"),
    flag("h|help"),
    flag("v|version"),
    flag("V"),
];

/// virsh's listing commands: the options each takes, and how many operands (a domain, a
/// pool) it needs, as an inclusive range; a `--domain`/`--pool` option counts as the operand.
struct VirshCommand {
    name: &'static str,
    opts: &'static [Opt],
    operands: (usize, usize),
}

const VIRSH_DOMAIN: &[Opt] = &[value("domain")];
const VIRSH_COMMANDS: &[VirshCommand] = &[
    VirshCommand {
        name: "list",
        opts: &[
            flag("all"),
            flag("inactive"),
            flag("state-running"),
            flag("state-paused"),
            flag("state-shutoff"),
            flag("state-other"),
            flag("transient"),
            flag("persistent"),
            flag("with-snapshot"),
            flag("without-snapshot"),
            flag("with-checkpoint"),
            flag("without-checkpoint"),
            flag("autostart"),
            flag("no-autostart"),
            flag("with-managed-save"),
            flag("without-managed-save"),
            flag("managed-save"),
            flag("uuid"),
            flag("name"),
            flag("id"),
            flag("table"),
            flag("title"),
        ],
        operands: (0, 0),
    },
    VirshCommand {
        name: "dominfo",
        opts: VIRSH_DOMAIN,
        operands: (1, 1),
    },
    VirshCommand {
        name: "domstate",
        opts: &[value("domain"), flag("reason")],
        operands: (1, 1),
    },
    VirshCommand {
        name: "domid",
        opts: VIRSH_DOMAIN,
        operands: (1, 1),
    },
    VirshCommand {
        name: "domname",
        opts: VIRSH_DOMAIN,
        operands: (1, 1),
    },
    VirshCommand {
        name: "domuuid",
        opts: VIRSH_DOMAIN,
        operands: (1, 1),
    },
    VirshCommand {
        name: "domblklist",
        opts: &[value("domain"), flag("inactive"), flag("details")],
        operands: (1, 1),
    },
    VirshCommand {
        name: "domiflist",
        opts: &[value("domain"), flag("inactive")],
        operands: (1, 1),
    },
    VirshCommand {
        name: "net-list",
        opts: &[
            flag("all"),
            flag("inactive"),
            flag("persistent"),
            flag("transient"),
            flag("autostart"),
            flag("no-autostart"),
            flag("uuid"),
            flag("name"),
            flag("table"),
        ],
        operands: (0, 0),
    },
    VirshCommand {
        name: "pool-list",
        opts: &[
            flag("all"),
            flag("inactive"),
            flag("persistent"),
            flag("transient"),
            flag("autostart"),
            flag("no-autostart"),
            value("type"),
            flag("details"),
            flag("uuid"),
            flag("name"),
        ],
        operands: (0, 0),
    },
    VirshCommand {
        name: "vol-list",
        opts: &[value("pool"), flag("details")],
        operands: (1, 1),
    },
    VirshCommand {
        name: "nodeinfo",
        opts: &[],
        operands: (0, 0),
    },
    VirshCommand {
        name: "version",
        opts: &[flag("daemon")],
        operands: (0, 0),
    },
];

/// Whether `uri` is the local hypervisor's system instance (no host, no transport, no
/// parameters). A `session` URI starts a per-user daemon (virtqemud, libvirtd) that outlives
/// the command and reads the home's configuration.
fn local_libvirt_uri(uri: &str) -> bool {
    let Some((driver, path)) = uri.split_once(":///") else {
        return false;
    };
    matches!(
        driver,
        "qemu" | "lxc" | "xen" | "libxl" | "bhyve" | "ch" | "vbox"
    ) && path == "system"
}

/// Whether virsh's words hold a command, or ask for its usage or version: without either it
/// reads commands from its input.
pub fn virsh_has_command(args: &[String]) -> bool {
    let global = parse(args, &Spec::posix(VIRSH_GLOBAL));
    !global.operands.is_empty() || global.has("help") || global.has("version") || global.has("V")
}

fn virsh(ctx: &Ctx, args: &[String]) -> Judgement {
    let global = parse(args, &Spec::posix(VIRSH_GLOBAL));
    let mut j = Judgement::low("lists virtual machines");
    apply(ctx, "virsh", &global, Operands::Inert, &mut j);
    let uris: Vec<&str> = global.values("connect").collect();
    if let Some(uri) = uris.iter().find(|u| !local_libvirt_uri(u)) {
        j.raise(
            RiskLevel::Medium,
            format!(
                "virsh -c {uri}: not the local hypervisor's URI (a remote one is reached through ssh or TLS, an alias through libvirt.conf)"
            ),
        );
    }
    let informs = global.has("help") || global.has("version") || global.has("V");
    if ctx.paths.uncontained && uris.is_empty() && !informs {
        j.raise(
            RiskLevel::Medium,
            "virsh without -c qemu:///system takes its URI from the home's libvirt.conf on that host (uri_default, aliases), which may name a remote host reached through ssh: code the line does not show",
        );
    }
    let Some((name, rest)) = global.operands.split_first() else {
        return j;
    };
    let Some(command) = VIRSH_COMMANDS.iter().find(|c| c.name == *name) else {
        j.raise(
            RiskLevel::High,
            format!(
                "virsh {name} is not a listing known to change nothing (dumpxml prints graphics passwords; start, destroy, undefine, edit change domains)"
            ),
        );
        return j;
    };
    let shown = format!("virsh {name}");
    let spec = Spec::gnu(command.opts);
    let parsed = parse(rest, &spec);
    apply(ctx, &shown, &parsed, Operands::Inert, &mut j);
    let named = usize::from(parsed.has("domain") || parsed.has("pool"));
    let count = parsed.operands.len() + named;
    let (least, most) = command.operands;
    if count < least || count > most {
        j.raise(
            RiskLevel::High,
            format!(
                "{shown} with {count} operands is not its listing form (virsh may read `;` as the end of a command)"
            ),
        );
    }
    // A word holding `;` or a line break ends one virsh command and starts another.
    if let Some(word) = rest.iter().find(|w| w.contains([';', '\n', '\r'])) {
        j.raise(
            RiskLevel::High,
            format!("virsh: {word:?} may hold a second command"),
        );
    }
    j
}

/// A Proxmox guest id: digits only.
fn vmid(word: &str) -> bool {
    !word.is_empty() && word.len() <= 9 && word.chars().all(|c| c.is_ascii_digit())
}

/// Proxmox's `qm` and `pct` (Perl, `PVE::CLIHandler`): an option is `--name` or `-name`, a
/// boolean one optionally followed by `0` or `1` (or `=0`, `=1`).
fn proxmox(name: &str, args: &[String]) -> Judgement {
    let high = |why: String| Judgement::new(RiskLevel::High, why);
    let Some((sub, rest)) = args.split_first() else {
        return high(format!("{name} alone is not a listing form"));
    };
    let (options, guests): (&[&str], usize) = match sub.as_str() {
        "list" => (if name == "qm" { &["full"] } else { &[] }, 0),
        "status" => (&["verbose"], 1),
        "help" | "--help" if rest.is_empty() => return Judgement::low("prints its usage"),
        "config" | "pending" if name == "qm" => {
            return high(format!(
                "qm {sub} prints a guest's configuration with its cloud-init password hash (cipassword)"
            ));
        }
        "config" | "pending" => {
            return Judgement::new(
                RiskLevel::Medium,
                format!(
                    "pct {sub} prints a container's configuration (its description, mount points): not proven free of secrets"
                ),
            );
        }
        other => {
            return high(format!(
                "{name} {other} is not a listing (list, status): it starts, stops, changes or enters guests"
            ));
        }
    };
    let mut operands = Vec::new();
    let mut words = rest.iter().map(String::as_str).peekable();
    while let Some(word) = words.next() {
        let Some(option) = word
            .strip_prefix("--")
            .or_else(|| word.strip_prefix('-'))
            .filter(|o| !o.is_empty())
        else {
            operands.push(word);
            continue;
        };
        let (option, value) = match option.split_once('=') {
            Some((option, value)) => (option, Some(value)),
            None => (option, None),
        };
        if !options.contains(&option) || value.is_some_and(|v| !matches!(v, "0" | "1")) {
            return high(format!(
                "{name} {sub}: {word} is not an option of its listing, and {name} changes guests"
            ));
        }
        if value.is_none() && matches!(words.peek(), Some(&("0" | "1"))) {
            words.next();
        }
    }
    if operands.len() != guests || !operands.iter().all(|o| vmid(o)) {
        return high(format!(
            "{name} {sub} takes {guests} guest id(s), not {:?}: not its listing form",
            operands.join(" ")
        ));
    }
    Judgement::low("lists Proxmox guests")
}

const TAILSCALE_GLOBAL: &[Opt] = &[
    unproven(
        "socket",
        Takes::Value,
        "talks to a tailscaled the line names",
    ),
    flag("h|help"),
];
const TAILSCALE_STATUS: &[Opt] = &[
    flag("active"),
    flag("json"),
    flag("peers"),
    flag("self"),
    flag("h|help"),
];
const TAILSCALE_IP: &[Opt] = &[flag("4"), flag("6"), flag("1"), flag("h|help")];
const TAILSCALE_NETCHECK: &[Opt] = &[value("format"), flag("verbose"), flag("h|help")];
const TAILSCALE_VERSION: &[Opt] = &[flag("daemon"), flag("json"), flag("h|help")];

/// `words` with Go's boolean values dropped from the flags of `table` (`--peers=false` is
/// `--peers` turned off: every flag of these tables only chooses what is printed).
fn go_bool_values(words: &[String], table: &[Opt]) -> Vec<String> {
    words
        .iter()
        .map(|word| {
            let flag = word.strip_prefix("--").and_then(|w| w.split_once('='));
            match flag {
                Some((name, value))
                    if matches!(
                        value,
                        "true"
                            | "false"
                            | "1"
                            | "0"
                            | "t"
                            | "f"
                            | "T"
                            | "F"
                            | "TRUE"
                            | "FALSE"
                            | "True"
                            | "False"
                    ) && table.iter().any(|o| o.is(name) && o.takes == Takes::No) =>
                {
                    format!("--{name}")
                }
                _ => word.clone(),
            }
        })
        .collect()
}

fn tailscale(ctx: &Ctx, args: &[String]) -> Judgement {
    let args = super::diagnostics::go_long_names(args, TAILSCALE_GLOBAL);
    let global = parse(&args, &Spec::posix(TAILSCALE_GLOBAL));
    let mut j = Judgement::low("shows the tailnet");
    apply(ctx, "tailscale", &global, Operands::Inert, &mut j);
    let Some((sub, rest)) = global.operands.split_first() else {
        return j;
    };
    let (table, most): (&'static [Opt], usize) = match *sub {
        "status" => (TAILSCALE_STATUS, 0),
        "ip" => (TAILSCALE_IP, 1),
        "netcheck" => (TAILSCALE_NETCHECK, 0),
        "version" => (TAILSCALE_VERSION, 0),
        other => {
            j.raise(
                RiskLevel::High,
                format!(
                    "tailscale {other} is not a reading form (status, ip, netcheck, version): it changes the node, sends files, opens a shell or serves"
                ),
            );
            return j;
        }
    };
    let shown = format!("tailscale {sub}");
    let rest = go_bool_values(&super::diagnostics::go_long_names(rest, table), table);
    // Go's flag package stops at the first operand.
    let parsed = parse(&rest, &Spec::posix(table));
    for problem in &parsed.problems {
        j.raise(
            RiskLevel::High,
            format!("{shown}: {problem}, and tailscale changes the node"),
        );
    }
    apply(ctx, &shown, &parsed, Operands::Inert, &mut j);
    // A peer not in the tailnet's map is looked up through the system's resolvers.
    super::hostnames::raise(&mut j, "tailscale ip", parsed.operands.iter().copied());
    if parsed.operands.len() > most {
        j.raise(
            RiskLevel::High,
            format!(
                "{shown} {} is not its reading form",
                parsed.operands.join(" ")
            ),
        );
    }
    j
}

/// The verdict for the programs of this file, `None` for any other.
pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        "ctr" => ctr(ctx, args),
        "virsh" => virsh(ctx, args),
        "qm" | "pct" => proxmox(name, args),
        "tailscale" => tailscale(ctx, args),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_local_hypervisor_is_local() {
        for uri in ["qemu:///system", "lxc:///system"] {
            assert!(local_libvirt_uri(uri), "{uri}");
        }
        for uri in [
            "qemu+ssh://host/system",
            "qemu:///session",
            "qemu:///system?socket=/tmp/x",
            "qemu+ext:///system?command=/tmp/x",
            "qemu://host/system",
            "test:///default",
            "system",
            "",
        ] {
            assert!(!local_libvirt_uri(uri), "{uri}");
        }
    }

    #[test]
    fn guest_ids_are_digits() {
        assert!(vmid("100"));
        assert!(!vmid(""));
        assert!(!vmid("10a"));
        assert!(!vmid("1234567890"));
    }
}
